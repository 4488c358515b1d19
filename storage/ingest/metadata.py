"""Provides metadata finders for news pages: dates normalised to ISO, bylines, publication names, headlines.

Every finder returns "" when the page does not state the thing: metadata is
never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS = (
    re.compile(rf"(?<!\d){YEAR}(?P<sep>[-/.])(?P<month_number>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"(?<![\d/.]){DAY}[/.](?P<month_number>[0-3]?\d)[/.]{YEAR}(?!\d)"),
    re.compile(
        rf"(?<![\w]){DAY}(?:\s+|[.\-/]\s*)(?:of\s+)?{MONTH}(?:,?\s+|[.\-/]\s*){YEAR}(?!\d)", re.IGNORECASE
    ),
    re.compile(rf"(?<![\w]){MONTH}\s+{DAY}(?:,\s*|\s+){YEAR}(?!\d)", re.IGNORECASE),
)
"""ISO (also 2015/06/04); numeric day-first (UK); '20 January 2015' / '04.Jun 2015'; 'January 20, 2015'."""
ANY_YEAR = re.compile(YEAR)
"""What every date pattern holds: text without it (most paragraphs) is not scanned four times for a date."""

ANY_DAY = DAY.replace("?P<day>", "?:")
ANY_MONTH = MONTH.replace("?P<month>", "?:")
WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?"
TIMESTAMP = re.compile(
    rf"^(?:{WEEKDAY},?\s*)?(?:{ANY_DAY}\s+{ANY_MONTH}|{ANY_MONTH}\s+{ANY_DAY})(?:,?\s+\d{{1,2}}[:.]\d\d\s*(?:[ap]m)?)?$"
    r"|^(?:updated\s+|published\s+)?\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago$"
    r"|^(?:(?:updated|published|posted|last updated)(?: at)?:?\s+)?"
    r"\d{1,2}[:.]?\d\d\s*(?:[ap]\.?m\.?)?\s*(?:GMT|BST|UTC|CET|[ECMP][SD]?T)?$",
    re.IGNORECASE,
)
"""A date without a year, a time, or 'N hours ago': a dateline that gives no full date."""

DATE_WORD = re.compile(
    rf"^(?:\W*|.*\d.*|{ANY_MONTH}|{WEEKDAY}|[ap]\.?m\.?|published|posted|updated|last|first|on|at|date|dated|ago"
    r"|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|local|time"
    r"|gmt|bst|utc|cet|cest|ist|aest|aedt|acst|awst|nzst|nzdt|sast|et|ct|mt|pt|[ecmp][sd]t)$",
    re.IGNORECASE,
)
"""A word of a date line: a date or time part, a time zone, or a 'Published ... Updated' label."""
DATE_LINE_OTHER_WORDS = 2

DATE_LABEL = re.compile(
    r"^\W*(?:published|posted|updated|last updated|first published|date|dated|created|issued)\b\s*(?:on|at)?\s*:?",
    re.IGNORECASE,
)
"""A line that presents the date it carries as the page's date: 'Published: 3 June 2015'."""

BYLINE = re.compile(
    r"^\W*(?:(?:posted|published|written|updated)\b[^|•]{0,40}?\s)?(?:by|words by|reported by|author:?)\s+"
    r"(?P<name>[^\d|•·,;:(]+)",
    re.IGNORECASE,
)
"""'By Jane Smith', 'Written by ...', 'Posted on 3 June 2015 by Jane Smith', 'Author: Jane Smith'."""
BYLINE_SEPARATORS = re.compile(r"\s+[|•·/]\s+")
NAME_WORD = r"(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.|(?:de|da|van|von|der|den|le|la|bin|al|du)\b)"
NAME_LINE = re.compile(rf"^{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}$")
"""A line that is nothing but a personal name: 'Derren Hayes', 'Mary-Jane O'Neill', 'Jan van der Berg'."""

ROLE_LINE = re.compile(
    rf"^(?P<name>{NAME_WORD}\s+{NAME_WORD})\s+(?:[A-Za-z&]+\s+){{0,3}}"
    r"(?:editor|correspondent|reporter|writer|journalist|columnist|contributor|staff|editor-at-large)$",
    re.IGNORECASE,
)
"""A byline naming a role after the name: 'Patrick Butler Social policy editor'."""

NAME_STOP_WORDS = frozenset(
    "the a an and of in on at for to news home latest more our your this that with from about by is are "
    "was be comment comments share subscribe menu search sign up log".split()
)

SITE_HEADER = re.compile(
    r"^(?P<site>.{2,60}?)\s*[|–—\-:]\s*(?:back to )?(?:home\s*page|homepage|home|front page|news|latest news)$",
    re.IGNORECASE,
)
MORE_FROM = re.compile(r"^more (?:from|at) (?P<site>[A-Z][^\n]{1,50}?)\W*$", re.IGNORECASE)
MEMBERSHIP = re.compile(
    r"^(?P<site>[A-Z][\w&'’.\- ]{1,40}?)\s+(?i:digital\s+)?(?i:membership|magazine|subscription|newsletter|weekly|daily)$"
)
COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?P<site>[A-Z][^|.,;]{1,60}?)"
    r"\s*(?:[,.|]|all rights reserved|$)",
    re.IGNORECASE,
)
PHOTO_CREDIT = re.compile(
    r"\((?P<site>[A-Z][\w&'’.\- ]{1,40}?):\s+[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){1,3}\)$"
)
"""A caption's credit naming the outlet and its photographer: '... (Valley News: Tim Lowe)'."""
CREDIT_WORDS = frozenset({"image", "images", "photo", "photograph", "picture", "pic", "credit", "source", "video"})
"""Labels a credit starts with ('(Image: X)'): the X after them is the outlet, not the words themselves."""
SECTION_WORDS = frozenset(
    "news politics sport sports business world opinion culture lifestyle health education uk us technology "
    "science entertainment travel money the author this author author this section this topic this series "
    "video videos digital print premium free weekly daily".split(" ")
) | {"the author", "this author", "this section", "this topic", "this series", "our partners"}

CACHED_LINES = 4096
"""Lines whose date is remembered: cleaning a page asks about the same paragraphs several times."""

NAME_CONNECTORS = frozenset({"of", "and", "the", "&", "for", "on", "in", "de", "at", "+"})
TITLE_SEPARATORS = re.compile(r"\s+[|–—\-]{1,2}\s+|:\s+")


@lru_cache(maxsize=CACHED_LINES)
def normalise_date(text: str) -> str:
    """The first real calendar date written in ``text``, as ISO ``YYYY-MM-DD``, or "".

    Numeric dates are read day first (UK style) unless that is impossible and
    month first is not ('12/25/2015').
    """
    found = find_date_span(text)
    return found[2] if found else ""


def find_date_span(text: str) -> tuple[int, int, str] | None:
    """Where the first real date in ``text`` is written: (start, end, ISO date), or None."""
    found: list[tuple[int, int, str]] = []
    if not ANY_YEAR.search(text):
        return None
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = date_from_match(match)
            if iso:
                found.append((match.start(), match.end(), iso))
                break
    return min(found) if found else None


def date_from_match(match: re.Match[str]) -> str:
    parts = match.groupdict()
    year, day = int(parts["year"]), int(parts["day"])
    month = int(parts["month_number"]) if parts.get("month_number") else MONTHS[parts["month"].lower()]
    for day_first, month_second in ((day, month), (month, day)):
        try:
            return date(year, month_second, day_first).isoformat()
        except ValueError:
            if parts.get("month_number") is None or match.re is DATE_PATTERNS[0]:
                return ""
    return ""


def find_date(lines: Iterable[str], *, labelled_only: bool = False) -> str:
    """The page date among short header lines; with ``labelled_only``, only 'Published: ...' style lines."""
    for whole in lines:
        # 'Jane Doe · Outlet Posted: Oct 05, 2021 2:22 PM | Last Updated: ...': each part on its own.
        line = next((part for part in BYLINE_SEPARATORS.split(whole) if normalise_date(part)), whole)
        if len(line.split()) > 14 and not is_date_line(line):
            continue
        if labelled_only and not DATE_LABEL.match(line):
            continue
        found = normalise_date(line)
        if found:
            return found
    return ""


@lru_cache(maxsize=CACHED_LINES)
def is_date_line(line: str) -> bool:
    """A short line that is a date or time and little else ('Tuesday, January 20, 2015', '2 hours ago').

    A longer line counts when nearly every word is part of a date, a time or its
    label: 'Published 6:02 p.m. ET March 3, 2019 | Updated 8:15 p.m. ET March 4, 2019'.
    """
    words = line.split()
    if len(words) <= 10:
        return bool(normalise_date(line) or TIMESTAMP.match(line.strip()))
    other = 0
    for word in words:  # a paragraph of prose is given up on at its third ordinary word
        if not DATE_WORD.match(word.strip(",;:|()")):
            other += 1
            if other > DATE_LINE_OTHER_WORDS:
                return False
    return bool(normalise_date(line))


def byline_name(line: str) -> str:
    """The name in a byline ('By Jane Smith, Political Editor' -> 'Jane Smith'), or a line that is only a name.

    A date in a short byline is cut out first: 'Jane Smith August 21, 2018 5:12am' -> 'Jane Smith'.
    """
    undated = without_date(line)
    if undated != line:
        return byline_name(undated) if undated else ""
    match = BYLINE.match(line)
    if match:
        name = re.split(
            r"\s+(?:[-–—]|for|in|on|at)\s+|\s{2,}|\s+\S*@", match.group("name").strip(), flags=re.IGNORECASE
        )[0]
        name = name.strip(" .-–—")
        return name if 1 <= len(name.split()) <= 6 and name[:1].isupper() else ""
    stripped = line.strip()
    parts = BYLINE_SEPARATORS.split(stripped)
    if len(parts) > 1:
        # 'Jane Smith | 3 June 2015': the name among the parts.
        return next(filter(None, map(byline_name, parts)), "")
    role = ROLE_LINE.match(stripped)
    if role:
        stripped = role.group("name")
    elif len(stripped.split()) <= 10 and "," in stripped:
        # 'Jane Smith, Health Correspondent': the name before the role.
        stripped = stripped.split(",", 1)[0]
    elif len(stripped.split()) <= 10 and re.search(r"\s[-–—]\s", stripped):
        # 'Jane Smith - Reporter': the name before the role.
        stripped = re.split(r"\s[-–—]\s", stripped, maxsplit=1)[0]
    elif len(stripped.split()) <= 10 and " for " in stripped:
        # 'Jane Smith for The Courier': the name before the outlet it writes for.
        stripped = stripped.split(" for ", 1)[0]
    if len(stripped) <= 40 and NAME_LINE.match(stripped):
        words = {word.lower() for word in stripped.split()}
        if not words & NAME_STOP_WORDS:
            return stripped
    return ""


DATE_EDGE = re.compile(
    rf"(?:\s*(?:{WEEKDAY}),?\s*$)|(?:^\s*,?\s*(?:at\s+)?\d{{1,2}}[:.]\d\d\s*(?:[ap]\.?m\.?)?\b\s*(?:[A-Z]{{2,4}}\b)?)",
    re.IGNORECASE,
)
"""What sits beside a date in a byline: a weekday before it, a time after it."""
BYLINE_MAX_WORDS = 12


def without_date(line: str) -> str:
    """A short line with the date in it (and a weekday before, a time after) cut out; longer lines as given."""
    span = find_date_span(line)
    if span is None or len(line.split()) > BYLINE_MAX_WORDS:
        return line
    before = re.sub(r"\s+(?:on|at|dated)\s*$", "", DATE_EDGE.sub("", line[: span[0]]), flags=re.IGNORECASE)
    after = DATE_EDGE.sub("", line[span[1] :], count=1)
    return " ".join(f"{before} {after}".strip(" ,|-–—·").split())


def stated_publication(line: str) -> str:
    """The publication a page-furniture line states by its shape ('X | Homepage', 'More from X', '© 2019 X')."""
    stripped = line.strip(" •·*-")
    for pattern in (SITE_HEADER, MEMBERSHIP, COPYRIGHT, MORE_FROM, PHOTO_CREDIT):
        match = pattern.search(stripped) if pattern is PHOTO_CREDIT else pattern.match(stripped)
        if match:
            site = match.group("site").strip(" .,|-–—")
            if pattern is COPYRIGHT:
                # A copyright line runs on past the name: '© 2019 X Ltd or its affiliates', '© X 2017'.
                site = re.sub(r"\s+\d{4}$", "", leading_name(site))
            site = re.sub(r"\s+(?:ltd|limited|plc|inc|llc)\.?$", "", site, flags=re.IGNORECASE)
            if pattern is PHOTO_CREDIT and site.lower() in CREDIT_WORDS:
                continue
            if len(site) >= 2 and site.lower() not in SECTION_WORDS and is_name_case(site):
                return site
    return ""


def leading_name(text: str) -> str:
    """The name-case words a phrase starts with: 'Guardian News & Media or its affiliates' -> 'Guardian News & Media'."""
    words: list[str] = []
    for word in text.split():
        if not (word[0].isupper() or word[0].isdigit() or word in NAME_CONNECTORS):
            break
        words.append(word)
    while words and words[-1] in NAME_CONNECTORS:
        words.pop()
    return " ".join(words)


def is_name_case(text: str) -> bool:
    """Up to seven words, each capitalised or a connector: how a name is written ('Guardian News & Media')."""
    words = text.split()
    return len(words) <= 7 and all(
        word[0].isupper() or word[0].isdigit() or word in NAME_CONNECTORS for word in words
    )


MASTHEAD = re.compile(r"^The(?: (?:[A-Z][\w&'’.\-]*|of|and|&)){1,4}$")
"""A masthead printed above the headline: 'The Springfield Ledger', 'The Evening Dispatch'."""


def find_masthead(lines: Iterable[str], page: Sequence[str] = ()) -> str:
    """The first line above a headline that is a newspaper's name as mastheads print it ('The Northern Courier').

    Names that begin 'The' count. A menu bar holds other capitalised labels
    ('Fact Check', 'World News') that are sections, not the site, so another
    name counts only when the ``page`` repeats it inside a longer line that is
    no menu, as a credit or footer does ('Valley Live' over the headline,
    '(Image: Valley Live)' under a photo).
    """
    for line in lines:
        stripped = line.strip()
        if stripped.lower() in SECTION_WORDS or not stripped or stripped.split()[-1] == "&":
            continue
        if MASTHEAD.match(stripped) or (is_repeated_name(stripped, page)):
            return stripped
    return ""


MASTHEAD_MAX_WORDS = 5


def is_repeated_name(name: str, page: Sequence[str]) -> bool:
    """A name-case line of two to five words that the page prints again inside a longer sentence-like line."""
    if not 2 <= len(name.split()) <= MASTHEAD_MAX_WORDS or not is_name_case(name):
        return False
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return any(line != name and pattern.search(line) and not is_name_case(line) for line in page)


def find_publication(chrome_lines: Iterable[str], masthead: str = "") -> str:
    """The publication named by the page furniture: a line of known shape first, then a known outlet name.

    A ``masthead`` printed above the headline is the name as the page shows it:
    it wins when the furniture names nothing or names the same outlet in other
    words ('The Northern Courier' beside '© 2011 Northern Courier Media Ltd').
    A masthead that shares no word with the furniture's name may be a section
    label ('The Latest'), so the furniture wins then.
    """
    lines = list(chrome_lines)
    stated = next(filter(None, map(stated_publication, lines)), "")
    shared = set(masthead.lower().split()) & set(stated.lower().split()) - {"the"}
    return masthead if masthead and (not stated or shared) else stated


def split_page_title(line: str, publication: str = "") -> tuple[str, str]:
    """Split a page-title line 'Site | Headline' or 'Headline - Site' into (headline, site).

    A '|' always separates; a dash or colon only when one side is the
    publication the page names elsewhere: headlines use dashes and colons
    themselves, also before a short name ('Choose hope over fear - Kennedy').
    """
    line = line.strip()
    pipes = [part.strip() for part in line.split(" | ")]
    if len(pipes) > 1:
        headline = max(pipes, key=lambda part: len(part.split()))
        sites = [part for part in pipes if part is not headline and len(part.split()) <= 5]
        return headline, sites[0] if sites else ""
    parts = TITLE_SEPARATORS.split(line)
    if len(parts) < 2:
        return line, ""
    first, last = parts[0], parts[-1]
    for site, headline in ((last, line[: line.rindex(last)]), (first, line[len(first) :])):
        if site == publication:
            return headline.strip(" |–—-:"), site
    return line, ""
