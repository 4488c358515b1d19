"""Provides actor names: titles, kinds, roles, and deciding when two names are one actor.

Pure functions over strings. ``storage.attribution.quotes`` uses them to group the names
an article gives into actors; ``storage.attribution.linking`` links those actors
to the corpus's, so one real person or organisation is one row however many
articles name it and however differently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from storage.attribution.described_speakers import phrase_list

PERSON_TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord baroness baron cllr councillor rev reverend"
    " revd father sister judge justice rabbi imam bishop archbishop president senator sen rep gov governor"
    " mayor gen general col colonel capt captain sgt sergeant officer detective insp inspector supt"
    " superintendent chief alderman alderwoman commissioner minister secretary chancellor mp senator"
    " congressman congresswoman representative premier treasurer ambassador cr".split()
)
"""Words that may stand before a person's name; they mark a person, never an organisation."""

HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord baroness baron cllr cr councillor rev reverend revd".split()
)
"""Titles of address: on their own ("Sir", "Lord", "Cllr") they never name anyone."""

GENDER_TITLES = {
    **dict.fromkeys("mr sir lord baron king prince father brother congressman".split(), "he"),
    **dict.fromkeys("mrs ms miss dame lady baroness queen princess sister congresswoman".split(), "she"),
}
"""Titles that tell which of "he" and "she" can refer to their bearer."""

GENDER_NOUNS = {
    **dict.fromkeys("spokesman chairman businessman fisherman sportsman father husband son brother boy man".split(), "he"),
    **dict.fromkeys(
        "spokeswoman chairwoman businesswoman fisherwoman sportswoman mother wife daughter sister girl woman actress"
        " mum grandmother widow".split(),
        "she",
    ),
}
"""Role nouns that tell the same."""

HONORIFICS_BY_FIRST_NAME = frozenset({"sir", "dame", "lady", "lord"})
"""Titles used with a first name alone in British style: "Sir Michael" is Sir Michael Wilshaw."""

ORG_WORDS = frozenset(
    "council association commission society nhs board committee department ministry office agency service"
    " services trust university college school institute group party police government union company"
    " corporation corp inc ltd plc llc bank court foundation fund authority centre center network news times"
    " post guardian telegraph bbc cbc abc nbc cnn reuters press charity hospital clinic inspectorate"
    " parliament congress senate assembly cabinet executive league federation alliance coalition"
    " organisation organization partnership panel review tribunal commissioner's lbc mcc cc ofsted"
    " watchdog regulator airlines airways bureau administration army navy force forces church"
    " council's commission's".split()
)
"""Words that make a capitalised name an organisation ("Birmingham City Council", "NHS England")."""

NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "du", "la", "le", "da", "del", "di"})
"""Lower-case words inside people's names: "Nick Van den Broek", "Ursula von der Leyen"."""

NAME_JOINERS = frozenset({"of", "for", "and", "the", "on", "in", "&"}) | NAME_PARTICLES

ROLE_HEADS = frozenset(
    "minister secretary commissioner executive inspector leader worker director professor economist"
    " spokesman spokeswoman spokesperson chairman chairwoman chair president officer member head chief"
    " manager editor reporter correspondent lawyer attorney judge mayor governor senator mp peer councillor"
    " adviser advisor analyst researcher scientist expert founder owner author chancellor campaigner"
    " coordinator co-ordinator consultant partner principal teacher doctor surgeon nurse"
    " spokesperson deputy vice-president vice-chair vice-chairman trustee administrator ceo cfo boss"
    " official representative ombudsman regulator watchdog commission council charity panel"
    " superintendent constable detective solicitor barrister coach captain player star singer actor actress"
    " chef producer presenter host writer novelist artist musician rapper footballer striker midfielder"
    " defender goalkeeper champion skipper winger forward batsman bowler jockey sprinter swimmer boxer"
    " golfer cyclist quarterback pitcher msp mep mla lawmaker legislator assemblyman assemblywoman".split()
)
"""Nouns that end a role ("children's minister", "chief executive of ...")."""

ORG_ROLE_NOUNS = frozenset(
    "council authority commission committee board watchdog regulator charity department ministry"
    " government agency panel trust union company firm inspectorate police service association"
    " society organisation organization group party court tribunal firm business carrier airline bank retailer"
    " giant chain manufacturer insurer lender operator broadcaster publisher club team studio label".split()
)
"""Nouns that, after "the", refer back to an organisation ("the watchdog", "the commission")."""

PERSON_ROLE_NOUNS = ROLE_HEADS - ORG_ROLE_NOUNS

ORGANISATION_NAMES = phrase_list("organisation_names")
"""Names of bodies with no word saying so: a party named by its members, a seat of government ("Downing Street")."""

PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person", "his": "person",
            "they": "any", "them": "any", "their": "any", "it": "organisation", "its": "organisation"}

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@dataclass
class LocalActor:
    """One actor as an article names it: every name used, the kind, and the roles given.

    ``names`` keeps the order names were first seen; ``roles`` likewise.
    """

    names: list[str]
    kind: str
    roles: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return most_complete_name(self.names, self.kind)

    @property
    def role(self) -> str:
        return best_role(self.roles)

    def add_name(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)

    def add_role(self, role: str) -> None:
        if role and role not in self.roles:
            self.roles.append(role)

    def add_untitled_names(self) -> None:
        """Give a person every titled full name without its titles too: "Lord Norman Warner" -> "Norman Warner".

        Readers search for the bare name; other outlets print it without the title.
        """
        if self.kind != "person":
            return
        for name in list(self.names):
            untitled = untitled_name(name)
            if untitled:
                self.add_name(untitled)


def gender_of(name: str, roles: Iterable[str] = ()) -> str:
    """"he", "she" or "" (unknown) from a name's titles and the actor's role nouns: "Mrs Smith" is "she"."""
    for title in split_title(name)[0]:
        if title.lower() in GENDER_TITLES:
            return GENDER_TITLES[title.lower()]
    for role in roles:
        for word in role.lower().split():
            if word in GENDER_NOUNS:
                return GENDER_NOUNS[word]
    return ""


POSSESSIVE_END_RE = re.compile(r"'s?$")


def tokens_of(name: str) -> list[str]:
    """The words of a name with apostrophes straightened and a possessive "'s" dropped."""
    return list(name_tokens(name))


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """``tokens_of`` cached: extraction asks for the same few names' words tens of thousands of times."""
    name = POSSESSIVE_END_RE.sub("", name.translate(APOSTROPHES).strip())
    return tuple(name.replace(".", " ").split())


def split_title(name: str) -> tuple[list[str], list[str]]:
    """("Lord Norman Warner") -> (["Lord"], ["Norman", "Warner"]): leading titles apart from the name."""
    titles, words = title_and_words(name)
    return list(titles), list(words)


@lru_cache(maxsize=1 << 16)
def title_and_words(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``split_title`` cached, as tuples."""
    words = name_tokens(name)
    count = 0
    while len(words) - count > 1 and words[count].lower() in PERSON_TITLES:
        count += 1
    return words[:count], words[count:]


def untitled_name(name: str) -> str:
    """A titled full name without its titles ("Sir Michael Wilshaw" -> "Michael Wilshaw"), else "".

    A single word left after the titles is no name on its own ("Sir Michael" keeps its title).
    """
    titles, words = split_title(name)
    if not titles or len(words) < 2 or words[0] in NAME_JOINERS:
        return ""  # "Bishop of Durham" is an office: "of Durham" names no one
    return " ".join(words)


def is_honorific_only(name: str) -> bool:
    """Whether a name is nothing but titles of address ("Sir", "Lord", "Mr"): a name for no one."""
    words = tokens_of(name)
    return bool(words) and all(word.lower() in HONORIFICS for word in words)


def keys_of(name: str) -> set[str]:
    """Lower-cased words that any matching name shares: its words without titles, and its acronym."""
    return set(name_keys(name))


@lru_cache(maxsize=1 << 16)
def name_keys(name: str) -> frozenset[str]:
    """``keys_of`` cached."""
    _, words = title_and_words(name)
    keys = {word.lower() for word in words if word.lower() not in NAME_JOINERS}
    acronym = acronym_of(name)
    if acronym:
        keys.add(acronym.lower())
    return frozenset(keys)


def is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 8 and word.isupper() and word.isalpha()


@lru_cache(maxsize=1 << 16)
def guess_kind(name: str) -> str:
    """``person``, ``organisation`` or ``group`` from the name alone (titles, org words, acronyms, plurals)."""
    titles, words = split_title(name)
    if titles:
        return "person"
    lowered = [word.lower() for word in words]
    if any(word in ORG_WORDS for word in lowered):
        return "organisation"
    if len(words) == 1 and is_acronym(words[0]):
        return "organisation"
    if " ".join(lowered) in ORGANISATION_NAMES:
        return "organisation"  # "Labour said", "Downing Street said": a body, never "he"
    if len(words) == 1 and words[0].endswith("s") and lowered[0][:-1] in ROLE_HEADS:
        return "group"  # "MPs said", "Ministers said": people of one office, never "he"
    if any(word in NAME_JOINERS - NAME_PARTICLES for word in lowered):
        return "organisation"
    return "person"


@lru_cache(maxsize=1 << 16)
def acronym_of(name: str) -> str:
    """The initials of a name's capitalised words: "British Association of Social Workers" -> "BASW"."""
    words = [word for word in tokens_of(name) if word.lower() not in NAME_JOINERS]
    if len(words) < 2:
        return ""
    return "".join(word[0] for word in words if word[0].isalpha()).upper()


@lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """A name for comparison: no titles, no leading "the", lower case, straight apostrophes."""
    _, words = split_title(name)
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words).lower()


def without_initials(words: Sequence[str]) -> list[str]:
    """A name's words lower-cased without middle initials: "Donald J. Trump" is "donald trump"."""
    return [word.lower() for index, word in enumerate(words) if not (len(word) == 1 and 0 < index < len(words) - 1)]


def same_person(a: str, b: str) -> bool:
    """Whether two person names can be the same person.

    The shorter name must be the longer one's ending ("Warner", "Lord Warner",
    "Le Grand" against "Julian Le Grand"), or a British honorific with the first
    name ("Sir Michael" against "Sir Michael Wilshaw"). Different first names
    ("Bridget Robb", "Brigid Jones") never match.
    """
    la, honorific_a = person_key(a)
    lb, honorific_b = person_key(b)
    if not la or not lb:
        return False
    if len(la) > len(lb):
        la, lb, honorific_a = lb, la, honorific_b
    if la == lb[len(lb) - len(la):]:
        return True
    return honorific_a and len(la) == 1 and la[0] == lb[0] and len(lb) > 1


@lru_cache(maxsize=1 << 16)
def person_key(name: str) -> tuple[tuple[str, ...], bool]:
    """What ``same_person`` compares, cached as a long text compares each name with many others.

    A name's words without titles or middle initials, lower-cased, and whether one of its
    titles goes with a first name alone ("Sir").
    """
    titles, words = title_and_words(name)
    return tuple(without_initials(words)), any(title.lower() in HONORIFICS_BY_FIRST_NAME for title in titles)


def same_organisation(a: str, b: str) -> bool:
    """Exact match apart from case and "the", or one is the other's acronym ("BASW")."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    upper_a, upper_b = a.strip(), b.strip()
    return (is_acronym(upper_a) and acronym_of(b) == upper_a) or (is_acronym(upper_b) and acronym_of(a) == upper_b)


def names_match(a: str, b: str, kind: str) -> bool:
    """Whether names ``a`` and ``b`` of an actor of ``kind`` may denote the same actor."""
    if kind == "person":
        return same_person(a, b)
    return same_organisation(a, b)


def most_complete_name(names: Sequence[str], kind: str) -> str:
    """The fullest of an actor's names: "Lord Norman Warner" over "Lord Warner"; an expansion over its acronym."""
    if not names:
        return ""

    def score(name: str) -> tuple[int, int, int]:
        titles, words = split_title(name)
        acronym = int(not (len(words) == 1 and is_acronym(words[0])))
        return (acronym, len(words), len(titles))

    return max(names, key=score)


def best_role(roles: Sequence[str]) -> str:
    """The most informative role: a current role over a "former" one, then the longest."""
    if not roles:
        return ""
    return max(roles, key=lambda role: (not role.lower().startswith(("former", "ex-")), len(role)))


def role_head(role: str) -> str:
    """The noun a role ends in ("children's minister" -> "minister"), ignoring an "of ..." tail."""
    words = re.split(r"\s+(?:of|for|at|to|in)\s+", role.lower(), maxsplit=1)[0].split()
    return words[-1] if words else ""


RANK_WORDS = frozenset("deputy vice shadow assistant acting junior interim".split())
"""Words that make an office another one: the deputy prime minister is not "the prime minister"."""


def role_fits(noun: str, roles: Iterable[str], description: str = "") -> bool:
    """Whether "the <noun>" can refer to an actor with these roles ("the minister" -> a current minister).

    ``description`` is the whole phrase: a rank it does not give means another
    office ("the prime minister" is not the deputy prime minister).
    """
    said = role_words(description)
    for role in roles:
        if role.lower().startswith(("former", "ex-")):
            continue
        words = role_words(role)
        if noun in words and not (words & RANK_WORDS) - said:
            return True
    return False


ROLE_WORD_RE = re.compile(r"[\w-]+")


@lru_cache(maxsize=1 << 16)
def role_words(phrase: str) -> frozenset[str]:
    """The lower-cased words of a role or description, cached: "the minister" is tried against every actor nearby."""
    return frozenset(ROLE_WORD_RE.findall(phrase.lower()))


def group_names(names: Iterable[tuple[str, str]]) -> list[LocalActor]:
    """Group (name, kind) pairs into actors, fullest names first so short forms find their owner.

    A short person name ("Jones") joins the only full name it fits; when two
    full names fit ("Brigid Jones", "Mary Jones") it stays on its own.
    """
    pairs = sorted(set(names), key=lambda pair: -len(split_title(pair[0])[1]))
    actors: list[LocalActor] = []
    for name, kind in pairs:
        fits = [actor for actor in actors if actor.kind == kind and any(names_match(name, n, kind) for n in actor.names)]
        if len(fits) == 1:
            fits[0].add_name(name)
        else:
            actors.append(LocalActor([name], kind))
    return actors
