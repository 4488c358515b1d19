"""Provides described speakers: a description nobody names ("police", "a source", "the suit") cut to its noun phrase.

A subject found right before a speech verb is a run of words; only a noun phrase
describes someone. "an architect who [said]" is "an architect" (the relative's
antecedent speaks); "the government could reverse the" is no one.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

RELATIVES = frozenset({"who", "which", "that", "whose"})
UNNAMED_DETERMINERS = frozenset("the a an one another some many most several other few both my our".split())
"""Words opening a description of a speaker the text does not name: "a source", "some voters", and in a
first-person text "my father" (the writer's "my" means one person throughout, unlike "his")."""
GROUP_NOUNS = frozenset(
    "officials critics residents inspectors experts police campaigners researchers analysts parents teachers"
    " doctors ministers sources witnesses neighbours neighbors friends unions councillors investigators"
    " prosecutors officers staff workers opponents supporters protesters activists economists scientists"
    " authorities managers leaders lawyers families relatives".split()
)
"""Plural nouns for people, including the ones not written with an -s ("police", "staff")."""


@cache
def word_list(name: str) -> frozenset[str]:
    """A shipped word list (``data/<name>.txt``): words separated by spaces, ``#`` lines are comments."""
    text = resources.files("storage.attribution").joinpath(f"data/{name}.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


@cache
def phrase_list(name: str) -> frozenset[str]:
    """A shipped list of phrases (``data/<name>.txt``), one a line, ``#`` lines are comments."""
    text = resources.files("storage.attribution").joinpath(f"data/{name}.txt").read_text(encoding="utf-8")
    return frozenset(" ".join(line.split()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def noun_phrase(phrase: str) -> str:
    """The noun phrase a subject description is, or "" when it is a clause or a fragment.

    "an architect who" -> "an architect"; "the mayor meanwhile" -> "the mayor"; "officials in Lagos" stays; "the holiday is",
    "the Senate's vote for", "the experts I interviewed" -> "".
    """
    words = phrase.split()
    if words and words[-1].lower() in RELATIVES:
        words = words[:-1]
    while len(words) > 1 and words[-1].lower() in word_list("sentence_adverbs"):
        words = words[:-1]  # "the foreign secretary meanwhile [said]" is the foreign secretary
    if not words or any(not any(ch.isalnum() or ch == "&" for ch in word) for word in words):
        return ""  # "the Vikings - while": a dash breaks a description
    inside = {word.lower().strip("’'") for word in words[1:]}
    if inside & word_list("function_words") or words[-1].lower() in word_list("prepositions"):
        return ""
    return " ".join(words)


def is_plural(word: str) -> bool:
    """"officials", "police": a plural noun for people ("-ss" and an apostrophe "He's" are not plurals)."""
    lowered = word.lower()
    if lowered in GROUP_NOUNS:
        return True
    return lowered.endswith("s") and not lowered.endswith("ss") and "'" not in lowered and "’" not in lowered


def is_possessive_name(word: str) -> bool:
    """"Obama's", "Harbour’s": a capitalised possessive, which opens a description like an article ("It's" does not)."""
    stem = word[:-2].lower()
    return word[:1].isupper() and word.endswith(("'s", "’s")) and len(stem) > 1 and stem not in word_list("function_words")


def description_of(phrase: str) -> tuple[str, str] | None:
    """(name, kind) of an unnamed speaker's description: kind ``group`` (plural) or ``unnamed``; None if it is none.

    Only a bare plural or a determined noun phrase qualifies ("police", "the suit", "some
    voters", "the mayor's former aide", "Obama's former aide"); one opening with a possessive
    pronoun ("his remarks") or a name does not.
    """
    words = noun_phrase(phrase).split()
    if not words:
        return None
    first, last = words[0].lower(), words[-1].lower().rstrip("’'")
    if len(words) > 1 and first not in UNNAMED_DETERMINERS and not is_possessive_name(words[0]):
        return None
    if len(words) == 1 and not is_plural(last):
        return None
    name = " ".join([first, *words[1:]]) if first in UNNAMED_DETERMINERS or first in GROUP_NOUNS else " ".join(words)
    return name, "group" if is_plural(last) else "unnamed"
