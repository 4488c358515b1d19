"""Provides quote extraction: a text becomes its quotes (direct, indirect, partial) and their speakers.

Pure functions and regexes, no models. The text is read once, paragraph by
paragraph and sentence by sentence, keeping track of who was last named so that
"he", "the minister" or "Warner" can be resolved to the actor an article means.
Every regex works on bounded windows or has no nested unbounded repetition, so
extraction time grows linearly with the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from storage.actors import (
    ORG_ROLE_NOUNS,
    PERSON_ROLE_NOUNS,
    PRONOUNS,
    ROLE_HEADS,
    LocalActor,
    guess_kind,
    is_acronym,
    names_match,
    role_fits,
    split_title,
    tokens_of,
)

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
QUOTE_MARK_RE = re.compile(r"[\"“”„«»‘’']")
PARAGRAPH_RE = re.compile(r"[^\n]+")

CUES = (
    "said says say told tells added adds warned warns claimed claims insisted insists explained explains"
    " argued argues noted notes stated states wrote writes asked asks replied replies admitted admits"
    " acknowledged acknowledges announced announces continued continues urged urges suggested suggests"
    " described describes found finds concluded concludes recommended recommends revealed reveals revealing"
    " confirmed confirms denied denies declared declares reported alleged alleges agreed predicted"
    " predicts promised complained complains commented observed observes conceded concedes stressed"
    " stresses emphasised emphasized emphasises emphasizes maintained maintains believes believed estimated"
    " cautioned cautions vowed vows pledged pledges responded responds remarked recalled recalls testified"
    " labelled labeled called tweeted insist warn claim argue"
).split()
MULTIWORD_CUES = ("according to", "pointed out", "points out", "hit out at", "hits out at", "raised concerns")
CUE_RE = re.compile(
    r"\b(" + "|".join(sorted([re.escape(c) for c in MULTIWORD_CUES] + CUES, key=len, reverse=True)) + r")\b"
)
SPEAKER_ONLY_CUES = frozenset({"described", "describes", "labelled", "labeled", "called", "hit out at", "hits out at"})
"""Cues that name who speaks but take an object, not a clause: they attribute partial quotes only."""

DOCUMENT_NOUNS = frozenset(
    "report review study survey letter statement research inquiry investigation analysis document paper"
    " audit assessment findings data figures evidence poll ruling judgment report's".split()
)

CAP_WORD = r"[A-Z][\w'’\-]*"
NAME_RE = re.compile(
    rf"{CAP_WORD}(?:[ \u00a0](?:(?:of|for|and|the|de|van|von|der|du|la|da|&)[ \u00a0])?{CAP_WORD}){{0,6}}"
)
STOP_CAPS = frozenset(
    "The A An In On At By For But And Or So If As When While After Before Since Although Though However"
    " Meanwhile Last Next This That These Those Such Its His Her Their Our My Your It He She They We I You"
    " There Here Shortly Senior Former Speaking Reacting According Asked Under Over From With Without"
    " Despite During Following Between Among Today Yesterday Tomorrow Now Then Also Still Even Only Just"
    " Both Each Every All Some Many Most More No Not Yes Oh What Who Why How Where Which To Of Mr. Mrs."
    " Earlier Later Instead Indeed Overall Why Once Similar Read More Click See Subscribe Sign Latest".split()
)
NOT_NAMES = frozenset(
    "january february march april may june july august september october november december monday tuesday"
    " wednesday thursday friday saturday sunday".split()
)
ABBREVIATIONS = frozenset("mr mrs ms dr prof st sr jr no vs rev gen lt col sgt capt gov sen rep inc ltd co cllr".split())
SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
MAX_SENTENCE = 3000
"""A sentence longer than this is cut: one without full stops must not make any window grow with the text."""
WINDOW = 240
GAP_RE = (
    r"(?:[ \u00a0]+(?:has|have|had|also|did|does|do|would|will|could|previously|later|then|further|again|once"
    r"|recently|repeatedly|simply|only|today|yesterday|publicly|earlier|however|both|all|has also|had also))*"
)
SUBJECT_END_RE = re.compile(
    rf"(?:(?P<pron>\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b)"
    rf"|(?P<desc>\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){{0,4}}[\w’'-]+)"
    rf"|(?P<name>{NAME_RE.pattern}))"
    rf"{GAP_RE}[ \u00a0]*$"
)
AFTER_SUBJECT_RE = re.compile(
    rf"[ \u00a0]+(?:(?P<pron>he|she|they|it)\b|(?P<desc>(?:the|an?)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){{0,4}}?"
    rf"(?:{'|'.join(sorted(PERSON_ROLE_NOUNS | ORG_ROLE_NOUNS | DOCUMENT_NOUNS))})\b)|(?P<name>{NAME_RE.pattern}))"
)
TAIL_RE = re.compile(
    r"^(?:[ \u00a0]+(?:on|in|at|to|last|this|yesterday|today|earlier|later|during|after|a|an|the|his|her|their"
    r"|its|[A-Z][\w’'-]*|\d[\w-]*|statement|interview|week|month|year|night|morning|evening|told|reporters"
    r"|[a-z]+day))*[ \u00a0]*[.!?]*[\"”’']?[ \u00a0]*$"
)
APPOSITIVE_ROLE_RE = re.compile(
    r",[ \u00a0]+(?P<role>(?:the[ \u00a0]+|a[ \u00a0]+|an[ \u00a0]+)?(?:former[ \u00a0]+)?(?:[a-z][\w’'-]*[ \u00a0]+){0,3}"
    r"(?:" + "|".join(sorted(ROLE_HEADS)) + r")\b[^,.;:()\n]{0,90}?)(?:[ \u00a0]*\([^()\n]{1,12}\))?(?=[,.;]|[ \u00a0]+said)"
)
APPOINTED_ROLE_RE = re.compile(
    r"^[^.;\n]{0,40}?\b(?:who[ \u00a0]+(?:became|is|was|has[ \u00a0]+been)|(?:was|been|is|being)[ \u00a0]+"
    r"(?:appointed|named|made)(?:[ \u00a0]+as)?)[ \u00a0]+(?P<role>(?:[\w’'-]+[ \u00a0]+){0,4}?(?:"
    + "|".join(sorted(ROLE_HEADS))
    + r"))\b"
)
ACRONYM_AFTER_RE = re.compile(r"[ \u00a0]*\((?P<acronym>[A-Z][A-Za-z]{1,9})\)")
ORG_CONTEXT_RE = re.compile(
    r"\b([A-Z][\w’'-]+)[ \u00a0]+(?:report|reports|inspectors?|inspection|chief|spokesman|spokeswoman|spokesperson"
    r"|officials|staff|said[ \u00a0]+it|ratings?|bosses|figures|data)\b"
)
FIRST_PERSON_RE = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|me|I’m|I'm|we’re|we're|I’ve|we’ve)\b")
UNRESOLVED = -1


@dataclass(frozen=True)
class FoundQuote:
    """One quote in a text: ``text == source[start:end]``; ``speaker`` indexes ``Extraction.actors``."""

    start: int
    end: int
    text: str
    kind: str
    cue: str
    speaker: int | None


@dataclass(frozen=True)
class Extraction:
    """What ``extract_quotes`` finds: the quotes and the actors who speak or are given a role."""

    quotes: list[FoundQuote]
    actors: list[LocalActor]


@dataclass
class QuoteSpan:
    """The inside of a pair of quotation marks within one paragraph."""

    start: int
    end: int
    paragraph: int
    mark: int
    closed: bool
    continues: bool = False


@dataclass
class Cue:
    """A speech verb with the actor it belongs to and the reported clause, if it has one."""

    start: int
    end: int
    verb: str
    speaker: int | None
    content: tuple[int, int] | None
    after: bool


def is_opening_context(char: str) -> bool:
    return char.isspace() or char in "([{—–-/:;,\"“‘'"


def scan_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """The quotations of every paragraph, in order, one linear pass over the quotation marks.

    Curly and straight, double and single marks; an apostrophe inside a word is
    not a mark; marks of the other kind inside a quotation are nested and left
    alone. A quotation still open at the end of a paragraph ends there, and if
    the next paragraph opens with the same kind of mark it continues the quote.
    """
    spans: list[QuoteSpan] = []
    previous_open_kind = ""
    for index, (p_start, p_end) in enumerate(paragraphs):
        open_at = -1
        kind = ""
        starts_with_mark = False
        for match in QUOTE_MARK_RE.finditer(text, p_start, p_end):
            k = match.start()
            c = text[k]
            before = text[k - 1] if k > p_start else " "
            after = text[k + 1] if k + 1 < p_end else " "
            opener, closer, mark_kind = False, False, ""
            if c in OPEN_DOUBLE:
                opener, mark_kind = True, "d"
            elif c in CLOSE_DOUBLE:
                closer, mark_kind = True, "d"
            elif c == '"':
                mark_kind = "d"
                opener = open_at < 0 or kind != "d"
                closer = not opener
            elif c == "‘" or (c == "'" and is_opening_context(before) and not after.isspace()):
                opener, mark_kind = True, "s"
            elif c in "’'" and not (before.isalnum() and after.isalnum()) and not before.isspace():
                closer, mark_kind = True, "s"
            if not mark_kind:
                continue
            if open_at >= 0 and kind != mark_kind:
                continue  # a nested quotation of the other kind
            if opener and open_at < 0:
                if k == p_start or not text[p_start:k].strip():
                    starts_with_mark = True
                open_at, kind = k, mark_kind
            elif opener and mark_kind == "s" and c == "'" and open_at >= 0:
                add_span(spans, text, open_at + 1, k, index, open_at, True)
                open_at = -1
            elif opener and open_at >= 0:
                open_at = k  # an unbalanced opener: the quote starts again here
            elif closer and open_at >= 0:
                add_span(spans, text, open_at + 1, k, index, open_at, True)
                open_at = -1
        if open_at >= 0:
            add_span(spans, text, open_at + 1, p_end, index, open_at, False)
        if starts_with_mark and previous_open_kind and spans and spans[-1].paragraph == index:
            first = next(span for span in spans if span.paragraph == index)
            if text[first.mark] in OPEN_DOUBLE + "\"" and previous_open_kind == "d" or (
                text[first.mark] in "‘'" and previous_open_kind == "s"
            ):
                first.continues = True
        last = spans[-1] if spans and spans[-1].paragraph == index else None
        previous_open_kind = kind if last is not None and not last.closed else ""
    return spans


def add_span(spans: list[QuoteSpan], text: str, start: int, end: int, paragraph: int, mark: int, closed: bool) -> None:
    while start < end and (text[start].isspace() or text[start] in "\u200b\ufeff"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u200b\ufeff"):
        end -= 1
    if end > start:
        spans.append(QuoteSpan(start, end, paragraph, mark, closed))


def split_sentences(text: str, start: int, end: int, quote_starts: list[int], quotes: list[QuoteSpan]) -> list[tuple[int, int]]:
    """Sentence bounds in ``text[start:end]``, never breaking inside a quotation."""
    bounds = []
    current = start
    for match in SENTENCE_END_RE.finditer(text, start, end):
        cut = match.end()
        word = re.search(r"([\w.]+)[.!?]*[\"”’')\]]*\s+$", text[max(start, cut - 20) : cut])
        if word and (word.group(1).lower().rstrip(".") in ABBREVIATIONS or len(word.group(1).rstrip(".")) == 1):
            continue
        if inside_quote(match.start(), quote_starts, quotes):
            continue
        bounds.append((current, cut))
        current = cut
    bounds.append((current, end))
    result = []
    for s, e in bounds:
        while e - s > MAX_SENTENCE:
            result.append((s, s + MAX_SENTENCE))
            s += MAX_SENTENCE
        if text[s:e].strip():
            result.append((s, e))
    return result


def inside_quote(position: int, quote_starts: list[int], quotes: list[QuoteSpan]) -> bool:
    index = bisect_right(quote_starts, position) - 1
    return index >= 0 and quotes[index].start <= position < quotes[index].end


def clean_name(raw: str) -> str:
    """A matched capitalised run without leading sentence words or a possessive: "But Robb's" -> "Robb"."""
    words = raw.split()
    while words and words[0] in STOP_CAPS:
        words.pop(0)
    while words and words[-1].lower() in {"of", "for", "and", "the", "&"}:
        words.pop()
    name = " ".join(words)
    name = re.sub(r"['’]s?$", "", name)
    if not name or name.lower() in NOT_NAMES or len(name) < 2:
        return ""
    if all(word.lower() in {title.lower() for title in ("Mr", "Mrs", "Ms", "Dr", "Sir", "Lord")} for word in words):
        return ""
    return name


class Reader:
    """Reads one text in order, remembering who was named where, and collects quotes.

    One Reader per text; ``extract_quotes`` is the way in.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.actors: list[LocalActor] = []
        self.mentions: list[tuple[int, int, bool]] = []
        """(position, actor, salient) in reading order; salient = a subject or speaker."""
        self.speakers: set[int] = set()
        self.quotes: list[FoundQuote] = []
        self.org_words = {match.group(1) for match in ORG_CONTEXT_RE.finditer(text)}

    # -- actors ------------------------------------------------------------------

    def actor_for(self, name: str, position: int) -> int:
        """The actor a name refers to here, creating one if the article has not named it yet."""
        kind = guess_kind(name)
        words = split_title(name)[1]
        if len(words) == 1 and not split_title(name)[0] and words[0] in self.org_words:
            kind = "organisation"
        if kind == "person" and len(words) == 1 and not split_title(name)[0] and not any(
            actor.kind == "person" and names_match(name, n, "person") for actor in self.actors for n in actor.names
        ):
            if any(names_match(name, n, "organisation") for actor in self.actors if actor.kind != "person" for n in actor.names):
                kind = "organisation"
        candidates = [
            index
            for index, actor in enumerate(self.actors)
            if actor.kind == kind and any(names_match(name, n, kind) for n in actor.names)
        ]
        if candidates:
            recent = {actor: pos for pos, actor, _ in self.mentions if pos <= position}
            best = max(candidates, key=lambda index: recent.get(index, -1))
            self.actors[best].add_name(name)
            return best
        self.actors.append(LocalActor([name], kind))
        return len(self.actors) - 1

    def register_names(self, start: int, end: int, quote_starts: list[int], quotes: list[QuoteSpan]) -> None:
        """Note every name in a sentence (outside quotes) with its roles and acronym."""
        first = True
        for match in NAME_RE.finditer(self.text, start, end):
            if inside_quote(match.start(), quote_starts, quotes):
                continue
            name = clean_name(match.group())
            if not name:
                first = first and match.group().split()[0] in STOP_CAPS and False
                continue
            offset = match.start() + match.group().find(name.split()[0])
            actor = self.actor_for(name, offset)
            possessive = bool(re.search(r"['’]s?$", match.group()))
            self.mentions.append((offset, actor, first and not possessive))
            first = False
            self.find_roles(actor, offset, match.end())

    def find_roles(self, actor: int, start: int, end: int) -> None:
        text = self.text
        after = text[end : end + WINDOW]
        acronym = ACRONYM_AFTER_RE.match(after)
        if acronym and self.actors[actor].kind == "organisation":
            self.actors[actor].add_name(acronym.group("acronym"))
        appositive = APPOSITIVE_ROLE_RE.match(after)
        if appositive and self.actors[actor].kind == "person":
            self.actors[actor].add_role(appositive.group("role").strip())
        appointed = APPOINTED_ROLE_RE.match(after)
        if appointed and self.actors[actor].kind == "person":
            role = re.sub(r"^(?:[A-Z][\w’'-]*[ \u00a0]+)+", "", appointed.group("role")).strip()
            self.actors[actor].add_role(role)
        before = text[max(0, start - 80) : start].split()
        words: list[str] = []
        for word in reversed(before):
            if len(words) >= 4 or not (word[:1].islower() or re.fullmatch(r"[A-Z][\w-]*['’]s", word)):
                break
            words.insert(0, word)
        while words and words[-1].lower() not in ROLE_HEADS:
            words.pop()
        if words and self.actors[actor].kind == "person":
            role = " ".join(words)
            self.actors[actor].add_role(role[0].lower() + role[1:])

    def last_actor(self, position: int, kind: str, salient_only: bool) -> int | None:
        for pos, actor, salient in reversed(self.mentions):
            if pos >= position or (salient_only and not salient and actor not in self.speakers):
                continue
            if kind == "any" or self.actors[actor].kind == kind:
                return actor
        return None

    def resolve_pronoun(self, word: str, position: int) -> int | None:
        kind = PRONOUNS.get(word.lower(), "any")
        if kind == "any":
            return self.last_actor(position, "organisation", True) or self.last_actor(position, "any", True)
        return self.last_actor(position, kind, True) if self.last_actor(position, kind, True) is not None else self.last_actor(position, kind, False)

    def resolve_description(self, phrase: str, position: int) -> int | None:
        """"the minister", "the watchdog", "its report": the actor meant, UNRESOLVED if none, None if not an actor."""
        words = tokens_of(phrase.lower())
        if not words:
            return None
        determiner, head = words[0], words[-1]
        if determiner in {"its", "his", "her", "their"}:
            if head in DOCUMENT_NOUNS or head in ROLE_HEADS:
                return self.resolve_pronoun(determiner, position)
            return None
        if head in DOCUMENT_NOUNS:
            return UNRESOLVED
        if head in PERSON_ROLE_NOUNS:
            return self.find_by(position, lambda actor: actor.kind == "person" and role_fits(head, actor.roles))
        if head in ORG_ROLE_NOUNS:
            found = self.find_by(
                position,
                lambda actor: actor.kind == "organisation"
                and (any(head in n.lower().split() for n in actor.names) or role_fits(head, actor.roles)),
            )
            if found is None and head in {"watchdog", "regulator"}:
                found = self.last_actor(position, "organisation", True)
            if found is None and len(words) >= 2 and determiner == "the" and head in {"council", "authority", "government"}:
                found = self.actor_for(" ".join(phrase.split()[1:]), position)
                self.actors[found].kind = "organisation"
            return found
        return None

    def find_by(self, position: int, fits) -> int | None:  # type: ignore[no-untyped-def]
        """The most recent fitting actor before ``position``, else the first one after it."""
        before = [actor for pos, actor, _ in self.mentions if pos < position and fits(self.actors[actor])]
        if before:
            return before[-1]
        after = [actor for pos, actor, _ in self.mentions if pos >= position and fits(self.actors[actor])]
        return after[0] if after else None

    def subject_at(self, kind: str, phrase: str, position: int) -> int | None:
        if kind == "pron":
            return self.resolve_pronoun(phrase.strip(), position)
        if kind == "desc":
            return self.resolve_description(phrase, position)
        name = clean_name(phrase)
        return self.actor_for(name, position) if name else None

    # -- cues --------------------------------------------------------------------

    def find_cues(self, start: int, end: int, quote_starts: list[int], quotes: list[QuoteSpan]) -> list[Cue]:
        text = self.text
        cues = []
        for match in CUE_RE.finditer(text, start, end):
            if inside_quote(match.start(), quote_starts, quotes):
                continue
            cue = self.read_cue(match, start, end)
            if cue is not None:
                cues.append(cue)
                if cue.speaker is not None and cue.speaker != UNRESOLVED:
                    self.speakers.add(cue.speaker)
                    self.mentions.append((cue.start, cue.speaker, True))
                    self.mentions.sort(key=lambda item: item[0])
        return cues

    def read_cue(self, match: re.Match[str], start: int, end: int) -> Cue | None:
        """Who a speech verb belongs to and what it reports, or None if it is not attribution."""
        text = self.text
        verb = match.group(1)
        before = text[max(start, match.start() - WINDOW) : match.start()]
        after_text = text[match.end() : min(end, match.end() + WINDOW)]
        stripped_before = before.rstrip()
        inverted = AFTER_SUBJECT_RE.match(after_text)
        if verb == "according to" and inverted:
            kind = next(k for k in ("pron", "desc", "name") if inverted.group(k))
            speaker = self.subject_at(kind, inverted.group(kind), match.end())
            if text[start : match.start()].strip():
                content = (start, match.start())
            else:
                comma = text.find(",", match.end() + inverted.end(), end)
                content = (comma + 1, end) if comma >= 0 else None
            return Cue(match.start(), match.end(), verb, speaker, self.trim(content), True)
        if inverted and (stripped_before.endswith((",", "”", '"', "’", "'")) or not stripped_before):
            kind = next(k for k in ("pron", "desc", "name") if inverted.group(k))
            speaker = self.subject_at(kind, inverted.group(kind), match.end())
            comma = stripped_before.rfind(",")
            content_end = max(start, match.start() - len(before) + comma) if comma >= 0 else match.start()
            return Cue(match.start(), match.end(), verb, speaker, self.trim((start, content_end)), True)
        subject = SUBJECT_END_RE.search(before)
        if subject is None:
            if stripped_before.endswith((",", ")")):
                return self.appositive_cue(match, start, end)
            return None
        kind = next(k for k in ("pron", "desc", "name") if subject.group(k))
        speaker = self.subject_at(kind, subject.group(kind), match.start() - len(before) + subject.start())
        if speaker is None:
            if stripped_before.endswith((",", ")")):
                return self.appositive_cue(match, start, end)
            return None
        subject_start = match.start() - len(before) + subject.start()
        return self.cue_with_content(match, start, end, speaker, subject_start)

    def appositive_cue(self, match: re.Match[str], start: int, end: int) -> Cue | None:
        """"Bridget Robb, chief executive of ..., said": the speaker is the name the sentence opens with."""
        for name_match in NAME_RE.finditer(self.text, start, match.start()):
            name = clean_name(name_match.group())
            if not name:
                continue
            if not self.text[name_match.end() : name_match.end() + 2].startswith(","):
                if not self.text[name_match.end() : name_match.end() + 12].lstrip().startswith("("):
                    continue
            speaker = self.actor_for(name, name_match.start())
            return self.cue_with_content(match, start, end, speaker, start)
        return None

    def cue_with_content(self, match: re.Match[str], start: int, end: int, speaker: int | None, subject_start: int) -> Cue:
        text = self.text
        verb = match.group(1)
        rest = text[match.end() : end]
        if verb in SPEAKER_ONLY_CUES:
            return Cue(match.start(), match.end(), verb, speaker, None, False)
        if TAIL_RE.match(rest[:WINDOW]) and len(rest) <= WINDOW:
            comma = text.rfind(",", start, subject_start)
            if comma > start:
                return Cue(match.start(), match.end(), verb, speaker, self.trim((start, comma)), True)
            return Cue(match.start(), match.end(), verb, speaker, None, True)
        content_start = match.end()
        that = re.match(r"^(?:[ \u00a0]+[\w’'-]+){0,8}?[ \u00a0]+that\b", rest[:WINDOW])
        if that and "," not in that.group():
            content_start += that.end()
        elif re.match(r"^[ \u00a0]*(?:in|on|at|by|for|with|from|to|of|about|since|over|after|before|into|during|up|out)\b", rest):
            return Cue(match.start(), match.end(), verb, speaker, None, False)
        return Cue(match.start(), match.end(), verb, speaker, self.trim((content_start, end)), False)

    def trim(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None:
            return None
        start, end = span
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",:;–—-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?–—-"):
            end -= 1
        return (start, end) if end - start >= 3 and len(text[start:end].split()) >= 3 else None

    # -- quotes ------------------------------------------------------------------

    def add(self, start: int, end: int, kind: str, cue: str, speaker: int | None) -> None:
        if speaker == UNRESOLVED:
            speaker = None
        if speaker is not None:
            self.speakers.add(speaker)
        self.quotes.append(FoundQuote(start, end, self.text[start:end], kind, cue, speaker))

    def read(self) -> Extraction:
        text = self.text
        paragraphs = [(m.start(), m.end()) for m in PARAGRAPH_RE.finditer(text) if m.group().strip()]
        quotes = scan_quotes(text, paragraphs)
        quote_starts = [quote.start for quote in quotes]
        by_paragraph: dict[int, list[QuoteSpan]] = {}
        for quote in quotes:
            by_paragraph.setdefault(quote.paragraph, []).append(quote)
        last_direct: tuple[int, int | None, str] | None = None
        """(paragraph, speaker, cue) of the latest direct quote, for quotes that run on."""
        intro: tuple[int, int | None, str, bool] | None = None
        for index, (p_start, p_end) in enumerate(paragraphs):
            paragraph_quotes = by_paragraph.get(index, [])
            if intro is not None and not paragraph_quotes and self.continues_block(index, p_start, p_end, intro):
                speaker, cue = intro[1], intro[2]
                self.add(*self.stripped(p_start, p_end), "direct", cue, speaker)
                last_direct = (index, speaker, cue)
                intro = (index, speaker, cue, intro[3])
                continue
            intro = None
            sentences = split_sentences(text, p_start, p_end, quote_starts, quotes)
            for s_index, (s_start, s_end) in enumerate(sentences):
                self.register_names(s_start, s_end, quote_starts, quotes)
                cues = self.find_cues(s_start, s_end, quote_starts, quotes)
                in_sentence = [q for q in paragraph_quotes if s_start <= q.start < s_end]
                for quote in in_sentence:
                    last_direct = self.place_quote(quote, s_start, s_end, cues, last_direct, index, paragraphs)
                for cue in cues:
                    if cue.content is None:
                        continue
                    c_start, c_end = cue.content
                    quoted = sum(max(0, min(q.end, c_end) - max(q.start, c_start)) for q in in_sentence)
                    if quoted * 2 < c_end - c_start:
                        self.add(c_start, c_end, "indirect", cue.verb, cue.speaker)
                is_last = s_index == len(sentences) - 1
                if is_last and text[s_start:s_end].rstrip().endswith(":") and not paragraph_quotes:
                    speaking = [cue for cue in cues if cue.speaker not in (None, UNRESOLVED)]
                    if speaking:
                        first_person = False
                        intro = (index, speaking[-1].speaker, speaking[-1].verb, first_person)
        return self.result()

    def stripped(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def continues_block(self, index: int, start: int, end: int, intro: tuple[int, int | None, str, bool]) -> bool:
        """Whether an unquoted paragraph after "X said:" is still X speaking."""
        paragraph = self.text[start:end]
        if intro[0] == index - 1 and not intro[3]:
            self.first_person_block = bool(FIRST_PERSON_RE.search(paragraph))
            intro_index = intro[0]
            return len(paragraph.strip()) >= 40 or intro_index == index - 1
        if len(paragraph.strip()) < 40 or CUE_RE.search(paragraph):
            return False
        speaker = intro[1]
        if speaker is not None and any(
            word in paragraph for name in self.actors[speaker].names for word in split_title(name)[1][-1:]
        ):
            return False
        if self.first_person_block:
            return bool(FIRST_PERSON_RE.search(paragraph))
        return index - intro[0] <= 5

    def place_quote(
        self,
        quote: QuoteSpan,
        s_start: int,
        s_end: int,
        cues: list[Cue],
        last_direct: tuple[int, int | None, str] | None,
        index: int,
        paragraphs: list[tuple[int, int]],
    ) -> tuple[int, int | None, str] | None:
        """Decide a quotation's kind and speaker from the sentence around it."""
        text = self.text
        before = text[s_start : quote.mark].strip()
        close = quote.end + 1 if quote.closed else quote.end
        after = text[close:s_end].strip().lstrip(",.!?;:”’\"'").strip()
        before_cues = [cue for cue in cues if cue.end <= quote.mark]
        after_cues = [cue for cue in cues if cue.start >= quote.end]
        if quote.continues and last_direct is not None:
            self.add(quote.start, quote.end, "direct", last_direct[2], last_direct[1])
            return (index, last_direct[1], last_direct[2])
        words = len(text[quote.start : quote.end].split())
        leads = not before or before.endswith(":") or (before.endswith(",") and bool(before_cues))
        attributed_after = bool(after_cues) and after_cues[0].after
        if leads and (not after or attributed_after) and (words >= 4 or not before):
            if before and before_cues:
                cue = before_cues[-1]
            elif attributed_after:
                cue = after_cues[0]
            else:
                cue = None
            if cue is not None:
                self.add(quote.start, quote.end, "direct", cue.verb, cue.speaker)
                return (index, cue.speaker, cue.verb)
            speaker, verb = self.running_speaker(index, last_direct, paragraphs)
            self.add(quote.start, quote.end, "direct", verb, speaker)
            return (index, speaker, verb) if speaker is not None else last_direct
        near = [cue for cue in before_cues if cue.speaker not in (None, UNRESOLVED)]
        near += [cue for cue in after_cues if cue.speaker not in (None, UNRESOLVED)]
        if near:
            self.add(quote.start, quote.end, "partial", near[0].verb, near[0].speaker)
            return last_direct
        self.add(quote.start, quote.end, "partial", "", self.sentence_subject(s_start, quote.mark))
        return last_direct

    def running_speaker(
        self, index: int, last_direct: tuple[int, int | None, str] | None, paragraphs: list[tuple[int, int]]
    ) -> tuple[int | None, str]:
        """A quote standing alone as a paragraph: the speaker introduced just before, if any."""
        if index > 0:
            p_start, p_end = paragraphs[index - 1]
            previous = self.text[p_start:p_end].rstrip()
            if previous.endswith(":"):
                cue = CUE_RE.search(previous[-WINDOW:])
                if cue:
                    candidates = [q for q in self.quotes if q.start >= p_start]
                    if candidates and candidates[-1].speaker is not None:
                        return candidates[-1].speaker, candidates[-1].cue
        if last_direct is not None and index - last_direct[0] <= 2 and last_direct[1] is not None:
            return last_direct[1], last_direct[2]
        return None, ""

    def sentence_subject(self, start: int, position: int) -> int | None:
        """The sentence's subject when it is someone who speaks in the article ("The watchdog hit out at ...")."""
        head = self.text[start:position]
        match = re.match(
            rf"^[ \u00a0]*(?:(?P<pron>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b|(?P<desc>(?:[Tt]he)[ \u00a0]+[\w’'-]+)\b|(?P<name>{NAME_RE.pattern}))",
            head,
        )
        if not match:
            return None
        kind = next(k for k in ("pron", "desc", "name") if match.group(k))
        if kind == "name" and not clean_name(match.group(kind)):
            return None
        speaker = self.subject_at(kind, match.group(kind), start)
        return speaker if speaker in self.speakers else None

    def result(self) -> Extraction:
        """Keep actors that speak or are given a role or an acronym; renumber the quotes' speakers."""
        keep = sorted(
            {q.speaker for q in self.quotes if q.speaker is not None}
            | {
                index
                for index, actor in enumerate(self.actors)
                if actor.roles or any(is_acronym(n) for n in actor.names[1:])
            }
        )
        renumber = {old: new for new, old in enumerate(keep)}
        quotes = sorted(
            {
                (q.start, q.end, q.kind): FoundQuote(
                    q.start, q.end, q.text, q.kind, q.cue, renumber[q.speaker] if q.speaker is not None else None
                )
                for q in self.quotes
            }.values(),
            key=lambda q: (q.start, q.end),
        )
        return Extraction(quotes, [self.actors[index] for index in keep])


def extract_quotes(text: str) -> Extraction:
    """Every quote in ``text`` with its speaker, and the actors the text names.

    Never raises on odd input; every quote satisfies ``text[q.start:q.end] == q.text``.
    """
    reader = Reader(text)
    reader.first_person_block = False
    return reader.read()


def extract_comment(author: str, text: str) -> tuple[FoundQuote | None, LocalActor | None]:
    """A reader comment is one quote, kind ``comment``, spoken by its author (when the page names one)."""
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None, None
    name = " ".join(author.split())
    actor = LocalActor([name], "person", ["commenter"]) if name else None
    return FoundQuote(start, end, text[start:end], "comment", "commented", 0 if actor else None), actor
