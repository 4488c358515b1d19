"""Provides headline_above: which line of a text dump's page header is the headline, judged by position and shape.

A news page prints, from the top: masthead, menus, a section label, then the
headline, perhaps a standfirst or key points, then the byline and date, then
the article. So the headline is found from the article upwards: past the
byline and date block, the lines above it up to the first menu, label or
chrome line are the headline block, and the headline is the top of that block
(a standfirst or key points sit under it). No list of outlets or sections is
needed: a menu and a label are recognised by their shape.
"""

from __future__ import annotations

import re

from storage.ingest.chrome import is_chrome, is_teaser_heading
from storage.ingest.metadata import BYLINE, byline_name, is_date_line, is_name_case

BLOCK_LINES = 4
"""A headline block is the headline and at most a few lines under it (standfirst, key points)."""
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
LABEL_MAX_WORDS = 3
CAPS_LABEL_MAX_WORDS = 5
MENU_MIN_WORDS = 4
MENU_LOWER_SHARE = 0.15
"""A run of labels on one line has (almost) no lower-case word; a sentence-case or title-case headline has some."""
SEPARATOR = re.compile(r"\s(?:[|/›»>·•]|::)\s")
SENTENCE_END = re.compile(r"[.?!:;\"”’'),]$")


def is_meta_line(line: str) -> bool:
    """A byline or date line: what closes a headline block from below."""
    return bool(is_date_line(line) or byline_name(line))


def is_label(line: str) -> bool:
    """A section label or breadcrumb ('Manitoba', 'NHS CRISIS', 'National / Social affairs'): no headline.

    Short name-case lines, short all-capitals lines and short lines made of
    parts joined by separators.
    """
    words = line.split()
    if len(words) <= LABEL_MAX_WORDS and is_name_case(line):
        return True
    if len(words) <= CAPS_LABEL_MAX_WORDS and line.isupper():
        return True
    return bool(SEPARATOR.search(line)) and len(words) <= 2 * LABEL_MAX_WORDS


def is_menu_line(line: str) -> bool:
    """A menu bar printed as one line: 'Home News Counties Business Sports Opinion', or a breadcrumb trail.

    Several capitalised labels with (almost) no lower-case word and no
    sentence punctuation at the end, or two or more separators.
    """
    if len(SEPARATOR.findall(line)) >= 2:
        return True
    words = [word for word in line.split() if word[:1].isalpha()]
    if len(words) < MENU_MIN_WORDS or SENTENCE_END.search(line):
        return False
    lower = sum(word[0].islower() for word in words)
    return lower <= MENU_LOWER_SHARE * len(words)


def is_clear_meta_line(line: str) -> bool:
    """A line that can only be a byline or a date: it has a date, or says 'By'; a bare name may be a label."""
    return bool(is_date_line(line) or BYLINE.match(line)) and is_meta_line(line)


def headline_above(head: list[str]) -> int:
    """The index of the headline among the lines above an article, or -1 when the header shows none.

    Walking up from the article: byline, date, chrome, label and one- or
    two-word lines are passed over; the headline-shaped lines above them form
    a block until a menu line, a label, chrome, a byline or a date. A block
    closed from above by a byline or a date may sit under the headline
    (standfirst, key points), so the walk goes on past it, keeping the block in
    case nothing headline-shaped is above (a wire dateline over the headline);
    any other block's top line is the headline. Links under a teaser heading
    ('Related Stories') are passed over. The line nearest the byline is
    taken even when it looks like a menu: a title-case headline ('Judge Blocks
    Ohio Rule') has the same shape.
    """
    printed = [index for index, line in enumerate(head) if not is_chrome(line)]
    if len(printed) == 1 and not is_clear_meta_line(head[printed[0]]):
        # The only line above the article heads it, however short ('Profile: Jane Doe', 'Leeds 2-1 York').
        return printed[0]
    index, found = len(head) - 1, -1
    while index >= 0:
        while index >= 0 and is_passed_over(head[index]):
            index -= 1
        if found >= 0 and index >= 0 and is_menu_line(head[index]):
            return found
        block, index = block_above(head, index)
        if index >= 0 and is_teaser_heading(head[index]):
            # Links under 'Related Stories' between headline and article are teasers, not headlines.
            continue
        if not block:
            return found
        found = block[-1]
        if index < 0 or not is_clear_meta_line(head[index]):
            return found
    return found


def is_passed_over(line: str) -> bool:
    """A line between a headline block and the article, or between two blocks: byline, date, chrome, label."""
    return (
        is_chrome(line)
        or is_meta_line(line)
        or is_label(line)
        or len(line.split()) < HEADLINE_MIN_WORDS
    )


def block_above(head: list[str], index: int) -> tuple[list[int], int]:
    """The headline-shaped lines from ``index`` upwards, and the index of the line that closed the block."""
    block: list[int] = []
    while index >= 0 and len(block) < BLOCK_LINES:
        line = head[index]
        words = len(line.split())
        if is_chrome(line) or is_meta_line(line) or is_label(line) or words > HEADLINE_MAX_WORDS:
            break
        if block and is_menu_line(line):
            break
        if words >= HEADLINE_MIN_WORDS:
            block.append(index)
        index -= 1
    return block, index
