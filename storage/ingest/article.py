"""Provides ingestion: a file on disk becomes an Article (decoded, page chrome removed, metadata found)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from itertools import takewhile
from pathlib import Path

from storage.attribution.text import split_sentences
from storage.ingest.chrome import (
    Kind,
    bridge_inline_links,
    classify,
    extend_to_clean_end,
    find_article_span,
    is_chrome,
    is_teaser_heading,
    repeated_captions,
)
from storage.ingest.comments import parse_comments, split_comments
from storage.ingest.files import MAX_FILE_BYTES, TEXT_SUFFIXES, IngestError, find_files, read_file, shown_path
from storage.ingest.formats import PROSE_WORDS, MarkupPage, html_to_page, markdown_to_page
from storage.ingest.headline import headline_above
from storage.ingest.metadata import (
    BYLINE,
    SECTION_WORDS,
    TITLE_SEPARATORS,
    byline_name,
    find_date,
    find_masthead,
    find_publication,
    is_date_line,
    is_name_case,
    normalise_date,
    split_page_title,
    stated_publication,
)
from storage.ingest.trafilatura_page import TrafilaturaPage, read_metadata_with_trafilatura, read_with_trafilatura
from storage.models import Article

LIST_ITEM = re.compile(r"^(?:[-*•·◦▪]|\d{1,3}[.)])\s")
TITLE_MAX_WORDS = 30
FULL_STOP_END = re.compile(r"(?<!\.)\.[\"'”’)\]]*$")
BYLINE_LOOKAHEAD = 3
"""A byline sits in the first few lines under the headline."""
DATE_LOOKAHEAD_AFTER = 3
STANDFIRST_MIN_WORDS = 6
STANDFIRST_MAX_WORDS = 60
HEADER_WINDOW = 5
"""Byline, date and share lines under a standfirst: at most this many before the article's first paragraph."""
DATE_ABOVE_TITLE = 2
"""A dateline may sit this close above the headline ('April 17, 2007 / 11:48 AM' over a wire story)."""
SENTENCE_MIN_WORDS = 4
"""A sentence kept from a page judged furniture only has at least this many words ('Police closed the road.')."""


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every article file named by ``paths``: files as given, folders searched recursively (hidden ones skipped).

    Raises IngestError for a missing path or a folder that holds no text files
    or cannot be read; a subfolder that cannot be read is left out.
    """
    return [found for found in find_files(paths) if isinstance(found, Path)]


BINARY_CONTROL_SHARE = 0.10
"""More than this share of control bytes (other than tab, newline, carriage return, form feed) means binary."""

SAMPLE_BYTES = 8192
TEXT_CONTROLS = frozenset(b"\t\n\r\f")
NOT_CONTROL_BYTES = bytes(byte for byte in range(256) if byte >= 0x20 or byte in TEXT_CONTROLS)
"""Deleting these from a sample leaves its control bytes, counted in C rather than byte by byte."""
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
    controls = len(sample.translate(None, NOT_CONTROL_BYTES))
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
    curly quotes and dashes reach the body as the page printed them. The
    characters to change are found once per distinct character, so a long page
    costs one pass in C.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Each distinct character is looked at once (an article has a hundred or so), then one translate.
    table = {ord(char): cleaned_char(char) for char in set(text)}
    return text.translate({code: out for code, out in table.items() if out != chr(code)})


def cleaned_char(char: str) -> str | None:
    """What ``clean_text`` makes of one character: itself, a plain space, or None (dropped)."""
    if char in "\n\t":
        return char
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    return None if category in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs") else char


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
        line[-1] not in '.!?:"”’' and following[0].islower() for line, following in zip(lines, lines[1:])
    )


def read_article(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[Article, bytes]:
    """Read and parse one regular file of at most ``max_bytes``; returns the Article and its raw bytes."""
    data = read_file(path, max_bytes)
    name = shown_path(path)
    return parse_article(decode(data, name), str(path), name), data


def parse_article(raw: str, filename: str = "", shown_name: str = "") -> Article:
    """Separate an article from the page around it and find its metadata.

    ``filename`` picks the format by its suffix (.html/.htm, .md, else plain
    text) and names the file in errors (``shown_name``, if given, instead).
    A page the cleaner judges to be furniture only keeps its sentences as a
    best guess, flagged ``needs_review``; a file with no sentence is refused.
    """
    name = shown_name or filename or "input"
    text = clean_text(raw)
    if not text.strip():
        raise IngestError(f"{name} is empty")
    suffix = Path(filename).suffix.lower()
    if suffix in (".html", ".htm"):
        article = extract_html_article(text, raw)
        if not article.body:
            article = best_guess(html_to_page(text), article)
    else:
        page = markdown_to_page(text) if suffix == ".md" else MarkupPage(paragraphs=split_paragraphs(text))
        article = extract_article(page, raw)
        if not article.body:
            article = best_guess(page, article)
    if not article.body:
        raise IngestError(f"{name} has no article text, only page furniture (menus, notices, links)")
    if not article.title:
        article = replace(article, title=first_sentence(article.body))
    return article


def first_sentence(body: str) -> str:
    """The title of a page that shows no headline: its body's first sentence, cut at a word after 30 words."""
    paragraph = body.split("\n\n", 1)[0]
    spans = split_sentences(paragraph)
    words = (paragraph[spans[0][0] : spans[0][1]] if spans else paragraph).split()
    return " ".join(words[:TITLE_MAX_WORDS]) + ("…" if len(words) > TITLE_MAX_WORDS else "")


TRAFILATURA_MIN_SHARE = 0.5
"""trafilatura's body is used when it holds at least this share of the words our own cleaner keeps (and some prose)."""


def extract_html_article(html: str, raw: str, *, use_trafilatura: bool = True) -> Article:
    """The article in an HTML page: trafilatura's text where it finds the article, else our own cleaner's.

    The rule, measured on the invented outlet pages (bench/bench_ingest.py):
    trafilatura's paragraphs are the body when they hold a paragraph of prose,
    at least half the words our own cleaner keeps and the page's paragraph
    breaks; a shorter result means trafilatura took one block of a page whose
    article it split, so our own cleaner's body stands. trafilatura's
    paragraphs pass through the same chrome rules as any page (a section label
    or share line it kept goes), and the lead paragraphs our cleaner finds
    above trafilatura's first one are put back: a standfirst or first
    paragraph in a container of its own is what trafilatura most often misses.

    Metadata is what our own parser reads from the markup (JSON-LD, ``<h1>``,
    meta tags, the byline and date lines); where it leaves a field empty,
    trafilatura's reading of the markup fills it. Comments are ours when we
    find entries with names and dates, else those in trafilatura's comment text.
    """
    page = html_to_page(html)
    own = extract_article(page, raw)
    if not use_trafilatura:
        return own
    found = read_with_trafilatura(html)
    article = own
    if found is not None and is_useful(found, own):
        theirs = extract_article(MarkupPage(list(found.paragraphs), own.title, page.page_title), raw)
        body = with_lead_paragraphs(own.body.split("\n\n"), theirs.body.split("\n\n"))
        article = replace(own, body="\n\n".join(body), comments=own.comments or parse_comments(found.comments))
    if all((own.title, own.author, own.published, own.publication)):
        return article
    # Only pages whose markup leaves something unsaid pay for trafilatura's metadata reading.
    more = read_metadata_with_trafilatura(html)
    return replace(
        article,
        title=own.title or more.title,
        author=own.author or more.author,
        published=own.published or normalise_date(more.published),
        publication=own.publication or more.site_name,
    )


def is_useful(found: TrafilaturaPage, own: Article) -> bool:
    """trafilatura found the article: some prose, not a fraction of what our own cleaner keeps, breaks intact.

    A line of trafilatura's that holds two of our paragraphs whole lost the
    page's paragraph breaks (it happens with some themes' inline markup), and
    a body run together is worse to read and annotate than our own.
    """
    words = sum(len(paragraph.split()) for paragraph in found.paragraphs)
    has_prose = any(len(paragraph.split()) >= PROSE_WORDS for paragraph in found.paragraphs)
    own_paragraphs = own.body.split("\n\n")
    merged = any(sum(mine in line for mine in own_paragraphs) > 1 for line in found.paragraphs)
    return has_prose and not merged and words >= TRAFILATURA_MIN_SHARE * len(own.body.split())


def with_lead_paragraphs(own: list[str], found: list[str]) -> list[str]:
    """``found`` with the paragraphs ``own`` has above the first paragraph both share put back in front."""
    shared = next((index for index, paragraph in enumerate(own) if paragraph in found), None)
    if shared is None:
        return found
    lead = [paragraph for paragraph in own[:shared] if paragraph not in found]
    return lead + found
def best_guess(page: MarkupPage, article: Article) -> Article:
    """A page the cleaner found no article in: its sentences that are not furniture, flagged for review.

    A short news item under a heavy menu can look like furniture throughout;
    keeping its sentences (and asking the user to check them) beats dropping
    it. Lines of menus, buttons and notices are not sentences and stay out.
    """
    sentences = [p for p in page.paragraphs if p != article.title and is_sentence(p)]
    return replace(article, body="\n\n".join(sentences), needs_review=True)


def is_sentence(paragraph: str) -> bool:
    """A paragraph that holds a sentence: prose, or a few words closed by a full stop, '?' or '!', not chrome."""
    kind = classify(paragraph)
    sentence_like = kind is Kind.SENTENCE and not paragraph.endswith(":")
    return kind is Kind.PROSE or (sentence_like and len(paragraph.split()) >= SENTENCE_MIN_WORDS)


def extract_article(page: MarkupPage, raw: str) -> Article:
    """The article in a page's paragraphs: title, body, comments and the metadata the page states."""
    above, comments = split_comments(page.paragraphs)
    captions = repeated_captions(above)
    paragraphs = [p for p in above if p not in captions]
    start, end = bridge_inline_links(paragraphs, find_article_span(paragraphs))
    if not comments:
        start, end = extend_to_clean_end(paragraphs, (start, end))
    start = skip_header_lines(paragraphs, start, end)
    start = take_first_update_heading(paragraphs, start, end)
    head = paragraphs[:start]
    # The footer under a comment block ('© 2016 X') and an HTML page's skipped furniture state the site too.
    footer = page.paragraphs[len(above) :] + page.furniture
    stated_site = find_publication([*head, *paragraphs[end:], *footer])
    title, title_index, site = find_title(head, page.title, page.page_title, stated_site)
    if not title and end - start > 1 and looks_like_headline(paragraphs[start]):
        # A headline that reads as a sentence ('‘NHS is not pulling its weight’') opens the prose run.
        title, title_index, start = paragraphs[start], start, start + 1
    header = head[title_index + 1 :] if title_index >= 0 else head
    body = list(takewhile(lambda p: is_standfirst(p, title), header))
    body += article_paragraphs(paragraphs[start:end], title)
    furniture = [
        p for index, p in enumerate(paragraphs) if (index < start or index >= end) and index != title_index
    ] + footer
    # A byline with a social handle reads as chrome ('Jane Doe - Reporter / @janedoe'), but names the author.
    near_title = [p for p in header if not is_chrome(p) or byline_name(p)][:BYLINE_LOOKAHEAD]
    # A 'By ...' line under a standfirst that opens the article names the author too.
    by_lines = [p for p in paragraphs[start : start + HEADER_WINDOW] if is_by_line(p)]
    author = page.author or next(filter(None, map(byline_name, near_title + by_lines)), "")
    published = (
        normalise_date(page.published)
        or find_date(header)
        or find_date(filter(is_date_line, head[max(title_index - DATE_ABOVE_TITLE, 0) : max(title_index, 0)]))
        or find_date(paragraphs[start:end], labelled_only=True)
        or find_date(paragraphs[end : end + DATE_LOOKAHEAD_AFTER], labelled_only=True)
    )
    masthead = find_masthead(head[: max(title_index, 0)], paragraphs)
    publication = page.publication or site or find_publication(furniture, masthead)
    return Article(
        title=title,
        body="\n\n".join(body),
        raw=raw,
        publication=publication,
        author=author if author not in (title, publication) else "",
        published=published,
        comments=comments,
    )


def skip_header_lines(paragraphs: list[str], start: int, end: int) -> int:
    """Where the article starts when a standfirst long enough to read as prose opens the span above its byline.

    'Standfirst. / By Jane Doe / March 3, 2019 / first paragraph': the byline
    and date belong above the article, so the span starts after them; the
    standfirst is kept as one, and the byline and date are read as metadata.
    """
    if start >= end or len(paragraphs[start].split()) > STANDFIRST_MAX_WORDS:
        return start
    header_end, byline_seen = start, False
    for index in range(start + 1, min(start + 1 + HEADER_WINDOW, end)):
        paragraph = paragraphs[index]
        if classify(paragraph) is Kind.PROSE:
            break
        if byline_name(paragraph) or is_date_line(paragraph):
            byline_seen = byline_seen or bool(byline_name(paragraph))
            header_end = index
    return header_end + 1 if byline_seen else start


def take_first_update_heading(paragraphs: list[str], start: int, end: int) -> int:
    """Start a live blog at its first update's heading, which sits between a timestamp and the first prose.

    Only when the article itself is a run of such updates (a timestamp over a
    heading, again and again), so a lone short line above an article stays out.
    """
    if start < 2 or classify(paragraphs[start - 1]) is not Kind.SHORT or not is_date_line(paragraphs[start - 2]):
        return start
    updates = (
        is_date_line(paragraphs[index]) and classify(paragraphs[index + 1]) is Kind.SHORT
        for index in range(start, end - 1)
    )
    return start - 1 if any(updates) else start


def article_paragraphs(span: list[str], title: str) -> list[str]:
    """The span without its chrome, dates, headline copies, and the links under an inline 'Related' heading."""
    kept: list[str] = []
    under_teaser_heading = False
    for paragraph in span:
        if is_teaser_heading(paragraph):
            under_teaser_heading = True
        elif classify(paragraph) is Kind.PROSE:
            under_teaser_heading = False
        if not (
            under_teaser_heading
            or is_chrome(paragraph)
            or paragraph == title
            or is_date_line(paragraph)
            or is_by_line(paragraph)
        ):
            kept.append(paragraph)
    return kept


def looks_like_headline(paragraph: str) -> bool:
    """Short and not ending in a full stop: a headline, where a first paragraph of prose ends '.' or '.”'."""
    return len(paragraph.split()) <= TITLE_MAX_WORDS and not FULL_STOP_END.search(paragraph)


def is_standfirst(paragraph: str, title: str) -> bool:
    """A line between headline and article that belongs to it: the standfirst, not a byline, date or widget."""
    return len(paragraph.split()) >= STANDFIRST_MIN_WORDS and paragraph != title and is_substantive(paragraph)


def is_substantive(paragraph: str) -> bool:
    """A line that could stand between a headline and its article only as a standfirst or teaser.

    Chrome, bylines, dates and one- or two-word menu items do not count.
    """
    return (
        len(paragraph.split()) >= 3
        and not is_chrome(paragraph)
        and not is_date_line(paragraph)
        and not byline_name(paragraph)
    )


def is_by_line(paragraph: str) -> bool:
    """'By Sam Lee', 'Written by Sam Lee': a byline that says so, never a headline."""
    return bool(BYLINE.match(paragraph) and byline_name(paragraph))


def find_title(head: list[str], hint: str, page_title: str = "", publication: str = "") -> tuple[str, int, str]:
    """The headline among the lines above the article: (headline, its index or -1, site named beside it).

    A stated title (an HTML ``<h1>`` or Markdown heading) wins. Otherwise a line
    printed twice is the headline (not a masthead or a name); else the line the
    page presents as its headline, found by position and line shape
    (``headline_above``); it must be neither chrome, a date, a site-name line nor
    a 'By' line. A 'Site | Headline' line is split, and 'Headline - Site' when
    the page names the site elsewhere (``publication``).

    An HTML ``page_title`` ('Headline - Site', or only 'Site') picks the line it
    shares with the page, and names the site beside it; it is the headline
    itself only when no line above the article could be.
    """
    if hint:
        headline, site = split_page_title(hint)
        index = next((i for i, p in enumerate(head) if p in (hint, headline)), -1)
        return headline, index, site
    parts = [page_title, *(part.strip() for part in TITLE_SEPARATORS.split(page_title))] if page_title else []
    for part in sorted(parts, key=lambda part: -len(part.split())):
        if len(part.split()) >= 3 and part in head:
            return part, head.index(part), name_beside(page_title, part)
    candidates = [
        (index, p)
        for index, p in enumerate(head)
        if 3 <= len(p.split()) <= TITLE_MAX_WORDS
        and not is_chrome(p)
        and not is_date_line(p)
        and not stated_publication(p)
        and not is_by_line(p)
    ]
    counts = Counter(p for _, p in candidates)
    # A masthead or an author's name printed twice is not a headline printed twice.
    repeated = [
        (index, p)
        for index, p in candidates
        if counts[p] > 1 and not find_masthead([p]) and byline_name(p) != p
    ]
    found = headline_above(head)
    placed = [(index, p) for index, p in candidates if index == found]
    for index, line in repeated or placed:
        headline, site = split_page_title(line, publication)
        return headline, index, site or name_beside(page_title, headline)
    headline, site = split_page_title(page_title)
    return headline, -1, site


def name_beside(page_title: str, headline: str) -> str:
    """The site's name beside the headline in a page title ('Headline | Site' -> 'Site'), or "".

    A page title that is only a name ('Valley Courier') is the site's name.
    """
    if not headline or headline not in page_title:
        only_a_name = 2 <= len(page_title.split()) <= 5 and is_name_case(page_title)
        return page_title if only_a_name and page_title.lower() not in SECTION_WORDS else ""
    site = page_title.replace(headline, "").strip(" |–—-:·•")
    return site if 0 < len(site.split()) <= 6 else ""
