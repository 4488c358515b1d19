"""Actors: one per real person or organisation across the corpus, every name kept, distinct ones kept apart."""

from __future__ import annotations

import pytest

from storage.actors import LocalActor, acronym_of, guess_kind, merge_actor, most_complete_name, same_actor
from storage.corpus import seed
from storage.models import Actor
from storage.store import Store


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (["Lord Norman Warner"], ["Lord Warner"]),
        (["Lord Norman Warner"], ["Norman Warner"]),
        (["Lord Norman Warner"], ["Warner"]),
        (["Brigid Jones"], ["Cllr Jones"]),
        (["Professor Julian Le Grand"], ["Le Grand"]),
        (["Sir Michael Wilshaw"], ["Sir Michael"]),
        (["Karen Smith"], ["Mrs Smith"]),
    ],
)
def test_names_of_one_person_merge(a: list[str], b: list[str]) -> None:
    assert same_actor(LocalActor(a, "person"), LocalActor(b, "person"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (["Bridget Robb"], ["Brigid Jones"]),
        (["Brigid Jones", "Cllr Jones"], ["Mary Jones", "Jones"]),
        (["Peter Hay"], ["Peter Hughes"]),
        (["Sir Michael Wilshaw"], ["Sir Peter"]),
    ],
)
def test_different_people_stay_apart(a: list[str], b: list[str]) -> None:
    assert not same_actor(LocalActor(a, "person"), LocalActor(b, "person"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("British Association of Social Workers", "BASW", True),
        ("the NHS England", "NHS England", True),
        ("NHS England", "NHS", False),
        ("Birmingham City Council", "Birmingham Council", False),
        ("Ofsted", "Ofsted", True),
    ],
)
def test_organisations_merge_by_name_or_acronym(a: str, b: str, same: bool) -> None:
    assert same == same_actor(LocalActor([a], "organisation"), LocalActor([b], "organisation"))


def test_a_person_is_never_an_organisation() -> None:
    assert not same_actor(LocalActor(["Warner"], "person"), LocalActor(["Warner"], "organisation"))


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Lord Norman Warner", "person"),
        ("Cllr Jones", "person"),
        ("Edward Timpson", "person"),
        ("NHS England", "organisation"),
        ("British Association of Social Workers", "organisation"),
        ("BASW", "organisation"),
        ("Birmingham Commission for Children", "organisation"),
    ],
)
def test_kind_is_guessed_from_the_name(name: str, kind: str) -> None:
    assert kind == guess_kind(name)


def test_the_most_complete_name_wins() -> None:
    assert "Lord Norman Warner" == most_complete_name(["Warner", "Lord Warner", "Lord Norman Warner"], "person")
    assert "British Association of Social Workers" == most_complete_name(
        ["BASW", "British Association of Social Workers"], "organisation"
    )


def test_acronyms_skip_small_words() -> None:
    assert "BASW" == acronym_of("British Association of Social Workers")


def test_merging_keeps_every_name_and_role() -> None:
    corpus: list[LocalActor] = []
    first = merge_actor(corpus, LocalActor(["Lord Warner"], "person", ["former health minister"]))
    second = merge_actor(corpus, LocalActor(["Lord Norman Warner", "Warner"], "person", ["children's commissioner"]))

    assert first == second
    assert ["Lord Warner", "Lord Norman Warner", "Warner"] == corpus[0].names
    assert "children's commissioner" == corpus[0].role


@pytest.fixture(scope="module")
def seeded_actors() -> list[Actor]:
    store = Store.memory()
    seed(store)
    return store.actors()


def actor_named(actors: list[Actor], alias: str) -> Actor:
    owners = [actor for actor in actors if alias in actor.aliases]
    assert 1 == len(owners), f"{alias!r} belongs to {len(owners)} actors"
    return owners[0]


@pytest.mark.parametrize(
    ("name", "aliases", "kind"),
    [
        ("Lord Norman Warner", {"Lord Warner", "Warner"}, "person"),
        ("Brigid Jones", {"Cllr Jones"}, "person"),
        ("Professor Julian Le Grand", {"Julian Le Grand", "Le Grand"}, "person"),
        ("Sir Michael Wilshaw", {"Sir Michael"}, "person"),
        ("Edward Timpson", {"Timpson"}, "person"),
        ("Bridget Robb", {"Robb"}, "person"),
        ("British Association of Social Workers", {"BASW"}, "organisation"),
    ],
)
def test_the_seed_corpus_has_one_actor_per_entity(
    seeded_actors: list[Actor], name: str, aliases: set[str], kind: str
) -> None:
    actor = actor_named(seeded_actors, name)

    assert (name, kind) == (actor.name, actor.kind)
    assert aliases <= set(actor.aliases)
    assert all(actor_named(seeded_actors, alias) == actor for alias in aliases)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Edward Timpson", "children’s minister"),
        ("Lord Norman Warner", "independent children’s commissioner"),
        ("Bridget Robb", "chief executive of the British Association of Social Workers"),
        ("Brigid Jones", "cabinet member for children’s services"),
    ],
)
def test_the_seed_corpus_gives_actors_their_roles(seeded_actors: list[Actor], name: str, role: str) -> None:
    assert role == actor_named(seeded_actors, name).role


def test_the_seed_corpus_keeps_distinct_entities_apart(seeded_actors: list[Actor]) -> None:
    assert actor_named(seeded_actors, "Bridget Robb") != actor_named(seeded_actors, "Brigid Jones")
    assert not any({"NHS", "NHS England"} <= set(actor.aliases) for actor in seeded_actors)
