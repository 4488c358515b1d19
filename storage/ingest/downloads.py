"""Provides read_articles: every article in one file, for files that hold one article or many.

A LexisNexis classic text download or a Nexis Uni Word download holds many
articles; any other text, Markdown or HTML file holds one.
"""

from __future__ import annotations

from pathlib import Path

from storage.ingest.article import IngestError, decode, parse_article
from storage.ingest.lexisnexis import (
    DownloadedArticle,
    is_classic_download,
    read_docx_paragraphs,
    split_classic_download,
    split_nexis_uni,
)
from storage.models import Article

MULTI_ARTICLE_SUFFIXES = (".docx",)
"""Suffixes of files that only ever hold several articles (a .txt may hold one or a classic download)."""


def read_articles(path: Path) -> list[Article]:
    """The articles in the file at ``path``, in file order; each Article's ``raw`` is its own part of the file.

    Raises IngestError (one line for users) for a file that cannot be read or holds no article.
    """
    return [found.article for found in read_download(path)] if is_download(path) else [read_single(path)]


def is_download(path: Path) -> bool:
    """A file that may hold several articles: a Word file, or a text file in the classic download shape."""
    if path.suffix.lower() in MULTI_ARTICLE_SUFFIXES:
        return True
    return path.suffix.lower() == ".txt" and is_classic_download(decode(read_bytes(path), str(path)))


def read_download(path: Path) -> list[DownloadedArticle]:
    """The articles of a LexisNexis download with the section and length the database states."""
    if path.suffix.lower() == ".docx":
        try:
            articles = split_nexis_uni(read_docx_paragraphs(path))
        except ValueError:
            raise IngestError(f"{path} is not a Word (.docx) file") from None
        kind = "Nexis Uni download"
    else:
        articles = split_classic_download(decode(read_bytes(path), str(path)))
        kind = "LexisNexis download"
    if not articles:
        raise IngestError(f"{path} holds no article in the {kind} shape")
    return articles


def read_single(path: Path) -> Article:
    return parse_article(decode(read_bytes(path), str(path)), str(path))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read {path}: {error.strerror or error}") from None
