"""Coded segments across the corpus: sub-tags, filters by document, speaker, coder and words."""

from __future__ import annotations

import pytest

from storage.exchange.segments import SegmentFilter, SegmentFilterError, parse_segment_filter, tags_for_report
from storage.models import Article
from storage.store import Store

BODY = (
    'Ann Pryce said: "The budget for home visits was cut twice." '
    "Officials denied it. "
    '"Nobody asked the families," said Tom Okafor.'
)


def add_article(store: Store, title: str, publication: str, published: str, author: str = "") -> int:
    article = Article(title=title, body=BODY, raw=BODY, publication=publication, published=published, author=author)
    return store.add_document(article, f"{title}.txt", title).id


def add_quote(store: Store, document_id: int, phrase: str, speaker: str) -> None:
    start = BODY.index(phrase)
    actor_id = store.actor_for_name(speaker, "person")
    store.conn.execute(
        'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (?,?,?,?,?,?)',
        [document_id, start, start + len(phrase), phrase, actor_id, "direct"],
    )


@pytest.fixture
def coded(store: Store) -> Store:
    """Two outlets, two years, two coders; 'Cuts' has a sub-tag 'Home visits' with a sub-tag of its own."""
    cuts = store.add_tag("Cuts")
    visits = store.add_tag("Home visits", parent_id=cuts.id)
    store.add_tag("Weekly visits", parent_id=visits.id)
    store.add_tag("Denial")
    first = add_article(store, "Budget cut twice", "Northern Echo", "2014-03-02", author="Jo Hale")
    second = add_article(store, "Families not asked", "Daily Ledger", "2015-11-20")
    for document_id in (first, second):
        add_quote(store, document_id, "The budget for home visits was cut twice.", "Ann Pryce")
        add_quote(store, document_id, "Nobody asked the families,", "Tom Okafor")
    span = BODY.index("The budget"), BODY.index("Officials")
    store.add_annotation(first, cuts.id, *span, coder="ana", note="the key claim")
    store.add_annotation(second, visits.id, *span, coder="ben")
    weekly, denial = store.tag_by_name("Weekly visits"), store.tag_by_name("Denial")
    assert weekly is not None and denial is not None
    store.add_annotation(second, weekly.id, 0, len(BODY), coder="ana")
    store.add_annotation(first, denial.id, BODY.index("Officials"), BODY.index(" denied"))
    return store


def family(store: Store, name: str, subtags: bool) -> list[int]:
    tag = store.tag_by_name(name)
    assert tag is not None
    return tags_for_report(store.tags(), [tag.id], subtags=subtags)


def test_a_tag_alone_gives_its_own_segments_with_document_and_speaker(coded: Store) -> None:
    [segment] = coded.coded_segments(family(coded, "Cuts", False))

    assert ("Budget cut twice", "2014-03-02", "Northern Echo", "Jo Hale") == (
        segment.document_title, segment.published, segment.publication, segment.author)
    assert ("ana", "the key claim", ("Ann Pryce",)) == (segment.coder, segment.note, segment.speakers)
    assert segment.text.startswith("The budget")


def test_sub_tags_bring_every_level_below_in_date_order(coded: Store) -> None:
    segments = coded.coded_segments(family(coded, "Cuts", True))

    assert ["Cuts", "Weekly visits", "Home visits"] == [s.tag_name for s in segments]
    assert ("Ann Pryce", "Tom Okafor") == segments[1].speakers


def test_a_segment_over_no_quote_has_no_speaker(coded: Store) -> None:
    [segment] = coded.coded_segments(family(coded, "Denial", False))

    assert () == segment.speakers


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("outlet:echo", ["Cuts"]),
        ("outlet:ledger", ["Weekly visits", "Home visits"]),
        ("date:2015", ["Weekly visits", "Home visits"]),
        ("date:2014-01..2014-12", ["Cuts"]),
        ("date:..2014", ["Cuts"]),
        ("date:2016..", []),
        ("author:hale", ["Cuts"]),
        ("by:okafor", ["Weekly visits"]),
        ("coder:ben", ["Home visits"]),
        ("coder:ana key", ["Cuts"]),
        ('"nobody asked"', ["Weekly visits"]),
    ],
)
def test_filters_narrow_by_document_speaker_coder_and_words(coded: Store, typed: str, tags: list[str]) -> None:
    segments = coded.coded_segments(family(coded, "Cuts", True), parse_segment_filter(typed))

    assert tags == [s.tag_name for s in segments]


def test_orphans_and_old_revisions_are_left_out(coded: Store) -> None:
    [annotation] = coded.annotations(tag_id=family(coded, "Cuts", False)[0])
    coded.orphan_annotation(annotation.id)

    assert [] == coded.coded_segments(family(coded, "Cuts", False))


def test_a_filter_reads_quoted_values_and_open_ranges() -> None:
    assert SegmentFilter(actor="le grand", date_from="2014", words=("cuts",)) == parse_segment_filter(
        'by:"le grand" date:2014.. cuts')


@pytest.mark.parametrize("typed", ["colour:red", "date:last-year", "date:..", "date:2014..15"])
def test_a_filter_that_cannot_be_read_says_why(typed: str) -> None:
    with pytest.raises(SegmentFilterError):
        parse_segment_filter(typed)
