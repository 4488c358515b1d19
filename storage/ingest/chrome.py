"""Provides page-chrome detection: which paragraphs of a scraped page are the article and which are furniture.

The approach follows Boilerpipe and jusText: each paragraph is classified by its
shape (long sentence-like prose, a short line, a known boilerplate phrase, a
strong end-of-article heading), scored, and the article is the run of
paragraphs with the highest total score (a maximum-sum subarray). End-of-article
headings ("Similar Articles", "Have your say", "More from X") score so low that
no run crosses them. Short lines inside the run (subheadings, "Cllr Jones
said:") stay; known boilerplate inside it goes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from enum import Enum
from functools import lru_cache

from storage.ingest.metadata import BYLINE, byline_name, normalise_date

LEAD_MARKS = re.compile(r"^[\s•·*\-–—|>»›◦▪■#]+|^\d{1,2}[.)]\s+")
"""Bullets and list numbers before a line's words, ignored when matching phrases."""

END_MARKERS = re.compile(
    r"^(?:"
    r"(?:similar|related|recommended|more|popular|latest|top|further|other|trending|suggested)"
    r" (?:articles?|stories|news|posts|content|reading|links|coverage|videos|topics|features)\b"
    r"|related:?$|see also:?$|more from\b|more on this\b|more stories\b|more in\b"
    r"|(?:\d+|one|two|three|no) (?:comments?|responses?|replies|thoughts)\b|comments?(?: \(\d+\))?:?$"
    r"|view comments|show comments|join the (?:conversation|discussion|debate)|reader comments"
    r"|have your say|tell us what you think|add (?:your|a) comment|leave a (?:reply|comment)|post a comment"
    r"|there are no comments|be the first to comment|comments are (?:now )?closed"
    r"|about (?:the )?authors?:?$|published by:?$"
    r"|©|copyright\b|\(c\) \d{4}|all rights reserved"
    r"|you (?:may|might) also (?:like|be interested)|most (?:read|popular|viewed|shared|commented)\b"
    r"|what to read next|in other news\b"
    r"|-*\s*ends?\s*-*$|notes (?:to|for) editors?\b|our standards\b|related internet links\b"
    r"|(?:also|elsewhere) on\b|topics:?$|tags:?$|filed under\b|back to top\b|our latest tweets"
    r")",
    re.IGNORECASE,
)
"""Short headings that close the article: after one, only lists, widgets and comments follow.

Teaser headings among them ('Related Articles') are firm only where no prose
follows (see ``bridge_inline_links``).

Share bars, 'Subscribe' and 'Read more' buttons are not here: they also sit in
the middle of articles, so they are plain chrome, dropped without cutting.
"""

CLOSING_LINE = re.compile(
    r"^(?:©|copyright\b|\(c\) \d{4})|^(?:additional )?(?:reporting|writing) by\b.{0,300}\bediting by\b"
    r"|^a version of this (?:article|story) appear(?:s|ed) in print\b",
    re.IGNORECASE,
)
"""A copyright notice, wire sign-off ('Reporting by X; Editing by Y') or print-edition note: the article has ended.

Such lines close the article however long their small print runs.
"""

TEASER_HEADINGS = re.compile(
    r"^(?:(?:similar|related|recommended|more|further|other|suggested)"
    r" (?:articles?|stories|news|posts|content|reading|links|coverage)\b"
    r"|related:?$|see also:?$|more on this\b|more stories\b|read more:?$|also read:?$"
    r"|related internet links\b)",
    re.IGNORECASE,
)
"""End headings that some sites also print inside the article, over one or two inline links."""

MAX_BRIDGED_LINES = 6
MIN_BRIDGED_PROSE = 2

APPEALS = re.compile(
    r"small favou?r to ask|gift articles?\b|send any friend a story|^give this article$"
    r"|support (?:our|independent|quality) journalism|become a (?:supporter|subscriber)\b"
    r"|already a subscriber|subscribe to (?:continue|read)|(?:log|sign) in to (?:continue|read)"
    r"|this (?:article|content) is (?:for|available to) subscribers"
    r"|^(?:sign up|subscribe|register)\b.{0,200}\b(?:newsletter|inbox|alerts)\b|^subscribe (?:to|now)\b",
    re.IGNORECASE,
)
"""Paywall and donation appeals and sign-up prompts: chrome however long they run."""

CHROME_NOTICES = re.compile(
    r"cookies? (?:policy|settings|preferences|consent|notice)|uses? cookies|(?:enable|accept)(?: all)? cookies"
    r"|cookies (?:disabled|enabled)|your browser (?:is|appears|does|doesn|isn)|browser (?:is )?(?:no longer|not) supported"
    r"|(?:update|upgrade) (?:to a newer|your browser)|(?:enable|disabled?|turn on) javascript"
    r"|javascript (?:is )?(?:disabled|required)|we(?:'ll|’ll| will) assume|you(?:'re| are) happy with"
    r"|click here|terms (?:and|&) conditions|privacy (?:policy|notice)|html is not permitted"
    r"|links may be included|submission of any material|why not be the first|required field"
    r"|you must (?:be logged in|sign in|log in)|add (?:your|a) comment|unsubscribe at any time|your sign-?up"
    r"|thank you for subscribing|invalid email|^(?:contact|reach|email)\b[^.]{0,60}\s\S+@\w[\w.-]*\.\w|^(?:media |press )?(?:contact|enquiries|inquiries)\s*:"
    r"|\ball (?:content|material)s? (?:is |are )?(?:©|copyright)\b|\bregistered (?:in england|office)\b"
    r"|\boriginally (?:appeared|published|ran) (?:on|in|as|at)\b"
    r"|\bthis (?:article|story) (?:first )?appeared (?:on|in)\b"
    r"|\bdelivered (?:straight |directly )?to your inbox|^we want to hear from you\b|^want more (?:news|stories)\b"
    r"|^(?:have|got|do you have) (?:a|any) (?:story|news tip|tip)\b|auto-generated from a syndicated feed"
    r"|\.\s+more about\b[^.]{2,40}$|\bcontact us\.?$"
    r"|\bnot been edited by\b.{0,40}\bstaff\b|unlimited (?:digital )?access\b|limit of free (?:articles|stories)"
    r"|free (?:articles|stories) (?:left|remaining)"
    r"|(?:stories|news|updates|headlines) (?:by|to your|in your) (?:e-?mail|inbox)|(?:\.\.\.|…)\s*(?:read )?more\s*>?$|more\s*>$",
    re.IGNORECASE,
)
"""Cookie, browser and comment-form notices and truncated teasers ('... more >'): chrome even when long."""

CHROME_LINES = re.compile(
    r"^learn more\b|^read more\b|^more\b.*>$|>\s*$|^view all\b"
    r"|^see all\b|^show more\b|^load more\b|^continue reading\b"
    r"|subscribe\b|subscription$|^subscription\b|membership$|^membership\b|become a member|^from [£$€]\d|[£$€]\d+(?:\.\d\d)? ?(?:/|per|a) ?(?:month|week|year)"
    r"|free trial|^sign (?:in|up)\b|^log ?in\b|^register\b|newsletter|sign up\b|in your inbox"
    r"|^share(?: this| on| via| article| story|:|$)|^follow us\b"
    r"|^(?:facebook|twitter|whatsapp|linkedin|pinterest|reddit|email|print|x)$"
    r"|^copy link|^click to copy|^tweet$|^sponsored\b|^promoted\b|^ad$|^supported by\b|^powered by\b"
    r"|\b(?:photograph|photo|picture|image|illustration)(?: credit)?: [^.]{2,60}$|^media caption\b"
    r"|^advert(?:isement|ising)?$|\b(?:story|article|text) continues below\b|continues? below(?: this)? advert|^scroll to continue\b"
    r"|pic\.twitter\.com/|\(@\w+\)\s+\w+\.? \d{1,2},? \d{4}$|^follow\b.{0,40}\bon (?:twitter|facebook|instagram|x|whatsapp|telegram|youtube|linkedin|threads|google news)\b"
    r"|^comments?(?: \(\d+\))?$|^\d+ comments?$"
    r"|^\(?(?:image|photo|photograph|picture|credit|illustration|video)(?: credit| copyright| caption| source)?:"
    r"|^\(?image (?:copyright|caption|source)\b|getty images\)?$|^skip to\b|^jump to\b"
    r"|^(?:menu|home|search|close|open|toggle navigation|main menu|homepage|navigation)$|\b(?:back|return|go) to home\b"
    r"|\|\s*home\s*page$|\|\s*homepage$|^latest\b.*\bnews$|^breaking news$|^(?:previous|next) (?:article|post|story)\b"
    r"|^posted in\b|^tagged(?: with)?:|^this article is more than|^listen to this article|^\d+ min(?:ute)? read$|^don(?:'|’)t miss\b"
    r"|^loading\b|^skip (?:ad|advertisement)\b|^why you can trust\b"
    r"|^play (?:video|audio)\b|^listen to (?:this|the) (?:story|podcast|episode)\b|^editor(?:'|’)?s(?:'|’)? picks?\b"
    r"|^trending(?: now| stories| news)?:?$|^report an? (?:error|typo|correction)\b|^pinned post$|^(?:up|read) next:?$"
    r"|^print (?:this )?(?:article|story|page)$|^recommended(?: for you)?:?$|\(opens in (?:a )?new (?:window|tab)\)"
    r"|^(?:join|follow) (?:us|our|\S+['’]s)\b.{0,40}\b(?:whatsapp|telegram|channel|facebook|twitter|instagram|youtube)\b"
    r"|^(?:also read|read also|must read|also see|see more)\s*:|^more (?:by|from) (?:this|the) (?:author|writer|reporter)\b"
    r"|(?:^|\s)@\w{2,}$"
    r"|^(?:watch|listen|read):|^related(?: stor(?:y|ies)| articles?| content| links?| coverage)?:|^see also:|^more:|^explore more\b|^download (?:the|our) app",
    re.IGNORECASE,
)
"""Short lines of paywalls, sign-ups, share widgets, teasers, captions, credits and menus."""

CHROME_LINE_MAX_WORDS = 15
MENU_SEPARATORS = re.compile(r"\s+[|•·/>»›]\s+")

CHROME_MAX_WORDS = 45
"""A paragraph longer than this is prose even when it mentions cookies or terms and conditions."""

SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")
PROSE_MIN_WORDS = 8
LONG_PROSE_WORDS = 25


class Kind(Enum):
    """What a paragraph looks like."""

    END = "end"
    CHROME = "chrome"
    PROSE = "prose"
    SENTENCE = "sentence"
    SHORT = "short"


SCORES = {Kind.END: -1000.0, Kind.CHROME: -1.0, Kind.SHORT: -0.5, Kind.SENTENCE: 0.4}


def match_text(paragraph: str) -> str:
    """The paragraph without leading bullets or numbers, for phrase matching."""
    return LEAD_MARKS.sub("", paragraph).strip()


def is_prose(paragraph: str) -> bool:
    """A sentence-like paragraph: enough words and a sentence end, or long enough to be prose anyway."""
    words = len(paragraph.split())
    return words >= LONG_PROSE_WORDS or (words >= PROSE_MIN_WORDS and bool(SENTENCE_END.search(paragraph)))


def is_chrome(paragraph: str) -> bool:
    """A short paragraph that is page furniture: a known boilerplate phrase or an end-of-article heading."""
    return classify(paragraph) in (Kind.CHROME, Kind.END)


@lru_cache(maxsize=8192)
def classify(paragraph: str) -> Kind:
    """What a paragraph looks like; cached, as ingestion asks about the same paragraph several times."""
    text = match_text(paragraph)
    words = len(text.split())
    if (words <= 12 and END_MARKERS.match(text)) or (
        words <= CHROME_MAX_WORDS and CLOSING_LINE.match(text)
    ):
        return Kind.END
    if not any(char.isalnum() for char in text) or APPEALS.search(text):
        return Kind.CHROME
    if words <= CHROME_MAX_WORDS and CHROME_NOTICES.search(text):
        return Kind.CHROME
    if words <= CHROME_LINE_MAX_WORDS and CHROME_LINES.search(text):
        return Kind.CHROME
    if is_menu(text):
        return Kind.CHROME
    if is_prose(text):
        return Kind.PROSE
    if words >= 2 and (SENTENCE_END.search(text) or text.endswith(":")):
        return Kind.SENTENCE
    return Kind.SHORT


def is_menu(text: str) -> bool:
    """A line of three or more one-to-three-word items between separators: a menu or breadcrumb trail.

    A byline with its date and time ('By Jane Doe | March 3, 2019 | 4:15 pm') has the same shape but is no menu.
    """
    items = [item for item in MENU_SEPARATORS.split(text) if item.strip()]
    return (
        len(items) >= 3
        and all(len(item.split()) <= 3 for item in items)
        and not (BYLINE.match(text) and byline_name(text))
        and not normalise_date(text)
    )


def score(paragraph: str, kind: Kind) -> float:
    """How much a paragraph counts towards being in the article; prose counts by its length."""
    if kind is Kind.PROSE:
        return 1.0 + min(len(paragraph.split()), 80) / 10
    return SCORES[kind]


def find_article_span(paragraphs: Sequence[str]) -> tuple[int, int]:
    """The half-open range of paragraphs with the highest total score: the article's densest prose.

    Returns (0, 0) when no paragraph scores above zero (a page of chrome only).
    """
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for index, paragraph in enumerate(paragraphs):
        if total <= 0:
            total, start = 0.0, index
        total += score(paragraph, classify(paragraph))
        if total > best:
            best, best_span = total, (start, index + 1)
    return best_span


def is_teaser_heading(paragraph: str) -> bool:
    """'Related Articles', 'Read more': an end heading that also heads inline links inside an article."""
    return bool(TEASER_HEADINGS.match(match_text(paragraph)))


def bridge_inline_links(paragraphs: Sequence[str], span: tuple[int, int]) -> tuple[int, int]:
    """Widen the article across inline 'Read more / Related Articles' blocks to the prose beyond them.

    A gap of a few non-prose lines with no firm end heading in it, followed by
    at least two paragraphs of prose, is a block inside the article, not its end.
    Teaser lists after an article hold headlines and cut-off blurbs, not prose.
    """
    start, end = span
    if start >= end:
        return span
    while (reach := prose_beyond(paragraphs, end, 1)) is not None:
        end = reach + 1
    while (reach := prose_beyond(paragraphs, start - 1, -1)) is not None:
        start = reach
    return start, end


def prose_beyond(paragraphs: Sequence[str], index: int, step: int) -> int | None:
    """The far end of a run of prose reached from ``index`` across a small gap, walking by ``step``."""
    gap = 0
    while 0 <= index < len(paragraphs) and classify(paragraphs[index]) is not Kind.PROSE:
        kind = classify(paragraphs[index])
        if (kind is Kind.END and not is_teaser_heading(paragraphs[index])) or gap == MAX_BRIDGED_LINES:
            return None
        gap += 1
        index += step
    prose, last = 0, None
    while 0 <= index < len(paragraphs) and classify(paragraphs[index]) in (Kind.PROSE, Kind.SENTENCE):
        prose += classify(paragraphs[index]) is Kind.PROSE
        last, index = index, index + step
    return last if gap and prose >= MIN_BRIDGED_PROSE else None


def extend_to_clean_end(paragraphs: Sequence[str], span: tuple[int, int]) -> tuple[int, int]:
    """Take in short lines after the prose when nothing after it is chrome: a list or fact box ending the article.

    A scraped page always ends in some furniture (a footer, a share bar); a
    file that ends without any is a clean article, so its last lines are kept.
    """
    start, end = span
    if start < end and not any(classify(p) in (Kind.CHROME, Kind.END) for p in paragraphs[end:]):
        return start, len(paragraphs)
    return span


def repeated_captions(paragraphs: Sequence[str]) -> set[str]:
    """Lines printed twice in a row without a sentence end, once prose has begun: an image caption.

    Above the first prose paragraph a line printed twice is the headline, so it stays.
    """
    counts = Counter(paragraphs)
    first_prose = next((index for index, p in enumerate(paragraphs) if is_prose(p)), len(paragraphs))
    return {
        first
        for first, second in zip(paragraphs[first_prose:], paragraphs[first_prose + 1 :])
        if first == second and counts[first] == 2 and not SENTENCE_END.search(first)
    }
