"""Names are clean: page furniture names no speaker, and words that are not names never start one."""

from __future__ import annotations

import pytest

from storage.attribution.actors import guess_kind
from storage.attribution.quotes import clean_name, extract_quotes, is_furniture


def speaker_names(text: str) -> list[str | None]:
    extraction = extract_quotes(text)
    return [extraction.actors[q.speaker].name if q.speaker is not None else None for q in extraction.quotes]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Photo: Tessa Marlow / Harbour Pictures",
        "Volunteers fill sandbags on Friday. (Tessa Marlow / Harbour Pictures)",
        "By Owen Tarrant",
        "Article continues below",
        "ADVERTISEMENT",
    ],
)
def test_page_furniture_is_recognised(paragraph: str) -> None:
    assert is_furniture(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Photos of the flood spread quickly, residents said.",
        "By the time the water fell, the damage was done.",
        "Ann Cole said the town would rebuild.",
    ],
)
def test_prose_is_not_furniture(paragraph: str) -> None:
    assert not is_furniture(paragraph)


def test_a_pronoun_never_refers_to_a_name_in_a_credit_line() -> None:
    text = (
        "Mayor Ann Cole visited the flooded streets on Friday.\n\n"
        "Volunteers fill sandbags on Friday. (Tessa Marlow / Harbour Pictures)\n\n"
        "“We will rebuild every house,” she said.\n"
    )
    assert ["Mayor Ann Cole"] == speaker_names(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Besides Ann Cole", "Ann Cole"),
        ("Having Jo Park", "Jo Park"),
        ("Separately Tom Hale", "Tom Hale"),
        ("Sterling Moss", "Sterling Moss"),
        ("Downing Street", "Downing Street"),
        ("Kelly Ann Marsh", "Kelly Ann Marsh"),
        ("Family and Medical Leave Act", "Family and Medical Leave Act"),
        ("King Charles", "King Charles"),
    ],
)
def test_words_that_are_not_names_never_start_one(raw: str, expected: str) -> None:
    assert expected == clean_name(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Republican Tom Hale", "Tom Hale"),
        ("Liberal Democrat Ann Cole", "Ann Cole"),
        ("Harbour MEP Jo Park", "Jo Park"),
        ("Ferry Secretary Ann Cole and Deputy Harbour Minister", "Ann Cole"),
        ("Republican National Committee", "Republican National Committee"),
    ],
)
def test_a_party_or_an_office_before_a_name_is_no_part_of_it(raw: str, expected: str) -> None:
    assert expected == clean_name(raw)


def test_the_first_of_two_office_holders_named_together_is_named_without_the_office() -> None:
    text = (
        "Ferry Secretary Ann Cole and Deputy Harbour Minister Tom Hale opened the pier.\n\n"
        "“It took nine years,” Ms Cole told reporters.\n"
    )
    assert ["Ann Cole"] == speaker_names(text)


def test_a_middle_initial_stays_in_the_name_and_the_name_without_it_is_the_same_person() -> None:
    text = "“We will reopen the pier,” said Ann K. Bell. Ann Bell spoke at the harbour. “Soon,” Bell added."
    extraction = extract_quotes(text)
    speakers = {extraction.actors[q.speaker].name for q in extraction.quotes if q.speaker is not None}
    assert {"Ann K. Bell"} == speakers


def test_an_initial_before_a_new_sentence_is_no_middle_initial() -> None:
    text = "They had a fallback called Plan B. Then the council said the pier would reopen."
    extraction = extract_quotes(text)
    assert all("Then" not in name for actor in extraction.actors for name in actor.names)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Neither Tom Hale", "Tom Hale"),
        ("Afterwards Ann Bell", "Ann Bell"),
        ("Others", ""),
        ("Guitarist Ann Bell", "Ann Bell"),
        ("Briton Jo Park", "Jo Park"),
        ("Leeds-born Tom Hale", "Tom Hale"),
        ("In the Netherlands", "Netherlands"),
        ("Parkinson's and Motor Neurone", ""),
        ("Scottish Daily Mail", "Scottish Daily Mail"),
    ],
)
def test_sentence_words_and_descriptions_never_start_a_name(raw: str, expected: str) -> None:
    assert expected == clean_name(raw)


def test_a_description_opening_the_sentence_is_no_part_of_the_speakers_name() -> None:
    text = "Guitarist Ann Bell said the tour would go on.\n\n“We owe it to the fans,” Bell added.\n"
    assert ["Ann Bell", "Ann Bell"] == speaker_names(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NEW HARBOUR AT ITS BEST", ""),
        ("SAVE A PENNY Then", ""),
        ("TOM HALE", "TOM HALE"),
        ("THERESA MAY", "THERESA MAY"),
        ("Photo Agency Jo Smith", ""),
        ("Harbour News’ Jo Park", "Jo Park"),
        ("Harbour Bankers' Association", "Harbour Bankers' Association"),
        ("Ann Bell and Harbour News’ Jo Park", "Ann Bell"),
        ("A BHA", "BHA"),
    ],
)
def test_a_heading_a_credit_or_an_owner_is_no_part_of_a_name(raw: str, expected: str) -> None:
    assert expected == clean_name(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Minister for Children Tom Hale", "Tom Hale"),
        ("Secretary of State for Education Ruth Green", "Ruth Green"),
        ("Secretary of State Ann K. Bell", "Ann K. Bell"),
        ("Harbour Minister for Ferries Jo van Dam", "Jo van Dam"),
        ("House Speaker Tom Hale", "Tom Hale"),
        ("Taoiseach Ann Bell", "Ann Bell"),
        ("Minister for Harbour Development", "Minister for Harbour Development"),
        ("MP for Hale and North Harbour", "MP for Hale and North Harbour"),
        ("President of the Harbour Society", "President of the Harbour Society"),
        ("Senator Ann Bell of Oregon", "Senator Ann Bell"),
        ("Lord Hale of Harbourside", "Lord Hale of Harbourside"),
    ],
)
def test_an_office_and_its_remit_before_a_name_are_no_part_of_it(raw: str, expected: str) -> None:
    assert expected == clean_name(raw)


def test_an_office_with_a_remit_is_its_holders_role_and_one_actor_with_the_surname() -> None:
    text = (
        "Minister for Children Tom Hale said the plan was fair.\n\n"
        "“It will work,” Mr Hale told the committee.\n"
    )
    extraction = extract_quotes(text)
    people = [actor for actor in extraction.actors if actor.kind == "person"]
    assert [("Tom Hale", "Minister for Children")] == [(actor.name, actor.role) for actor in people]
    assert ["Tom Hale", "Tom Hale"] == speaker_names(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Ann Bell TD", "Ann Bell"), ("Tom Hale MPP", "Tom Hale"), ("Jo Park MHK", "Jo Park"), ("Ruth Green KC", "Ruth Green")],
)
def test_post_nominals_of_any_parliament_are_no_part_of_a_name(raw: str, expected: str) -> None:
    assert expected == clean_name(raw)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Downing Street", "organisation"),
        ("Liberal Democrats", "organisation"),
        ("Labour", "organisation"),
        ("MPs", "group"),
        ("Councillors", "group"),
        ("Tom Hale", "person"),
        ("Jones", "person"),
    ],
)
def test_a_party_a_seat_of_government_or_an_office_in_the_plural_is_no_person(name: str, kind: str) -> None:
    assert kind == guess_kind(name)


def test_he_is_never_a_seat_of_government() -> None:
    text = (
        "Tom Hale met the ferry owners on Monday. Downing Street said the talks had gone well.\n\n"
        "“We are close to a deal,” he said.\n"
    )
    assert ["Downing Street", "Tom Hale"] == speaker_names(text)


def test_a_party_named_by_its_members_before_a_name_is_no_part_of_it() -> None:
    assert "Ann Cole" == clean_name("Liberal Democrats Ann Cole")
