"""Provides conversion of HTML and Markdown files to plain paragraphs, with the metadata their markup states."""

from __future__ import annotations

import html as html_entities
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from storage.ingest.metadata import byline_name

DROPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "nav",
        "footer",
        "aside",
        "form",
        "noscript",
        "svg",
        "iframe",
        "button",
        "template",
        "select",
        "figcaption",
        "object",
        "canvas",
    }
)
"""Elements that hold page furniture (menus, widgets, captions) or code, never article prose."""

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "br",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "main",
        "pre",
        "dd",
        "dt",
        "ul",
        "ol",
        "table",
        "hr",
        "header",
        "figure",
    }
)
"""Elements whose start or end closes the paragraph being collected."""

VOID_TAGS = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed"}
)
"""Elements with no end tag: they never open a skipped region."""

FURNITURE_NAMES = re.compile(
    r"cookies?|consent|gdpr|share|sharing|social|related|recommended|recommendations?|newsletter|signup|subscribe"
    r"|paywall|promo|advert|ad|ads|sponsor|sponsored|banner|breadcrumbs?|sidebar|footer|masthead"
    r"|menu|navbar|nav|popup|modal|outbrain|taboola|mostread|mostpopular|tags|widget|toolbar",
)
"""Class or id words of page furniture (after Readability's 'unlikely candidates')."""

CONTENT_NAMES = re.compile(
    r"article-?body|story-?body|post-?body|entry-content|main-?content|\bcontent\b", re.IGNORECASE
)
"""Class or id words of the article's own container, which may also carry a furniture word."""

COMMENT_NAMES = re.compile(r"comments?|commentlist|disqus|responses|discussion")
"""Class or id words of a reader-comment section."""

CODE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "canvas", "object", "iframe", "select"})
"""Skipped elements whose content is code or widgets, not text a reader sees."""

SKIPPED = "skipped"
COMMENTS = "comments"


@dataclass
class Region:
    """An open element whose content is skipped or kept apart; ``nesting`` counts same-tag elements inside."""

    tag: str
    kind: str
    nesting: int = 0


STATE_WORDS = frozenset({"has", "with", "no", "show", "enable", "enabled", "is", "js", "without"})
"""First words of class tokens that describe a page's state, not a part of it ('has-sidebar')."""

STRUCTURAL_TAGS = frozenset({"html", "body", "main", "article"})
PROSE_WORDS = 12

LINK_HEAVY_SHARE = 0.6
"""A short paragraph with more than this share of its characters inside links is a menu or a teaser."""

LINK_HEAVY_MAX_WORDS = 25


@dataclass
class MarkupPage:
    """What a marked-up file gives: paragraphs of text and metadata hints (empty when not stated)."""

    paragraphs: list[str] = field(default_factory=list)
    title: str = ""
    """The headline as the markup states it (an <h1>, og:title, JSON-LD or a Markdown heading)."""
    page_title: str = ""
    """An HTML page's <title>: often 'Headline | Site', sometimes only the site's name."""
    furniture: list[str] = field(default_factory=list)
    """Text of the page's skipped furniture (menus, footers): never article text, but it may name the site."""
    publication: str = ""
    author: str = ""
    published: str = ""


class HtmlTextParser(HTMLParser):
    """Collects the readable paragraphs and the metadata of an HTML page with the standard library parser.

    Skipped whole: page furniture in ``DROPPED_TAGS``; a page-level ``<header>``
    (one inside ``<article>`` or ``<main>`` holds the headline and byline, so it
    stays); and any element whose class or id names furniture (``share-bar``,
    ``related-links``, ``cookie-notice``), as Readability does. An element named
    for comments (``comments-area``, ``disqus_thread``) is kept apart and put
    after the page's paragraphs under a "Comments" heading, where comment
    detection finds it.
    """

    def __init__(self, *, use_class_names: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.use_class_names = use_class_names
        self.page = MarkupPage()
        self.meta: dict[str, str] = {}
        self.regions: list[Region] = []
        self.comment_paragraphs: list[str] = []
        self.article_depth = 0
        self.buffer: list[str] = []
        self.skipped_buffer: list[str] = []
        self.link_chars = 0
        self.link_depth = 0
        self.capture: str | None = None
        self.title_text: list[str] = []
        self.headings: list[tuple[list[str], bool]] = []
        """Every <h1>: its text pieces, and whether it sits inside <article> or <main>."""
        self.time_datetime = ""
        self.json_ld: list[str] | None = None
        """The text of the ``application/ld+json`` script being read, while one is open."""
        self.json_ld_blocks: list[str] = []
        self.author_marks: list[list[str]] = []
        """Texts of elements marked as the author (rel="author", class "byline" or "author"), outside comments."""
        self.author_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and key not in self.meta:
                self.meta[key] = values.get("content", "").strip()
            return
        if tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self.json_ld = []
        if self.author_depth:
            self.author_depth += tag not in VOID_TAGS
        elif is_author_mark(values) and not self.in_region(COMMENTS) and tag not in VOID_TAGS:
            self.author_depth = 1
            self.author_marks.append([])
        if tag == "time" and not self.time_datetime and not self.in_region(COMMENTS):
            self.time_datetime = values.get("datetime", "")
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in VOID_TAGS:
            return
        if self.regions and self.regions[-1].tag == tag:
            self.regions[-1].nesting += 1
        else:
            kind = self.region_kind(tag, values)
            if kind:
                self.regions.append(Region(tag, kind))
        if tag in ("article", "main"):
            self.article_depth += 1
        if tag in ("title", "h1") and self.capture is None:
            self.capture = tag
            if tag == "h1":
                self.headings.append(([], self.article_depth > 0))
        if tag == "a":
            self.link_depth += 1

    def in_region(self, kind: str) -> bool:
        return any(region.kind == kind for region in self.regions)

    def region_kind(self, tag: str, values: dict[str, str]) -> str:
        """SKIPPED for furniture, COMMENTS for a comment section, "" for anything else."""
        if tag in ("header", "footer") and self.in_region(COMMENTS):
            # A comment's own header or footer holds its author and date (WordPress 'comment-meta').
            return ""
        if tag in DROPPED_TAGS or (tag == "header" and self.article_depth == 0):
            return SKIPPED
        if not self.use_class_names or tag in STRUCTURAL_TAGS:
            return ""
        names = f"{values.get('class', '')} {values.get('id', '')} {values.get('role', '')}"
        if CONTENT_NAMES.search(names):
            return ""
        tokens = names.lower().split()
        if any(is_named(token, COMMENT_NAMES) for token in tokens):
            return COMMENTS
        return SKIPPED if any(is_named(token, FURNITURE_NAMES) for token in tokens) else ""

    def handle_endtag(self, tag: str) -> None:
        if self.author_depth:
            self.author_depth -= 1
        if tag == "time":
            # Two <time> elements side by side ('May 2, 2016May 4, 2016') are two dates.
            self.buffer.append(" ")
        if tag == "script" and self.json_ld is not None:
            self.json_ld_blocks.append("".join(self.json_ld))
            self.json_ld = None
        if tag in BLOCK_TAGS:
            self.flush()
        if self.regions and self.regions[-1].tag == tag:
            if self.regions[-1].nesting:
                self.regions[-1].nesting -= 1
            else:
                self.regions.pop()
        if tag in ("article", "main") and self.article_depth:
            self.article_depth -= 1
        if tag == self.capture:
            self.capture = None
        if tag == "a" and self.link_depth:
            self.link_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.json_ld is not None:
            self.json_ld.append(data)
        if self.author_depth:
            self.author_marks[-1].append(data)
        if self.capture == "title":
            self.title_text.append(data)
        elif self.capture == "h1":
            self.headings[-1][0].append(data)
        if self.capture == "title":
            return
        if self.in_region(SKIPPED):
            if not any(region.tag in CODE_TAGS for region in self.regions):
                self.skipped_buffer.append(data)
            return
        self.buffer.append(data)
        if self.link_depth:
            self.link_chars += len(data.strip())

    def flush(self) -> None:
        """End the paragraph being collected; drop it when it is mostly link text (a menu line)."""
        skipped = " ".join("".join(self.skipped_buffer).split())
        self.skipped_buffer = []
        if skipped:
            self.page.furniture.append(skipped)
        text = " ".join("".join(self.buffer).split())
        links, self.link_chars, self.buffer = self.link_chars, 0, []
        if not text:
            return
        if self.in_region(COMMENTS):
            # A comment's date is often a permalink: link-heavy, but wanted.
            self.comment_paragraphs.append(text)
        elif len(text.split()) > LINK_HEAVY_MAX_WORDS or links <= LINK_HEAVY_SHARE * len(text):
            self.page.paragraphs.append(text)

    def headline(self, stated: str) -> str:
        """The <h1> that is the headline: the longest inside the article, else of those og:title names, else of all.

        Older pages also use <h1> for the site's logo, so the first <h1> is not trusted.
        """
        texts = [(" ".join("".join(pieces).split()), inside) for pieces, inside in self.headings]
        texts = [(text, inside) for text, inside in texts if text]
        inside_article = [text for text, inside in texts if inside]
        named = [text for text, _ in texts if stated and text in stated]
        return max(inside_article or named or [text for text, _ in texts], key=len, default="")

    def result(self) -> MarkupPage:
        self.flush()
        page, meta = self.page, self.meta
        if self.comment_paragraphs:
            page.paragraphs += ["Comments", *self.comment_paragraphs]
        title = " ".join("".join(self.title_text).split())
        linked = read_json_ld(self.json_ld_blocks)
        stated = linked.title or meta.get("og:title", "") or meta.get("twitter:title", "")
        page.title = self.headline(stated) or stated
        page.page_title = title
        beside_headline = site_beside(title, page.title)
        page.publication = (
            linked.publication
            or meta.get("og:site_name", "")
            or meta.get("application-name", "")
            or (beside_headline if 0 < len(beside_headline.split()) <= 6 else "")
        )
        marked = (byline_name(" ".join("".join(pieces).split())) for pieces in self.author_marks)
        stated_authors = (
            linked.author,
            meta.get("author", ""),
            meta.get("article:author", ""),
            meta.get("byl", ""),
        )
        # Some pages give a profile URL as the author; that is no name.
        page.author = next((name for name in (*stated_authors, *marked) if name and "://" not in name), "")
        page.published = linked.published or next(
            (
                meta[key]
                for key in (
                    "article:published_time",
                    "datepublished",
                    "pubdate",
                    "date",
                    "dc.date",
                    "dc.date.issued",
                    "sailthru.date",
                    "parsely-pub-date",
                )
                if meta.get(key)
            ),
            self.time_datetime,
        )
        return page


def site_beside(page_title: str, headline: str) -> str:
    """The site's name beside the headline in a ``<title>``: the last part after it, else the first before it.

    'Accra: Headline - Site' and 'Headline | News | Site' give 'Site'; so does 'Site | Headline'.
    """
    if not headline or headline not in page_title:
        return ""
    before, after = page_title.split(headline, 1)
    parts_after = [part.strip(" |–—-:·•") for part in re.split(r"\s[|–—\-]\s", after)]
    parts_before = [part.strip(" |–—-:·•") for part in re.split(r"\s[|–—\-]\s", before)]
    return next((part for part in [*reversed(parts_after), *parts_before] if part), "")


ARTICLE_TYPES = re.compile(r"\w*Article|BlogPosting|LiveBlogPosting|SocialMediaPosting|Report")
"""schema.org types of a news page's main item (NewsArticle, ReportageNewsArticle, BlogPosting ...)."""


@dataclass(frozen=True)
class LinkedData:
    """What a page's JSON-LD says of its article; empty strings where it says nothing."""

    title: str = ""
    publication: str = ""
    author: str = ""
    published: str = ""


def read_json_ld(blocks: list[str]) -> LinkedData:
    """The article metadata in a page's ``application/ld+json`` scripts: the most reliable source a page has.

    Publishers write it for search engines from their own database, so it
    names the headline, authors and first publication date without the page
    layout in the way. A block that is not valid JSON is passed over.
    """
    for block in blocks:
        try:
            data = json.loads(block, strict=False)
        except ValueError:
            continue
        items = list(linked_items(data))
        # Yoast and others name the author and publisher by reference: {"@id": ".../#/schema/person/1"}.
        by_id = {item["@id"]: item for item in items if isinstance(item.get("@id"), str) and "name" in item}
        for item in items:
            kinds = item.get("@type", "")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and ARTICLE_TYPES.fullmatch(kind) for kind in kinds):
                return LinkedData(
                    title=linked_text(item.get("headline")),
                    publication=next(linked_names(item.get("publisher"), by_id), ""),
                    author=join_names(list(linked_names(item.get("author"), by_id, people_only=True))),
                    published=linked_text(item.get("datePublished")),
                )
    return LinkedData()


def linked_items(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document: top level, in a list, or in an ``@graph``."""
    if isinstance(data, list):
        for element in data:
            yield from linked_items(element)
    elif isinstance(data, dict):
        yield data
        yield from linked_items(data.get("@graph"))


def linked_text(value: Any) -> str:
    """A JSON-LD string value with entities decoded and whitespace folded; "" for anything else."""
    return " ".join(html_entities.unescape(value).split()) if isinstance(value, str) else ""


def linked_names(value: Any, by_id: dict[str, dict[str, Any]], *, people_only: bool = False) -> Iterator[str]:
    """The names in an author or publisher value: a string, an object with a name, or a list of them.

    An object with only an ``@id`` is looked up in ``by_id``, the page's named items.

    With ``people_only`` an Organization is passed over: a site credited as
    author is not a byline.
    """
    for element in value if isinstance(value, list) else [value]:
        if isinstance(element, dict):
            reference = element.get("@id")
            if "name" not in element and isinstance(reference, str):
                element = by_id.get(reference, element)
            if people_only and element.get("@type") == "Organization":
                continue
            element = element.get("name")
        name = linked_text(element)
        if name and "://" not in name:
            yield name


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C': several authors as a byline prints them."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


AUTHOR_MARKS = frozenset({"author", "byline", "author-name", "byline-name", "byline__name", "article-author"})
"""Class tokens of the element holding an article's byline name (Readability's byline hints)."""


def is_author_mark(values: dict[str, str]) -> bool:
    """An element that names the article's author: rel="author", itemprop="author", or a byline class."""
    if "author" in (values.get("rel", "").lower().split() + values.get("itemprop", "").lower().split()):
        return True
    return bool(AUTHOR_MARKS & set(values.get("class", "").lower().split()))


def is_named(token: str, names: re.Pattern[str]) -> bool:
    """A class or id token naming such a part: 'share-buttons', 'post-comments'; not 'has-sidebar' (a state)."""
    parts = [part for part in re.split(r"[-_]+", token) if part]
    if not parts or parts[0] in STATE_WORDS:
        return False
    return any(names.fullmatch(part) for part in parts)


def html_to_page(html: str) -> MarkupPage:
    """The paragraphs and stated metadata of an HTML page.

    Class and id names are a hint, and a page can name its main wrapper
    'has-sidebar': when skipping by name leaves no paragraph of prose length,
    the page is read again by its tags alone.
    """
    page = parse_html(html, use_class_names=True)
    if not any(len(paragraph.split()) >= PROSE_WORDS for paragraph in page.paragraphs):
        page = parse_html(html, use_class_names=False)
    return page


def parse_html(html: str, *, use_class_names: bool) -> MarkupPage:
    parser = HtmlTextParser(use_class_names=use_class_names)
    parser.feed(html)
    parser.close()
    return parser.result()


FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)
FRONT_MATTER_KEYS = {
    "title": "title",
    "author": "author",
    "date": "published",
    "published": "published",
    "publication": "publication",
    "source": "publication",
}
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
MD_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
MD_QUOTE = re.compile(r"^\s*>\s?")
MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*=+\s*$")
MD_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
)
"""Inline Markdown syntax and what it becomes: images go, links keep their text, emphasis marks go."""


def strip_inline_markdown(text: str) -> str:
    for pattern, replacement in MD_INLINE:
        text = pattern.sub(replacement, text)
    return text


def markdown_to_page(text: str) -> MarkupPage:
    """The paragraphs of a Markdown file as plain text, with title, author and date from front matter.

    Lines of one paragraph are joined (Markdown wraps them freely); headings and
    list items are paragraphs of their own; the first heading is the title hint.
    """
    page = MarkupPage()
    matter = FRONT_MATTER.match(text)
    if matter:
        for line in matter.group("body").splitlines():
            key, _, value = line.partition(":")
            attribute = FRONT_MATTER_KEYS.get(key.strip().lower())
            if attribute:
                setattr(page, attribute, value.strip().strip("\"'"))
        text = text[matter.end() :]
    current: list[str] = []

    def flush() -> None:
        joined = " ".join(" ".join(current).split())
        current.clear()
        if joined:
            page.paragraphs.append(strip_inline_markdown(joined))

    for line in text.split("\n"):
        heading = MD_HEADING.match(line)
        if heading or MD_LIST_ITEM.match(line) and not MD_RULE.match(line):
            flush()
            content = heading.group("text") if heading else MD_LIST_ITEM.sub("", line, count=1)
            current.append(content)
            if heading:
                if not page.title:
                    page.title = strip_inline_markdown(" ".join(content.split()))
                flush()
        elif not line.strip() or MD_RULE.match(line):
            flush()
        else:
            current.append(MD_QUOTE.sub("", line))
    flush()
    return page
