"""Provides conversion of HTML and Markdown files to plain paragraphs, with the metadata their markup states."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

DROPPED_TAGS = frozenset(
    {"script", "style", "nav", "footer", "aside", "form", "noscript", "svg", "iframe",
     "button", "template", "select", "figcaption", "object", "canvas"}
)
"""Elements that hold page furniture (menus, widgets, captions) or code, never article prose."""

BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "br", "tr", "td", "th",
     "section", "article", "main", "pre", "dd", "dt", "ul", "ol", "table", "hr", "header", "figure"}
)
"""Elements whose start or end closes the paragraph being collected."""

LINK_HEAVY_SHARE = 0.6
"""A short paragraph with more than this share of its characters inside links is a menu or a teaser."""

LINK_HEAVY_MAX_WORDS = 25


@dataclass
class MarkupPage:
    """What a marked-up file gives: paragraphs of text and metadata hints (empty when not stated)."""

    paragraphs: list[str] = field(default_factory=list)
    title: str = ""
    publication: str = ""
    author: str = ""
    published: str = ""


class HtmlTextParser(HTMLParser):
    """Collects the readable paragraphs and the metadata of an HTML page with the standard library parser.

    Page furniture in ``DROPPED_TAGS`` is skipped; a page-level ``<header>`` is
    skipped too, but a ``<header>`` inside ``<article>`` or ``<main>`` holds the
    headline and byline, so it is kept.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = MarkupPage()
        self.meta: dict[str, str] = {}
        self.skip_depth = 0
        self.article_depth = 0
        self.header_stack: list[bool] = []
        self.buffer: list[str] = []
        self.link_chars = 0
        self.link_depth = 0
        self.capture: str | None = None
        self.captured: dict[str, list[str]] = {"title": [], "h1": []}
        self.time_datetime = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and key not in self.meta:
                self.meta[key] = values.get("content", "").strip()
            return
        if tag == "time" and not self.time_datetime:
            self.time_datetime = values.get("datetime", "")
        if tag in ("article", "main"):
            self.article_depth += 1
        if tag == "header":
            skipped = self.article_depth == 0
            self.header_stack.append(skipped)
            if skipped:
                self.skip_depth += 1
        elif tag in DROPPED_TAGS:
            self.skip_depth += 1
        if tag in ("title", "h1") and self.capture is None:
            self.capture = tag
        if tag == "a":
            self.link_depth += 1
        if tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
        if tag == "header" and self.header_stack:
            if self.header_stack.pop():
                self.skip_depth -= 1
        elif tag in DROPPED_TAGS and self.skip_depth:
            self.skip_depth -= 1
        if tag in ("article", "main") and self.article_depth:
            self.article_depth -= 1
        if tag == self.capture:
            self.capture = None
        if tag == "a" and self.link_depth:
            self.link_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.capture is not None:
            self.captured[self.capture].append(data)
        if self.skip_depth or self.capture == "title":
            return
        self.buffer.append(data)
        if self.link_depth:
            self.link_chars += len(data.strip())

    def flush(self) -> None:
        """End the paragraph being collected; drop it when it is mostly link text (a menu line)."""
        text = " ".join("".join(self.buffer).split())
        links, self.link_chars, self.buffer = self.link_chars, 0, []
        if not text:
            return
        if len(text.split()) <= LINK_HEAVY_MAX_WORDS and links > LINK_HEAVY_SHARE * len(text):
            return
        self.page.paragraphs.append(text)

    def result(self) -> MarkupPage:
        self.flush()
        page, meta = self.page, self.meta
        h1 = " ".join("".join(self.captured["h1"]).split())
        title = " ".join("".join(self.captured["title"]).split())
        page.title = h1 or meta.get("og:title", "") or meta.get("twitter:title", "") or title
        page.publication = meta.get("og:site_name", "") or meta.get("application-name", "")
        author = meta.get("author", "") or meta.get("article:author", "") or meta.get("byl", "")
        page.author = "" if "://" in author else author
        page.published = next(
            (
                meta[key]
                for key in ("article:published_time", "datepublished", "pubdate", "date", "dc.date",
                            "dc.date.issued", "sailthru.date", "parsely-pub-date")
                if meta.get(key)
            ),
            self.time_datetime,
        )
        return page


def html_to_page(html: str) -> MarkupPage:
    """The paragraphs and stated metadata of an HTML page."""
    parser = HtmlTextParser()
    parser.feed(html)
    parser.close()
    return parser.result()


FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)
FRONT_MATTER_KEYS = {"title": "title", "author": "author", "date": "published",
                     "published": "published", "publication": "publication", "source": "publication"}
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
        text = text[matter.end():]
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
