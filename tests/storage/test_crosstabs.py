"""The analysis tables: the export's definitions, tighter co-occurrence, coverage over time, filters and CSV."""

from __future__ import annotations

import csv
import io
import random
import sqlite3
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from storage.analysis.analysis_filter import AnalysisFilter, AnalysisFilterError, parse_analysis_filter
from storage.analysis.crosstabs import (
    Crosstab,
    coding_over_time,
    cooccurrence_matrix,
    crosstab_csv,
    period_range,
    tag_actor_counts,
    tag_actor_matrix,
    tag_cooccurrence,
    tag_paths,
)
from storage.attribution.text import split_sentences
from storage.corpus import seed
from storage.exchange.export import export_database
from storage.models import Tag
from storage.store import Store


def code_at_random(store: Store, number: int = 60, seed_value: int = 7) -> None:
    """Spans of four tags (one a sub-tag) by two coders at random places of every document."""
    chance = random.Random(seed_value)
    tags = store.tags()
    store.move_tag(tags[3].id, tags[0].id)
    documents = store.documents()
    for _ in range(number):
        document = chance.choice(documents)
        start = chance.randrange(0, len(document.body) - 40)
        end = min(len(document.body), start + chance.randrange(10, 400))
        store.apply_tag(document.id, chance.choice(tags[:4]).id, start, end, coder=chance.choice(["ana", "ben"]))


@pytest.fixture
def coded(db_path: Path) -> Store:
    store = Store.open(db_path)
    seed(store)
    code_at_random(store)
    return store


def view(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_tag_x_actor_and_document_cooccurrence_agree_with_the_exports_views(coded: Store, tmp_path: Path) -> None:
    export = tmp_path / "export.db"
    export_database(coded, export)
    paths = tag_paths(coded.tags())

    ours = sorted((paths[tag], name, count) for tag, _, name, count in tag_actor_counts(coded))
    assert ours and ours == sorted(view(export, "SELECT tag_path, actor, annotations FROM tag_actor_counts"))

    pairs = sorted((paths[a], paths[b], count) for (a, b), count in tag_cooccurrence(coded).items())
    assert pairs and pairs == sorted(view(export, "SELECT tag_a, tag_b, documents FROM tag_cooccurrence"))


def test_the_matrix_puts_the_most_coded_actor_first_and_every_count_in_its_cell(coded: Store) -> None:
    paths = tag_paths(coded.tags())
    matrix = tag_actor_matrix(coded)
    totals = [sum(cells) for cells in matrix.cells]  # type: ignore[arg-type]
    assert totals == sorted(totals, reverse=True)
    for tag, _, name, count in tag_actor_counts(coded):
        assert count == matrix.cells[matrix.rows.index(name)][matrix.columns.index(paths[tag])]
    assert list(matrix.columns) == sorted(matrix.columns, key=str.casefold)


def brute_force_pairs(store: Store, scope: str) -> Counter[tuple[int, int]]:
    """Co-occurrence counted the slow, obvious way: every pair of segments, every sentence."""
    segments = [a for a in store.annotations()]
    found: Counter[tuple[int, int]] = Counter()
    if scope == "overlap":
        for x, y in combinations(segments, 2):
            if x.document_id == y.document_id and x.tag_id != y.tag_id and x.start < y.end and y.start < x.end:
                found[(min(x.tag_id, y.tag_id), max(x.tag_id, y.tag_id))] += 1
        return found
    for document in store.documents():
        for start, end in split_sentences(document.body):
            tags = {a.tag_id for a in segments if a.document_id == document.id and a.start < end and start < a.end}
            found.update(combinations(sorted(tags), 2))
    return found


@pytest.mark.parametrize("scope", ["overlap", "sentence"])
@pytest.mark.parametrize("seed_value", [1, 2, 3])
def test_tighter_cooccurrence_matches_counting_by_hand(scope: str, seed_value: int) -> None:
    store = Store.memory()
    seed(store)
    code_at_random(store, 40, seed_value)
    assert dict(brute_force_pairs(store, scope)) == tag_cooccurrence(store, scope=scope)


def test_the_cooccurrence_matrix_is_symmetric_with_an_empty_diagonal(coded: Store) -> None:
    matrix = cooccurrence_matrix(coded, scope="overlap")
    size = len(matrix.rows)
    assert size >= 2 and matrix.rows == matrix.columns
    for row in range(size):
        assert matrix.cells[row][row] is None
        for column in range(size):
            assert matrix.cells[row][column] == matrix.cells[column][row]
    assert "overlapping" in matrix.unit


def test_an_unknown_scope_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="scope"):
        tag_cooccurrence(store, scope="paragraph")


def test_coverage_over_time_counts_segments_per_month_and_outlet_and_fills_the_gaps(coded: Store) -> None:
    dated = {d.id: d for d in coded.documents() if len(d.published) >= 7}
    expected: Counter[tuple[str, str]] = Counter()
    undated = 0
    for annotation in coded.annotations():
        document = dated.get(annotation.document_id)
        if document is None:
            undated += 1
        else:
            expected[(document.published[:7], document.publication)] += 1
    table = coding_over_time(coded)
    shown = {(when, outlet): cell for when, cells in zip(table.rows, table.cells)
             for outlet, cell in zip(table.columns, cells) if cell}
    assert dict(expected) == shown
    assert undated == table.left_out
    assert list(table.rows) == period_range([min(table.rows), max(table.rows)], "month")


def test_coverage_of_one_tag_includes_its_sub_tags(coded: Store) -> None:
    parent = coded.tags()[0]
    family = {tag.id for tag in coded.tags() if tag.id == parent.id or tag.parent_id == parent.id}
    assert len(family) == 2
    counted = sum(1 for a in coded.annotations() if a.tag_id in family)
    table = coding_over_time(coded, period="year", tag_id=parent.id)
    assert counted == table.total + table.left_out


def test_period_range_runs_across_a_year_end() -> None:
    assert ["2014-11", "2014-12", "2015-01", "2015-02"] == period_range(["2014-11", "2015-02"], "month")
    assert ["2013", "2014", "2015"] == period_range(["2013", "2015"], "year")
    assert ["Spring", "Summer"] == period_range(["Spring", "Summer"], "month")


def test_filters_narrow_by_coder_outlet_and_date(coded: Store) -> None:
    everything = tag_actor_matrix(coded).total
    by_ana = tag_actor_matrix(coded, parse_analysis_filter("coder:ANA")).total
    by_ben = tag_actor_matrix(coded, parse_analysis_filter("coder:ben")).total
    assert 0 < by_ana < everything and by_ana + by_ben == everything

    outlet = next(d.publication for d in coded.documents() if d.publication)
    table = coding_over_time(coded, parse_analysis_filter(f'outlet:"{outlet.lower()}"'))
    assert [outlet] == list(table.columns) and table.left_out == 0
    dated = coding_over_time(coded, parse_analysis_filter("date:2015-06..2015"))
    assert dated.rows and all(when >= "2015-06" for when in dated.rows) and dated.left_out == 0


def test_the_researchers_own_attributes_filter_the_tables_too(coded: Store) -> None:
    region = coded.define_attribute("region", "choice", ["north", "south"])
    pages = coded.define_attribute("pages", "number")
    assert region.id is not None and pages.id is not None
    documents = [d.id for d in coded.documents()]
    for document_id in documents[:2]:
        coded.set_document_attribute(document_id, region.id, "north")
    coded.set_document_attribute(documents[0], pages.id, "12")
    own = coded.attributes()

    def counted(typed: str) -> int:
        table = coding_over_time(coded, parse_analysis_filter(typed, own))
        return sum(sum(row) for row in table.cells) + table.left_out

    def segments_in(document_ids: list[int]) -> int:
        return sum(len(coded.annotations(document_id)) for document_id in document_ids)

    assert segments_in(documents[:2]) == counted("region:north") > 0
    assert segments_in(documents[:1]) == counted("region:north pages:10..20")
    assert 0 == counted("region:south")
    assert segments_in(documents) == counted("")
    with pytest.raises(AnalysisFilterError, match="unknown filter"):
        parse_analysis_filter("region:north")  # not one of the attributes given


def test_the_filter_reads_document_keys_and_refuses_the_rest() -> None:
    assert AnalysisFilter(outlet="the guardian", date_from="2014", date_to="2015-06", coder="ana") == (
        parse_analysis_filter('outlet:"the guardian" date:2014..2015-06 coder:ana')
    )
    assert parse_analysis_filter("  ").is_empty
    for typed, reason in (("colour:red", "unknown filter"), ("date:June", "YYYY"), ("by:warner", "by:"),
                          ("neglect", "neglect")):
        with pytest.raises(AnalysisFilterError, match=reason):
            parse_analysis_filter(typed)


def test_tag_paths_follow_the_codebook_and_stop_at_a_cycle() -> None:
    tags = [Tag(1, "Care", None, "", "", None), Tag(2, "Blame", 1, "", "", None), Tag(3, "NHS", 2, "", "", None),
            Tag(4, "Lost", 9, "", "", None), Tag(5, "Loop a", 6, "", "", None), Tag(6, "Loop b", 5, "", "", None)]
    assert {1: "Care", 2: "Care > Blame", 3: "Care > Blame > NHS", 4: "Lost"} == tag_paths(tags)


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted_out() -> None:
    table = Crosstab("actor", ("=HYPERLINK(\"x\")", "+44 desk", "Ann"), ("-blame", "@home", "care"),
                     ((1, None, 3), (4, 5, 6), (0, 0, 0)), "segments")
    rows = list(csv.reader(io.StringIO(crosstab_csv(table))))
    assert ["actor", "'-blame", "'@home", "care"] == rows[0]
    assert ["'=HYPERLINK(\"x\")", "1", "", "3"] == rows[1]
    assert ["'+44 desk", "4", "5", "6"] == rows[2]
