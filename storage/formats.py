"""Provides conversion of HTML and Markdown files to plain paragraphs, with the metadata their markup states."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

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
        if tag == "a":
            self.link_depth += 1

    def in_region(self, kind: str) -> bool:
        return any(region.kind == kind for region in self.regions)

    def region_kind(self, tag: str, values: dict[str, str]) -> str:
        """SKIPPED for furniture, COMMENTS for a comment section, "" for anything else."""
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
        if self.capture is not None:
            self.captured[self.capture].append(data)
        if self.in_region(SKIPPED) or self.capture == "title":
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
        if self.in_region(COMMENTS):
            # A comment's date is often a permalink: link-heavy, but wanted.
            self.comment_paragraphs.append(text)
        elif len(text.split()) > LINK_HEAVY_MAX_WORDS or links <= LINK_HEAVY_SHARE * len(text):
            self.page.paragraphs.append(text)

    def result(self) -> MarkupPage:
        self.flush()
        page, meta = self.page, self.meta
        if self.comment_paragraphs:
            page.paragraphs += ["Comments", *self.comment_paragraphs]
        h1 = " ".join("".join(self.captured["h1"]).split())
        title = " ".join("".join(self.captured["title"]).split())
        page.title = h1 or meta.get("og:title", "") or meta.get("twitter:title", "") or title
        beside_headline = (
            title.replace(page.title, "").strip(" |–—-:·•") if page.title and page.title in title else ""
        )
        page.publication = (
            meta.get("og:site_name", "")
            or meta.get("application-name", "")
            or (beside_headline if 0 < len(beside_headline.split()) <= 6 else "")
        )
        author = meta.get("author", "") or meta.get("article:author", "") or meta.get("byl", "")
        page.author = "" if "://" in author else author
        page.published = next(
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
