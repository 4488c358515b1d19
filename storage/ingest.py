"""Provides ingestion: a file on disk becomes an Article (decoded, page chrome removed, metadata found)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from storage.chrome import extend_to_clean_end, find_article_span, is_chrome, repeated_captions
from storage.comments import split_comments
from storage.formats import MarkupPage, html_to_page, markdown_to_page
from storage.metadata import (
    byline_name,
    find_date,
    find_publication,
    is_date_line,
    normalise_date,
    split_page_title,
    stated_publication,
)
from storage.models import Article

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
LIST_ITEM = re.compile(r"^(?:[-*•·◦▪]|\d{1,3}[.)])\s")
TITLE_MAX_WORDS = 30
BYLINE_LOOKAHEAD = 3
"""A byline sits in the first few lines under the headline."""
DATE_LOOKAHEAD_AFTER = 3
STANDFIRST_MIN_WORDS = 6


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


BINARY_CONTROL_SHARE = 0.10
"""More than this share of control bytes (other than tab, newline, carriage return, form feed) means binary."""

SAMPLE_BYTES = 8192
TEXT_CONTROLS = frozenset(b"\t\n\r\f")
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
HARD_WRAP_WIDTH = 100
HARD_WRAP_MIN = 40
"""A block whose lines (but the last) are all 40 to 100 characters is one paragraph wrapped at a fixed width."""


def decode(data: bytes, name: str = "input") -> str:
    """Bytes to text: a BOM's encoding (UTF-8, UTF-16), else UTF-8, else cp1252; binary data is refused."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise IngestError(f"{name} is not valid {encoding.upper()} text") from None
    sample = data[:SAMPLE_BYTES]
    controls = sum(byte < 0x20 and byte not in TEXT_CONTROLS for byte in sample)
    if b"\x00" in sample or (sample and controls > BINARY_CONTROL_SHARE * len(sample)):
        raise IngestError(f"{name} is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise IngestError(f"{name} is not UTF-8 or Windows-1252 text") from None


def clean_text(text: str) -> str:
    """Newlines normalised; NBSP and other odd spaces made plain spaces; invisible and control characters gone.

    Tabs and newlines stay; every other visible character is kept exactly, so
    curly quotes and dashes reach the body as the page printed them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        if char in "\n\t":
            kept.append(char)
        elif unicodedata.category(char) == "Zs":
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs"):
            kept.append(char)
    return "".join(kept)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text, whitespace folded: one per line, or one per block when the text is hard-wrapped."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if is_hard_wrapped(lines):
            lines = [" ".join(lines)]
        paragraphs.extend(" ".join(line.split()) for line in lines)
    return paragraphs


def is_hard_wrapped(lines: list[str]) -> bool:
    """Lines of one paragraph broken at a fixed width: similar lengths, and some sentence runs across a break.

    Repeated or list lines are never joined: they are captions printed twice or items.
    """
    if len(lines) < 2 or len(set(lines)) < len(lines) or any(LIST_ITEM.match(line) for line in lines):
        return False
    if not all(HARD_WRAP_MIN <= len(line) <= HARD_WRAP_WIDTH for line in lines[:-1]):
        return False
    return any(
        line[-1] not in ".!?:\"”’" and following[0].islower() for line, following in zip(lines, lines[1:])
    )


def read_article(path: Path) -> tuple[Article, bytes]:
    """Read and parse one file; returns the Article and the raw bytes it came from."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read {path}: {error.strerror or error}") from None
    return parse_article(decode(data, str(path)), path.name), data


def parse_article(raw: str, filename: str = "") -> Article:
    """Separate an article from the page around it and find its metadata.

    ``filename`` picks the format by its suffix (.html/.htm, .md, else plain
    text) and names the file in errors; a file with no article text is refused.
    """
    name = filename or "input"
    text = clean_text(raw)
    if not text.strip():
        raise IngestError(f"{name} is empty")
    suffix = Path(filename).suffix.lower()
    if suffix in (".html", ".htm"):
        page = html_to_page(text)
    elif suffix == ".md":
        page = markdown_to_page(text)
    else:
        page = MarkupPage(paragraphs=split_paragraphs(text))
    article = extract_article(page, raw)
    if not article.body:
        raise IngestError(f"{name} has no article text, only page furniture (menus, notices, links)")
    if not article.title:
        article = replace(article, title=Path(filename).stem if filename else "")
    return article


def extract_article(page: MarkupPage, raw: str) -> Article:
    """The article in a page's paragraphs: title, body, comments and the metadata the page states."""
    above, comments = split_comments(page.paragraphs)
    paragraphs = [p for p in above if p not in repeated_captions(above)]
    start, end = find_article_span(paragraphs)
    if not comments:
        start, end = extend_to_clean_end(paragraphs, (start, end))
    head = paragraphs[:start]
    title, title_index, site = find_title(head, page.title)
    if not title and start < end and len(paragraphs[start].split()) <= TITLE_MAX_WORDS and end - start > 1:
        title, title_index, start = paragraphs[start], start, start + 1
    header = head[title_index + 1 :] if title_index >= 0 else head
    body = [p for p in header if is_standfirst(p, title)]
    body += [
        p for p in paragraphs[start:end] if not is_chrome(p) and p != title and not is_date_line(p)
    ]
    furniture = [p for index, p in enumerate(paragraphs) if index < start or index >= end] + list(head)
    author = page.author or next(filter(None, (byline_name(p) for p in header[:BYLINE_LOOKAHEAD])), "")
    published = (
        normalise_date(page.published)
        or find_date(header)
        or find_date(paragraphs[start:end], labelled_only=True)
        or find_date(paragraphs[end : end + DATE_LOOKAHEAD_AFTER], labelled_only=True)
    )
    publication = page.publication or site or find_publication(furniture)
    return Article(
        title=title,
        body="\n\n".join(body),
        raw=raw,
        publication=publication,
        author=author if author != title else "",
        published=published,
        comments=comments,
    )


def is_standfirst(paragraph: str, title: str) -> bool:
    """A line between headline and article that belongs to it: the standfirst, not a byline, date or widget."""
    return (
        len(paragraph.split()) >= STANDFIRST_MIN_WORDS
        and paragraph != title
        and not is_chrome(paragraph)
        and not is_date_line(paragraph)
        and not byline_name(paragraph)
    )


def find_title(head: list[str], hint: str) -> tuple[str, int, str]:
    """The headline among the lines above the article: (headline, its index or -1, site named beside it).

    A stated title (an HTML ``<h1>`` or Markdown heading) wins. Otherwise a line
    printed twice is the headline; else the first line that is neither chrome,
    a date, a byline nor a site-name header. A 'Site | Headline' line is split.
    """
    if hint:
        headline, site = split_page_title(hint)
        index = next((i for i, p in enumerate(head) if p in (hint, headline)), -1)
        return headline, index, site
    candidates = [
        (index, p)
        for index, p in enumerate(head)
        if not is_chrome(p) and not is_date_line(p) and not stated_publication(p)
        and 3 <= len(p.split()) <= TITLE_MAX_WORDS
    ]
    counts = Counter(p for _, p in candidates)
    repeated = [(index, p) for index, p in candidates if counts[p] > 1]
    for index, line in repeated or candidates:
        headline, site = split_page_title(line)
        return headline, index, site
    return "", -1, ""
