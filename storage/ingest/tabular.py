"""Provides read_table: a .csv or .jsonl file with one article per row becomes one Article per row.

The text column and the metadata columns (title, date, outlet, author, url) are
found by their header names (``column_names.toml``) or named by the caller. A row
that cannot be read (bad JSON, no text) is skipped and reported with its line
number, as a bad file in a folder is.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from storage.ingest.article import IngestError, clean_text, decode, first_sentence, split_paragraphs
from storage.ingest.files import shown_path
from storage.ingest.formats import join_names
from storage.ingest.metadata import normalise_date
from storage.models import Article

FIELDS = ("text", "title", "date", "outlet", "author", "url")
TABLE_SUFFIXES = (".csv", ".jsonl")
CSV_FIELD_LIMIT = 10_000_000
"""An article's text can be far longer than the csv module's default field limit (128 KB)."""


@dataclass(frozen=True)
class TableRow:
    """One row read as an article, with the line it starts on."""

    line: int
    article: Article


@dataclass(frozen=True)
class Table:
    """What a table file gives: its articles, the columns used, and one message per skipped row."""

    rows: list[TableRow]
    columns: dict[str, str]
    skipped: list[str] = field(default_factory=list)


@cache
def known_names() -> dict[str, tuple[str, ...]]:
    """The header names of each field, from column_names.toml (loaded once)."""
    data = tomllib.loads((Path(__file__).parent / "column_names.toml").read_text(encoding="utf-8"))
    return {name: tuple(data[name]) for name in FIELDS}


def header_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).lower()


def choose_columns(headers: list[str], named: Mapping[str, str] | None = None) -> dict[str, str]:
    """Which header holds each field: the caller's choice, else the first header with a known name.

    Raises IngestError when a named column is missing or no text column is found.
    """
    named = {key: value for key, value in (named or {}).items() if value}
    for key, column in named.items():
        if column not in headers:
            raise IngestError(f"no column named {column!r} (the {key} column); the columns are: {', '.join(headers)}")
    chosen = dict(named)
    by_key = {header_key(header): header for header in reversed(headers)}
    for key in FIELDS:
        if key not in chosen:
            found = next((by_key[name] for name in map(header_key, known_names()[key]) if name in by_key), None)
            if found is not None and found not in chosen.values():
                chosen[key] = found
    if "text" not in chosen:
        raise IngestError(f"no text column among: {', '.join(headers)}; name it with --text-column")
    return chosen


def read_table(path: Path, named: Mapping[str, str] | None = None) -> Table:
    """Every article row of a .csv or .jsonl file; ``named`` maps a field ('text', 'title', ...) to a header.

    Raises IngestError for a file that cannot be read, has no text column or no article row.
    """
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as error:
        raise IngestError(f"cannot read {shown_path(path)}: {error.strerror or error}") from None
    return parse_table(text, path, named)


def parse_table(text: str, path: Path, named: Mapping[str, str] | None = None) -> Table:
    """The article rows of a table's text; ``path`` says its format (by suffix) and names it in messages.

    Raises IngestError for a table that has no text column or no article row.
    """
    records = csv_records(text) if path.suffix.lower() == ".csv" else jsonl_records(text)
    name = shown_path(path)
    rows: list[TableRow] = []
    skipped: list[str] = []
    columns: dict[str, str] | None = None
    for line, record, problem in records:
        if problem:
            skipped.append(f"{name} line {line}: {problem}")
            continue
        if columns is None:
            columns = choose_columns(list(record), named)
        row = article_from(record, columns, line)
        if row is None:
            skipped.append(f"{name} line {line}: no text in column {columns['text']!r}")
        else:
            rows.append(row)
    if not rows:
        raise IngestError(f"{name} has no article rows" + (f" ({skipped[0].removeprefix(name + ' ')})" if skipped else ""))
    return Table(rows, columns or {}, skipped)


Record = tuple[int, dict[str, Any], str]
"""(line number, the row's fields, a problem or "")."""


CSV_DELIMITERS = ",;\t"
"""What separates a CSV file's cells: a comma, or a semicolon (spreadsheets set to a language that writes decimal
commas save CSV that way) or a tab."""


def csv_delimiter(text: str) -> str:
    """The delimiter the header line uses most (header names rarely hold any of them); a comma when none."""
    header = text.split("\n", 1)[0]
    return max(CSV_DELIMITERS, key=header.count) if any(mark in header for mark in CSV_DELIMITERS) else ","


def csv_records(text: str) -> Iterator[Record]:
    """The rows of a CSV file by header; a row with more or fewer cells than the header is a problem."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    try:
        headers = next(reader)
    except StopIteration:
        return
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) != len(headers):
                    yield start, {}, f"{len(cells)} cells where the header has {len(headers)}"
                else:
                    yield start, dict(zip(headers, cells)), ""
            start = reader.line_num + 1
    except csv.Error as error:
        yield start, {}, f"not CSV ({error})"


def jsonl_records(text: str) -> Iterator[Record]:
    """The objects of a JSON Lines file, one a line; a line that is no JSON object is a problem."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as error:
            yield number, {}, f"not JSON ({error.args[0].split(':')[0]})"
            continue
        if isinstance(value, dict):
            yield number, value, ""
        else:
            yield number, {}, "not a JSON object"


def article_from(record: Mapping[str, Any], columns: Mapping[str, str], line: int) -> TableRow | None:
    """The Article a row holds, or None when its text cell is empty."""
    values = {key: cell_text(record.get(column)) for key, column in columns.items()}
    paragraphs = split_paragraphs(clean_text(values["text"]))
    if not paragraphs:
        return None
    body = "\n\n".join(paragraphs)
    title = " ".join(clean_text(values.get("title", "")).split())
    article = Article(
        title=title or first_sentence(body),
        body=body,
        raw=json.dumps(dict(record), ensure_ascii=False, sort_keys=True),
        publication=" ".join(values.get("outlet", "").split()),
        author=" ".join(values.get("author", "").split()),
        published=table_date(values.get("date", "")),
        url=values.get("url", "").strip(),
    )
    return TableRow(line, article)


COMPACT_DATE = re.compile(r"^(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?:T?\d{4,6}Z?)?$")
"""GDELT's compact timestamps: '20160504' or '20160504T101500Z'."""


def table_date(value: str) -> str:
    """A date cell as ISO 'YYYY-MM-DD': any date normalise_date reads, or a compact GDELT timestamp."""
    compact = COMPACT_DATE.match(value.strip())
    if compact:
        return normalise_date(f"{compact['year']}-{compact['month']}-{compact['day']}")
    return normalise_date(value)


def cell_text(value: Any) -> str:
    """A cell as text: JSON lists (several authors) joined with 'and', numbers and other values as written."""
    if value is None:
        return ""
    if isinstance(value, list):
        return join_names([text for text in map(cell_text, value) if text])
    if isinstance(value, dict):
        return cell_text(value.get("name", ""))
    return str(value)
