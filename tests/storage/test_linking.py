"""Linking across articles: one corpus actor per real entity on strong evidence, separate when in doubt."""

from __future__ import annotations

import itertools

import pytest

from storage.attribution.actors import LocalActor
from storage.attribution.linking import MemoryIndex, actor_keys, link_actor, person_parts
from storage.attribution.quotes import Extraction, FoundQuote
from storage.models import Article
from storage.store import Store

COUNTER = itertools.count()


def link(store: Store, *actors: LocalActor) -> list[int]:
    """Save one new article in which each of ``actors`` says one word; the corpus actor id each one got."""
    number = next(COUNTER)
    body = " ".join("word" for _ in actors) or "Body."
    document = store.add_document(Article(f"Article {number}", body, body), f"a{number}.txt", f"h{number}")
    quotes = [FoundQuote(5 * i, 5 * i + 4, "word", "direct", "said", i) for i in range(len(actors))]
    saved = store.save_extraction(document.id, Extraction(quotes, list(actors)))
    return [quote.speaker_id for quote in saved]


def person(*names: str) -> LocalActor:
    return LocalActor(list(names), "person")


def organisation(*names: str) -> LocalActor:
    return LocalActor(list(names), "organisation")


@pytest.fixture
def store() -> Store:
    return Store.memory()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["Dr Mara Quillfeather"], ["Mara Quillfeather"]),
        (["Mara Quillfeather"], ["MARA QUILLFEATHER"]),
        (["Ms Mara Quillfeather", "Ms Quillfeather"], ["Prof. Mara Quillfeather"]),
        (["Mara O'Quillfeather"], ["Mara OQuillfeather"]),
        (["Anthony Brackwell"], ["Tony Brackwell"]),
        (["Bill Tarrant-Hughes"], ["William Tarrant-Hughes"]),
        (["Renée Dufresne"], ["Renee Dufresne"]),
        (["Hugo van der Merwe"], ["Hugo Van Der Merwe"]),
    ],
)
def test_the_same_full_name_links(store: Store, first: list[str], second: list[str]) -> None:
    assert link(store, person(*first)) == link(store, person(*second))


def test_an_acronym_links_to_its_expansion_both_ways(store: Store) -> None:
    [full] = link(store, organisation("Northern Association of Bee Keepers"))
    [short] = link(store, organisation("NABK"))
    [again] = link(store, organisation("the Northern Association of Bee Keepers"))

    assert full == short == again


def test_an_acronym_named_first_links_to_its_expansion(store: Store) -> None:
    assert link(store, organisation("NABK")) == link(store, organisation("Northern Association of Bee Keepers"))


def test_an_acronym_of_another_expansion_stays_apart(store: Store) -> None:
    [full] = link(store, organisation("Northern Association of Bee Keepers", "NABK"))
    [other] = link(store, organisation("National Alliance of Brick Kilns"))

    assert full != other


def test_a_surname_alone_links_to_the_only_person_with_it(store: Store) -> None:
    [full] = link(store, person("Ottoline Vesey", "Ms Vesey"))

    assert [full] == link(store, person("Vesey"))
    assert [full] == link(store, person("Ms Vesey"))


def test_a_surname_shared_by_two_people_stays_apart(store: Store) -> None:
    [ottoline] = link(store, person("Ottoline Vesey"))
    [jasper] = link(store, person("Jasper Vesey"))
    [alone] = link(store, person("Vesey"))

    assert len({ottoline, jasper, alone}) == 3


def test_different_given_names_never_link(store: Store) -> None:
    assert link(store, person("Piers Oldacre")) != link(store, person("Dominic Oldacre"))


def test_a_title_of_the_other_sex_never_links(store: Store) -> None:
    [piers] = link(store, person("Piers Oldacre", "Mr Oldacre"))

    assert [piers] != link(store, person("Mrs Oldacre"))


def test_a_knight_by_his_given_name_links_to_the_only_such_knight(store: Store) -> None:
    [full] = link(store, person("Sir Rupert Ingleby"))

    assert [full] == link(store, person("Sir Rupert"))


@pytest.mark.parametrize("other_kind", ["organisation", "place"])
def test_a_person_never_links_to_an_organisation_or_place(store: Store, other_kind: str) -> None:
    [thing] = link(store, LocalActor(["Harwick"], other_kind))

    assert [thing] != link(store, person("Harwick"))
    assert [thing] == link(store, LocalActor(["Harwick"], other_kind))


@pytest.mark.parametrize("kind", ["group", "unnamed"])
def test_groups_and_unnamed_sources_stay_in_their_article(store: Store, kind: str) -> None:
    assert link(store, LocalActor(["local residents"], kind)) != link(store, LocalActor(["local residents"], kind))


def test_two_candidates_leave_a_new_mention_apart() -> None:
    """Two corpus actors of one name (the researcher split them): a new mention cannot tell which it is."""
    corpus = MemoryIndex()
    corpus.add(person("Ada Crumley"))
    corpus.actors.append(person("Ada Crumley"))
    for key in ("person:name:ada crumley", "person:surname:crumley"):
        corpus.keys[key].append(1)

    assert link_actor(person("Ada Crumley"), corpus) is None
    assert link_actor(person("Crumley"), corpus) is None


def test_an_actor_mixing_two_given_names_does_not_capture_either(store: Store) -> None:
    """One article that runs two Oldacres together must not pull every later Oldacre into that actor."""
    [mixed] = link(store, person("Piers Oldacre", "Dominic Oldacre"))
    [piers] = link(store, person("Piers Oldacre"))
    [again] = link(store, person("Piers Oldacre"))

    assert mixed != piers == again


def test_a_linked_actor_gains_names_and_the_fuller_name_and_role(store: Store) -> None:
    [first] = link(store, LocalActor(["Ottoline Vesey"], "person", ["former mayor"]))
    [second] = link(store, LocalActor(["Lord Ottoline Vesey", "Lord Vesey"], "person", ["harbour commissioner"]))

    actor = store.actor(first)
    assert first == second
    assert {"Ottoline Vesey", "Lord Ottoline Vesey", "Lord Vesey"} == set(actor.aliases)
    assert ("Lord Ottoline Vesey", "harbour commissioner") == (actor.name, actor.role)


def test_a_full_name_does_not_link_to_a_surname_alone(store: Store) -> None:
    """"Lord Vesey" seen first may be any Vesey: a later full name is not evidence that it was this one."""
    assert link(store, person("Lord Vesey")) != link(store, person("Ottoline Vesey"))


def test_blocking_keys_are_stored_per_actor(store: Store) -> None:
    [actor_id] = link(store, person("Dr Tony Brackwell", "Brackwell"))

    keys = {key for (key,) in store.conn.execute("SELECT key FROM actor_keys WHERE actor_id = ?", [actor_id])}
    assert {"person:name:anthony brackwell", "person:surname:brackwell"} == keys


def test_linking_reads_candidates_only_through_the_keys(store: Store) -> None:
    [actor_id] = link(store, person("Mara Quillfeather"))
    store.conn.execute("DELETE FROM actor_keys WHERE actor_id = ?", [actor_id])

    assert [actor_id] != link(store, person("Mara Quillfeather"))


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Mr Tony Blackwater", ("anthony", "blackwater")),
        ("George W Pellow", ("george", "pellow")),
        ("Mrs Pellow", ("", "pellow")),
        ("Professor Julio de la Fuente", ("julio", "de la fuente")),
        ("Sir Rupert", None),
    ],
)
def test_person_parts(name: str, parts: tuple[str, str] | None) -> None:
    assert parts == person_parts(name)


def test_the_memory_index_links_by_the_same_rules() -> None:
    corpus = MemoryIndex()
    first = corpus.add(person("Ottoline Vesey"))

    assert first == corpus.add(person("Ms Vesey"))
    assert first != corpus.add(person("Jasper Vesey"))
    assert 2 == len(corpus.actors)


def test_organisation_keys() -> None:
    assert {
        "organisation:name:northern association of bee keepers",
        "organisation:expansion:nabk",
        "organisation:name:nabk",
        "organisation:acronym:nabk",
    } == actor_keys(["The Northern Association of Bee Keepers", "NABK"], "organisation")


def test_actor_for_name_finds_a_name_or_alias_of_that_kind(store: Store) -> None:
    [actor_id] = link(store, person("Ottoline Vesey", "Ms Vesey"))

    assert actor_id == store.actor_for_name("ms vesey", "person")
    assert actor_id == store.actor_for_name("Ottoline Vesey", "person")
    assert actor_id != store.actor_for_name("Ottoline Vesey", "organisation")


def test_actor_for_name_creates_a_linked_actor(store: Store) -> None:
    created = store.actor_for_name("  Cosmo   Pellingham ", "person")

    assert ("Cosmo Pellingham", "person") == (store.actor(created).name, store.actor(created).kind)
    assert [created] == link(store, person("Mr Cosmo Pellingham"))
    assert created == store.actor_for_name("Cosmo Pellingham", "person")
