"""Provides reader-comment detection: the "N Comments" block under an article, split into ParsedComments.

Comments are never article text: they are cut from the page before the
article is looked for, so no commenter's words or dates reach the body or the
article's metadata.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storage.ingest.chrome import END_MARKERS, Kind, classify, match_text
from storage.ingest.metadata import byline_name, find_date_span, is_date_line, is_name_case, normalise_date
from storage.models import ParsedComment

COUNT_WORDS = r"\d+|no|one|two|three|four|five|six|seven|eight|nine|ten"
COMMENT_HEADER = re.compile(
    rf"^(?:(?:{COUNT_WORDS}) (?:comments?|responses?|replies|thoughts)\b(?:\s+(?:to|on)\b.*)?"
    r"|(?:reader )?comments?(?: \(\d+\))?:?|discussion|conversation)$",
    re.IGNORECASE,
)
"""The heading of a comment block: 'One Response to ...', '12 Comments', 'Comments (3)', '5 thoughts on ...'."""

SAYS = re.compile(r"^(?P<author>.{2,60}?)\s+(?:says|said|wrote|commented)\s*:?$", re.IGNORECASE)
TIME = re.compile(r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\s*(?P<half>[ap]\.?m\.?)?", re.IGNORECASE)
AUTHOR_JUNK = re.compile(r"^[\s|•·,:\-–—]+|[\s|•·,:\-–—]+$|\s+(?:on|at|says|said|wrote)$", re.IGNORECASE)
COMMENT_WIDGETS = re.compile(
    r"^(?:(?:reply|report|like|recommend|flag|share|permalink|edit)(?: (?:comment|this|to this|abuse))?"
    r"|\d+ (?:likes?|replies|recommendations?)|log in to reply)"
    r"(?:\s*[•·|›»>]\s*(?:(?:reply|report|like|recommend|flag|share|permalink|edit)\b[\w ]*|\d+[\w ]*)?)*"
    r"\s*[›»>]?$",
    re.IGNORECASE,
)
"""Buttons printed under each comment, alone or in a row: 'Reply', 'Reply • Share ›'."""

HANDLE = re.compile(r"(?=.*[a-z])[\w.\-]{3,30}")
"""A commenter's user name as comment systems print it: 'bluebird42', 'old_social_worker'."""

NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday posted published updated date on at by".split()
)
"""Words that start a date line, not a commenter's name."""

RELATIVE_TIME = re.compile(
    r"\b(?:\d+|an?)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
"""'3 years ago': when a comment was posted, as comment systems print it (no date to keep)."""

HEADER_LOOKAHEAD = 4
MIN_PROSE_ABOVE = 1
"""A comment block sits under an article: a '12 comments' counter beside the byline heads none."""
ENTRY_MAX_WORDS = 20


def split_comments(paragraphs: Sequence[str]) -> tuple[list[str], tuple[ParsedComment, ...]]:
    """Separate the page above the comment block from the comments in it.

    A heading counts as a comment block only below some article prose and when
    a comment entry (a name with a date, or 'NAME says:') follows within a few
    paragraphs, so a lone "Comments" button or "There are no comments" stays
    page chrome.
    """
    prose_seen = 0
    for index, paragraph in enumerate(paragraphs):
        if prose_seen < MIN_PROSE_ABOVE or not COMMENT_HEADER.match(match_text(paragraph)):
            prose_seen += classify(paragraph) is Kind.PROSE
            continue
        following = range(index + 1, min(index + 1 + HEADER_LOOKAHEAD, len(paragraphs)))
        if any(entry_at(paragraphs, candidate) for candidate in following):
            return list(paragraphs[:index]), parse_comments(paragraphs[index + 1 :])
    return list(paragraphs), ()


def entry_at(paragraphs: Sequence[str], index: int) -> tuple[str, str] | None:
    """(author, posted) when a comment starts at ``index``: an entry line, or a name line over a date line."""
    entry = comment_entry(paragraphs[index])
    if entry or index + 1 >= len(paragraphs):
        return entry
    name = paragraphs[index].strip()
    if (byline_name(name) == name or HANDLE.fullmatch(name)) and is_date_line(paragraphs[index + 1]):
        return name, ""
    return None


def comment_entry(paragraph: str) -> tuple[str, str] | None:
    """(author, posted) when the paragraph heads one comment: 'Philip Measures April 3, 2014 at 2:54 pm #'."""
    text = match_text(paragraph).rstrip(" #")
    if not text or len(text.split()) > ENTRY_MAX_WORDS:
        return None
    says = SAYS.match(text)
    if says:
        author = says.group("author")
        dated = find_date_span(author)  # 'Jane Doe on March 3, 2016 said:'
        if dated is None:
            return clean_author(author), ""
        return clean_author(author[: dated[0]]), dated[2] + posted_time(author[dated[1] :])
    span = find_date_span(text)
    if span is None:
        ago = RELATIVE_TIME.search(text)
        if ago is None:
            return None
        span = (ago.start(), ago.end(), "")
    start, end, iso = span
    author = clean_author(re.sub(r"^(?:posted|written)\s+by\s+", "", text[:start], flags=re.IGNORECASE))
    words = author.split()
    if (
        not author
        or not (author[0].isupper() or HANDLE.fullmatch(author))
        or len(words) > 5
        or (len(words) > 1 and not is_name_case(author))
        or words[0].lower().strip(",") in NOT_NAMES
        or classify(author) is Kind.CHROME
    ):
        return None
    return author, (iso + posted_time(text[end:])) if iso else ""


def clean_author(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, AUTHOR_JUNK.sub("", text)
    return text


def posted_time(text: str) -> str:
    """' at 2:54 pm #' -> ' 14:54': the time of day after a comment's date, 24-hour, or ""."""
    match = TIME.search(text)
    if not match:
        return ""
    hour = int(match.group("hour"))
    half = (match.group("half") or "").lower().replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    return f" {hour:02d}:{match.group('minute')}"


def parse_comments(paragraphs: Sequence[str]) -> tuple[ParsedComment, ...]:
    """The comments in a block, whether each entry line heads its comment or signs it off."""
    if signs_off(paragraphs):
        return parse_signed_comments(paragraphs)
    return parse_headed_comments(paragraphs)


def signs_off(paragraphs: Sequence[str]) -> bool:
    """True when each entry line comes after its comment's text rather than before it.

    Some sites print the author under the comment ("I agree. / Jane Doe, 3 May
    2016"); read as headings, each comment would get the next one's author. The
    tell: text before the first entry line and none after the last one.
    """
    entries = [index for index in range(len(paragraphs)) if entry_at(paragraphs, index)]
    if not entries:
        return False
    return is_comment_text(paragraphs[: entries[0]]) and not is_comment_text(paragraphs[entries[-1] + 1 :])


def is_comment_text(paragraphs: Sequence[str]) -> bool:
    """Whether any paragraph, before the end of the block, is text (not a heading, button row or date)."""
    for paragraph in paragraphs:
        text = match_text(paragraph)
        if COMMENT_HEADER.match(text) or COMMENT_WIDGETS.match(text) or is_date_line(paragraph):
            continue
        if END_MARKERS.match(text):
            return False
        return True
    return False


def parse_signed_comments(paragraphs: Sequence[str]) -> tuple[ParsedComment, ...]:
    """Comments whose entry line follows their text: each entry line closes the text above it."""
    comments: list[ParsedComment] = []
    text: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        entry = entry_at(paragraphs, index)
        if entry:
            if text:
                comments.append(ParsedComment(author=entry[0], posted=entry[1], text="\n\n".join(text)))
            text = []
        elif COMMENT_HEADER.match(match_text(paragraph)) or COMMENT_WIDGETS.match(match_text(paragraph)):
            continue
        elif END_MARKERS.match(match_text(paragraph)):
            break
        elif text or not is_date_line(paragraph):  # a date line under a signature belongs to it
            text.append(paragraph)
    return tuple(comments)


def parse_headed_comments(paragraphs: Sequence[str]) -> tuple[ParsedComment, ...]:
    """Comments headed by their entry line: each heading and the paragraphs under it, until the block ends."""
    comments: list[ParsedComment] = []
    current: tuple[str, str] | None = None
    text: list[str] = []

    def close() -> None:
        if current and text:
            comments.append(ParsedComment(author=current[0], posted=current[1], text="\n\n".join(text)))

    for index, paragraph in enumerate(paragraphs):
        entry = entry_at(paragraphs, index)
        if entry:
            close()
            current, text = entry, []
        elif COMMENT_HEADER.match(match_text(paragraph)):
            continue
        elif END_MARKERS.match(match_text(paragraph)) and not COMMENT_WIDGETS.match(match_text(paragraph)):
            break
        elif current and not text and not current[1] and is_date_line(paragraph):
            current = (current[0], normalise_date(paragraph) + posted_time(paragraph))
        elif current and not COMMENT_WIDGETS.match(match_text(paragraph)):
            text.append(paragraph)
    close()
    return tuple(comments)
