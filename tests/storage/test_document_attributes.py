"""Document attributes: defining, setting (journaled), filtering and sorting by them, export and re-import."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.exchange.annotation_import import import_annotations
from storage.exchange.export import ExportError, export_database
from storage.models import Article, Document
from storage.search.document_filter import parse_document_filter
from storage.attribute_values import BUILTIN_ATTRIBUTES
from storage.store import Store, StoreError

PAPERS = [
    ("Council cuts youth budget", "The Harbour Gazette", "2014-03-02", "Ana Lima"),
    ("Inspectors praise foster scheme", "Northern Courier", "2015-12-31T10:00:00", ""),
    ("Minister visits care home", "Daily Ledger", "2016-01-01", "Ben Okafor"),
    ("Gazette readers write in", "harbour gazette weekly", "", ""),
]
"""Invented articles: (title, outlet, date, author)."""


@pytest.fixture
def papers(store: Store) -> list[Document]:
    return [
        store.add_document(Article(title, f"Body of {title}.", "", publication=outlet, published=date, author=author),
                           f"/news/{n}.txt", f"hash-{n}")  # fmt: skip
        for n, (title, outlet, date, author) in enumerate(PAPERS)
    ]


def titles(store: Store, ids: list[int]) -> list[str]:
    return [store.document(id_).title for id_ in ids]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlet:gazette", [0, 3]),
        ("outlet:GAZETTE weekly", [3]),
        ("date:2014..2015", [0, 1]),
        ("date:2015", [1]),
        ("date:..2014-12", [0]),
        ("date:2015-12-31..", [1, 2]),
        ("author:okafor", [2]),
        ("author:\"ana lima\"", [0]),
        ("10:30", []),
        ("council", [0]),
        ("nobody:here", []),
    ],
)
def test_filter_by_built_in_attributes(store: Store, papers: list[Document], query: str, expected: list[int]) -> None:
    assert [papers[n].id for n in expected] == store.documents_matching(query)
    assert len(expected) == store.document_count(query)


def test_defined_attributes_filter_with_ranges_and_choices(store: Store, papers: list[Document]) -> None:
    region = store.define_attribute("region", "choice", ["North", "West", "north"])
    pages = store.define_attribute("pages", "number")
    founded = store.define_attribute("founded", "date")
    assert ("North", "West") == region.choices
    assert region.id and pages.id and founded.id
    store.set_document_attribute(papers[0].id, region.id, "west")
    store.set_document_attribute(papers[1].id, region.id, "North")
    store.set_document_attribute(papers[0].id, pages.id, "12")
    store.set_document_attribute(papers[2].id, pages.id, "3.50")
    store.set_document_attribute(papers[2].id, founded.id, "1851-3-7")

    assert "West" == store.document_attributes(papers[0].id)["region"]
    assert "3.5" == store.document_attributes(papers[2].id)["pages"]
    assert "1851-03-07" == store.document_attributes(papers[2].id)["founded"]
    assert [papers[0].id] == store.documents_matching("region:WEST")
    assert [papers[0].id] == store.documents_matching("region:west council")
    assert [] == store.documents_matching("region:wes")
    assert [papers[0].id] == store.documents_matching("pages:4..")
    assert [papers[2].id] == store.documents_matching("pages:..4")
    assert [papers[2].id] == store.documents_matching("pages:3.5")
    assert [] == store.documents_matching("pages:lots")
    assert [papers[2].id] == store.documents_matching("founded:1800..1900")
    assert [papers[1].id] == store.documents_matching("Region:north date:2015")


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("number", "twelve", "'twelve' is not a number"),
        ("number", "nan", "'nan' is not a number"),
        ("date", "2014-13", "'2014-13' is not a date"),
        ("date", "14/03/2014", "is not a date"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused(
    store: Store, papers: list[Document], kind: str, value: str, message: str
) -> None:
    attribute = store.define_attribute("measure", kind)
    assert attribute.id is not None
    with pytest.raises(StoreError, match=message):
        store.set_document_attribute(papers[0].id, attribute.id, value)
    assert "" == store.document_attributes(papers[0].id)["measure"]


def test_a_choice_outside_the_list_is_refused(store: Store, papers: list[Document]) -> None:
    region = store.define_attribute("region", "choice", ["North"])
    assert region.id is not None
    with pytest.raises(StoreError, match="region is one of: North"):
        store.set_document_attribute(papers[0].id, region.id, "South")


@pytest.mark.parametrize(
    ("name", "kind", "choices", "message"),
    [
        ("outlet", "text", [], "built in"),
        ("the region", "text", [], "no spaces"),
        ("a:b", "text", [], "no spaces"),
        ("", "text", [], "needs a name"),
        ("colour", "shade", [], "one of: text, number, date, choice"),
        ("region", "choice", [" ", ""], "needs its allowed values"),
    ],
)
def test_an_attribute_the_filter_could_not_spell_is_refused(
    store: Store, name: str, kind: str, choices: list[str], message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.define_attribute(name, kind, choices)
    assert [] == store.attributes()


def test_names_are_unique_in_any_case(store: Store) -> None:
    store.define_attribute("Region", "text")
    with pytest.raises(StoreError, match="already an attribute called 'Region'"):
        store.define_attribute("region", "number")


def test_defining_setting_and_deleting_are_undone_and_redone(store: Store, papers: list[Document]) -> None:
    region = store.define_attribute("region", "text", coder="ana")
    assert region.id is not None
    store.set_document_attribute(papers[0].id, region.id, "coast", coder="ana")
    store.set_document_attribute(papers[0].id, region.id, "inland", coder="ana")
    store.set_document_attribute(papers[1].id, region.id, "coast", coder="ana")
    store.set_document_attribute(papers[1].id, region.id, "", coder="ana")

    assert store.undo(coder="ana") and "coast" == store.document_attributes(papers[1].id)["region"]
    assert store.undo(coder="ana") and "" == store.document_attributes(papers[1].id)["region"]
    assert store.undo(coder="ana") and "coast" == store.document_attributes(papers[0].id)["region"]
    assert store.redo(coder="ana") and "inland" == store.document_attributes(papers[0].id)["region"]

    assert 1 == store.delete_attribute(region.id, coder="ana")
    assert [] == store.attributes() and [] == store.documents_matching("region:inland")
    assert "delete attribute 'region'" == store.undo(coder="ana")
    assert [papers[0].id] == store.documents_matching("region:inland")


def test_values_follow_the_article_to_its_new_revision(store: Store, papers: list[Document]) -> None:
    region = store.define_attribute("region", "text")
    assert region.id is not None
    store.set_document_attribute(papers[0].id, region.id, "coast")
    revised = store.add_document(Article(PAPERS[0][0], "A corrected body.", ""), "/news/0.txt", "hash-new")
    assert revised.id != papers[0].id
    assert [revised.id] == store.documents_matching("region:coast")


def test_sort_by_an_attribute_puts_documents_without_a_value_last(store: Store, papers: list[Document]) -> None:
    pages = store.define_attribute("pages", "number")
    assert pages.id is not None
    for paper, value in zip(papers, ["12", "3", "", "100"], strict=True):
        store.set_document_attribute(paper.id, pages.id, value)
    expected = [papers[n].id for n in (1, 0, 3, 2)]  # numbers compared as numbers: 3 < 12 < 100
    assert expected == [summary.id for summary in store.document_page("", "pages", 0, -1)]
    assert [0, 1, 2, 3] == [store.document_position(id_, "", "pages") for id_ in expected]
    by_outlet = [summary.title for summary in store.document_page("", "outlet", 0, -1)]
    assert ["Minister visits care home", "Gazette readers write in"] == by_outlet[:2]
    assert [1, 0] == [store.document_position(papers[n].id, "", "outlet") for n in (3, 2)]


def test_the_filter_parser_keeps_unknown_names_as_words() -> None:
    parsed = parse_document_filter('outlet:"harbour gazette" 10:30 date:2014.. author:', BUILTIN_ATTRIBUTES)
    assert ("10:30",) == parsed.words
    assert [("outlet", "harbour gazette", None, None), ("date", "2014..", "2014", "")] == [
        (c.attribute.name, c.value, c.low, c.high) for c in parsed.conditions
    ]


def test_the_filter_sql_builder_is_what_the_analysis_can_reuse(store: Store, papers: list[Document]) -> None:
    sql, params = store.documents_matching_sql("outlet:gazette")
    found = store.conn.execute(f"SELECT count(*) FROM documents WHERE id IN ({sql})", params).fetchone()[0]
    assert 2 == found


def test_attributes_are_exported_and_come_back_in_a_fresh_database(
    store: Store, papers: list[Document], tmp_path: Path
) -> None:
    region = store.define_attribute("region", "choice", ["North", "West"])
    pages = store.define_attribute("pages", "number")
    assert region.id and pages.id
    store.set_document_attribute(papers[0].id, region.id, "West")
    store.set_document_attribute(papers[1].id, pages.id, "7")
    out = tmp_path / "out.db"
    export_database(store, out)

    conn = sqlite3.connect(out)
    assert [("pages", "number", "[]"), ("region", "choice", '["North", "West"]')] == sorted(
        conn.execute("SELECT name, kind, choices FROM attributes")
    )
    wide = conn.execute("SELECT title, outlet, date, pages, region FROM document_variables ORDER BY document_id")
    assert ("Council cuts youth budget", "The Harbour Gazette", "2014-03-02", None, "West") == next(wide)
    conn.close()

    with Store.open(tmp_path / "fresh.db") as fresh:
        report = import_annotations(fresh, out)
        assert (2, 2) == (report.attributes_created, report.attribute_values_added)
        assert ["Council cuts youth budget"] == titles(fresh, fresh.documents_matching("region:west"))
        assert ["Inspectors praise foster scheme"] == titles(fresh, fresh.documents_matching("pages:7"))
        again = import_annotations(fresh, out)
        assert (0, 0, 2) == (again.attributes_created, again.attribute_values_added, again.attribute_values_kept)


def test_an_import_keeps_values_set_here_and_widens_choices(store: Store, papers: list[Document], tmp_path: Path) -> None:
    region = store.define_attribute("region", "choice", ["North", "West"])
    assert region.id is not None
    store.set_document_attribute(papers[0].id, region.id, "West")
    store.set_document_attribute(papers[1].id, region.id, "North")
    out = tmp_path / "out.db"
    export_database(store, out)
    store.delete_attribute(region.id)
    here = store.define_attribute("region", "choice", ["South"])
    assert here.id is not None
    store.set_document_attribute(papers[0].id, here.id, "South")

    report = import_annotations(store, out)
    assert (1, 1) == (report.attribute_values_added, report.attribute_values_kept)
    assert ("South", "North", "West") == store.attribute(here.id).choices
    assert "South" == store.document_attributes(papers[0].id)["region"]
    assert "North" == store.document_attributes(papers[1].id)["region"]


def test_an_attribute_of_another_kind_or_a_bad_value_refuses_the_import(
    store: Store, papers: list[Document], tmp_path: Path
) -> None:
    pages = store.define_attribute("pages", "number")
    assert pages.id is not None
    store.set_document_attribute(papers[0].id, pages.id, "7")
    out = tmp_path / "out.db"
    export_database(store, out)
    with Store.open(tmp_path / "other.db") as other:
        other.define_attribute("pages", "text")
        with pytest.raises(ExportError, match="'pages' is number in the export but text here"):
            import_annotations(other, out)
        assert [] == other.documents()

    conn = sqlite3.connect(out)
    with conn:
        conn.execute("UPDATE document_attributes SET value = 'seven'")
    conn.close()
    with Store.open(tmp_path / "third.db") as third, pytest.raises(ExportError, match="'seven' is not a number"):
        import_annotations(third, out)


def test_coded_segments_filter_by_a_defined_attribute(store: Store, papers: list[Document]) -> None:
    from storage.exchange.segments import SegmentFilterError, parse_segment_filter

    tag = store.add_tag("Cuts")
    for paper in papers:
        store.add_annotation(paper.id, tag.id, 0, 7)
    pages = store.define_attribute("page-count", "number")
    assert pages.id is not None
    store.set_document_attribute(papers[1].id, pages.id, "12")
    store.set_document_attribute(papers[2].id, pages.id, "40")
    names = [attribute.name for attribute in store.attributes()]

    where = parse_segment_filter("Page-Count:10..20 outlet:courier", names)
    assert (("page-count", "10..20"),) == where.attributes
    assert [papers[1].id] == [segment.document_id for segment in store.coded_segments([tag.id], where)]
    with pytest.raises(SegmentFilterError, match="page-count:"):
        parse_segment_filter("pages:10", names)


@pytest.mark.parametrize("kind", ["number", "text"])
def test_pages_in_an_attribute_order_cross_from_valued_to_unvalued_documents(store: Store, kind: str) -> None:
    attribute = store.define_attribute("rank", kind)
    assert attribute.id is not None
    ids = [
        store.add_document(Article(f"Story {n}", f"Body {n}.", "", publication="Gazette" if n % 3 else "Post"),
                           f"/s/{n}.txt", f"s{n}").id
        for n in range(23)
    ]  # fmt: skip
    for n, id_ in enumerate(ids):
        if n % 2:
            store.set_document_attribute(id_, attribute.id, str(n % 7))
    for query in ("", "outlet:gazette"):
        whole = [summary.id for summary in store.document_page(query, "rank", 0, -1)]
        assert sorted(whole) == store.documents_matching(query)
        pages = [summary.id for offset in range(0, 30, 4) for summary in store.document_page(query, "rank", offset, 4)]
        assert whole == pages
        assert list(range(len(whole))) == [store.document_position(id_, query, "rank") for id_ in whole]
