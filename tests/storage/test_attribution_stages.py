"""The attribution stages on their own: quotation marks and shapes, sentences, the cue lexicon."""

from __future__ import annotations

import pytest

from storage.attribution.cue_reading import inverted_description, reports_what_follows, speech_in_lead
from storage.attribution.cues import cue_regex, load_cues
from storage.attribution.quote_spans import names_what_follows, normalise_marks, quote_shape, scan_quotes
from storage.attribution.quotes import extract_quotes
from storage.attribution.sentences import split_sentences


def test_doubled_apostrophes_become_double_marks_of_the_same_length() -> None:
    text = "''We will stay,'' she said."
    normalised = normalise_marks(text)
    assert len(text) == len(normalised)
    [span] = scan_quotes(normalised, [(0, len(normalised))])
    assert "We will stay," == text[span.start : span.end]


@pytest.mark.parametrize(
    ("before", "after", "words", "cue_before", "cue_after", "expected"),
    [
        ("", "she told supporters flatly.", 5, False, False, "direct"),
        ("", "opens tonight.", 1, False, False, "partial"),
        ("He said:", "", 6, True, False, "direct"),
        ("He said,", "", 6, True, False, "direct"),
        ("The council called the plan", "and voted it down.", 4, False, False, "partial"),
        ("She said the plan was", "", 2, False, False, "partial"),
        ("Protesters chanted", "", 2, True, False, "direct"),
        ("Protesters chanted", "", 1, True, False, "partial"),
    ],
)
def test_a_quotation_is_typed_by_where_it_sits(
    before: str, after: str, words: int, cue_before: bool, cue_after: bool, expected: str
) -> None:
    assert expected == quote_shape(before, after, words, cue_before, cue_after)


def test_a_question_keeps_its_short_attribution_in_its_sentence() -> None:
    text = "“Who will pay for it?” Ann Bell asked. The council did not answer."
    quotes = scan_quotes(text, [(0, len(text))])
    sentences = split_sentences(text, 0, len(text), [q.start for q in quotes], quotes)
    assert ["“Who will pay for it?” Ann Bell asked. ", "The council did not answer."] == [
        text[start:end] for start, end in sentences
    ]


@pytest.mark.parametrize("form", ["said", "saying", "adding", "blurted out", "according to", "told", "reads", "assured", "reiterated", "muttered"])
def test_the_lexicon_holds_participles_and_phrasal_cues(form: str) -> None:
    assert form in load_cues().forms
    assert form == cue_regex().search(f"and then {form} that").group(1)  # type: ignore[union-attr]


def test_a_cue_is_a_whole_word() -> None:
    assert cue_regex().search("the so-called sayings of the day") is None


def test_an_utterance_after_a_cue_and_its_comma_is_direct_though_the_sentence_goes_on() -> None:
    assert "direct" == quote_shape("She kept saying,", "until the bus left.", 4, True, False, utterance=True)
    assert "partial" == quote_shape("She kept saying,", "until the bus left.", 4, True, False)


def test_a_quotation_opening_in_lower_case_inside_a_sentence_is_a_fragment() -> None:
    assert "partial" == quote_shape("Mr Hale said on the other hand,", "", 6, True, False, lower=True)
    assert "direct" == quote_shape("Mr Hale said on the other hand,", "", 6, True, False)


@pytest.mark.parametrize(
    "before",
    [
        "The council gave one reason:",
        "“We are sorry,” Ann Bell said,",
    ],
)
def test_a_lower_case_quotation_after_a_colon_or_going_on_with_a_quotation_stays_direct(before: str) -> None:
    assert "direct" == quote_shape(before, "", 6, True, False, lower=True)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (" a party member who backs Bell.", "a party member"),
        (" a person close to the mayor.", "a person close"),
        (" one harbour employee, asking not to be named.", "one harbour employee"),
        (" the", ""),
        (" Ann Bell.", ""),
    ],
)
def test_a_description_after_a_verb_is_cut_before_its_first_function_word(after: str, expected: str) -> None:
    assert expected == inverted_description(after)


def test_a_whole_description_after_a_verb_is_no_reported_clause() -> None:
    assert "" == inverted_description(" the water had risen.", whole=True)
    assert "a party member" == inverted_description(" a party member who backs Bell.", whole=True)


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("Ann Bell, who runs the trust, told me,", True),
        ("Tom Hale, who joked of the pier,", True),
        ("As the report put it,", True),
        ("Ann Bell told me, on the pier", False),
        ("The pier, which opened in May,", False),
        ("She said the pier was open. Then,", False),
    ],
)
def test_a_clause_ending_in_a_comma_leads_into_speech_when_it_holds_a_cue(before: str, expected: bool) -> None:
    assert expected == speech_in_lead(before)


def test_curly_marks_inside_a_straight_quotation_are_a_nested_quotation() -> None:
    text = '"It is an episode of “Harbour Tales.” But this is serious," she said. And “this” was new.'
    spans = [text[span.start : span.end] for span in scan_quotes(text, [(0, len(text))])]
    assert ["It is an episode of “Harbour Tales.” But this is serious,", "this"] == spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“I’d rather see what he calls “chaos” than see him win.” ― Ann Bell", ["I’d rather see what he calls “chaos” than see him win."]),
        ("“We lost, she said. “We will be back.”", ["We lost, she said.", "We will be back."]),
        ("“Go now. “Wait,” he said. “Now.”", ["Go now.", "Wait,", "Now."]),
    ],
)
def test_a_curly_pair_inside_a_curly_quotation_is_nested_when_the_outer_one_closes_after_it(
    text: str, expected: list[str]
) -> None:
    assert expected == [text[span.start : span.end] for span in scan_quotes(text, [(0, len(text))])]


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("The board condemned what it called", True),
        ("He calls his rivals", True),
        ("an act the mayor described as", True),
        ("the group known as the", True),
        ("The mayor said", False),
        ("She called the meeting to order and then told reporters", False),
    ],
)
def test_a_naming_phrase_with_at_most_three_words_of_object_gives_a_name(before: str, expected: bool) -> None:
    assert expected == names_what_follows(before)


def test_a_quotation_given_as_a_name_is_a_fragment() -> None:
    assert "partial" == quote_shape("The board condemned what it called", "", 6, True, False, embedded=True)
    assert "direct" == quote_shape("The board condemned what it called", "", 6, True, False)


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("The mayor tweeted that,", True),
        ("The mayor said that", False),
        ("After that,", False),
    ],
)
def test_a_cue_that_and_a_comma_open_a_reported_clause(before: str, expected: bool) -> None:
    assert expected == reports_what_follows(before)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (" one person with knowledge of the talks.", "one person"),
        (" a harbour employee familiar with the plans.", "a harbour employee familiar"),
        (" the harbour master in May.", ""),
        (" a report had found.", ""),
    ],
)
def test_after_a_quotation_an_indefinite_description_cut_at_a_preposition_is_an_unnamed_source(after: str, expected: str) -> None:
    assert expected == inverted_description(after, whole=True, unnamed=True)
    assert "" == inverted_description(after, whole=True)


@pytest.mark.parametrize(
    "dateline",
    ["OSLO (Reuters) - ", "PORT LOUIS, Mauritius (AP) — ", "NEW HAVEN, Conn., May 3 (UPI) -- ", "QUITO — ", "LIMA—"],
)
def test_a_wire_dateline_is_no_part_of_the_first_sentence(dateline: str) -> None:
    text = dateline + "A judge ordered a review, saying the rules were not followed. The council agreed."
    [first, _] = split_sentences(text, 0, len(text), [], [])
    assert text[first[0] :].startswith("A judge ordered")


@pytest.mark.parametrize(
    "opening", ["NEW RULES—“Care Costs Rise,” by Ann Bell: ", "ASKED why - Ann", "NHS trusts said - ", "OSLO"]
)
def test_capitals_and_a_dash_before_a_quotation_or_inside_a_sentence_are_no_dateline(opening: str) -> None:
    text = opening + "the rules were not followed."
    [first] = split_sentences(text, 0, len(text), [], [])
    assert 0 == first[0]


def test_neither_the_place_nor_the_agency_of_a_dateline_speaks() -> None:
    text = "MALMO (Reuters) - A judge ordered a review on Friday, saying the rules were not followed."
    extraction = extract_quotes(text)
    [quote] = extraction.quotes
    assert "the rules were not followed" == quote.text
    assert quote.speaker is None or extraction.actors[quote.speaker].name not in ("MALMO", "Reuters")
