"""Provides parse_query: what a researcher types in the search box, split into terms, phrases and filters.

The grammar is forgiving on purpose: anything typed is a valid query. Words
become fuzzy terms; ``"an exact phrase"`` must appear as written (an unclosed
quotation mark runs to the end, so a phrase searches while it is being typed);
``by:``, ``tag:``, ``in:`` and ``kind:`` filter (their value may be quoted to
hold spaces). Characters that mean something to FTS5 or to regular expressions
(``AND``, ``NEAR(``, ``*``, ``-``, ``.*``) are just punctuation or words here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 12
"""More terms than this add nothing a researcher can see and cost time; the rest are ignored."""
MAX_TERM_CHARS = 40
"""Longer "words" (a pasted URL, a run of letters) are cut, so fuzzy matching stays cheap."""
MAX_QUERY_CHARS = 2000
"""A pasted page is searched by its beginning."""

WORD = re.compile(r"\w+")
PART = re.compile(
    r'(?P<key>by|tag|in|kind):(?:"(?P<quoted>[^"]*)"?|(?P<value>[^\s"]*))'
    r'|"(?P<phrase>[^"]*)"?'
    r"|(?P<words>[^\s\"]+)",
    re.IGNORECASE,
)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t said says say told""".split()
)
"""Words that would match nearly every quote; dropped from free text unless nothing else is left."""


def words(text: str) -> list[str]:
    """The casefolded words of ``text``, each cut to MAX_TERM_CHARS: the unit of matching everywhere."""
    return [match.group().casefold()[:MAX_TERM_CHARS] for match in WORD.finditer(text)]


def normalise_phrase(text: str) -> str:
    """Casefolded words joined by single spaces, so a phrase matches across punctuation and line breaks."""
    return " ".join(words(text))


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query. Every tuple may be empty; ``is_empty`` says when there is nothing to search for.

    ``prefix_last`` is true while the last free word is still being typed (no
    space after it): that word then also matches longer words it begins.
    """

    text: str
    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    prefix_last: bool = False

    @property
    def has_filters(self) -> bool:
        return bool(self.speakers or self.tags or self.titles or self.kinds)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.has_filters)

    @property
    def match_terms(self) -> tuple[str, ...]:
        """The terms that score a hit: the free words, then every word of the phrases."""
        phrase_words = [word for phrase in self.phrases for word in phrase.split()]
        return dedupe([*self.terms, *phrase_words])[:MAX_TERMS]


def dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def parse_query(text: str) -> SearchQuery:
    """Split a typed query into free terms, phrases and filters; never raises.

    Stopwords are dropped from the free terms when something else is left, so
    "what did Warner say about the NHS" searches for warner and nhs.
    """
    text = text[:MAX_QUERY_CHARS]
    free: list[str] = []
    phrases: list[str] = []
    filters: dict[str, list[str]] = {"by": [], "tag": [], "in": [], "kind": []}
    last_is_word = False
    for match in PART.finditer(text):
        last_is_word = False
        if match.group("key"):
            value = match.group("quoted") if match.group("quoted") is not None else match.group("value")
            if value and value.strip():
                filters[match.group("key").lower()].append(" ".join(value.split()))
        elif match.group("phrase") is not None:
            phrase = normalise_phrase(match.group("phrase"))
            if phrase:
                phrases.append(phrase)
        else:
            found = words(match.group("words"))
            free.extend(found)
            last_is_word = bool(found)
    content = [word for word in free if word not in STOPWORDS]
    terms = dedupe(content or free)[:MAX_TERMS]
    return SearchQuery(
        text=text,
        terms=terms,
        phrases=dedupe(phrases),
        speakers=dedupe(filters["by"]),
        tags=dedupe(filters["tag"]),
        titles=dedupe(filters["in"]),
        kinds=dedupe(filters["kind"]),
        prefix_last=last_is_word and not text[-1:].isspace() and bool(terms) and terms[-1] == free[-1],
    )
