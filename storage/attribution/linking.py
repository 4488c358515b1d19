"""Provides linking across articles: an article's actor joins a corpus actor only on strong evidence.

Within one article ``storage.attribution.actors.group_names`` turns mentions into
the article's actors (``LocalActor``). Across articles each of them either links
to exactly one corpus actor or becomes a new one. The evidence that links:

- the same full name, after normalising titles, case, punctuation, accents and
  the short forms of given names in ``data/nicknames.txt`` ("Tony Blair" and
  "Mr Anthony Blair");
- an acronym and its expansion ("BASW" and "British Association of Social Workers");
- a surname alone ("Mr Blair") when exactly one corpus actor of that kind carries
  that surname, and likewise a knight's or dame's given name ("Sir Michael");
- a name the researcher pinned to an actor (by renaming, merging or splitting).

Nothing links across different given names, titles of the other sex (Mr and
Mrs), different kinds (a person and an organisation or a place), or for the
kinds that are only ever one article's (``group``, ``unnamed``). When more than
one corpus actor fits, the article's actor stays apart: a wrong merge corrupts
counts, a missed one costs the researcher a merge.

Candidates come from blocking keys (``actor_keys``): a few strings per name,
kept in the database, so linking an article looks up a handful of keys however
large the corpus is. ``link_actor`` needs only an ``ActorIndex``: the Store
provides one over SQLite, ``MemoryIndex`` one in memory.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

from storage.attribution.actors import (
    NAME_PARTICLES,
    LocalActor,
    acronym_of,
    gender_of,
    is_acronym,
    normalise_name,
    split_title,
)

PER_DOCUMENT_KINDS = frozenset({"group", "unnamed"})
"""Kinds that name no one outside their article ("residents", "a source close to ..."): never linked."""

FIRST_NAME_TITLES = frozenset({"sir", "dame"})
"""Titles followed by a given name when used with one word: "Sir Michael" gives no surname."""

NICKNAMES_FILE = Path(__file__).with_name("data") / "nicknames.txt"

CANDIDATE_LIMIT = 2
"""How many actors a key lookup reads: enough to tell one from several."""


class ActorIndex(Protocol):
    """Where linking finds candidates: actor ids by blocking key, and each actor's names."""

    def actors_with_key(self, key: str, limit: int) -> list[int]:
        """Up to ``limit`` distinct ids of actors carrying ``key``, lowest first."""
        ...

    def names_of(self, actor_id: int) -> list[str]:
        """Every name an actor goes by."""
        ...


@cache
def nicknames() -> dict[str, str]:
    """Short form -> the given name it stands for ("tony" -> "anthony"), from the data file."""
    table: dict[str, str] = {}
    for line in NICKNAMES_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        for short in words[1:]:
            table[short] = words[0]
    return table


def name_word(word: str) -> str:
    """A word of a name for comparison: case-folded, accents and punctuation gone ("O'Néill" -> "oneill")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() or ch == "-").strip("-")


def person_parts(name: str) -> tuple[str, str] | None:
    """(given name, surname) of a person's name, normalised; given is "" for a surname alone.

    "Mr Tony Blair" -> ("anthony", "blair"); "Mrs Blair" -> ("", "blair");
    "Sir Michael" -> None (a given name alone). Middle names and initials are
    ignored: "George W Bush" -> ("george", "bush").
    """
    titles, words = split_title(name)
    cleaned = [word for word in (name_word(word) for word in words) if word]
    if not cleaned:
        return None
    start = len(cleaned) - 1
    while start > 0 and cleaned[start - 1] in NAME_PARTICLES:
        start -= 1
    surname = " ".join(cleaned[start:])
    if start == 0:
        if len(cleaned) == 1 and titles and titles[-1].lower() in FIRST_NAME_TITLES:
            return None
        return "", surname
    return nicknames().get(cleaned[0], cleaned[0]), surname


def first_name_titles(name: str) -> set[str]:
    """The titles of a name that go with a given name alone: "Sir Michael Wilshaw" -> {"sir"}."""
    return {title.lower() for title in split_title(name)[0]} & FIRST_NAME_TITLES


def titled_given_name(name: str) -> str:
    """"sir michael" for "Sir Michael" (a title of that kind and a given name alone), else ""."""
    titles, words = split_title(name)
    if len(words) != 1 or not titles or titles[-1].lower() not in FIRST_NAME_TITLES:
        return ""
    return f"{titles[-1].lower()} {nicknames().get(name_word(words[0]), name_word(words[0]))}"


def sexes_of(names: Iterable[str]) -> set[str]:
    """"he" and/or "she" as the names' titles say ("Mr Howard" -> {"he"}); empty when none tells."""
    return {sex for sex in (gender_of(name) for name in names) if sex}


def given_names_by_surname(names: Iterable[str]) -> dict[str, set[str]]:
    """Surname -> the given names used with it: {"howard": {"john", "michael"}} when an actor holds both."""
    found: dict[str, set[str]] = {}
    for name in names:
        parts = person_parts(name)
        if parts and parts[0]:
            found.setdefault(parts[1], set()).add(parts[0])
    return found


def other_given_names(names: Iterable[str], theirs: Iterable[str]) -> bool:
    """Whether ``names`` use a given name with a surname that ``theirs`` only use with other given names.

    A name pinned to "Michael Howard" ("Mr Howard") does not bring along an
    article's actor that is also called "John Howard".
    """
    known = given_names_by_surname(theirs)
    return any(surname in known and given - known[surname] for surname, given in given_names_by_surname(names).items())


def organisation_key(name: str) -> str:
    """An organisation's or place's name for comparison: no leading "the", words normalised."""
    return " ".join(word for word in (name_word(word) for word in normalise_name(name).split()) if word)


def pinned_key(name: str) -> str:
    """The key of a name the researcher gave an actor: the whole name, titles kept, normalised."""
    return "pinned:" + " ".join(word for word in (name_word(word) for word in name.split()) if word)


def actor_keys(names: Iterable[str], kind: str, pinned: Iterable[str] = ()) -> set[str]:
    """The blocking keys of an actor with these names: what an article's actor looks it up by.

    People: ``person:name:<given> <surname>`` for every full name (unless the
    actor holds two given names for one surname, which only a mistake does) and
    ``person:surname:<surname>``. Other kinds: ``<kind>:name:<name>``, and
    ``<kind>:acronym:<letters>`` for a name that is an acronym and
    ``<kind>:expansion:<letters>`` for one that has one. ``pinned`` names give
    ``pinned:<name>`` keys, whatever the kind.
    """
    names = list(names)
    keys = {pinned_key(name) for name in pinned}
    if kind in PER_DOCUMENT_KINDS:
        return keys
    if kind == "person":
        givens = given_names_by_surname(names)
        for name in names:
            parts = person_parts(name)
            if parts is None:
                continue
            given, surname = parts
            keys.add(f"person:surname:{surname}")
            if given and len(givens[surname]) == 1:
                keys.add(f"person:name:{given} {surname}")
                keys |= {f"person:titled:{title} {given}" for title in first_name_titles(name)}
        return keys
    for name in names:
        key = organisation_key(name)
        if not key:
            continue
        keys.add(f"{kind}:name:{key}")
        if is_acronym(name.strip()):
            keys.add(f"{kind}:acronym:{key}")
        elif acronym_of(name):
            keys.add(f"{kind}:expansion:{acronym_of(name).lower()}")
    return keys


def link_actor(actor: LocalActor, index: ActorIndex) -> int | None:
    """The id of the one corpus actor that ``actor`` (one article's) is, or None to keep it apart."""
    if actor.kind in PER_DOCUMENT_KINDS:
        return None
    pinned = single(index, {pinned_key(name) for name in actor.names})
    if pinned is not None and not other_given_names(actor.names, index.names_of(pinned)):
        return pinned
    if actor.kind == "person":
        return link_person(actor, index)
    return link_organisation(actor, index)


def link_person(actor: LocalActor, index: ActorIndex) -> int | None:
    """The corpus person with the same full name, or the only one with this surname; else None."""
    givens = given_names_by_surname(actor.names)
    if any(len(given) > 1 for given in givens.values()):
        return None
    sexes = sexes_of(actor.names)
    surnames = {parts[1] for parts in map(person_parts, actor.names) if parts}
    titled = {titled_given_name(name) for name in actor.names} - {""}
    if givens:
        candidate = single(index, {f"person:name:{given} {surname}" for surname, gs in givens.items() for given in gs})
    elif len(surnames) == 1 and not titled:
        candidate = single(index, {f"person:surname:{surnames.pop()}"})
    elif len(titled) == 1 and not surnames:
        candidate = single(index, {f"person:titled:{titled.pop()}"})
    else:
        return None
    if candidate is None:
        return None
    theirs = sexes_of(index.names_of(candidate))
    if sexes and theirs and not sexes & theirs:
        return None
    return candidate


def link_organisation(actor: LocalActor, index: ActorIndex) -> int | None:
    """The corpus actor of this kind with the same name, else the one its acronym or expansion names."""
    kind = actor.kind
    keys = {organisation_key(name) for name in actor.names} - {""}
    same_name = single(index, {f"{kind}:name:{key}" for key in keys})
    if same_name is not None or found_any(index, {f"{kind}:name:{key}" for key in keys}):
        return same_name
    lookups = set()
    for name in actor.names:
        if is_acronym(name.strip()):
            lookups.add(f"{kind}:expansion:{name.strip().lower()}")
        elif acronym_of(name):
            lookups.add(f"{kind}:acronym:{acronym_of(name).lower()}")
    candidate = single(index, lookups)
    if candidate is None:
        return None
    # An acronym stands for one expansion: "BASW" that is already another
    # organisation's short name is not this one's.
    expansions = {organisation_key(n) for n in index.names_of(candidate) if not is_acronym(n.strip()) and acronym_of(n)}
    own = {organisation_key(n) for n in actor.names if not is_acronym(n.strip()) and acronym_of(n)}
    if own and expansions and not own & expansions:
        return None
    return candidate


def single(index: ActorIndex, keys: Iterable[str]) -> int | None:
    """The one actor carrying any of ``keys``; None when none or several do."""
    found: set[int] = set()
    for key in keys:
        found.update(index.actors_with_key(key, CANDIDATE_LIMIT))
        if len(found) > 1:
            return None
    return found.pop() if found else None


def found_any(index: ActorIndex, keys: Iterable[str]) -> bool:
    return any(index.actors_with_key(key, 1) for key in keys)


@dataclass
class MemoryIndex:
    """A corpus of actors held in memory and linked by the same rules, for evaluation and benchmarks."""

    actors: list[LocalActor] = field(default_factory=list)
    keys: dict[str, list[int]] = field(default_factory=dict)
    keys_of: list[set[str]] = field(default_factory=list)

    def actors_with_key(self, key: str, limit: int) -> list[int]:
        return self.keys.get(key, [])[:limit]

    def names_of(self, actor_id: int) -> list[str]:
        return list(self.actors[actor_id].names)

    def add(self, actor: LocalActor) -> int:
        """Link ``actor`` to its corpus actor (taking its names and roles) or add it; returns the index."""
        index = link_actor(actor, self)
        if index is None:
            self.actors.append(LocalActor(list(actor.names), actor.kind, list(actor.roles)))
            self.keys_of.append(set())
            index = len(self.actors) - 1
        else:
            known = self.actors[index]
            for name in actor.names:
                known.add_name(name)
            for role in actor.roles:
                known.add_role(role)
        new = actor_keys(self.actors[index].names, actor.kind)
        for key in self.keys_of[index] - new:
            self.keys[key].remove(index)
        for key in new - self.keys_of[index]:
            self.keys.setdefault(key, []).append(index)
        self.keys_of[index] = new
        return index
