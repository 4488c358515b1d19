"""Provides the analysis tables: tag x actor, tag co-occurrence and coding over time by outlet, and their CSV.

Each counts the current, anchored segments (orphans and old revisions are left
out) that an :class:`AnalysisFilter` keeps. The definitions are the export's
(``docs/export.md``): a segment counts for an actor when it overlaps a quote of
theirs in the same text (the body or one reader comment), as in the view
``tag_actor_counts``; two tags co-occur in a document when both are used in it,
as in ``tag_cooccurrence``. Co-occurrence can also be counted tighter: pairs of
overlapping segments, or sentences (cut as the reader and agreement cut them)
coded with both tags. Every function reads through the Store's connection and
returns plain data, so a worker can call it with a Store of its own.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.analysis.analysis_filter import AnalysisFilter
from storage.attribution.text import split_sentences
from storage.exchange.csv_cells import spreadsheet_safe_row
from storage.exchange.report import write_report
from storage.exchange.segments import tag_family
from storage.models import Tag

if TYPE_CHECKING:
    from storage.store import Store

MAX_TAG_DEPTH = 20
"""As in the export's ``tag_paths``: a cycle in the codebook cannot make a path go on for ever."""

SCOPES = {
    "document": "documents coded with both tags",
    "overlap": "pairs of overlapping segments",
    "sentence": "sentences coded with both tags",
}
"""How co-occurrence is counted, and what its unit is; ``document`` is the export's definition."""

PERIODS = {"month": 7, "year": 4}
"""Coverage over time by month or by year: how many characters of an ISO date name the period."""

NO_OUTLET = "(no outlet)"

SEGMENTS = """
    SELECT a.id, a.document_id, a.comment_id, a.tag_id, a.start, a."end", d.published, d.publication
    FROM annotations a JOIN documents d ON d.id = a.document_id
    WHERE a.orphaned = 0 AND d.superseded_by IS NULL AND {where}
"""
"""The segments the analysis counts: anchored, on a current document, kept by the filter."""


@dataclass(frozen=True)
class Crosstab:
    """Counts with a label for each row and column: what a view shows and its CSV holds.

    A cell is None where it has no meaning (a tag against itself in co-occurrence).
    """

    corner: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    unit: str
    left_out: int = 0
    """Segments the filter kept but the table cannot place (undated ones, over time)."""

    @property
    def total(self) -> int:
        return sum(cell or 0 for row in self.cells for cell in row)

    def column_totals(self) -> list[int]:
        return [sum(row[index] or 0 for row in self.cells) for index in range(len(self.columns))]


def tag_paths(tags: Iterable[Tag]) -> dict[int, str]:
    """Each tag's place in the codebook, 'Parent > Child', as the export's ``tag_paths`` view writes it.

    A tag whose parent is missing is a root; a tag only reachable through a cycle has no path.
    """
    tags = list(tags)
    known = {tag.id for tag in tags}
    children: dict[int, list[Tag]] = defaultdict(list)
    for tag in tags:
        if tag.parent_id is not None and tag.parent_id in known:
            children[tag.parent_id].append(tag)
    paths: dict[int, str] = {}
    level = [(tag, tag.name) for tag in tags if tag.parent_id is None or tag.parent_id not in known]
    for _depth in range(MAX_TAG_DEPTH + 1):
        for tag, path in level:
            paths.setdefault(tag.id, path)
        level = [(child, f"{path} > {child.name}") for tag, path in level for child in children[tag.id]]
    return paths


def segments_query(where: AnalysisFilter, columns: str = "*") -> tuple[str, list[Any]]:
    """The filtered segments as a subquery of ``columns``, with its parameters."""
    condition, params = where.sql()
    return f"SELECT {columns} FROM ({SEGMENTS.format(where=condition)})", params


# -- tag x actor -----------------------------------------------------------------


def tag_actor_counts(store: Store, where: AnalysisFilter | None = None) -> list[tuple[int, int, str, int]]:
    """``(tag_id, actor_id, actor name, segments)``: the segments of each tag that overlap a quote of each actor.

    A segment overlapping quotes of two actors counts for both, once each.
    """
    condition, params = (where or AnalysisFilter()).sql()
    rows = store.conn.execute(
        f"""
        SELECT a.tag_id, s.id, s.name, count(DISTINCT a.id)
        FROM annotations a JOIN documents d ON d.id = a.document_id
        JOIN quotes q ON q.document_id = a.document_id AND q.comment_id IS a.comment_id
                     AND q.start < a."end" AND a.start < q."end"
        JOIN actors s ON s.id = q.speaker_id
        WHERE a.orphaned = 0 AND d.superseded_by IS NULL AND {condition}
        GROUP BY a.tag_id, s.id
        """,
        params,
    )
    return [(int(tag), int(actor), str(name), int(count)) for tag, actor, name, count in rows]


def tag_actor_matrix(store: Store, where: AnalysisFilter | None = None) -> Crosstab:
    """Actors (most coded first) by tags (in codebook order): segments of the tag covering the actor's quotes."""
    paths = tag_paths(store.tags())
    counts = [row for row in tag_actor_counts(store, where) if row[0] in paths]
    tag_ids = sorted({tag for tag, _, _, _ in counts}, key=lambda tag: paths[tag].casefold())
    names = {actor: name for _, actor, name, _ in counts}
    by_actor: dict[int, dict[int, int]] = defaultdict(dict)
    for tag, actor, _, count in counts:
        by_actor[actor][tag] = count
    actors = sorted(by_actor, key=lambda actor: (-sum(by_actor[actor].values()), names[actor].casefold(), actor))
    return Crosstab(
        corner="actor",
        rows=tuple(names[actor] for actor in actors),
        columns=tuple(paths[tag] for tag in tag_ids),
        cells=tuple(tuple(by_actor[actor].get(tag, 0) for tag in tag_ids) for actor in actors),
        unit="segments",
    )


# -- co-occurrence ---------------------------------------------------------------


def tag_cooccurrence(
    store: Store, where: AnalysisFilter | None = None, scope: str = "document"
) -> dict[tuple[int, int], int]:
    """``{(tag_id, other_tag_id): count}`` for each pair of tags that co-occur, the smaller id first.

    ``scope`` is ``document`` (documents using both), ``overlap`` (pairs of a segment of
    each that overlap in the same text) or ``sentence`` (sentences a segment of each covers).
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown co-occurrence scope {scope!r} (choose from {', '.join(SCOPES)})")
    where = where or AnalysisFilter()
    if scope == "sentence":
        return sentence_cooccurrence(store, where)
    segments, params = segments_query(where)
    if scope == "document":
        sql = f"""
            WITH used AS (SELECT DISTINCT document_id, tag_id FROM ({segments}))
            SELECT x.tag_id, y.tag_id, count(*) FROM used x
            JOIN used y ON y.document_id = x.document_id AND x.tag_id < y.tag_id
            GROUP BY x.tag_id, y.tag_id
        """
    else:
        sql = f"""
            WITH seg AS ({segments})
            SELECT x.tag_id, y.tag_id, count(*) FROM seg x
            JOIN seg y ON y.document_id = x.document_id AND y.comment_id IS x.comment_id
                      AND x.tag_id < y.tag_id AND x.start < y."end" AND y.start < x."end"
            GROUP BY x.tag_id, y.tag_id
        """
    return {(int(a), int(b)): int(count) for a, b, count in store.conn.execute(sql, params)}


def sentence_cooccurrence(store: Store, where: AnalysisFilter) -> dict[tuple[int, int], int]:
    """Sentences coded with both tags of a pair; only texts holding two tags or more are split into sentences."""
    segments, params = segments_query(where, 'document_id, comment_id, tag_id, start, "end"')
    by_text: dict[tuple[int, int | None], list[tuple[int, int, int]]] = defaultdict(list)
    for document_id, comment_id, tag_id, start, end in store.conn.execute(segments, params):
        by_text[(document_id, comment_id)].append((tag_id, start, end))
    pairs: Counter[tuple[int, int]] = Counter()
    for (document_id, comment_id), coded in by_text.items():
        if len({tag for tag, _, _ in coded}) < 2:
            continue
        sentences = split_sentences(text_of(store, document_id, comment_id))
        starts = [start for start, _ in sentences]
        ends = [end for _, end in sentences]
        tags_in: dict[int, set[int]] = defaultdict(set)
        for tag, start, end in coded:
            # The sentences overlapping [start, end): those ending after start and starting before end.
            for index in range(bisect_right(ends, start), bisect_left(starts, end)):
                tags_in[index].add(tag)
        for tags in tags_in.values():
            pairs.update(combinations(sorted(tags), 2))
    return dict(pairs)


def text_of(store: Store, document_id: int, comment_id: int | None) -> str:
    """The text a segment's offsets point into: the document's body or one of its reader comments."""
    if comment_id is None:
        row = store.conn.execute("SELECT body FROM documents WHERE id = ?", [document_id]).fetchone()
    else:
        row = store.conn.execute("SELECT text FROM comments WHERE id = ?", [comment_id]).fetchone()
    return str(row[0]) if row else ""


def cooccurrence_matrix(store: Store, where: AnalysisFilter | None = None, scope: str = "document") -> Crosstab:
    """Tags by tags (each that co-occurs with another, in codebook order); the diagonal is empty."""
    paths = tag_paths(store.tags())
    pairs = {pair: count for pair, count in tag_cooccurrence(store, where, scope).items() if set(pair) <= set(paths)}
    tag_ids = sorted({tag for pair in pairs for tag in pair}, key=lambda tag: paths[tag].casefold())

    def cell(row: int, column: int) -> int | None:
        return None if row == column else pairs.get((min(row, column), max(row, column)), 0)

    labels = tuple(paths[tag] for tag in tag_ids)
    return Crosstab(
        corner="tag",
        rows=labels,
        columns=labels,
        cells=tuple(tuple(cell(row, column) for column in tag_ids) for row in tag_ids),
        unit=SCOPES[scope],
    )


# -- coding over time ------------------------------------------------------------


def coding_over_time(
    store: Store, where: AnalysisFilter | None = None, period: str = "month", tag_id: int | None = None
) -> Crosstab:
    """Segments per month or year (rows, every period from the first to the last) per outlet (columns).

    ``tag_id`` counts only that tag and its sub-tags; None counts every tag. Segments
    on documents not dated to the period's precision are counted in ``left_out``.
    """
    width = PERIODS[period]
    columns = "published, publication"
    if tag_id is not None:
        family = tag_family(store.tags(), tag_id)
        where_tags = f" WHERE tag_id IN ({','.join('?' * len(family))})"
    else:
        family, where_tags = [], ""
    segments, params = segments_query(where or AnalysisFilter(), columns)
    rows = store.conn.execute(
        f"SELECT substr(published, 1, {width}) AS period, publication, count(*) FROM ({segments}{where_tags})"
        " GROUP BY period, publication",
        [*params, *family],
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    left_out = 0
    for when, outlet, count in rows:
        if len(when) < width:
            left_out += count
        else:
            counts[when][outlet or NO_OUTLET] += count
    totals: Counter[str] = Counter()
    for per_outlet in counts.values():
        totals.update(per_outlet)
    outlets = sorted(totals, key=lambda outlet: (-totals[outlet], outlet.casefold()))
    periods = period_range(sorted(counts), period)
    return Crosstab(
        corner=period,
        rows=tuple(periods),
        columns=tuple(outlets),
        cells=tuple(tuple(counts[when][outlet] for outlet in outlets) for when in periods),
        unit="segments",
        left_out=left_out,
    )


def period_range(seen: Sequence[str], period: str) -> list[str]:
    """Every period from the first seen to the last, so a chart's gaps show as zeros: '2014-11'..'2015-02'."""
    if not seen:
        return []
    try:
        first, last = period_index(seen[0]), period_index(seen[-1])
    except ValueError:
        return list(seen)  # a date that is not ISO: list what was seen rather than guess the gaps
    if period == "year":
        return [f"{year:04d}" for year in range(first, last + 1)]
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1)]


def period_index(text: str) -> int:
    """'2015' -> 2015; '2015-03' -> months since year 0 (2015 * 12 + 2). ValueError for anything else."""
    if len(text) == 4:
        return int(text)
    year, month = text.split("-")
    if not 1 <= int(month) <= 12:
        raise ValueError(text)
    return int(year) * 12 + int(month) - 1


# -- CSV -------------------------------------------------------------------------


def crosstab_csv(table: Crosstab) -> str:
    """The table as CSV: a header row (the corner label, then the columns), then one row per row label."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(spreadsheet_safe_row((table.corner, *table.columns)))
    for label, cells in zip(table.rows, table.cells):
        writer.writerow(spreadsheet_safe_row((label, *("" if cell is None else cell for cell in cells))))
    return buffer.getvalue()


def write_crosstab_csv(table: Crosstab, out: str | Path, *, force: bool = False) -> Path:
    """Write the table as CSV to ``out`` atomically (as a report is written); returns the path written.

    Raises:
        ReportError: ``out`` exists (without ``force``) or is a folder, its folder is missing,
            or the write fails; nothing is left behind.
    """
    return write_report(crosstab_csv(table), out, force=force)
