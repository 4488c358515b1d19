"""Provides read_file_articles: every article in one file, for files that hold one article or many.

A LexisNexis classic text download, a Nexis Uni Word download or a table (.csv,
.jsonl, one article per row) holds many articles; any other text, Markdown or
HTML file holds one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from storage.ingest.article import IngestError, decode, parse_article
from storage.ingest.files import shown_path
from storage.ingest.lexisnexis import is_classic_download, read_docx_paragraphs, split_classic_download, split_nexis_uni
from storage.ingest.tabular import TABLE_SUFFIXES, parse_table
from storage.models import Article


@dataclass(frozen=True)
class FileArticles:
    """What one file holds: its articles in file order, and one line per part that could not be read."""

    articles: list[Article]
    skipped: list[str] = field(default_factory=list)
    many: bool = False
    """A download or a table: each article is then known by its number in the file (``FILE#N``)."""


def read_file_articles(data: bytes, path: Path, columns: Mapping[str, str] | None = None) -> FileArticles:
    """The articles in the file ``path`` whose bytes are ``data``; ``columns`` names a table's columns.

    Raises IngestError (one line for users) for a file that holds no article.
    """
    name = shown_path(path)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        table = parse_table(decode(data, name), path, columns)
        return FileArticles([row.article for row in table.rows], table.skipped, many=True)
    if suffix == ".docx":
        try:
            lines = read_docx_paragraphs(data)
        except ValueError:
            raise IngestError(f"{name} is not a Word (.docx) file") from None
        return FileArticles(found_in(split_nexis_uni(lines), name, "Nexis Uni download"), many=True)
    text = decode(data, name)
    if suffix == ".txt" and is_classic_download(text):
        return FileArticles(found_in(split_classic_download(text), name, "LexisNexis download"), many=True)
    return FileArticles([parse_article(text, str(path), name)])


def found_in(articles: list[Article], name: str, kind: str) -> list[Article]:
    if not articles:
        raise IngestError(f"{name} holds no article in the {kind} shape")
    return articles


def read_articles(path: Path) -> list[Article]:
    """The articles in the file at ``path``, in file order; each Article's ``raw`` is its own part of the file.

    Raises IngestError (one line for users) for a file that cannot be read or holds no article.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read {shown_path(path)}: {error.strerror or error}") from None
    return read_file_articles(data, path).articles
