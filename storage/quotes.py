"""Provides quote extraction: a text becomes its quotes (direct, indirect, partial) and their speakers.

Pure functions and regexes, no models. The text is read once, paragraph by
paragraph and sentence by sentence, keeping track of who was last named so that
"he", "the minister" or "Warner" can be resolved to the actor an article means.
Every regex works on bounded windows or has no nested unbounded repetition, so
extraction time grows linearly with the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections.abc import Callable
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
MULTIWORD_CUES = ("according to", "According to", "pointed out", "points out", "hit out at", "hits out at", "raised concerns")
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
    r"|recently|repeatedly|simply|only|today|yesterday|publicly|earlier|however|both|all|a[ \u00a0]year[ \u00a0]ago"
    r"|last[ \u00a0](?:year|week|month)|this[ \u00a0](?:year|week|month)|in[ \u00a0]\d{4}|on[ \u00a0][A-Z][a-z]+day))*"
)
GAP_END_RE = re.compile(GAP_RE + r"[ \u00a0]*$")
SUBJECT_END_RES = [
    (kind, re.compile(rf"(?P<{kind}>{pattern}){GAP_RE}[ \u00a0]*$"))
    for kind, pattern in (
        ("name", NAME_RE.pattern),
        ("pron", r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b"),
        ("desc", r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){0,4}?[\w’'-]+"),
    )
]
"""A speaker right before a speech verb, most specific first: a name, a pronoun, a description."""
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
    r"^[^.;\n]{0,40}?\b(?:who[ \u00a0]+(?:became|is|was|has[ \u00a0]+been)(?:[ \u00a0]+(?:appointed|named|made))?"
    r"|(?:was|been|is|being)[ \u00a0]+(?:appointed|named|made))(?:[ \u00a0]+as)?[ \u00a0]+(?P<role>(?:[\w’'-]+[ \u00a0]+){0,4}?(?:"
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
"""A speaker that exists but could not be named ("the review found"): the quote is kept, unattributed."""
MIDSENTENCE_RE = re.compile(r"(?<=[a-z0-9,;:)] )([A-Z][\w'’-]*)")
PREPOSITION_BEFORE_RE = re.compile(r"\b(?:by|to|of|with|from|for|at|in|on|against|about|than)(?:[ \u00a0]+[a-z][\w’'-]*){0,3}[ \u00a0]+$")
NAME_PREFIXES = frozenset(
    "local former senior deputy acting shadow interim opposition state federal labour conservative tory liberal"
    " democrat democratic republican green independent veteran new then".split()
)
"""Capitalised words that open a description, not a name ("Local MP Rachel Reeves")."""
OBJECT_TAIL_RE = re.compile(
    r"^[ \u00a0]+(?:(?:the|a|an|his|her|their|its|our)[ \u00a0]+)?[\w’'-]+(?:[ \u00a0]+[\w’'-]+)?[ \u00a0]*[.!?]*[\"”’']?[ \u00a0]*$"
)
"""What may follow "told"/"asked" in an attribution after a quote: "Rao told the panel."."""
ROLE_STOPS = frozenset("the a an and or by of to with that was is has had have as for from in on at who which".split())
CUE_WORDS = frozenset(CUES)


@dataclass
class Block:
    """Paragraphs quoted without quotation marks after a line like "Ofsted said:"."""

    start: int
    speaker: int | None
    cue: str
    first_person: bool = False
    last: int = -1


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
    for index in range(len(words) - 1, 0, -1):
        if re.search(r"['’]s$", words[index - 1]):
            words = words[index:]  # "Public Sector Executive's Matt Roberts" -> "Matt Roberts"
            break
    while words and (words[0] in STOP_CAPS or words[0].lower() in NAME_PREFIXES):
        words.pop(0)
    while words and words[-1].lower() in {"of", "for", "and", "the", "&", "mp", "qc", "kc", "jr", "sr"}:
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
        self.midsentence_words = {match.group(1) for match in MIDSENTENCE_RE.finditer(text)}
        self.sentence_start = 0
        self.paragraph = 0
        self.last_speaker: tuple[int, int, str] | None = None
        """(paragraph, speaker, cue) of the latest attributed quote, for quotes that run on."""

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
        """Note every name in a sentence (outside quotes) with its roles and acronym.

        The first name of a sentence, unless it follows a preposition or is a
        possessive, is its subject: salient, the likely referent of a later "he".
        """
        first = True
        for match in NAME_RE.finditer(self.text, start, end):
            if inside_quote(match.start(), quote_starts, quotes):
                continue
            name = clean_name(match.group())
            if not name:
                continue
            offset = match.start() + match.group().find(name.split()[0])
            if len(name.split()) == 1 and offset - start < 2 and name not in self.midsentence_words:
                continue  # a capitalised first word seen nowhere else is an ordinary word
            actor = self.actor_for(name, offset)
            possessive = bool(re.search(r"['’]s?$", match.group()))
            after_preposition = bool(PREPOSITION_BEFORE_RE.search(self.text, max(start, offset - 40), offset))
            self.mentions.append((offset, actor, first and not possessive and not after_preposition))
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
            if word.lower() in ROLE_STOPS or word.lower() in CUE_WORDS:
                break
            words.insert(0, word)
            if word.lower() in {"former", "ex"}:
                break
        while words and words[-1].lower() not in ROLE_HEADS:
            words.pop()
        if words and self.actors[actor].kind == "person":
            role = " ".join(words)
            self.actors[actor].add_role(role[0].lower() + role[1:])

    def last_actor(self, position: int, kind: str, salient_only: bool, since: int = 0) -> int | None:
        index = bisect_right(self.mentions, (position, -1, False)) - 1
        while index >= 0:
            pos, actor, salient = self.mentions[index]
            index -= 1
            if pos < since:
                break
            if salient_only and not salient:
                continue
            if kind == "any" or self.actors[actor].kind == kind:
                return actor
        return None

    def resolve_pronoun(self, word: str, position: int) -> int | None:
        """he/she: a person named earlier in the sentence, else the latest salient person, else any.

        it/they: the latest salient organisation (they: or person).
        """
        kind = PRONOUNS.get(word.lower(), "any")
        sentence = self.sentence_start
        if kind == "person":
            for found in (
                self.last_actor(position, "person", False, since=sentence),
                self.last_actor(position, "person", True),
                self.last_actor(position, "person", False),
            ):
                if found is not None:
                    return found
            # A lead that says "she" before naming anyone means the first person named next.
            return self.find_by(position, lambda actor: actor.kind == "person")
        found = self.last_actor(position, "organisation", True)
        if found is None and kind == "any":
            found = self.last_actor(position, "any", True)
        return found

    def resolve_description(self, phrase: str, position: int) -> int | None:
        """"the minister", "the watchdog", "its report": the actor meant, UNRESOLVED if none, None if not an actor."""
        words = tokens_of(phrase.lower())
        if not words:
            return None
        determiner, head = words[0], words[-1]
        if determiner in {"its", "his", "her", "their"}:
            if head in DOCUMENT_NOUNS or head in ROLE_HEADS:
                found = self.resolve_pronoun(determiner, position)
                return UNRESOLVED if found is None else found
            return None
        if head in DOCUMENT_NOUNS:
            # "a damning Ofsted report found": the report speaks for whoever it names.
            for match in NAME_RE.finditer(phrase):
                name = clean_name(match.group())
                if name:
                    return self.actor_for(name, position)
            subject = self.opening_subject(position)
            return UNRESOLVED if subject is None else subject
        if head in PERSON_ROLE_NOUNS:
            if determiner in {"a", "an"}:
                return UNRESOLVED  # "a former care worker told ...": someone speaks, unnamed
            found = self.find_by(position, lambda actor: actor.kind == "person" and role_fits(head, actor.roles))
            return UNRESOLVED if found is None and head in {"spokesman", "spokeswoman", "spokesperson"} else found
        if head in ORG_ROLE_NOUNS:

            def fits(actor: LocalActor) -> bool:
                return actor.kind == "organisation" and (
                    any(head in n.lower().split() for n in actor.names) or role_fits(head, actor.roles)
                )

            found = self.find_by(position, fits, forward=False)
            if found is None and head in {"watchdog", "regulator", "inspectorate"}:
                found = self.last_actor(position, "organisation", True)
            if found is None and len(words) >= 3 and determiner == "the" and head in {"council", "authority", "government"}:
                found = self.actor_for(" ".join(phrase.split()[1:]), position)
                self.actors[found].kind = "organisation"
            if found is None:
                found = self.find_by(position, fits)
            return found
        return None

    def opening_subject(self, position: int) -> int | None:
        """The salient name a sentence opens with, before ``position`` ("Sir Michael published a report revealing")."""
        index = bisect_right(self.mentions, (self.sentence_start, -1, False))
        while index < len(self.mentions) and self.mentions[index][0] < position:
            pos, actor, salient = self.mentions[index]
            if salient:
                return actor
            index += 1
        return None

    def find_by(self, position: int, fits: Callable[[LocalActor], bool], forward: bool = True) -> int | None:
        """The most recent fitting actor before ``position``, else (if ``forward``) the first one after it."""
        before = [actor for pos, actor, _ in self.mentions if pos < position and fits(self.actors[actor])]
        if before:
            return before[-1]
        if not forward:
            return None
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
        cues: list[Cue] = []
        for match in CUE_RE.finditer(text, start, end):
            if inside_quote(match.start(), quote_starts, quotes):
                continue
            if any(cue.content and cue.content[0] <= match.start() < cue.content[1] for cue in cues):
                continue  # "... if it finds ...": a verb inside a reported clause is not a new attribution
            cue = self.read_cue(match, start, end)
            if cue is not None:
                cues.append(cue)
                if cue.speaker is not None and cue.speaker != UNRESOLVED:
                    self.speakers.add(cue.speaker)
                    insort(self.mentions, (cue.start, cue.speaker, True))
        return cues

    def read_cue(self, match: re.Match[str], start: int, end: int) -> Cue | None:
        """Who a speech verb belongs to and what it reports, or None if it is not attribution."""
        text = self.text
        verb = match.group(1).lower()
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
        ends_clause = inverted is not None and re.match(
            r"^(?:[ \u00a0]*[,.!?;:]|[ \u00a0]*$|[ \u00a0]+(?:in|on|at|told|last|yesterday|today|earlier|during)\b)",
            after_text[inverted.end() :],
        )
        if inverted and ends_clause and (stripped_before.endswith((",", "”", '"', "’", "'")) or not stripped_before):
            kind = next(k for k in ("pron", "desc", "name") if inverted.group(k))
            speaker = self.subject_at(kind, inverted.group(kind), match.end())
            comma = stripped_before.rfind(",")
            content_end = max(start, match.start() - len(before) + comma) if comma >= 0 else match.start()
            return Cue(match.start(), match.end(), verb, speaker, self.trim((start, content_end)), True)
        inner = before[: GAP_END_RE.search(before).start()].rstrip()  # type: ignore[union-attr]
        if inner.endswith(("–", "—")) and inner[:-1].rfind(inner[-1]) > 0:
            # "Its report – It takes a city to raise a child – found ...": skip the aside.
            cut = inner[:-1].rfind(inner[-1])
            before = before[:cut]
            inner = before.rstrip()
        for kind, pattern in SUBJECT_END_RES:
            subject = pattern.search(before)
            if subject is None:
                continue
            subject_start = match.start() - len(text[max(start, match.start() - WINDOW) : match.start()]) + subject.start()
            speaker = self.subject_at(kind, subject.group(kind), subject_start)
            if speaker is not None:
                return self.cue_with_content(match, start, end, speaker, subject_start)
            if kind != "name" or clean_name(subject.group(kind)):
                break
        if inner.endswith((",", ")")):
            return self.appositive_cue(match, start, end)
        return None

    def appositive_cue(self, match: re.Match[str], start: int, end: int) -> Cue | None:
        """"Bridget Robb, chief executive of ..., said": the speaker is the name the sentence opens with."""
        for name_match in NAME_RE.finditer(self.text, start, match.start()):
            name = clean_name(name_match.group())
            if not name:
                continue
            if not self.text[name_match.end() : name_match.end() + 2].startswith(","):
                if not self.text[name_match.end() : name_match.end() + 12].lstrip().startswith("("):
                    continue
            following = NAME_RE.match(self.text, name_match.end() + 2, match.start())
            if following and self.text[following.end() : following.end() + 1] == "," and clean_name(following.group()):
                if guess_kind(clean_name(following.group())) == "person" and len(clean_name(following.group()).split()) >= 2:
                    name = clean_name(following.group())  # "the Minister for Families, Lizzie Blandthorn, said"
            speaker = self.actor_for(name, name_match.start())
            return self.cue_with_content(match, start, end, speaker, start)
        return None

    def cue_with_content(self, match: re.Match[str], start: int, end: int, speaker: int | None, subject_start: int) -> Cue:
        text = self.text
        verb = match.group(1).lower()
        rest = text[match.end() : end]
        if verb in SPEAKER_ONLY_CUES:
            return Cue(match.start(), match.end(), verb, speaker, None, False)
        object_tail = verb in {"told", "tells", "asked", "asks", "informed"} and OBJECT_TAIL_RE.match(rest[:WINDOW])
        if (TAIL_RE.match(rest[:WINDOW]) or object_tail) and len(rest) <= WINDOW:
            comma = text.rfind(",", start, subject_start)
            if comma > start:
                return Cue(match.start(), match.end(), verb, speaker, self.trim((start, comma)), True)
            return Cue(match.start(), match.end(), verb, speaker, None, True)
        content_start = match.end()
        needs_that = verb in {"recommended", "recommends", "urged", "urges"}
        that = re.match(r"^(?:[ \u00a0]+[\w’'-]+){0,8}?[ \u00a0]+that\b", rest[:WINDOW])
        if that and "," not in that.group():
            content_start += that.end()
        elif needs_that or re.match(r"^[ \u00a0]*(?:in|on|at|by|for|with|from|to|of|about|since|over|after|before|into|during|up|out)\b", rest):
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
            self.last_speaker = (self.paragraph, speaker, cue)
        self.quotes.append(FoundQuote(start, end, self.text[start:end], kind, cue, speaker))

    def read(self) -> Extraction:
        text = self.text
        paragraphs = [(m.start(), m.end()) for m in PARAGRAPH_RE.finditer(text) if m.group().strip()]
        quotes = scan_quotes(text, paragraphs)
        quote_starts = [quote.start for quote in quotes]
        by_paragraph: dict[int, list[QuoteSpan]] = {}
        for quote in quotes:
            by_paragraph.setdefault(quote.paragraph, []).append(quote)
        sentences = [split_sentences(text, p_start, p_end, quote_starts, quotes) for p_start, p_end in paragraphs]
        for paragraph_sentences in sentences:
            for s_start, s_end in paragraph_sentences:
                self.sentence_start = s_start
                self.register_names(s_start, s_end, quote_starts, quotes)
        block: Block | None = None
        for index, (p_start, p_end) in enumerate(paragraphs):
            self.paragraph = index
            paragraph_quotes = by_paragraph.get(index, [])
            if block is not None and not paragraph_quotes and self.continues_block(block, index, p_start, p_end):
                self.add(*self.stripped(p_start, p_end), "direct", block.cue, block.speaker)
                continue
            block = None
            for s_index, (s_start, s_end) in enumerate(sentences[index]):
                self.sentence_start = s_start
                cues = self.find_cues(s_start, s_end, quote_starts, quotes)
                in_sentence = [q for q in paragraph_quotes if s_start <= q.start < s_end]
                for quote in in_sentence:
                    self.place_quote(quote, s_start, s_end, cues, index, paragraphs)
                for cue in cues:
                    if cue.content is not None and not self.wholly_quoted(cue.content, in_sentence):
                        self.add(*cue.content, "indirect", cue.verb, cue.speaker)
                is_last = s_index == len(sentences[index]) - 1
                if is_last and text[s_start:s_end].rstrip().endswith(":") and not paragraph_quotes:
                    speaking = [cue for cue in cues if cue.speaker not in (None, UNRESOLVED)]
                    if speaking:
                        block = Block(index, speaking[-1].speaker, speaking[-1].verb)
        return self.result()

    def wholly_quoted(self, content: tuple[int, int], quotes: list[QuoteSpan]) -> bool:
        """A reported clause that is one quotation ("warned that “there is much still to do”") is a partial quote."""
        start, end = content
        return any(q.mark <= start + 1 and q.end >= end - 1 for q in quotes)

    def stripped(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def continues_block(self, block: Block, index: int, start: int, end: int) -> bool:
        """Whether an unquoted paragraph after "X said:" is still X speaking.

        The first paragraph always is. Later ones are while they read like the
        same voice: no speech verb, no mention of the speaker by name, first
        person if the first paragraph was in the first person.
        """
        paragraph = self.text[start:end]
        if index == block.start + 1:
            block.first_person = bool(FIRST_PERSON_RE.search(paragraph))
            block.last = index
            return True
        if block.last != index - 1 or index - block.start > 6:
            return False
        if len(paragraph.strip()) < 40 or CUE_RE.search(paragraph):
            return False
        if block.speaker is not None:
            surnames = {split_title(name)[1][-1] for name in self.actors[block.speaker].names if split_title(name)[1]}
            if any(re.search(rf"\b{re.escape(word)}\b", paragraph) for word in surnames):
                return False
        if block.first_person and not FIRST_PERSON_RE.search(paragraph):
            return False
        block.last = index
        return True

    def place_quote(
        self, quote: QuoteSpan, s_start: int, s_end: int, cues: list[Cue], index: int, paragraphs: list[tuple[int, int]]
    ) -> None:
        """Decide a quotation's kind and speaker from the sentence around it."""
        text = self.text
        before = text[s_start : quote.mark].strip()
        close = quote.end + 1 if quote.closed else quote.end
        after = text[close:s_end].strip().lstrip(",.!?;:”’\"'").strip()
        before_cues = [cue for cue in cues if cue.end <= quote.mark]
        after_cues = [cue for cue in cues if cue.start >= quote.end]
        if quote.continues and self.last_speaker is not None and self.last_speaker[0] == index - 1:
            self.add(quote.start, quote.end, "direct", self.last_speaker[2], self.last_speaker[1])
            return
        words = len(text[quote.start : quote.end].split())
        leads = not before or before.endswith(":") or (before.endswith(",") and bool(before_cues))
        attributed_after = bool(after_cues) and after_cues[0].after
        if leads and (not after or attributed_after) and (words >= 4 or not before):
            cue = before_cues[-1] if before and before_cues else after_cues[0] if attributed_after else None
            if cue is not None:
                self.add(quote.start, quote.end, "direct", cue.verb, cue.speaker)
                return
            speaker, verb = self.running_speaker(index, paragraphs)
            self.add(quote.start, quote.end, "direct", verb, speaker)
            return
        near = [cue for cue in before_cues if cue.speaker not in (None, UNRESOLVED)]
        near += [cue for cue in after_cues if cue.speaker not in (None, UNRESOLVED)]
        if near:
            self.add(quote.start, quote.end, "partial", near[0].verb, near[0].speaker)
            return
        self.add(quote.start, quote.end, "partial", "", self.sentence_subject(s_start, quote.mark))

    def running_speaker(self, index: int, paragraphs: list[tuple[int, int]]) -> tuple[int | None, str]:
        """A quote standing alone as a paragraph: whoever spoke in the last two paragraphs, if anyone."""
        if self.last_speaker is not None and index - self.last_speaker[0] <= 2:
            return self.last_speaker[1], self.last_speaker[2]
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
    return Reader(text).read()


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
