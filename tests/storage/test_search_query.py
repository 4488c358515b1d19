"""Parsing what is typed into the search box: terms, phrases, filters, and input that means nothing."""

from __future__ import annotations

import pytest

from storage.search.query import SearchQuery, parse_query


def test_free_words_become_terms_without_stopwords() -> None:
    assert ("warner", "nhs") == parse_query("what did Warner say about the NHS ").terms


def test_only_stopwords_are_kept_when_nothing_else_is_left() -> None:
    assert ("the", "of") == parse_query("the of").terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by:warner nhs", SearchQuery("by:warner nhs", terms=("nhs",), speakers=("warner",), prefix_last=True)),
        ('by:"le grand" ', SearchQuery('by:"le grand" ', speakers=("le grand",))),
        ("tag:funding", SearchQuery("tag:funding", tags=("funding",))),
        (
            "in:birmingham kind:Direct",
            SearchQuery("in:birmingham kind:Direct", titles=("birmingham",), kinds=("Direct",)),
        ),
        ('"pull its  Weight" ', SearchQuery('"pull its  Weight" ', phrases=("pull its weight",))),
        ('"pulling its', SearchQuery('"pulling its', phrases=("pulling its",))),
        ("by: ", SearchQuery("by: ")),
    ],
)
def test_filters_and_phrases(text: str, expected: SearchQuery) -> None:
    assert expected == parse_query(text)


@pytest.mark.parametrize(("text", "prefix_last"), [("thresh", True), ("thresh ", False), ('"thresh"', False)])
def test_the_last_word_is_a_prefix_only_while_being_typed(text: str, prefix_last: bool) -> None:
    assert prefix_last == parse_query(text).prefix_last


@pytest.mark.parametrize(
    "text", ["", "   ", '"', '""', "AND", "NEAR(", "*", "-", "^$.*+?[](){}|\\", "a" * 10_000, "漢字 ни", "\x00\x1b[31m"]
)
def test_any_input_parses(text: str) -> None:
    query = parse_query(text)

    assert len(query.match_terms) <= 12
    assert all(len(term) <= 40 for term in query.match_terms)


def test_phrase_words_also_score() -> None:
    assert ("nhs", "pull", "its", "weight") == parse_query('nhs "pull its weight"').match_terms
