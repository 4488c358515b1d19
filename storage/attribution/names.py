"""Provides names: a capitalised run of words cut to the name it holds ("But Robb's" -> "Robb")."""

from __future__ import annotations

import re
from functools import lru_cache

from storage.attribution.actors import (
    HONORIFICS,
    NAME_JOINERS,
    NAME_PARTICLES,
    ORG_WORDS,
    PERSON_TITLES,
    ROLE_HEADS,
    is_honorific_only,
)
from storage.attribution.described_speakers import word_list

CAP_WORD = r"[A-Z][\w'’\-]*"
# The lookahead lets the regex engine skip to capitals: names are sought in every sentence.
INITIAL = r"[A-Z]\.(?=[ \u00a0]+(?!(?:The|A|An|In|On|At|He|She|It|They|We|I|But|And|This|That|Then|There)\b)[A-Z][a-z])"
"""A middle initial: "Donald J. Trump", "Laurence H. Tribe" (never "Plan B. Then")."""
NAME_RE = re.compile(
    rf"(?=[A-Z])(?:(?:Mr|Mrs|Ms|Dr|Prof|Rev|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|St|Supt|Insp|Det)\.[ \u00a0])?{CAP_WORD}(?:[ \u00a0](?:(?:of|for|and|the|de|van|von|der|den|du|la|le|da|del|di|&)[ \u00a0])?(?:{INITIAL}|{CAP_WORD})){{0,6}}"
)
STOP_CAPS = frozenset(
    "The A An In On At By For But And Or So If As When While After Before Since Although Though However"
    " Meanwhile Last Next This That These Those Such Its His Her Their Our My Your It He She They We I You"
    " There Here Shortly Senior Former Speaking Reacting According Asked Under Over From With Without"
    " Despite During Following Between Among Today Yesterday Tomorrow Now Then Also Still Even Only Just"
    " Both Each Every All Some Many Most More No Not Yes Oh What Who Why How Where Which To Of"
    " Earlier Later Instead Indeed Overall Why Once Similar Read More Click See Subscribe Sign Latest"
    # The rest of English's prepositions, conjunctions and linking adverbs: never the start of a name.
    " Besides Amid Amidst Beyond Unlike Like Against Toward Towards Upon Via Regarding Concerning Including"
    " Excluding Throughout Within Across Along Around Behind Below Beneath Beside Inside Outside Near Into Onto"
    " Until Unless Whereas Whether Because Nevertheless Nonetheless Moreover Furthermore Additionally Notably"
    " Likewise Otherwise Thus Therefore Hence Still Yet Perhaps Maybe Separately Having Being".split()
) | word_list("name_openers")
NOT_NAMES = frozenset(
    "january february march april may june july august september october november december monday tuesday"
    " wednesday thursday friday saturday sunday".split()
)
POST_NOMINALS = word_list("post_nominals")
"""Words that end a matched name without being part of it: "Simone Tarrant SC", "Jane Hill MP", "Ann Bell TD"."""
DESCRIPTOR_NOUNS = frozenset(word for word in word_list("descriptor_nouns") if not word.startswith("-"))
"""Descriptions written capitalised before a name at a sentence's start: "Pensioner Mary Hill, 78,", "Briton Jo Park"."""
DESCRIPTOR_ENDINGS = tuple(word for word in word_list("descriptor_nouns") if word.startswith("-"))
"""Word endings that make a description of the same kind: "Leeds-born Tom Hale"."""
OFFICE_NOUNS = word_list("office_nouns")
"""Offices before a name that are not role nouns elsewhere: "House Speaker Tom Hale", "Taoiseach Jo Park"."""
AFFILIATION_NOUNS = frozenset(
    "republican democrat conservative tory socialist nationalist unionist libertarian progressive independent"
    " loyalist".split()
) | frozenset("republicans democrats dems conservatives tories socialists nationalists unionists".split())
"""Party members named before a name, a description rather than part of it: "Republican Tom Hale", "For the
Lib Dems Ann Cole said"."""
ROLE_TITLE_WORDS = frozenset(
    "prime attorney general foreign home health education justice police chief deputy vice secretary minister"
    " commissioner chancellor inspector constable president governor mayor senator leader first shadow".split()
)
NAME_PREFIXES = frozenset("local former senior deputy acting shadow interim opposition veteran then".split())
OFFICE_WORDS = ROLE_HEADS | DESCRIPTOR_NOUNS | AFFILIATION_NOUNS | OFFICE_NOUNS | {"general"}
"""Words that end an office or a description written before a name: "Prime Minister", "Attorney General", "Pensioner",
"Republican"."""
LINKING_JOINERS = NAME_JOINERS - NAME_PARTICLES
"""Lower-case words that join an organisation's name ("of", "and"), not a person's ("van", "de")."""
TERRITORIAL_TITLES = frozenset("lord lady baron baroness earl countess viscount duke duchess marquess".split())
"""Titles held "of" a place, which stays in the name: "Lord Nicholls of Birkenhead"."""
POSSESSIVE_S = ("'s", "’s")
PLURAL_POSSESSIVE = ("s'", "s’")
CREDIT_LABELS = word_list("credit_labels")
"""Words that open a photo credit or caption: the names after them are the credit's, never speakers."""
ALSO_NAMES = frozenset({"i", "am", "us", "it", "who", "may"})
"""Function words that are also acronyms, post-nominals or names in capitals ("US", "IT", "WHO", "AM", "THERESA MAY")."""
HEADING_WORDS = (word_list("function_words") | word_list("prepositions")) - NAME_JOINERS - ALSO_NAMES
"""Words that put a run of capitals in a heading ("NEW YORK AT ITS CORE")."""
REMIT_OFFICES = (PERSON_TITLES | OFFICE_NOUNS) - HONORIFICS
"""Offices that take a remit before their holder's name: "Minister for Children Tom Hale"."""
REMIT_ENDINGS = tuple(word_list("remit_endings"))
"""Endings of a remit's nouns, never of a given name: "Development", "Securities"."""
POSSESSIVE_ENDS = ("'s", "’s", "'", "’")


def is_heading(words: list[str]) -> bool:
    """Whether a run of capitals is a heading, not a name: "BEST THING THAT HAPPENED TO US" (never "TONY BLAIR").

    The run may end in one word of the sentence after the heading ("SAVE A QUARTER Let").
    """
    capitals = [word for word in words if word.isupper()]
    if sum(len(word) > 1 for word in capitals) < 2 or len(words) - len(capitals) > 1:
        return False  # "A BBC spokeswoman" is no heading
    return any(word.lower() in HEADING_WORDS for word in capitals)


def owner_ends(words: list[str], index: int) -> bool:
    """Whether ``words[index - 1]`` is an owner written before a name: "Fox News’ Jo Park", "Hale's Ann Bell".

    A plural owner ("News’") is cut only before a short name holding no word of a body, as many bodies
    carry one ("British Bankers' Association", "Musicians' Union"), and never after "and": "Ann Bell and
    Harbour News’ Jo Park" names Ann Bell first.
    """
    owner = words[index - 1]
    if owner.endswith(POSSESSIVE_S):
        return True
    rest = words[index:]
    plural = owner.lower().endswith(PLURAL_POSSESSIVE) and not any(w in LINKING_JOINERS for w in words[: index - 1])
    return plural and 2 <= len(rest) <= 3 and not any(w.lower() in ORG_WORDS for w in rest)


def remit_at(words: list[str]) -> int:
    """Where an office with a remit opens words' first three, else -1: 1 in "Irish Minister for Finance"."""
    for index, word in enumerate(words[:3]):
        if word.lower() in REMIT_OFFICES and words[index + 1 : index + 2] in (["of"], ["for"]):
            return index if index + 2 < len(words) else -1
    return -1


def holder_start(words: list[str]) -> int:
    """Where the holder's name starts after an office with a remit: 3 in "Minister for Children Tom Hale", else 0.

    The remit is capitalised like the name, so nothing marks where it ends: the name is taken to be the
    last two words, with a middle initial or a particle before them ("Secretary of State John F. Kerry").
    A body's name is no holder ("President of the Royal Society").
    """
    office = remit_at(words)
    if office < 0 or len(words) < office + 5:
        return 0
    start = len(words) - 1
    while start > office + 3 and (len(words[start - 1].rstrip(".")) == 1 or words[start - 1] in NAME_PARTICLES):
        start -= 1
    start -= 1  # the given name
    if start < office + 3:
        return 0
    holder = words[start:]
    if words[start - 1] in LINKING_JOINERS or holder[0].lower().endswith(REMIT_ENDINGS):
        return 0  # "MP for Sleaford and North Hykeham", "Minister for Development Planning": no name follows
    proper = all(w[:1].isupper() or w in NAME_PARTICLES for w in holder)
    return start if proper and not any(w.lower() in ORG_WORDS or w.lower() in ROLE_TITLE_WORDS for w in holder) else 0


def without_possessive(name: str) -> str:
    """"Robb's" -> "Robb", "Jones'" -> "Jones"."""
    for end in POSSESSIVE_ENDS:
        if name.endswith(end):
            return name[: -len(end)]
    return name


@lru_cache(maxsize=1 << 16)
def clean_name(raw: str) -> str:
    """A matched capitalised run without leading sentence words or a possessive: "But Robb's" -> "Robb"."""
    words = raw.split()
    if is_heading(words) or (len(words) > 1 and words[0].lower().rstrip(":") in CREDIT_LABELS):
        return ""  # "PHOTO BY JO PARK", "Photo Agency Jo Smith": a heading or a credit names no speaker
    for index in range(len(words) - 1, 0, -1):
        if owner_ends(words, index):
            words = words[index:]  # "Public Sector Executive's Matt Roberts" -> "Matt Roberts"
            break
    while words and (
        words[0] in STOP_CAPS
        or words[0].lower() in NAME_PREFIXES
        or words[0] == "the"  # "In the US" is "US"
        or (len(words) > 1 and words[0].lower() in NOT_NAMES)
        or (len(words) > 1 and words[0].lower().endswith(DESCRIPTOR_ENDINGS))  # "Leeds-born Tom Hale"
    ):
        words.pop(0)  # "on Tuesday Mr Hale denied": the day is no part of the name
    if words and words[0] in LINKING_JOINERS:
        return ""  # "Parkinson's and Motor Neurone disease", "Asked for Ealing North": the rest of a phrase
    honorific = next((i for i, w in enumerate(words[1:-1], start=1) if w.lower().rstrip(".") in HONORIFICS), 0)
    if honorific and not any(w.lower() in ORG_WORDS for w in words[:honorific]):
        words = words[honorific:]  # "Labour Treasurer Lord Penrose": the name starts at its title
    words = words[holder_start(words) :]  # "Minister for Children Tom Hale": the office is a role
    if "of" in words[2:]:
        # "Senator Ann Bell of Oregon" is Senator Ann Bell; "Lord Nicholls of Birkenhead" keeps his title's place.
        head = words[: words.index("of")]
        if head[0].lower() not in TERRITORIAL_TITLES and not any(w.lower() in ORG_WORDS or w.lower() in LINKING_JOINERS for w in head):
            words = head
    if "and" in words[2:] and not any(w.lower() in ORG_WORDS for w in words) and not any(
        w.lower() in LINKING_JOINERS for w in words[: words.index("and")]
    ):
        # "Ann Cole and Kenyan athlete Joe Obi": a person's full name, then another phrase.
        words = words[: words.index("and")]
    if len(words) > 2 and words[0].lower() not in PERSON_TITLES:
        # "Prime Minister Boris Johnson", "New Home Secretary Charles Clarke": the office is a role, not the name.
        heads = [i for i, w in enumerate(words[:-2]) if w.lower() in OFFICE_WORDS]
        if heads:
            office, rest = words[: heads[-1] + 1], words[heads[-1] + 1 :]
            plain = not any(w.lower() in ORG_WORDS or w.lower() in ROLE_TITLE_WORDS for w in rest)
            if plain and rest[0][:1].isupper() and not any(w.lower() in ORG_WORDS for w in office):
                words = rest
    while words and words[-1].lower() in POST_NOMINALS:
        words.pop()
    name = " ".join(words)
    name = without_possessive(name)
    if not name or name.lower() in NOT_NAMES or len(name) < 2:
        return ""
    if is_honorific_only(name):
        return ""
    return name
