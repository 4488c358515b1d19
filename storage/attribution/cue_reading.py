"""Provides cue reading: the speech cues of a sentence, each with who it belongs to and the clause it reports.

A cue word from the lexicon (``cues.toml``) attributes speech when a subject can be
found for it: before it ("Ann Bell said"), inverted after it ("said Ann Bell", "said
the minister"), in an apposition ("Ann Bell, who chairs the board, said"), a
spokesperson's body, or the sentence's opening subject for a plain form of saying.
The subject phrase is resolved to an actor by ``DocumentSpeakers.subject_at``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from storage.attribution.actors import (
    ORG_ROLE_NOUNS,
    PERSON_ROLE_NOUNS,
    ROLE_HEADS,
    guess_kind,
)
from storage.attribution.cues import Cue, cue_regex, load_cues
from storage.attribution.described_speakers import is_plural, noun_phrase, word_list
from storage.attribution.names import NAME_RE, clean_name
from storage.attribution.name_mentions import NameMentions
from storage.attribution.quote_spans import QuoteSpan
from storage.attribution.sentences import inside_quote
from storage.attribution.speaker_resolution import (
    DOCUMENT_NOUNS,
    GENERIC_ORG_NOUNS,
    UNRESOLVED,
    VOICE_NOUNS,
    WINDOW,
)

CUE_LEXICON = load_cues()
CUE_RE = cue_regex()
LOWER_CUE_RE = re.compile(CUE_RE.pattern)
"""``CUE_RE`` for a lower-cased text: without IGNORECASE the scan of every sentence runs about twice as fast."""
CASE_ODD_RE = re.compile("[\u0130\u0131\u017f]")
"""The characters ("İ", "ı", "ſ") for which IGNORECASE and lower-casing disagree: IGNORECASE takes them for "i"
and "s", lower-casing does not (and "İ" lower-cased is two characters). In a text without them, ``LOWER_CUE_RE``
over the lower-cased text matches where ``CUE_RE`` over the text does."""
SPEAKER_ONLY_CUES = CUE_LEXICON.naming
"""Cues that name who speaks but take an object, not a clause: they attribute partial quotes only."""
GAP_RE = (
    r"(?:[ \u00a0]+(?:has|have|had|also|did|does|do|would|will|could|previously|later|then|further|again|once"
    r"|recently|repeatedly|simply|only|today|yesterday|publicly|earlier|however|both|all|a[ \u00a0]year[ \u00a0]ago"
    r"|now|often|always|never|still|even|just|usually|sometimes|not"
    r"|last[ \u00a0](?:year|week|month)|this[ \u00a0](?:year|week|month)|in[ \u00a0]\d{4}|on[ \u00a0][A-Z][a-z]+day"
    r"|[a-z]+ed[ \u00a0]+and))*"
)
"""Words between a subject and its verb of saying: "Ann Bell has also said", "Ann Bell laughed and said"."""
# These patterns are searched for in the 240 characters before every cue, so each opens with a lookahead for the
# characters it can start with (a gap with a space or the end): most positions fail that test and not, far more
# slowly, the alternation of gap words. A description's words are matched possessively ("++"): the spaces after a
# word never take back its letters.
GAP_END_RE = re.compile(r"(?=[ \u00a0]|$)" + GAP_RE + r"[ \u00a0]*$")
SUBJECT_END_RES = [
    (kind, re.compile(rf"(?={first})(?P<{kind}>{pattern}){GAP_RE}[ \u00a0]*$"))
    for kind, first, pattern in (
        ("name", "[A-Z]", NAME_RE.pattern),
        ("pron", "[HhSsTtIi]", r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I)\b"),
        ("desc", "[A-Ztaoihm]", r"\b(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur|[A-Z][\w-]*['’]s)[ \u00a0]+(?:[\w’'&-]++[ \u00a0]+){0,6}?[\w’'-]++"),
        ("group", "[a-zSMOFB]", r"(?<![\w’'-])(?:(?:[Ss]ome|[Mm]any|[Mm]ost|[Ss]everal|[Oo]ther|[Ff]ew|[Bb]oth)[ \u00a0]+)?"
         r"(?!(?:was|has|is|this|thus|its|his|hers|ours|theirs|us|as|yes|less|unless|whereas|always|perhaps)\b)"
         r"[a-z][\w’'-]*[a-rt-z]s"),
    )
]
"""A speaker right before a speech verb, most specific first: a name, a pronoun, a description, a plural noun."""
SUBJECT_TAIL_RE = re.compile(r"\n?[\w'’&.\- \u00a0]*")
"""Read over the reversed words before a cue: the run of characters ending them that a subject and its gap words
are made of (with a last newline, before which ``$`` also matches). A match of ``GAP_END_RE`` or of
``SUBJECT_END_RES`` lies wholly inside that run, so a search from where it begins finds the same match without
trying every position before it."""
AFTER_SUBJECT_RE = re.compile(
    rf"[ \u00a0]+(?:(?P<pron>he|she|they|it|I)\b|(?P<desc>(?:the|an?|one|another)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){{0,4}}?"
    rf"(?:{'|'.join(sorted(PERSON_ROLE_NOUNS | ORG_ROLE_NOUNS | DOCUMENT_NOUNS | VOICE_NOUNS))}|\d{{1,3}}-year-old)\b)"
    rf"|(?:the[ \u00a0]+)?(?P<name>{NAME_RE.pattern}))"
)
# Patterns read once per cue, compiled here rather than looked up in the ``re`` cache each time.
INVERTED_CLAUSE_END_RE = re.compile(
    r"^(?:[ \u00a0]*[,.!?;:(]|[ \u00a0]*$|[ \u00a0]+(?:in|on|at|told|last|yesterday|today|earlier|during)\b"
    r"|[ \u00a0]+(?:of|to|for|with|from)[ \u00a0]+[^.,;:!?\"“”\n]{1,60}(?:[,.;:!?]|$))"
)
"""After an inverted subject: its clause ends, or a short phrase ("of the union", "to Trump") ends it."""
THE_BEFORE_RE = re.compile(r"\b[Tt]he[ \u00a0]+$")
COMMA_NEXT_RE = re.compile(r"^[ \u00a0]*,")
QUOTE_NEXT_RE = re.compile(r"^[ \u00a0]*[:\"“‘']")
THAT_AFTER_RE = re.compile(r"^(?:[ \u00a0]+[\w’'-]+){0,8}?[ \u00a0]+that\b")
PREPOSITION_NEXT_RE = re.compile(r"^[ \u00a0]*(?:in|on|at|by|for|with|from|to|of|about|since|over|after|before|into|during|up|out)\b")
TO_VERB_RE = re.compile(r"\bto[ \u00a0]+[a-z]")
TAIL_RE = re.compile(
    r"^(?:[ \u00a0]+(?:on|in|at|to|last|this|yesterday|today|earlier|later|during|after|a|an|the|his|her|their"
    r"|its|[A-Z][\w’'-]*|\d[\w-]*|statement|interview|week|month|year|night|morning|evening|told|reporters"
    r"|[a-z]+day))*[ \u00a0]*[.!?]*[\"”’']?[ \u00a0]*$"
)
SOURCE_AFTER_RE = re.compile(rf"[ \u00a0]+(?:from|by|of)[ \u00a0]+(?:the[ \u00a0]+)?(?P<name>{NAME_RE.pattern})")
""""according to a statement from the Steel Institute": who issued the document."""
PERSON_BEFORE_RE = re.compile(rf"(?<![\w’'-])(?P<name>{NAME_RE.pattern}),[ \u00a0]*$")
""""Ravi Shah, Northfield Traders Association said": the person before their body's name."""
OBJECT_THEN_PLACE_RE = re.compile(
    r"^[ \u00a0]+(?:(?:the|a|an|his|her|their|its|our)[ \u00a0]+)?[\w’'-]+(?:[ \u00a0]+[\w’'-]+)?"
    r"(?=[ \u00a0]+(?:at|in|on|during|after|before|outside|ahead|while|via|through|over)\b)"
)
""""told staff at a meeting on Monday": a listener, then where and when."""
OPENING_PREPOSITION_RE = re.compile(r"[ \u00a0]*(?:In|At|On|From|During|After|Before|Outside|Inside|Near|Across|Throughout)\b")
"""A sentence that opens with a setting ("In the village of Kumbalangi, ...") before its subject."""
RELATIVE_ASIDE_RE = re.compile(r",[ \u00a0]+(?:who|whom|whose|which|where)\b")
"""A relative clause set off by commas: "The firm, which farms in Venezuela, said" (its names are no subject)."""
OPENING_DESCRIPTION_RE = re.compile(
    r"[ \u00a0]*(?P<desc>(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)(?:[ \u00a0]+[\w’'-]+){0,3}?[ \u00a0]+[a-z][\w’'-]*)"
    r",[ \u00a0]+(?:who|whom|whose|which|where)\b"
)
"""A sentence opening with a description and a relative clause: "The couple, who married in May, said".
A description ending in a capital is a name ("His wife Sharon, who ..."), left to the names."""
NEXT_CUE_RE = re.compile(r"[ \u00a0]+" + CUE_RE.pattern, re.IGNORECASE)
"""A cue written right after another: the first is a noun ("reports said", "claims found")."""
PREPOSITIONS = word_list("prepositions")
ASIDE_OPENERS = word_list("aside_openers")
ACCORDANCE_NOUNS = word_list("accordance_nouns")
QUESTION_WORDS = word_list("question_words")
INDEFINITE = frozenset({"a", "an", "one", "another"})
NEVER_HEADS = word_list("function_words") | PREPOSITIONS
"""Words that never end a description before a name."""
OFFICE_THEN_NAME_RE = re.compile(
    rf"[ \u00a0]+(?P<modifiers>(?:[\w/’'-]+[ \u00a0]+){{0,4}})"
    rf"(?P<head>(?!(?:{'|'.join(sorted(NEVER_HEADS - ROLE_HEADS, key=len, reverse=True))})[ \u00a0])[a-z][\w’'-]*)"
    rf"[ \u00a0]+(?P<name>{NAME_RE.pattern})"
)
"""After a verb, words ending in a noun, then a name: "said former Utah governor Ann Bell"."""


def describes(head: str) -> bool:
    """Whether a lower-case word before a name may end its description: a role ("coach") or any noun ("farmer").

    Function words and prepositions never do ("said on Tuesday Ann Bell" is no description).
    """
    return head in ROLE_HEADS or head not in NEVER_HEADS


INVERTED_DESCRIPTION_RE = re.compile(
    r"[ \u00a0]+(?P<desc>(?:the|an?|one|another)(?:[ \u00a0]+[\w’'&/-]+){1,8}?)"
    r"(?=[ \u00a0]*(?:[,.;:!?]|$)|[ \u00a0]+(?:who|whose|which|that)\b)"
)
"""A description right after a verb of saying, up to its clause's end or a relative: "said a person close to him."."""


def inverted_description(after: str, whole: bool = False, unnamed: bool = False) -> str:
    """The description after a verb, cut before its first function word or preposition, or "" if none.

    "said a prominent party member who backs Bell" -> "a prominent party member"; "said a person
    close to the mayor." -> "a person close"; "said the" -> "". With ``whole``, a description that
    would be cut is none ("said the water had risen" reports a clause, "noted the rule in May" has
    an object). With ``unnamed`` too, an indefinite one cut at a preposition is kept: news introduces
    an unnamed source so ("said one person with knowledge of the talks" is "one person").
    """
    match = INVERTED_DESCRIPTION_RE.match(after)
    if match is None:
        return ""
    words = match.group("desc").split()
    cut = next((index for index, word in enumerate(words[1:], 1) if word.lower() in NEVER_HEADS), len(words))
    unnamed_source = unnamed and words[0].lower() in INDEFINITE and cut < len(words) and words[cut].lower() in PREPOSITIONS
    if cut < 2 or (whole and cut < len(words) and not unnamed_source):
        return ""
    return " ".join(words[:cut])


OPENING_PRONOUN_RE = re.compile(r"[ \u00a0]*(?P<pron>[Hh]e|[Ss]he)\b")
"""A sentence opening with "he" or "she", its subject."""
PARTICIPLE_LEAD_RE = re.compile(r"(?:,|\b(?:by|after|before|while|when|in))$")
"""What opens a participle's own clause: "..., saying", "by saying", "before adding"."""
DETERMINER_RE = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur|[A-Z][\w-]*['’]s(?=[ \u00a0]))")
"""What opens a description: an article, a possessive pronoun, or a possessive name ("Obama's former aide")."""
DATELINE_RE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}(?:\([A-Za-z. ]{1,20}\))?[ \u00a0]*[—–-]+[ \u00a0]*")
PREPOSITIONAL_TAIL_RE = re.compile(
    r"^[ \u00a0]+(?:at|in|on|during|after|before|from|to|outside|with|via|through|while|as|last|this|yesterday"
    r"|today|earlier|later|when|under|inside|near|ahead|over)\b[^\"“”‘’:;]{0,80}$"
)
SPOKESPERSON_SUBJECT_RE = re.compile(
    rf"\b(?:[Aa]n?|[Tt]he)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){{0,2}}?spokes(?:man|woman|person)[ \u00a0]+(?:for|of|at)[ \u00a0]+"
    rf"(?:the[ \u00a0]+)?(?P<name>{NAME_RE.pattern})(?:[ \u00a0]+(?P<noun>[a-z]+))?{GAP_RE}[ \u00a0]*$"
)
"""A spokesperson for a named body right before the verb: "A spokesman for the GMB union said"."""
LEAD_CUE_RE = re.compile(r"(?:" + CUE_RE.pattern + r"|\bput[ \u00a0]+it\b)[^,;:.!?]*,$", re.IGNORECASE)
"""A speech cue in the clause ending with a comma right before a quotation: "told me,", "as she put it,"."""
REPORTED_LEAD_RE = re.compile(CUE_RE.pattern + r"[ \u00a0]+that,$", re.IGNORECASE)
"""A speech cue, "that" and a comma right before a quotation: "tweeted that, “…”"."""
# The mark first, and the word character a single mark must not follow checked behind it: opening with a
# character class lets the regex engine skip to the marks, where an alternation is tried at every character.
OPENING_MARK_RE = re.compile(r"[\"“„«‘'](?<!\w[‘'])")
"""A quotation's opening mark; a single one only where no letter stands right before it (never "Bell's")."""
SAY_VERBS = CUE_LEXICON.clause
"""Verbs whose object is nearly always a reported clause, even without "that"."""
OBJECT_CUES = CUE_LEXICON.object
OBJECT_END_RE = re.compile(r"[,;:(—–]|[ \u00a0]-[ \u00a0]|(?<!\b[A-Z][a-z])(?<!\b[A-Z])(?<!Mrs)[.!?][ \u00a0]+(?=[A-Z\"“‘])")
"""Where an object reported by a verb of asking or promising ends: the clause's next break or a full stop
(a sentence may run on to the quotation its attribution introduces), not the one in "Mr."."""
SHARE_HINT_RE = re.compile(r"\d|percent|half|third|quarter|majority", re.IGNORECASE)
SHARE_SUBJECT_RE = re.compile(
    r"(?<![\w’'-])(?P<share>(?:(?:[Aa]bout|[Nn]early|[Aa]lmost|[Jj]ust|[Oo]nly|[Aa]nother|[Rr]oughly|[Aa]round|[Oo]ver"
    r"|[Mm]ore[ \u00a0]+than|[Ff]ewer[ \u00a0]+than|[Ll]ess[ \u00a0]+than|[Jj]ust[ \u00a0]+over|[Jj]ust[ \u00a0]+under)[ \u00a0]+)?"
    r"(?:[\w.-]+[ \u00a0]*(?:%|percent|per[ \u00a0]cent)|(?:\d+|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine)"
    r"[ \u00a0]+(?:in|out[ \u00a0]+of)[ \u00a0]+(?:10|ten|\d+)|(?:[Tt]wo|[Tt]hree)-(?:thirds|quarters)|[Hh]alf|[Aa][ \u00a0]+(?:third|quarter|majority)"
    r"|[Tt]he[ \u00a0]+majority)"
    r"(?:[ \u00a0]+of[ \u00a0]+(?:(?!(?:after|before|and|or|but|when|as|in|on|at)[ \u00a0])[\w’'-]+[ \u00a0]+){0,3}?"
    r"(?:[a-z][\w’'-]*s|those[ \u00a0]+[a-z]+ed)|[ \u00a0]+[a-z][\w’'-]*s)?)"
    + GAP_RE + r"[ \u00a0]*$"
)
"""A poll's share of those asked right before a verb of saying: "26 percent", "Six in 10 voters", "half of Democrats"."""
PROGRESSIVE_RE = re.compile(r"(?<=\w)[ \u00a0]+(?:is|are|was|were|isn[’']t|aren[’']t|wasn[’']t|weren[’']t)(?:[ \u00a0]+(?:not|also|now|still))?[ \u00a0]*$")
"""The auxiliary of a progressive form between a subject and its verb: "Ann Bell is warning", "He isn't saying"."""
AGE_APPOSITION_RE = re.compile(r"(?<=[a-z]),[ \u00a0]*\d{1,3}[ \u00a0]*,[ \u00a0]*$")
"""An age in apposition between a subject and its verb: "the Australian-born actress, 52, said"."""
TIME_THEN_COMMA_RE = re.compile(
    r"(?:[ \u00a0]+(?:(?:on[ \u00a0]+)?[A-Z][a-z]+day|(?:last|this)[ \u00a0]+(?:week|month|year)"
    r"|yesterday|today|earlier|later|morning|afternoon|evening|night))+[ \u00a0]*,"
)
""""…, lawmakers said Friday afternoon, a day after …": when, then the comma ending the attribution."""
PASSIVE_OBJECT_RE = re.compile(r"[ \u00a0]+(?:of|for|by|as|over|in|with)\b")
"""A preposition right after a verb of asking or accusing: its passive participle ("a film accused of bias")."""
INFINITIVE_RE = re.compile(r"[ \u00a0]+(?:not[ \u00a0]+)?to[ \u00a0]+[a-z]")
DAY_AFTER_RE = re.compile(r"[ \u00a0]+(?:[A-Z][a-z]+day|today|yesterday|this|last|earlier|later)\b")
""""called on Tuesday for ...": a day after the verb, not its object."""
PLAIN_SAY_FORMS = frozenset({"said", "says", "told", "wrote", "writes"})
"""Forms of saying that are never nouns, beside the past forms in -ed."""
CLAUSE_RE = re.compile(
    r"\b(?:has|have|had|is|are|was|were|will|would|could|should|must|may|might|can|cannot|can't|won't|did|does"
    r"|do|needs|need|wants|remains|remained)\b|\b(?:it|he|she|they|we|I|there|this)[ \u00a0]+[a-z]"
)
"""Capitalised words that open a description, not a name ("Local MP Rachel Reeves")."""
APPOSED_CLAUSE_RE = re.compile(CLAUSE_RE.pattern + r"|\b(?:which|who|whom|whose|that)\b")
"""A clause between a comma and a cue's subject: the cue is inside it, not set between commas on its own."""
ACCORDING_SOURCE_RE = re.compile(
    r"[ \u00a0]+(?P<np>[\w’'&-]+(?:[ \u00a0]+[\w’'&-]+){0,5}?)"
    r"(?=[ \u00a0]*(?:[,.;:!?)]|$)|[ \u00a0]+(?:"
    + "|".join(sorted(PREPOSITIONS | ASIDE_OPENERS | {"that", "and", "or", "but"}, key=len, reverse=True))
    + r")\b)"
)
"""The noun phrase after "according to", up to its clause's end, a preposition or a word opening an aside: "according to exit polls,"."""
NAME_AT_END_RE = re.compile(rf"(?<![\w’'-])(?P<name>{NAME_RE.pattern})$")
"""A name closing a phrase: "trade publication Screen Daily"."""
OBJECT_TAIL_RE = re.compile(
    r"^[ \u00a0]+(?:(?:the|a|an|his|her|their|its|our)[ \u00a0]+)?[\w’'-]+(?:[ \u00a0]+[\w’'-]+)?[ \u00a0]*[.!?]*[\"”’']?[ \u00a0]*$"
)
"""What may follow "told"/"asked" in an attribution after a quote: "Rao told the panel."."""


def speech_in_lead(before: str) -> bool:
    """Whether words before a quotation end in a clause holding a speech cue and a comma.

    "Ann Bell, the station's head, told me," · "who joked of the museum," · "as the report put it,":
    the quotation after them is what was said, though the cue is not right before the comma.
    """
    return before.endswith(",") and LEAD_CUE_RE.search(before) is not None


def reports_what_follows(before: str) -> bool:
    """Whether words before a quotation end in a cue, "that" and a comma: "she said that, “We will win.”".

    The conjunction opens a reported clause, so the quotation inside it is a fragment of that report.
    """
    return before.endswith("that,") and REPORTED_LEAD_RE.search(before) is not None



def tail_start(before: str) -> int:
    """Where the run of characters ending ``before`` that ``SUBJECT_TAIL_RE`` reads begins."""
    return len(before) - SUBJECT_TAIL_RE.match(before[::-1]).end()  # type: ignore[union-attr]


def is_office(name: str) -> bool:
    """"MP for Leeds", "Chief Executive": a capitalised office, which names no one in an apposition."""
    words = [word.lower() for word in name.split()]
    return words[-1] in ROLE_HEADS or any(
        word in ROLE_HEADS and after in ("for", "of") for word, after in zip(words, words[1:])
    )  # "Senator Ann Bell" is a person with her title

class CueReader(NameMentions):
    """Name mentions, with the cues of each sentence read for their subject and reported clause."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.speakers: set[int] = set()
        """Actors some cue or quote has credited: only they are a partial quote's sentence subject."""
        self.sentence_cues: list[Cue] = []
        """The cues read so far in the sentence being read: a participle of saying is said by the latest one's speaker."""
        self.quote_starts: list[int] = []
        self.quote_spans: list[QuoteSpan] = []
        """The text's quotations (and their starts): a cue inside one is quoted speech, not attribution."""
        self.lowered = text.lower() if CASE_ODD_RE.search(text) is None else None
        """The text lower-cased, where that keeps every cue where it is (see ``CASE_ODD_RE``), else None."""

    def cue_matches(self, start: int, end: int) -> Iterator[re.Match[str]]:
        """The speech cues written between ``start`` and ``end``: their group 1 is the cue, lower-cased or not."""
        if self.lowered is not None:
            return LOWER_CUE_RE.finditer(self.lowered, start, end)
        return CUE_RE.finditer(self.text, start, end)

    def find_cues(self, start: int, end: int, quote_starts: list[int], quotes: list[QuoteSpan]) -> list[Cue]:
        text = self.text
        cues: list[Cue] = []
        self.sentence_cues = cues
        covered = (end, start)
        for match in self.cue_matches(start, end):
            if inside_quote(match.start(), quote_starts, quotes):
                continue
            if covered[0] <= match.start() < covered[1]:
                continue  # "... if it finds ...": a verb inside a reported clause is not a new attribution
            if self.in_name(match.start()) or NEXT_CUE_RE.match(text, match.end()):
                continue  # "the inspection reports said": a noun before the real cue, not a cue
            self.mention = None
            cue = self.read_cue(match, start, end)
            if cue is not None:
                if cue.verb in SPEAKER_ONLY_CUES and cue.speaker in self.described.values():
                    cue.speaker = None  # "a box labelled ...": what names a thing is no unnamed speaker
                cue.mention = self.mention if cue.speaker not in (None, UNRESOLVED) else None
                cues.append(cue)
                if cue.content is not None and cue.content[1] > covered[1]:
                    covered = (min(covered[0], cue.content[0]), cue.content[1])
                if cue.speaker is not None and cue.speaker != UNRESOLVED:
                    self.speakers.add(cue.speaker)
                    self.spoken.append((cue.start, cue.speaker))
        return cues

    def in_name(self, position: int) -> bool:
        """Whether a cue word at ``position`` is a capitalised word of a name ("the United States", "Says Who").

        A verb is written capitalised only where it opens its sentence: right after another
        capitalised word it is part of a name or a title.
        """
        if not self.text[position].isupper():
            return False
        previous = self.text[max(0, position - 40) : position].split()
        return bool(previous) and previous[-1][:1].isupper() and position > self.sentence_start

    def read_cue(self, match: re.Match[str], start: int, end: int) -> Cue | None:
        """Who a speech verb belongs to and what it reports, or None if it is not attribution."""
        text = self.text
        verb = " ".join(match.group(1).lower().split())
        before = text[max(start, match.start() - WINDOW) : match.start()]
        after_text = text[match.end() : min(end, match.end() + WINDOW)]
        stripped_before = before.rstrip()
        if verb in OBJECT_CUES and PASSIVE_OBJECT_RE.match(after_text):
            return None  # "a film accused of bias", "was urged by": the participle of a passive, no one speaking
        # "Ann Bell, for the party, accused Tom Hale of ...": after these verbs comes their object, the
        # speaker only right after a quotation ("“Stay home,” urged the mayor.").
        object_verb = verb in OBJECT_CUES and not stripped_before.endswith(("”", '"', "’", "'"))
        inverted = AFTER_SUBJECT_RE.match(after_text) if not object_verb else None
        if verb == "according to" and inverted:
            kind = next(k for k in ("pron", "desc", "name") if inverted.groupdict().get(k))
            speaker = self.subject_at(kind, inverted.group(kind), match.end())
            source = SOURCE_AFTER_RE.match(after_text, inverted.end()) if kind == "desc" else None
            if source and clean_name(source.group("name")):
                speaker = self.actor_for(clean_name(source.group("name")), match.end())
            content: tuple[int, int] | None
            if text[start : match.start()].strip():
                content = (start, match.start())
            else:
                comma = text.find(",", match.end() + inverted.end(), end)
                content = (comma + 1, end) if comma >= 0 else None
            return Cue(match.start(), match.end(), verb, speaker, self.trim(content), True)
        if verb == "according to":
            source = ACCORDING_SOURCE_RE.match(after_text)
            words = source.group("np").lower().split() if source is not None else []
            if words and (words[-1] in ACCORDANCE_NOUNS or words[0] in QUESTION_WORDS):
                return None  # "according to plan", "according to how much they sold": a rule followed, nobody speaking
            if source is not None:
                return self.according_to_source(match, start, end, source)
        ends_clause = inverted is not None and INVERTED_CLAUSE_END_RE.match(after_text[inverted.end() :]) is not None
        if not ends_clause and not object_verb:
            # "declared Wallabies coach Eddie Jones on arrival", "said dairy farmer Tom Ealing", "said former
            # Utah governor Ann Bell", "according to the event organiser Harbour Trust": a role or a description
            # (an opening word, then words and a noun that are never function words or prepositions: "said in a
            # letter to reporter Ann Bell" is no description), then the name.
            office = OFFICE_THEN_NAME_RE.match(after_text)
            if (
                office
                and describes(office.group("head").lower())
                and not NEVER_HEADS.intersection(office.group("modifiers").lower().split()[1:])
                and INVERTED_CLAUSE_END_RE.match(after_text[office.end() :])
            ):
                inverted, ends_clause = office, True
        if not ends_clause and verb not in {"told", "tells", "informed"} and not object_verb:
            # Right after a quotation, "said one person with knowledge of ..." is its unnamed source; after an
            # apposition's comma, "warned a crowd at the quay to ..." has an object.
            quoted = stripped_before.endswith(("”", '"', "’", "'"))
            description = inverted_description(after_text, whole=True, unnamed=quoted)
            if description and (stripped_before.endswith((",", "”", '"', "’", "'")) or not stripped_before):
                # "“…,” said a party member who backs Bell": the description after the verb speaks.
                speaker = self.subject_at("desc", description, match.end())
                comma = stripped_before.rfind(",")
                content_end = max(start, match.start() - len(before) + comma) if comma >= 0 else match.start()
                return Cue(match.start(), match.end(), verb, speaker, self.trim((start, content_end)), True)
        if verb in {"told", "tells", "informed"}:
            inverted = None  # "he told MSPs": after "told" comes the listener, not the speaker
        elif inverted is not None and inverted.group("name") and not clean_name(inverted.group("name")):
            inverted = None  # "Ann Bell, a senator, said Tuesday.": a day, not a name, follows the verb
        if inverted and ends_clause and (stripped_before.endswith((",", "”", '"', "’", "'")) or not stripped_before):
            kind = next(k for k in ("pron", "desc", "name") if inverted.groupdict().get(k))
            speaker = self.subject_at(kind, inverted.group(kind), match.end())
            if speaker is None and kind == "desc" and inverted_description(after_text):
                # "said a person close to the mayor": no noun phrase whole, but its head before "to" is.
                speaker = self.subject_at("desc", inverted_description(after_text), match.end())
            comma = stripped_before.rfind(",")
            content_end = max(start, match.start() - len(before) + comma) if comma >= 0 else match.start()
            return Cue(match.start(), match.end(), verb, speaker, self.trim((start, content_end)), True)
        speaking = self.clause_speaker(verb, stripped_before, start, match.start())
        if speaking is not None:
            # "He explained the headline by saying: …": a participle has no subject of its own; not "headline".
            cue = self.cue_with_content(match, start, end, speaking, match.start())
            if cue.content is not None and cue.content[1] <= match.start():
                cue.content = None  # "He struck a humble tone, saying, …": the clause before it is no one's words
            return cue
        inner = before[: GAP_END_RE.search(before, tail_start(before)).start()].rstrip()  # type: ignore[union-attr]
        if inner.endswith(("–", "—")) and inner[:-1].rfind(inner[-1]) > 0:
            # "Its report – It takes a city to raise a child – found ...": skip the aside.
            cut = inner[:-1].rfind(inner[-1])
            before = before[:cut]
            inner = before.rstrip()
        # "She spoke about the death of Ann Bell in Leeds, arguing that ...": a participle in its own clause is
        # the sentence's subject's, never the name its comma follows, as an apposition's verb would be.
        own_clause = verb.endswith("ing") and PARTICIPLE_LEAD_RE.search(stripped_before) is not None
        if inner.endswith(",") and not own_clause:
            # "Michael Rabb, an analyst with Bank Sal Oppenheim, told Reuters": the name before the aside.
            apposed = self.appositive_cue(match, start, end)
            if apposed is not None and apposed.speaker not in (None, UNRESOLVED):
                return apposed
        # The regex is tried at every character before the cue: only where the word it needs is there.
        spokesperson = SPOKESPERSON_SUBJECT_RE.search(before) if "spokes" in before else None
        if spokesperson and clean_name(spokesperson.group("name")) and (
            spokesperson.group("noun") is None or spokesperson.group("noun") in ORG_ROLE_NOUNS | GENERIC_ORG_NOUNS
        ):
            # "a spokesman for the GMB union said": the body speaks, not "the GMB union" as a description.
            subject_start = match.start() - len(before) + spokesperson.start()
            body = self.actor_for(clean_name(spokesperson.group("name")), subject_start)
            self.mention = (subject_start, subject_start + len(spokesperson.group().rstrip()))
            if len(self.actors[body].names) == 1:
                self.actors[body].kind = "organisation"
            return self.cue_with_content(match, start, end, body, subject_start)
        age = AGE_APPOSITION_RE.search(before) if inner.endswith(",") else None
        subject_words = before[: age.start()] if age else before  # "the actress, 52, said" is the actress
        progressive = PROGRESSIVE_RE.search(subject_words) if verb.endswith("ing") else None
        subject_words = subject_words[: progressive.start()] if progressive else subject_words  # "Ann Bell is warning"
        share = SHARE_SUBJECT_RE.search(subject_words, max(0, len(subject_words) - 80)) if SHARE_HINT_RE.search(subject_words[-80:]) else None
        if share is not None:
            # "26 percent said", "Six in 10 voters say": a poll's share of those asked speaks, a group.
            subject_start = match.start() - len(before) + share.start("share")
            self.mention = (subject_start, subject_start + len(share.group("share")))
            return self.cue_with_content(match, start, end, self.described_actor(share.group("share"), "group"), subject_start)
        for kind, pattern in SUBJECT_END_RES:
            subject = self.closest_subject(kind, pattern, subject_words)
            if subject is None:
                continue
            subject_start = match.start() - len(text[max(start, match.start() - WINDOW) : match.start()]) + subject.start()
            phrase = subject.group(kind)
            raw = phrase
            if kind == "name":
                phrase = self.name_after_remit(subject_start, phrase)
            cleaned = clean_name(phrase) if kind == "name" else ""
            name_start = subject_start + max(0, raw.find(cleaned.split()[0])) if cleaned else subject_start
            if kind == "name" and self.follows_preposition(start, name_start):
                continue  # "The court in Washington found": the name is not the subject
            if kind == "name" and phrase.split()[-1].lower() in PERSON_ROLE_NOUNS and THE_BEFORE_RE.search(text[max(start, subject_start - 5) : subject_start]):
                kind, phrase = "desc", "the " + phrase  # "the Trade and Industry Secretary": a role, not a name
            speaker = self.subject_at(kind, phrase, subject_start)
            if kind == "name" and speaker not in (None, UNRESOLVED) and self.actors[speaker].kind == "organisation":
                person = PERSON_BEFORE_RE.search(text, max(start, subject_start - 60), subject_start)
                named = clean_name(person.group("name")) if person else ""
                if named and len(named.split()) >= 2 and guess_kind(named) == "person":
                    speaker = self.actor_for(named, subject_start)
            if speaker is not None:
                return self.cue_with_content(match, start, end, speaker, subject_start)
            if kind != "name" or clean_name(subject.group(kind)):
                break
        if inner.endswith((",", ")")) and not own_clause:
            apposed = self.appositive_cue(match, start, end)
            if apposed is not None:
                return apposed
        participle = verb.endswith("ing") and PARTICIPLE_LEAD_RE.search(stripped_before) is not None
        if participle or (verb in SAY_VERBS and (verb.endswith("ed") or verb in PLAIN_SAY_FORMS)):
            # "Ann Bell, who ..., has said she will stay": the sentence's subject said it, however far back.
            # Only forms that cannot be nouns ("the state", "a claim", "notes") report on their own, and
            # participles in their own clause ("..., saying", "by saying").
            opener = self.opening_description(start, match.start())
            if opener is None:
                opener = self.opening_subject(match.start())
                self.mention = self.written_name(opener, self.sentence_start) if opener is not None else None
            return self.cue_with_content(match, start, end, opener, match.start())
        return None

    def according_to_source(self, match: re.Match[str], start: int, end: int, source: re.Match[str]) -> Cue:
        """"according to federal statistics", "According to police, ...": an unnamed source is the speaker.

        What follows "according to" is always who or what the clause is credited to; a noun phrase
        naming no actor ("exit polls", "show insiders") is a described speaker of its own. The
        clause is the words before it in the sentence, else those after its comma.
        """
        phrase = source.group("np")
        if len(phrase.split()) > 1 and phrase.endswith("ed"):
            phrase = phrase.rsplit(maxsplit=1)[0]  # "figures released by ...": the figures
        position = match.end() + source.start("np")
        kind = "group" if is_plural(phrase.split()[-1]) else "desc"
        # A bare singular ("research", "search engine Ask Jeeves") refers back to no one: it is its own source.
        speaker = self.subject_at(kind, phrase, position) if kind == "group" or DETERMINER_RE.match(phrase) else None
        named = NAME_AT_END_RE.search(phrase)
        if named and clean_name(named.group("name")):
            # "according to trade publication Screen Daily": the name after its description.
            speaker = self.actor_for(clean_name(named.group("name")), position + named.start("name"))
            self.mention = self.phrase_span(clean_name(named.group("name")), position + named.start("name"))
        issuer = SOURCE_AFTER_RE.match(self.text, match.end() + source.end())
        if issuer and clean_name(issuer.group("name")):
            speaker = self.actor_for(clean_name(issuer.group("name")), issuer.start("name"))  # "figures from the ONS"
            self.mention = self.phrase_span(clean_name(issuer.group("name")), issuer.start("name"))
        if speaker in (None, UNRESOLVED) and noun_phrase(phrase):
            speaker = self.described_actor(noun_phrase(phrase), "group" if kind == "group" else "unnamed")
            self.mention = self.phrase_span(noun_phrase(phrase), position)
        if self.text[start : match.start()].strip():
            content: tuple[int, int] | None = (start, match.start())
        else:
            comma = self.text.find(",", match.end() + source.end(), end)
            content = (comma + 1, end) if comma >= 0 else None
        return Cue(match.start(), match.end(), "according to", speaker, self.trim(content), True)

    def clause_speaker(self, verb: str, before: str, start: int, position: int) -> int | None:
        """For a participle of saying in its own clause, who says it (noting the mention), else None.

        "She responded on Twitter by saying, …" and "He said, adding, …": the participle is said by
        the subject of the verb it hangs on, whatever names stand between them: the speaker of the
        sentence's latest cue, else the pronoun the sentence opens with ("He struck a rare humble
        tone, saying").
        """
        if not verb.endswith("ing") or PARTICIPLE_LEAD_RE.search(before) is None:
            return None
        cue = next((cue for cue in reversed(self.sentence_cues) if cue.speaker not in (None, UNRESOLVED)), None)
        if cue is not None:
            self.mention = cue.mention
            return cue.speaker
        pronoun = OPENING_PRONOUN_RE.match(self.text, start, position)
        if pronoun is None:
            return None
        speaker = self.subject_at("pron", pronoun.group("pron"), pronoun.start("pron"))
        return None if speaker == UNRESOLVED else speaker

    @staticmethod
    def closest_subject(kind: str, pattern: re.Pattern[str], before: str) -> re.Match[str] | None:
        """The subject nearest the verb: "after a federal judge said" is "a federal judge", not "The move ..."."""
        if kind != "desc":
            return pattern.search(before, tail_start(before))
        inner_end = GAP_END_RE.search(before, tail_start(before)).start()  # type: ignore[union-attr]
        for determiner in reversed(list(DETERMINER_RE.finditer(before, 0, inner_end))):
            found = pattern.match(before, determiner.start())
            if found:
                return found
        return None

    def appositive_cue(self, match: re.Match[str], start: int, end: int) -> Cue | None:
        """"Bridget Robb, chief executive of ..., said": the speaker is the name the sentence opens with."""
        for name_match in NAME_RE.finditer(self.text, start, match.start()):
            if inside_quote(name_match.start(), self.quote_starts, self.quote_spans):
                continue
            if OPENING_PREPOSITION_RE.match(self.text, start) and self.follows_preposition(start, name_match.start()):
                continue  # "In the village of Kumbalangi, fisherman Joseph Thomas, 52, said": not the village
            if self.in_relative_aside(start, name_match.start()):
                continue  # "The firm, whose subsidiary farms in Venezuela, insisted": not Venezuela
            name = clean_name(name_match.group())
            if not name:
                continue
            if not self.text[name_match.end() : name_match.end() + 2].startswith(","):
                if not self.text[name_match.end() : name_match.end() + 12].lstrip().startswith("("):
                    continue
            following = NAME_RE.match(self.text, name_match.end() + 2, match.start())
            if following and self.text[following.end() : following.end() + 1] == ",":
                apposed = clean_name(following.group())
                if apposed and guess_kind(apposed) == "person" and len(apposed.split()) >= 2 and not is_office(apposed):
                    name = apposed  # "the Minister for Families, Lizzie Blandthorn, said"; not "Ann Bell, MP for Leeds,"
            speaker = self.actor_for(name, name_match.start())
            self.mention = self.phrase_span(name, name_match.start())
            return self.cue_with_content(match, start, end, speaker, start)
        return None

    def in_relative_aside(self, start: int, position: int) -> bool:
        """Whether a name at ``position``, before a cue, stands in a relative clause set off by commas.

        The clause runs on to the comma before the cue, over any commas of its own: "The actor, whose films
        include Dark Water, Long Road and Star Fall, said".
        """
        before = bisect_right(self.quote_starts, position) - 1
        if before >= 0:
            start = max(start, self.quote_spans[before].end)  # a quotation's own "where" is none of the writer's
        return RELATIVE_ASIDE_RE.search(self.text, start, position) is not None

    def opening_description(self, start: int, position: int) -> int | None:
        """The speaker a sentence's opening description names when a relative clause follows it.

        "The couple, who married in Leeds last May, said": the couple, not Leeds.
        """
        opening = OPENING_DESCRIPTION_RE.match(self.text, start, position)
        if opening is None:
            return None
        speaker = self.subject_at("desc", opening.group("desc"), opening.start("desc"))
        return None if speaker == UNRESOLVED else speaker

    def cue_with_content(self, match: re.Match[str], start: int, end: int, speaker: int | None, subject_start: int) -> Cue:
        text = self.text
        verb = " ".join(match.group(1).lower().split())
        rest = text[match.end() : end]
        if verb in SPEAKER_ONLY_CUES:
            return Cue(match.start(), match.end(), verb, speaker, None, False)
        if COMMA_NEXT_RE.match(rest) or TIME_THEN_COMMA_RE.match(rest):
            # "“...,” she said, “and ...”" or "he added, shrugging": the attribution ends here.
            comma = text.rfind(",", start, subject_start)
            opens = comma > start and not OPENING_MARK_RE.match(text, start + len(text[start:comma]) - len(text[start:comma].lstrip()))
            aside = opens and not APPOSED_CLAUSE_RE.search(text, comma, subject_start)  # not "..., which he denied, ..."
            around = self.around_aside(start, match.end() + rest.index(",") + 1, end) if aside else None
            content = (around or (start, comma)) if opens else None
            return Cue(match.start(), match.end(), verb, speaker, self.trim(content), True)
        if verb in OBJECT_CUES and INFINITIVE_RE.match(rest):
            return Cue(match.start(), match.end(), verb, speaker, self.object_content(match.end(), end), False)  # "vowed to fight on"
        listener = OBJECT_THEN_PLACE_RE.match(rest[:WINDOW])
        object_tail = verb in {"told", "tells", "asked", "asks", "informed"} and (
            OBJECT_TAIL_RE.match(rest[:WINDOW])
            or (listener and " that " not in rest and PREPOSITIONAL_TAIL_RE.match(rest[listener.end() :]))
        )
        short_tail = len(rest.split()) <= 9 and PREPOSITIONAL_TAIL_RE.match(rest) and " that " not in rest and not CLAUSE_RE.search(rest)
        if (TAIL_RE.match(rest[:WINDOW]) or object_tail or short_tail) and len(rest) <= WINDOW:
            comma = text.rfind(",", start, subject_start)
            if comma > start and not OPENING_MARK_RE.match(text, start + len(text[start:comma]) - len(text[start:comma].lstrip())):
                return Cue(match.start(), match.end(), verb, speaker, self.trim((start, comma)), True)
            return Cue(match.start(), match.end(), verb, speaker, None, True)
        opening = OPENING_MARK_RE.search(rest, 0, WINDOW)
        if QUOTE_NEXT_RE.match(rest) or ":" in rest[: opening.start() if opening else 0]:
            return Cue(match.start(), match.end(), verb, speaker, None, False)  # introduces a direct quote
        content_start = match.end()
        needs_that = verb in {"recommended", "recommends", "urged", "urges"}
        that = THAT_AFTER_RE.match(rest[:WINDOW])
        if verb in OBJECT_CUES and that and that.group().split() != ["that"]:
            that = None  # "called for a change to the view that ...": the object, with its own clause
        if that and "," not in that.group() and not CLAUSE_RE.search(that.group()[:-4]):
            # "said on Monday that ...", never the relative "that" of "said Keneally had betrayed the community that ..."
            content_start += that.end()
        elif verb in OBJECT_CUES:
            return Cue(match.start(), match.end(), verb, speaker, self.object_content(match.end(), end), False)
        elif needs_that or PREPOSITION_NEXT_RE.match(rest):
            return Cue(match.start(), match.end(), verb, speaker, None, False)
        content = self.trim((content_start, end))
        if content is not None and not that and verb not in SAY_VERBS:
            window = text[content[0] : min(content[1], content[0] + 120)]
            infinitive = verb in {"told", "tells", "asked", "asks", "urged", "urges"} and TO_VERB_RE.search(window)
            if not CLAUSE_RE.search(window) and not infinitive:
                content = None  # "announced a new drive": an object, not a reported clause
        return Cue(match.start(), match.end(), verb, speaker, content, False)

    def object_content(self, begin: int, end: int) -> tuple[int, int] | None:
        """What a verb of asking or promising reports: its object up to the clause's end.

        "Ann Bell called for an inquiry into the fire, citing ..." reports "an inquiry into the fire";
        "urged voters to stay home" reports "voters to stay home". A day right after "called on" is
        when, not whom ("called on Tuesday for ..."): no object is read.
        """
        if DAY_AFTER_RE.match(self.text, begin):
            return None
        stop = OBJECT_END_RE.search(self.text, begin, end)
        return self.trim((begin, stop.start() if stop else end))

    def around_aside(self, start: int, resume: int, end: int) -> tuple[int, int] | None:
        """The whole sentence when its cue stands between commas inside the reported clause, else None.

        "The museum, Ann Bell said, would make visitors face hard truths." reports one clause the cue
        interrupts; "The plan is dead, she said, adding ..." or "..., she said, though ..." goes on with
        the writer's words (a participle, or a word opening an aside: ``data/aside_openers.txt``), and
        "..., she said, “and ...”" with a quotation of its own.
        """
        words = self.text[resume:end].split()
        if len(words) < 3 or OPENING_MARK_RE.match(words[0]):
            return None
        first = words[0].lower().strip(",;:—–-")
        if first.endswith("ing") or first in ASIDE_OPENERS:
            return None
        return (start, end)

    def trim(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None:
            return None
        start, end = span
        text = self.text
        dateline = DATELINE_RE.match(text, start, end)
        if dateline:
            start = dateline.end()  # "PHOENIX (AP) — ": the wire's dateline is not speech
        while start < end and (text[start].isspace() or text[start] in ",:;–—-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?–—-"):
            end -= 1
        return (start, end) if end - start >= 3 and len(text[start:end].split()) >= 3 else None
