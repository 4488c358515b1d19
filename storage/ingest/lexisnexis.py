"""Provides readers for LexisNexis downloads: many articles in one file, each with the fields the database states.

Two shapes are read:

* the classic text download (``.TXT``): articles separated by ``N of M DOCUMENTS``
  lines, each opening with centred lines (outlet, date, edition), then the
  headline, ``BYLINE:``, ``SECTION:``, ``LENGTH:`` fields, the body (wrapped at
  a fixed width, paragraphs split by blank lines) and closing fields
  (``LOAD-DATE:``, ``LANGUAGE:``, ...) and a centred copyright notice;
* the Nexis Uni Word download (``.DOCX``): a cover list of the documents, then
  each article as headline, outlet, date, an optional copyright line,
  ``Section:``, ``Length:``, ``Byline:`` fields, a ``Body`` line, the body
  paragraphs, optional closing fields (``Classification``, ``Load-Date:``) and an
  ``End of Document`` line.

The field names are the database's own (LexisNexis documents them); nothing
about the articles themselves is assumed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from storage.ingest.metadata import byline_name, normalise_date
from storage.models import Article

DOCUMENT_SEPARATOR = re.compile(r"^\s*\d+\s+of\s+\d+\s+DOCUMENTS?\s*$", re.MULTILINE | re.IGNORECASE)
CLASSIC_FIELD = re.compile(r"^(?P<name>[A-Z][A-Z\-]{2,}):\s?(?P<value>.*)$")
"""A classic download's field line: 'BYLINE: Jane Doe', 'LOAD-DATE: January 11, 2010'."""
HEADER_FIELDS = frozenset({"BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "SOURCE", "HEADLINE", "BODY"})
"""Fields that come before a classic article's body; any other field line after the body closes it."""
UNI_FIELD = re.compile(r"^(?P<name>[A-Z][A-Za-z\-]{2,}):\s*(?P<value>.*)$")
UNI_BODY = "Body"
UNI_END = re.compile(r"^\s*End of Document\s*$", re.IGNORECASE)
UNI_TRAILER = re.compile(r"^(?:Classification|Graphic|Notes|Correction)\s*$")
"""Headings that follow a Nexis Uni article's body: what comes after them is the database's, not the article's."""
VERSION = re.compile(r";?\s*Version:\s*\d+\s*$", re.IGNORECASE)
"""Nexis Uni appends the revision count to the section ('POLITICS; Version:28'): not part of the section."""
WORDS = re.compile(r"(\d[\d,]*)\s+words?", re.IGNORECASE)
CENTRED_INDENT = 8
"""A classic download centres its outlet, date and copyright lines: they start this far in or further."""


def is_classic_download(text: str) -> bool:
    """A LexisNexis classic text download: it has 'N of M DOCUMENTS' separator lines."""
    return bool(DOCUMENT_SEPARATOR.search(text))


def split_classic_download(text: str) -> list[Article]:
    """Every article of a classic text download, in file order; a part without a body is skipped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = [match.end() for match in DOCUMENT_SEPARATOR.finditer(text)]
    ends = [match.start() for match in DOCUMENT_SEPARATOR.finditer(text)][1:] + [len(text)]
    found = (read_classic_article(text[start:end]) for start, end in zip(starts, ends))
    return [article for article in found if article is not None]


def read_classic_article(part: str) -> Article | None:
    """One article between two separators: centred lines, headline, header fields, body, closing fields."""
    lines = part.split("\n")
    index = skip_blank(lines, 0)
    centred: list[str] = []
    while index < len(lines) and (is_centred(lines[index]) or not lines[index].strip()):
        if lines[index].strip():
            centred.append(lines[index].strip())
        index += 1
    headline: list[str] = []
    while index < len(lines) and not CLASSIC_FIELD.match(lines[index]):
        if lines[index].strip():
            headline.append(lines[index].strip())
        index += 1
    fields, index = read_classic_fields(lines, index, HEADER_FIELDS)
    body: list[str] = []
    while index < len(lines):
        field = CLASSIC_FIELD.match(lines[index])
        if field and field.group("name") not in HEADER_FIELDS:
            break
        body.append(lines[index])
        index += 1
    paragraphs = blocks(body)
    if not paragraphs:
        return None
    outlet = centred[0] if centred else ""
    dated = next((line for line in centred[1:] if normalise_date(line)), "")
    return Article(
        title=" ".join(headline),
        body="\n\n".join(paragraphs),
        raw=part.strip("\n"),
        publication=outlet,
        author=stated_byline(fields.get("BYLINE", "")),
        published=normalise_date(dated),
        section=fields.get("SECTION", ""),
        stated_words=stated_words(fields.get("LENGTH", "")),
    )


def read_classic_fields(lines: list[str], index: int, names: frozenset[str]) -> tuple[dict[str, str], int]:
    """The field lines from ``index`` on (a value may run on over lines until a blank line), and where they stop."""
    fields: dict[str, str] = {}
    while index < len(lines):
        field = CLASSIC_FIELD.match(lines[index])
        if field and field.group("name") in names:
            value = [field.group("value").strip()]
            index += 1
            while index < len(lines) and lines[index].strip() and not CLASSIC_FIELD.match(lines[index]):
                value.append(lines[index].strip())
                index += 1
            fields[field.group("name")] = " ".join(part for part in value if part)
        elif lines[index].strip():
            break
        else:
            index += 1
    return fields, index


def is_centred(line: str) -> bool:
    return len(line) - len(line.lstrip(" ")) >= CENTRED_INDENT


def skip_blank(lines: Sequence[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def blocks(lines: Iterable[str]) -> list[str]:
    """Paragraphs of text wrapped at a fixed width: blank lines separate them, the lines of one are joined."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(" ".join(current).split()))
            current = []
    return paragraphs


def stated_byline(value: str) -> str:
    """A BYLINE field as a name: 'BY STEPHEN POLLARD' -> 'STEPHEN POLLARD'; two names are kept as written."""
    value = " ".join(value.split())
    name = byline_name(value) if value.lower().startswith("by ") else ""
    return name or re.sub(r"^by\s+", "", value, flags=re.IGNORECASE)


def stated_words(value: str) -> int:
    match = WORDS.search(value)
    return int(match.group(1).replace(",", "")) if match else 0


def read_docx_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a Word file's bytes as text lines (a paragraph holding line breaks gives several lines).

    Raises ValueError for bytes that are not a Word document.
    """
    import docx  # python-docx; imported here as only .docx imports need it.
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as error:
        raise ValueError(f"not a Word document: {error}") from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.replace("\xa0", " ").split("\n"))
    return lines


def split_nexis_uni(lines: Sequence[str]) -> list[Article]:
    """Every article of a Nexis Uni download given as its lines, in order.

    An article ends at 'End of Document'; its header is the lines above its
    'Body' line: headline, outlet and date first, then field lines. The cover
    list before the first article has no 'Body' line, so it is skipped.
    """
    articles: list[Article] = []
    part: list[str] = []
    for line in lines:
        if UNI_END.match(line):
            article = read_uni_article(part)
            if article is not None:
                articles.append(article)
            part = []
        else:
            part.append(line)
    return articles


def read_uni_article(part: Sequence[str]) -> Article | None:
    body_at = next((index for index, line in enumerate(part) if line.strip() == UNI_BODY), None)
    if body_at is None:
        return None
    header = [line.strip() for line in part[:body_at] if line.strip()]
    fields = {m.group("name").lower(): m.group("value").strip() for m in map(UNI_FIELD.match, header) if m}
    plain = [line for line in header if not UNI_FIELD.match(line) and not line.lower().startswith("copyright")]
    # The cover list above the first article ends with the headline block: the last plain lines are the header's.
    dated = max((index for index, line in enumerate(plain) if normalise_date(line)), default=-1)
    title = plain[dated - 2] if dated >= 2 else (plain[0] if plain else "")
    outlet = plain[dated - 1] if dated >= 1 else ""
    body_lines: list[str] = []
    for line in part[body_at + 1 :]:
        if UNI_TRAILER.match(line.strip()) or is_closing_field(line):
            break
        body_lines.append(line)
    paragraphs = [" ".join(line.split()) for line in body_lines if line.strip()]
    if not paragraphs:
        return None
    # The article's own text starts at its headline: the first article's part also holds the download's cover,
    # which changes with every download, and the raw text is what identifies an article on a later import.
    starts = [index for index, line in enumerate(part[:body_at]) if title and line.strip() == title]
    return Article(
        title=title,
        body="\n\n".join(paragraphs),
        raw="\n".join(part[starts[-1] :] if starts else part).strip("\n"),
        publication=outlet,
        author=stated_byline(fields.get("byline", "")),
        published=normalise_date(plain[dated]) if dated >= 0 else "",
        section=VERSION.sub("", fields.get("section", "")),
        stated_words=stated_words(fields.get("length", "")),
    )


CLOSING_FIELDS = frozenset({"load-date", "language", "publication-type", "subject", "document-type", "journal-code"})


def is_closing_field(line: str) -> bool:
    """A field line that closes a Nexis Uni body ('Load-Date: July 2, 2019'); a body line like 'Note: ...' is not."""
    field = UNI_FIELD.match(line.strip())
    return field is not None and field.group("name").lower() in CLOSING_FIELDS
