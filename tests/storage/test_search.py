"""SearchIndex: typo-tolerant, filtered search over quotes, actors and annotations."""

from __future__ import annotations

import pytest

from storage.models import Actor, Quote
from storage.search.engine import SearchIndex
from storage.store import Store


@pytest.fixture
def index(search_store: Store) -> SearchIndex:
    return SearchIndex.build(search_store)


def quote_texts(index: SearchIndex, query: str) -> list[str]:
    return [hit.text for hit in index.search(query).quotes]


def test_speaker_and_words_together_rank_first(index: SearchIndex) -> None:
    quotes = index.search("warner nhs").quotes

    assert ("Lord Warner", "The NHS must pull its weight in Birmingham.") == (quotes[0].speaker, quotes[0].text)
    assert 100.0 == quotes[0].score


@pytest.mark.parametrize(
    ("query", "actor"),
    [("Warnr", "Lord Warner"), ("Le Grande", "Julian Le Grand"), ("Wilshore", "Sir Michael Wilshaw")],
)
def test_misspelt_names_find_the_actor(index: SearchIndex, query: str, actor: str) -> None:
    assert actor == index.search(query).actors[0].speaker


def test_actors_match_on_any_alias(index: SearchIndex) -> None:
    assert ["Lord Warner"] == [hit.speaker for hit in index.search("commissioner").actors]


def test_a_half_remembered_phrase_finds_the_quote(index: SearchIndex) -> None:
    assert (
        "We are pulling our weight; the NHS is not pulling its weight." == quote_texts(index, "pulling its wieght")[0]
    )


def test_a_word_being_typed_matches_as_a_prefix(index: SearchIndex) -> None:
    assert 2 == len(quote_texts(index, "thresh"))
    assert [] == quote_texts(index, "thresh ")


def test_highlights_point_at_the_matched_words(index: SearchIndex) -> None:
    hit = index.search("thresholds").quotes[0]

    assert ["thresholds"] == [hit.text[start:end] for start, end in hit.highlights]


def test_an_exact_phrase_must_appear_and_is_highlighted(index: SearchIndex) -> None:
    hits = index.search('"pull its weight"').quotes

    assert ["The NHS must pull its weight in Birmingham."] == [hit.text for hit in hits]
    assert ["pull its weight"] == [hits[0].text[start:end] for start, end in hits[0].highlights]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "by:warner",
            [
                "The NHS must pull its weight in Birmingham.",
                "Social workers are leaving faster than we can recruit them.",
            ],
        ),
        ("by:warnr social", ["Social workers are leaving faster than we can recruit them."]),
        ("tag:funding", ["the council had been in denial about funding for years"]),
        (
            "in:safeguarding",
            [
                "We are pulling our weight; the NHS is not pulling its weight.",
                "[bold]Nobody[/bold] checked the thresholds",
            ],
        ),
        ("kind:indirect", ["the council had been in denial about funding for years"]),
        ("kind:partial thresholds", ["[bold]Nobody[/bold] checked the thresholds"]),
        ("by:nobody nhs", []),
        ("tag:nosuchtag", []),
    ],
)
def test_filters_combine_with_free_text(index: SearchIndex, query: str, expected: list[str]) -> None:
    assert expected == quote_texts(index, query)


def test_annotations_match_on_notes_tags_and_the_quoted_speaker(index: SearchIndex) -> None:
    by_note = index.search("compare review").annotations
    by_tag = index.search("tag:funding").annotations
    by_speaker = index.search("by:le grand").annotations

    assert ["denial about funding"] == [hit.text for hit in by_note]
    assert ("Funding",) == by_note[0].tags
    assert ["compare", "review"] == [by_note[0].note[start:end] for start, end in by_note[0].note_highlights]
    assert ["denial about funding"] == [hit.text for hit in by_tag]
    assert ["Julian Le Grand"] == [hit.speaker for hit in by_speaker]


def test_hits_carry_the_span_to_open(index: SearchIndex, search_store: Store) -> None:
    hit = index.search("recruit").quotes[0]
    document = search_store.document(hit.document_id or 0)

    assert hit.text == document.body[hit.start : hit.end]
    assert document.title == hit.document_title


def test_an_actor_hit_opens_their_first_quote(index: SearchIndex) -> None:
    hit = index.search("brigid").actors[0]

    assert "NHS told to pull its weight on safeguarding" == hit.document_title
    assert hit.end > hit.start


def test_limit_caps_each_group(index: SearchIndex) -> None:
    assert 1 == len(index.search("the", limit=1).quotes)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '""',
        "AND",
        "nhs AND weight",
        "NEAR(nhs weight)",
        "nhs*",
        "-nhs",
        '"unclosed phrase',
        "^(a|b)+$.*[",
        "\\",
        "a" * 10_000,
        "nhs " * 2_500,
        "社会福祉 Бирмингем",
        "\x00\x1b[31m",
        "by:",
        'in:"',
        "tag:[bold]",
    ],
)
def test_bad_input_never_raises(index: SearchIndex, query: str) -> None:
    results = index.search(query)

    assert all(hit.text for hit in results.hits)


@pytest.mark.parametrize(
    ("query", "found"), [("nhs AND weight", True), ("NEAR(nhs", True), ("nhs*", True), ('"', False)]
)
def test_search_syntax_from_other_tools_is_read_as_words(index: SearchIndex, query: str, found: bool) -> None:
    assert found == bool(index.search(query).quotes)


def test_non_latin_text_is_searchable() -> None:
    quote = Quote(1, 1, 0, 14, "Бирмингем city", None, "direct", "")
    index = SearchIndex.from_records(titles={1: "Новости"}, actors=[], quotes=[quote])

    assert ["Бирмингем city"] == quote_texts(index, "бирмингем")


@pytest.mark.parametrize(
    "query",
    ["maren okafr housing charities", "housing charities maren okafor", "mren okafor charities housing"],
)
def test_a_named_actor_outranks_an_organisation_matching_topic_words(query: str) -> None:
    person = Actor(1, "Maren Okafor", "person", "")
    organisation = Actor(2, "National Federation of Housing Charities", "organisation", "")
    index = SearchIndex.from_records(titles={}, actors=[organisation, person], quotes=[])

    assert ["Maren Okafor", "National Federation of Housing Charities"] == [
        hit.speaker for hit in index.search(query).actors
    ]


def test_topic_words_alone_still_find_the_organisation() -> None:
    person = Actor(1, "Maren Okafor", "person", "")
    organisation = Actor(2, "National Federation of Housing Charities", "organisation", "")
    index = SearchIndex.from_records(titles={}, actors=[person, organisation], quotes=[])

    assert ["National Federation of Housing Charities"] == [
        hit.speaker for hit in index.search("housing charities").actors
    ]
