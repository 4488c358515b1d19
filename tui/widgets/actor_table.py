"""Provides ActorTable: every actor of the corpus, one line each, drawn only where visible (line API)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.safe_text import one_line

KIND_LABELS = {"person": "person", "organisation": "org", "place": "place", "group": "group", "unnamed": "unnamed"}


@dataclass(frozen=True)
class ActorRow:
    """One actor as the Actors screen lists it."""

    actor_id: int
    name: str
    kind: str
    role: str
    aliases: tuple[str, ...]
    quotes: int
    curated: bool
    words: frozenset[str] = frozenset()
    """The words of its names, aliases and role, as the filter matches them."""
    description: str = ""
    """The researcher's description of the actor (`i` writes it)."""


def row_text(row: ActorRow, marked: bool, width: int) -> str:
    """The line for an actor: mark, quote count, name, kind, role and other names, cut to ``width``."""
    others = [alias for alias in row.aliases if alias.casefold() != row.name.casefold()]
    parts = [one_line(row.name, width), KIND_LABELS.get(row.kind, row.kind)]
    if row.role:
        parts.append(one_line(row.role, width))
    if others:
        parts.append("aka " + one_line(", ".join(others), width))
    line = f"{'●' if marked else ' '}{row.quotes:>5}  " + " · ".join(parts)
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


class ActorTable(ScrollView, can_focus=True):
    """The list of actors: a cursor, marks for merging, and only the visible lines drawn."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="actor-table.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="actor-table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="actor-table.page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="actor-table.page-down"),
        Binding("home", "jump(0)", "First", show=False, id="actor-table.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="actor-table.last"),
        Binding("space", "toggle_mark", "Mark", id="actor-table.mark"),
    ]

    COMPONENT_CLASSES = {"actor-table--cursor", "actor-table--curated"}

    DEFAULT_CSS = """
    ActorTable > .actor-table--cursor { background: $accent 40%; text-style: bold; }
    ActorTable:focus > .actor-table--cursor { background: $accent; color: $text; }
    ActorTable > .actor-table--curated { text-style: italic; }
    """

    cursor: reactive[int] = reactive(0)

    class Highlighted(Message):
        """The cursor moved to another actor (None when the list is empty)."""

        def __init__(self, row: ActorRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ActorRow] = []
        self.marked: set[int] = set()

    def set_rows(self, rows: list[ActorRow], keep: int | None = None) -> None:
        """Show these rows, keeping the cursor on actor ``keep`` (or the current one) if still shown.

        Marks stay on actors the filter hides, so actors found by different
        filters can be merged.
        """
        current = keep if keep is not None else (self.current.actor_id if self.current else None)
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows))
        index = next((i for i, row in enumerate(rows) if row.actor_id == current), 0)
        self.cursor = min(index, max(0, len(rows) - 1))
        # The new virtual size takes effect at the next refresh; scrolling before it would stop short.
        self.call_after_refresh(self.scroll_to_cursor)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    @property
    def current(self) -> ActorRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def marked_or_current(self) -> list[int]:
        """The marked actors, or the one under the cursor when none is marked."""
        if self.marked:
            return sorted(self.marked)
        return [self.current.actor_id] if self.current else []

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        style = self.rich_style
        if index == self.cursor:
            style += self.get_component_rich_style("actor-table--cursor")
        elif row.curated:
            style += self.get_component_rich_style("actor-table--curated")
        text = row_text(row, row.actor_id in self.marked, width)
        return Strip([Segment(text.ljust(width), Style.combine([style]))], width)

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_cursor()
        self.refresh()
        if old != new:
            self.post_message(self.Highlighted(self.current))

    def scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, step: int) -> None:
        self.action_move(step * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, index: int) -> None:
        if self.rows:
            self.cursor = index % len(self.rows)

    def action_toggle_mark(self) -> None:
        row = self.current
        if row is None:
            return
        self.marked.symmetric_difference_update({row.actor_id})
        self.action_move(1)
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
