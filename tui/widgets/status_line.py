"""Provides StatusLine: what is under the reader's cursor (speaker, tags, note) fitted to one row."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.safe_text import clean, one_line, plain, swatch
from tui.widgets.reader import Highlight, QuoteMark

TAG_NAME_CELLS = 14
"""When the tags do not fit whole, names longer than this are shortened, so two or three fit beside the speaker."""

GAP = "  "

EMPTY_HINT = "no quote or tag here · 1-9 tag · t pick a tag · a add a quote · ? keys"

CORRECTION_HINT = "s speaker · c kind · X not a quote"
"""Shown beside a quote when nothing else needs the room: the correction keys are not in the footer."""


def status_line(quote: QuoteMark | None, highlights: tuple[Highlight, ...], width: int, prefix: str = "") -> Content:
    """The speaker of the quote here, the tags here and the first line of a note, in ``width`` cells.

    Each part gets a fair share of the row and gives what it does not need to the
    others; tag names are shortened, and tags that do not fit are counted ("+2").

    Args:
        quote: The quote under the cursor, if any.
        highlights: The annotations covering the cursor.
        width: Cells available.
        prefix: Text before everything (the actor walk's "2/5 ").
    """
    width = max(1, width - len(prefix))
    speaker = speaker_text(quote) if quote is not None else ""
    note = next((first_line(h.note) for h in highlights if first_line(h.note)), "")
    note = f"✎ {note}" if note else ""
    wanted = [len(speaker), tags_width(highlights), len(note)]
    shares = allot(wanted, width - len(GAP) * (sum(1 for w in wanted if w) - 1))
    parts: list[Content] = []
    if speaker:
        parts.append(plain(one_line(speaker, shares[0]), "bold"))
    if highlights:
        parts.append(tags_content(highlights, shares[1]))
    if note:
        parts.append(plain(one_line(note, shares[2]), "italic"))
    if not parts:
        return plain(one_line(prefix + EMPTY_HINT, width + len(prefix)), "dim")
    if speaker and len(parts) == 1 and width - len(speaker) - len(GAP) >= len(CORRECTION_HINT):
        parts.append(plain(CORRECTION_HINT, "dim"))
    joined: list[Content | str] = [Content.styled(prefix, "bold")] if prefix else []
    for index, part in enumerate(parts):
        joined += [GAP, part] if index else [part]
    return Content.assemble(*joined)


def speaker_text(quote: QuoteMark) -> str:
    """'❝ Jane Smith, director (direct)'; a corrected quote says so: '(partial, corrected)'."""
    role = f", {quote.role}" if quote.role else ""
    speaker = quote.speaker or ("nobody's speech" if quote.kind == "term" else "unknown speaker")
    origin = f", {quote.origin}" if quote.origin != "auto" else ""
    return f"❝ {speaker}{role} ({quote.kind}{origin})"


def first_line(note: str) -> str:
    return next((line.strip() for line in clean(note, keep_newlines=True).splitlines() if line.strip()), "")


def tags_width(highlights: tuple[Highlight, ...], cells: int = 0) -> int:
    """Cells every tag needs, '■ name, ■ name', names cut to ``cells`` (0: whole)."""
    if not highlights:
        return 0
    return sum(len(tag_name(h, cells)) + 2 for h in highlights) + 2 * (len(highlights) - 1)


def tag_name(highlight: Highlight, cells: int) -> str:
    """The tag's name on one line (another coder's annotation names its coder), cut to ``cells`` (0: whole)."""
    name = highlight.tag_name + (f" ({highlight.coder or 'unnamed'})" if highlight.foreign else "")
    return one_line(name, cells or len(name) + 1)


def tags_content(highlights: tuple[Highlight, ...], width: int) -> Content:
    """Every tag ('■ name') whole when they fit; else names shortened, as many as fit, '+N' for the rest."""
    cells = 0 if tags_width(highlights) <= width else TAG_NAME_CELLS
    parts: list[Content | str] = []
    used = 0
    for index, highlight in enumerate(highlights):
        rest = len(highlights) - index - 1
        more = len(f" +{rest}") if rest else 0
        name = tag_name(highlight, cells)
        needed = (2 if index else 0) + 2 + len(name)
        if index and used + needed + more > width:
            parts.append(Content.styled(f" +{len(highlights) - index}", "bold"))
            break
        if not index:
            name = one_line(name, max(1, width - 2 - more))
        parts += [", " if index else "", Content.assemble(swatch(highlight.color), plain(name))]
        used += (2 if index else 0) + 2 + len(name)
    return Content.assemble(*parts)


def allot(wanted: list[int], width: int) -> list[int]:
    """Share ``width`` among parts wanting these many cells: equal shares, the unused handed on."""
    shares = [0] * len(wanted)
    left = max(0, width)
    waiting = [index for index, want in enumerate(wanted) if want]
    while waiting and left > 0:
        share = max(1, left // len(waiting))
        for index in list(waiting):
            give = min(share, wanted[index] - shares[index], left)
            shares[index] += give
            left -= give
            if shares[index] >= wanted[index]:
                waiting.remove(index)
    return shares


class StatusLine(Static):
    """One row under the reader; drawn at its current width, so a resize re-fits it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.under_cursor: tuple[QuoteMark | None, tuple[Highlight, ...], str] | None = None

    def show(self, quote: QuoteMark | None, highlights: tuple[Highlight, ...], prefix: str = "") -> None:
        """Describe what is under the cursor (``prefix`` goes first, e.g. the actor walk's "2/5 ")."""
        self.under_cursor = (quote, highlights, prefix)
        self.refresh()

    def render(self) -> Content:
        if self.under_cursor is None:
            return super().render()  # type: ignore[return-value]
        quote, highlights, prefix = self.under_cursor
        return status_line(quote, highlights, max(1, self.content_region.width), prefix)
