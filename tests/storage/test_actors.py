"""Actors within an article: names, kinds and roles; and the seed corpus linked into one actor per entity."""

from __future__ import annotations

import pytest

from storage.attribution.actors import (
    acronym_of,
    guess_kind,
    is_honorific_only,
    most_complete_name,
    names_match,
    role_fits,
    untitled_name,
)
from storage.corpus import seed
from storage.models import Actor
from storage.attribution.quotes import clean_name, extract_quotes
from storage.store import Store


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
        ("Lord Norman Warner", {"Lord Warner", "Warner", "Norman Warner"}, "person"),
        ("Brigid Jones", {"Cllr Jones"}, "person"),
        ("Professor Julian Le Grand", {"Julian Le Grand", "Le Grand"}, "person"),
        ("Sir Michael Wilshaw", {"Sir Michael", "Michael Wilshaw"}, "person"),
        ("city council", {"city council"}, "organisation"),
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
        ("Albert Bore", "Birmingham council leader"),
        ("Simon Stevens", "NHS England chief executive"),
    ],
)
def test_the_seed_corpus_gives_actors_their_roles(seeded_actors: list[Actor], name: str, role: str) -> None:
    assert role == actor_named(seeded_actors, name).role


def test_the_seed_corpus_keeps_distinct_entities_apart(seeded_actors: list[Actor]) -> None:
    assert actor_named(seeded_actors, "Bridget Robb") != actor_named(seeded_actors, "Brigid Jones")
    assert not any({"NHS", "NHS England"} <= set(actor.aliases) for actor in seeded_actors)


def test_the_seed_corpus_has_no_place_for_a_person(seeded_actors: list[Actor]) -> None:
    people = {alias for actor in seeded_actors if actor.kind == "person" for alias in actor.aliases}

    assert not people & {"Birmingham", "Sir", "Lord", "Lord Norman"}
    assert all(actor.name not in actor.role for other in seeded_actors for actor in seeded_actors if other != actor)


def actors_of(text: str) -> dict[str, tuple[str, str]]:
    """Every actor an article gives, by its most complete name: (kind, role)."""
    return {actor.name: (actor.kind, actor.role) for actor in extract_quotes(text).actors}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "In a letter to Birmingham council leader Albert Bore, children’s minister Edward Timpson said he had"
            " accepted the recommendation.",
            "Albert Bore",
            "Birmingham council leader",
        ),
        (
            "In a letter to Birmingham council leader Albert Bore, children’s minister Edward Timpson said he had"
            " accepted the recommendation.",
            "Edward Timpson",
            "children’s minister",
        ),
        (
            "The plan was backed by NHS England chief executive Simon Stevens, who said it was overdue.",
            "Simon Stevens",
            "NHS England chief executive",
        ),
        (
            "The review by London School of Economics professor Julian Le Grand said the department was failing.",
            "Julian Le Grand",
            "professor",
        ),
        ("Prices are rising, BRC director general Kevin Hawkins said.", "Kevin Hawkins", "BRC director general"),
        (
            "The review of children’s services was damning. Children’s minister Edward Timpson said it had failed.",
            "Edward Timpson",
            "children’s minister",
        ),
        ("Film director Ken Loach said the award was a surprise.", "Ken Loach", "film director"),
    ],
)
def test_a_role_is_the_office_written_before_the_name(text: str, name: str, role: str) -> None:
    assert ("person", role) == actors_of(text)[name]


@pytest.mark.parametrize(
    "text",
    [
        "Bridget Robb said she hoped the commissioner would support Birmingham to continue the progress it has made.",
        "Lord Norman Warner, who became Birmingham’s independent children’s commissioner, said services had improved"
        " in Birmingham.",
        "Officials in Birmingham said they would act. Birmingham said the plan would work.",
    ],
)
def test_a_place_is_never_a_person_with_a_role(text: str) -> None:
    kind, role = actors_of(text).get("Birmingham", ("place", ""))

    assert "person" != kind
    assert "" == role


def test_a_role_never_holds_another_actors_name() -> None:
    actors = actors_of(
        "In a letter to Birmingham council leader Albert Bore, children’s minister Edward Timpson said he had"
        " accepted the recommendation."
    )

    assert all("Edward Timpson" not in role for _, role in actors.values())


def test_a_place_is_not_the_company_that_speaks() -> None:
    extraction = extract_quotes(
        "Shares fell after Novartis moved its headquarters while remaining listed in Australia. It had been"
        " short of money, the company said."
    )

    assert ["Novartis"] == [extraction.actors[q.speaker].name for q in extraction.quotes if q.speaker is not None]


def test_the_prime_minister_is_not_the_deputy_prime_minister() -> None:
    assert role_fits("minister", ["prime minister"], "the prime minister")
    assert not role_fits("minister", ["Deputy Prime Minister"], "the prime minister")
    assert role_fits("minister", ["Deputy Prime Minister"], "the deputy prime minister")


@pytest.mark.parametrize(
    ("name", "untitled"),
    [
        ("Lord Norman Warner", "Norman Warner"),
        ("Sir Michael Wilshaw", "Michael Wilshaw"),
        ("Professor Julian Le Grand", "Julian Le Grand"),
        ("Chief Inspector Jane Smith", "Jane Smith"),
        ("Sir Michael", ""),
        ("Lord Warner", ""),
        ("Edward Timpson", ""),
    ],
)
def test_a_titled_full_name_without_its_titles(name: str, untitled: str) -> None:
    assert untitled == untitled_name(name)


@pytest.mark.parametrize("name", ["Sir", "Lord", "Dame", "Cllr", "Mr", "Baroness"])
def test_titles_alone_are_no_name(name: str) -> None:
    assert is_honorific_only(name)
    assert "" == clean_name(name)
    assert not extract_quotes(f"{name} said the service had failed badly.").actors


def test_an_article_gives_persons_their_untitled_names() -> None:
    actors = {actor.name: actor for actor in extract_quotes("Lord Norman Warner said the NHS must do more.").actors}

    assert ["Lord Norman Warner", "Norman Warner"] == actors["Lord Norman Warner"].names


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Children are not safe yet, the city council has insisted.\n\nBirmingham City Council will spend more.",
            "Birmingham City Council",
        ),
        (
            "Birmingham City Council will spend more.\n\nChildren are not safe yet, the city council has insisted.",
            "Birmingham City Council",
        ),
        ("Children are not safe yet, the city council has insisted.\n\nThe council will spend more.", "city council"),
    ],
)
def test_the_city_council_is_the_council_the_article_names(text: str, speaker: str) -> None:
    extraction = extract_quotes(text)
    actor = extraction.actors[extraction.quotes[0].speaker or 0]

    assert (speaker, "organisation") == (actor.name, actor.kind)


def test_an_office_in_apposition_before_a_name_is_its_role() -> None:
    actors = actors_of("Marsh's new chief executive, Michael Cherkasky, is trying to settle. Cherkasky said it would pay.")

    assert {"Michael Cherkasky": ("person", "Marsh's new chief executive")} == actors


def test_a_person_who_says_it_stays_a_person() -> None:
    extraction = extract_quotes("Michael Cherkasky runs the firm. Cherkasky said it would pay the fine in full.")

    assert [["Michael Cherkasky", "Cherkasky"]] == [actor.names for actor in extraction.actors]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Shares in Jarvis were up 16%. The deal is a lifeline, Jarvis said.", False),
        ("Officials in Jarvis were pleased. The deal is a lifeline, Jarvis said.", True),
    ],
)
def test_shares_in_a_name_are_not_a_place(text: str, place: bool) -> None:
    assert place == ("place" == actors_of(text)["Jarvis"][0])


def test_a_middle_initial_does_not_keep_two_names_of_one_person_apart() -> None:
    assert names_match("Ann K. Bell", "Ann Bell", "person")
    assert not names_match("Ann K. Bell", "Jo Bell", "person")
