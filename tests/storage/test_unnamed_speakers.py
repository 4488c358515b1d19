"""Unnamed and group sources: a description nobody names is a speaker of kind group or unnamed, per document."""

from __future__ import annotations

import pytest

from storage.attribution.described_speakers import description_of, noun_phrase
from storage.attribution.quotes import extract_quotes


def speakers(text: str) -> list[tuple[str, str, str | None, str | None]]:
    """(quote start, kind, speaker name, speaker kind) for every quote."""
    extraction = extract_quotes(text)
    found = []
    for quote in extraction.quotes:
        actor = extraction.actors[quote.speaker] if quote.speaker is not None else None
        found.append((quote.text[:16], quote.kind, actor.name if actor else None, actor.kind if actor else None))
    return found


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Officials said the road would reopen in May.", "officials", "group"),
        ("Police said the road would reopen in May.", "police", "group"),
        ("Some residents say the road should never have closed.", "Some residents", "group"),
        ("The lawsuit says the road was closed without notice.", "the lawsuit", "unnamed"),
        ("A source said the road would reopen in May.", "a source", "unnamed"),
    ],
)
def test_a_described_source_is_the_speaker(text: str, name: str, kind: str) -> None:
    [(_, quote_kind, speaker, speaker_kind)] = speakers(text)
    assert ("indirect", name.lower(), kind) == (quote_kind, (speaker or "").lower(), speaker_kind)


def test_one_description_is_one_speaker_within_a_document() -> None:
    text = "Officials said the road would reopen.\n\nOfficials said the bridge was safe.\n"
    extraction = extract_quotes(text)
    assert 1 == len({quote.speaker for quote in extraction.quotes})
    assert ["group"] == [actor.kind for actor in extraction.actors]


def test_a_spokesperson_for_a_body_stays_the_body() -> None:
    text = "A spokesperson for Harbour Water said the pipes had been replaced."
    [(_, _, speaker, kind)] = speakers(text)
    assert ("Harbour Water", "organisation") == (speaker, kind)


def test_a_named_person_is_never_a_described_speaker() -> None:
    text = "Mayor Ines Dube said the road would reopen in May."
    [(_, _, speaker, kind)] = speakers(text)
    assert ("Mayor Ines Dube", "person") == (speaker, kind)


def test_they_after_a_group_speaking_is_that_group() -> None:
    text = "Officials said the road would reopen in May. They added that the bridge was safe."
    assert ["officials", "officials"] == [name.lower() for _, _, name, _ in speakers(text) if name]


def test_what_names_a_thing_is_no_speaker() -> None:
    text = "A sign labelled the lane “closed for good” hung at the gate."
    assert [None] == [name for _, _, name, _ in speakers(text)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("an architect who", "an architect"),
        ("officials in Lagos", "officials in Lagos"),
        ("a spokeswoman for Harrow & Finch", "a spokeswoman for Harrow & Finch"),
        ("the holiday is", ""),
        ("the council could reverse the", ""),
        ("the vote for", ""),
        ("the experts I interviewed", ""),
        ("a clash between protesters and police and", ""),
        ("a survey that included one", ""),
        ("the Vikings - while", ""),
        ("the harbour master meanwhile", "the harbour master"),
        ("officials later", "officials"),
    ],
)
def test_a_description_is_cut_at_its_noun_phrase(phrase: str, expected: str) -> None:
    assert expected == noun_phrase(phrase)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("police", ("police", "group")),
        ("Some voters", ("some voters", "group")),
        ("the suit", ("the suit", "unnamed")),
        ("an architect who", ("an architect", "unnamed")),
        ("He’s", None),
        ("his remarks", None),
        ("the harbour is", None),
        ("Bell's former campaign manager", ("Bell's former campaign manager", "unnamed")),
        ("It's worth", None),
    ],
)
def test_a_description_names_a_group_or_an_unnamed_speaker(phrase: str, expected: tuple[str, str] | None) -> None:
    assert expected == description_of(phrase)


def test_a_clause_before_the_verb_is_no_described_speaker() -> None:
    text = "Ferry fares rose in May. The efforts are expected to continue cutting the queues at the pier."
    assert all(speaker is None for _, _, speaker, _ in speakers(text))


def test_the_antecedent_of_a_relative_speaks() -> None:
    text = "The town hired a planner who said the square would be rebuilt by June."
    assert [("the square would", "indirect", "a planner", "unnamed")] == speakers(text)


def test_a_caption_gives_no_speaker() -> None:
    text = "Photo: Officials said the pier would reopen (Jo Park / Coast Wire)\n\nThe pier has been shut since May."
    assert [] == speakers(text)


def test_a_cue_word_right_before_a_cue_is_a_noun_of_the_subject() -> None:
    text = "A series of highly critical inspection reports said the harbour board had failed for years."
    [(_, kind, speaker, _)] = speakers(text)
    assert ("indirect", "a series of highly critical inspection reports") == (kind, speaker)


def test_a_description_may_open_with_a_possessive_name() -> None:
    text = "“The count was fair,” Bell's former campaign manager said on Monday."
    [(_, kind, speaker, speaker_kind)] = speakers(text)
    assert ("direct", "Bell's former campaign manager", "unnamed") == (kind, speaker, speaker_kind)


def test_i_outside_quotation_marks_is_the_writer() -> None:
    text = "The ferry was late again.\n\n“We will wait,” I said. “We always do.”"
    found = speakers(text)
    assert [("We will wait,", "direct", "the writer", "unnamed"), ("We always do.", "direct", "the writer", "unnamed")] == found


def test_my_and_our_open_a_description_the_writer_gives() -> None:
    text = "The fear never left the house. “We live in the last days,” my father often said. Our correspondent said the town was quiet."
    extraction = extract_quotes(text)
    speakers = {q.text: extraction.actors[q.speaker].name for q in extraction.quotes if q.speaker is not None}
    assert {"We live in the last days,": "my father", "the town was quiet": "our correspondent"} == speakers
