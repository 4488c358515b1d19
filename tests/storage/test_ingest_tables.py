"""Tabular imports: .csv and .jsonl files with one article per row, columns found by header or named."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from storage.ingest.article import IngestError
from storage.ingest.tabular import choose_columns, read_table

TEXT = "The council met on Monday to discuss foster care.\n\nIt agreed to recruit forty more carers."


def write_csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Headline", "Body", "Source", "Publish Date", "Byline", "Link"],
         {"text": "Body", "title": "Headline", "outlet": "Source", "date": "Publish Date", "author": "Byline", "url": "Link"}),
        (["stories_id", "media_name", "publish_date", "title", "url", "text"],
         {"text": "text", "title": "title", "outlet": "media_name", "date": "publish_date", "url": "url"}),
        (["DocumentIdentifier", "SEENDATE", "SourceCommonName", "full_text"],
         {"text": "full_text", "outlet": "SourceCommonName", "date": "SEENDATE", "url": "DocumentIdentifier"}),
    ],
)
def test_columns_are_found_by_their_common_header_names(headers: list[str], expected: dict[str, str]) -> None:
    assert expected == choose_columns(headers)


def test_a_csv_row_becomes_an_article_with_its_metadata(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "rows.csv",
        ["title", "text", "outlet", "date", "author", "url"],
        [["Council to recruit carers", TEXT, "Northfield Courier", "2016-05-04T10:00:00Z", "Priya Raman", "https://example.org/a"]],
    )

    row = read_table(path).rows[0]

    assert (
        "Council to recruit carers", TEXT, "Northfield Courier", "2016-05-04", "Priya Raman", "https://example.org/a", 2
    ) == (row.article.title, row.article.body, row.article.publication, row.article.published, row.article.author, row.article.url, row.line)


def test_named_columns_win_over_guessed_ones(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", ["text", "summary", "site"], [["A short teaser.", TEXT, "Harbour Gazette"]])

    table = read_table(path, {"text": "summary", "outlet": "site"})

    assert (TEXT, "Harbour Gazette") == (table.rows[0].article.body, table.rows[0].article.publication)


def test_a_row_without_a_title_is_titled_by_its_first_sentence(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", ["text"], [[TEXT]])

    assert "The council met on Monday to discuss foster care." == read_table(path).rows[0].article.title


def test_bad_csv_rows_are_skipped_with_their_line_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", ["title", "text"], [["One", TEXT], ["Two", ""], ["Three", TEXT, "extra"], ["Four", TEXT]])

    table = read_table(path)

    assert ["One", "Four"] == [row.article.title for row in table.rows]
    assert [f"{path} line 5: no text in column 'text'", f"{path} line 6: 3 cells where the header has 2"] == table.skipped


def test_jsonl_rows_become_articles_and_a_bad_line_is_skipped_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    lines = [
        json.dumps({"headline": "One", "content": TEXT, "authors": ["Ann Lee", "Bo Chan"], "seendate": "20160504T101500Z"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"headline": "Two", "content": TEXT}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    table = read_table(path)

    assert [("One", "Ann Lee and Bo Chan", "2016-05-04"), ("Two", "", "")] == [
        (row.article.title, row.article.author, row.article.published) for row in table.rows
    ]
    assert [2, 3] == [int(message.split(" line ")[1].split(":")[0]) for message in table.skipped]


def test_a_quoted_csv_cell_over_several_lines_keeps_the_next_rows_line_number(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", ["title", "text"], [["One", TEXT], ["Two", ""], ["Three", TEXT]])

    table = read_table(path)

    # Row one's text holds a blank line, so it fills lines 2 to 4 of the file.
    assert ([2, 6], [f"{path} line 5: no text in column 'text'"]) == ([row.line for row in table.rows], table.skipped)


@pytest.mark.parametrize(
    ("headers", "named", "message"),
    [
        (["title", "summary"], None, "no text column among: title, summary; name it with --text-column"),
        (["title", "text"], {"text": "body"}, "no column named 'body' \\(the text column\\)"),
    ],
)
def test_a_table_without_its_text_column_is_one_clear_error(
    tmp_path: Path, headers: list[str], named: dict[str, str] | None, message: str
) -> None:
    path = write_csv(tmp_path / "rows.csv", headers, [["One", TEXT]])

    with pytest.raises(IngestError, match=message):
        read_table(path, named)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_csv_saved_with_semicolons_or_tabs_is_read_by_its_header(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["title", "text", "source"])
        writer.writerow(["Kita-Plätze fehlen", "The council, short of 300 places, met on Monday.", "Rhein-Bote"])

    [row] = read_table(path).rows

    assert ("The council, short of 300 places, met on Monday.", "Rhein-Bote") == (
        row.article.body, row.article.publication
    )
