"""Provides Reader: the article view, with a sentence cursor, selection, quotes and annotations.

The Reader is a line-API widget (a ``ScrollView`` whose ``render_line`` draws one
screen row): only the visible rows are ever styled, so a 5 MB article scrolls as
fast as a short one. The body is wrapped once per width into row starts
(:mod:`tui.widgets.text_layout`); sentences and paragraphs are found line by line
as the cursor reaches them (:class:`storage.attribution.text.TextIndex`). A cursor move redraws
only the rows of the old and the new cursor sentence (or selection).

The body is untrusted: it goes to the screen only as ``rich.text.Text`` with styles
(never markup) after control characters are replaced one for one, so every offset
into ``ReaderDocument.body`` is also an offset into what is drawn.

Keys (bound here, not on the App, so digits typed into an input elsewhere never tag):
j/k or down/up move by sentence, } / { by paragraph, ] / [ to the next/previous
quote, g/G or home/end to the start/end, pagedown/pageup by screen. J/K or
shift+down/shift+up extend the selection by a sentence; v toggles extend mode, in
which every move extends the selection. h/l move the selection's start a word
left/right, H/L move its end a word left/right. escape clears the selection.
1-9 tag, t opens the tag picker, n adds a note, x deletes the annotation here.
Corrections of the quote under the cursor: s its speaker, c its kind, X not a quote;
a adds the selection (or the cursor sentence) as a quote. The quote under the
cursor shows its cue underlined and the words naming its speaker in bold; terms in
quotation marks (kind ``term``) are faint and ] / [ pass over them.
docs/reader.md is the user's version of this.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from storage.attribution.text import (
    TextIndex,
    next_word_end,
    next_word_start,
    previous_word_end,
    previous_word_start,
)
from tui.safe_text import tag_color
from tui.type_ahead import hold_typing
from tui.widgets.span_index import SpanIndex
from tui.widgets.text_layout import (
    TAB_SPACES,
    offset_at_cell,
    sanitize_text,
    wrap_lines,
    wrap_rows,
)


@dataclass(frozen=True)
class QuoteMark:
    """A quote found in the text, with who said it (``speaker`` is "" if unknown).

    ``cue`` and ``mention`` are the spans of the speech cue ("said") and of the
    words naming the speaker ("the minister"), when the extractor found them;
    ``origin`` is ``auto``, ``corrected`` or ``manual``.
    """

    quote_id: int
    start: int
    end: int
    kind: str
    speaker: str
    role: str
    origin: str = "auto"
    cue: tuple[int, int] | None = None
    mention: tuple[int, int] | None = None


@dataclass(frozen=True)
class Highlight:
    """An annotation shown in the text, coloured by its tag (``color`` is "#rrggbb").

    ``foreign`` marks another coder's annotation, drawn lined above and below
    rather than tinted, so it differs from one's own by more than colour.
    """

    annotation_id: int
    start: int
    end: int
    tag_id: int
    tag_name: str
    color: str
    note: str = ""
    comment_id: int | None = None
    """The reader comment annotated (offsets are then into its text), or None for the body."""
    coder: str = ""
    foreign: bool = False


@dataclass(frozen=True)
class CommentBlock:
    """A reader comment, shown apart after the article."""

    author: str
    posted: str
    text: str
    comment_id: int = 0


@dataclass(frozen=True)
class Part:
    """A codable stretch of what the reader shows: the body, or one comment's text."""

    start: int
    end: int
    comment_id: int | None = None


@dataclass(frozen=True)
class ReaderDocument:
    """Everything the Reader shows for one document."""

    document_id: int
    title: str
    body: str
    quotes: tuple[QuoteMark, ...] = ()
    highlights: tuple[Highlight, ...] = ()
    comments: tuple[CommentBlock, ...] = ()


Span = tuple[int, int]

GUTTER_WIDTH = 2
"""Cells left of the text: a bar marks the rows of the cursor sentence or selection."""
COMMENT_INDENT = 2
COMMENT_TEXT_INDENT = 4
ROW_CACHE_SIZE = 1024
HIGHLIGHT_TINT = 0.35
"""How much of a tag's colour is mixed into the background under annotated text."""
QUOTE_KINDS = ("direct", "indirect", "partial", "term")
SKIPPED_KINDS = ("term",)
"""Kinds the quote moves (] and [) pass over: terms in quotation marks are nobody's speech."""


@dataclass(frozen=True)
class _ExtraRow:
    """A row that is not body text: the title, the comments rule, a comment line."""

    text: str
    component: str
    indent: int = 0


@dataclass(frozen=True)
class _Layout:
    """The document wrapped to one width: title rows, body row starts, comment rows."""

    width: int
    head: tuple[_ExtraRow, ...]
    body_starts: array[int]
    tail: tuple[_ExtraRow, ...]

    @property
    def height(self) -> int:
        return len(self.head) + len(self.body_starts) + len(self.tail)


class Reader(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one document for reading and coding, entirely by keyboard."""

    ALLOW_SELECT = False  # the Reader has its own selection, in body offsets

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--cursor",
        "reader--caret",
        "reader--selection",
        "reader--gutter",
        "reader--quote",
        "reader--quote-direct",
        "reader--quote-indirect",
        "reader--quote-partial",
        "reader--quote-term",
        "reader--cue",
        "reader--mention",
        "reader--rule",
        "reader--comment",
        "reader--comment-header",
    }

    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        overflow-y: scroll;
        padding: 0 1;
        background: $surface;
        & > .reader--title { text-style: bold; color: $text-primary; }
        & > .reader--cursor { background: $accent 15%; }
        &:focus > .reader--cursor { background: $accent 30%; }
        & > .reader--caret { text-style: underline; }
        &:focus > .reader--caret { text-style: reverse; }
        & > .reader--selection { background: $primary 45%; }
        &:focus > .reader--selection { background: $primary 60%; }
        & > .reader--gutter { color: $accent; }
        & > .reader--quote { text-style: italic; }
        & > .reader--quote-direct { text-style: italic; color: $text-secondary; }
        & > .reader--quote-indirect { color: $text-accent; }
        & > .reader--quote-partial { text-style: italic; color: $text-success; }
        & > .reader--quote-term { text-style: dim; }
        & > .reader--cue { text-style: underline; }
        & > .reader--mention { text-style: bold; color: $text-warning; }
        & > .reader--rule { color: $text-muted; text-style: bold; }
        & > .reader--comment { color: $text-muted; }
        & > .reader--comment-header { color: $text-secondary; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Coding keys first: the footer keeps them when a narrow terminal cannot show every key.
        Binding("1", "tag(1)", "Tag by shortcut", key_display="1-9", id="reader.tag-1"),
        *[
            Binding(
                str(key),
                f"tag({key})",
                "Tag by shortcut",
                show=False,
                id=f"reader.tag-{key}",
            )
            for key in range(2, 10)
        ],
        Binding("t", "pick_tag", "Tag…", id="reader.pick-tag"),
        Binding("n", "note", "Note", id="reader.note"),
        Binding("x", "delete", "Delete", id="reader.delete"),
        Binding(
            "j,down",
            "next_sentence",
            "Next sentence",
            id="reader.next-sentence",
            group=Binding.Group("Sentence"),
        ),
        Binding(
            "k,up",
            "previous_sentence",
            "Previous sentence",
            id="reader.previous-sentence",
            group=Binding.Group("Sentence"),
        ),
        Binding(
            "right_curly_bracket",
            "next_paragraph",
            "Next paragraph",
            show=False,
            id="reader.next-paragraph",
        ),
        Binding(
            "left_curly_bracket",
            "previous_paragraph",
            "Previous paragraph",
            show=False,
            id="reader.previous-paragraph",
        ),
        Binding(
            "right_square_bracket",
            "next_quote",
            "Next quote",
            id="reader.next-quote",
            group=Binding.Group("Quote"),
        ),
        Binding(
            "left_square_bracket",
            "previous_quote",
            "Previous quote",
            id="reader.previous-quote",
            group=Binding.Group("Quote"),
        ),
        Binding("g,home", "document_start", "Start", show=False, id="reader.start"),
        Binding("G,end", "document_end", "End", show=False, id="reader.end"),
        Binding("pagedown", "page_down", "Page down", show=False, id="reader.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reader.page-up"),
        Binding(
            "J,shift+down",
            "extend_next_sentence",
            "Extend to next sentence",
            show=False,
            id="reader.extend-next-sentence",
        ),
        Binding(
            "K,shift+up",
            "extend_previous_sentence",
            "Extend to previous sentence",
            show=False,
            id="reader.extend-previous-sentence",
        ),
        Binding("v", "toggle_extend", "Extend mode", id="reader.toggle-extend"),
        Binding("m", "screen.document_memo", "Memo", id="reader.memo"),
        Binding(
            "h",
            "grow_start",
            "Selection start a word left",
            show=False,
            id="reader.grow-start",
        ),
        Binding(
            "l",
            "shrink_start",
            "Selection start a word right",
            show=False,
            id="reader.shrink-start",
        ),
        Binding(
            "H",
            "shrink_end",
            "Selection end a word left",
            show=False,
            id="reader.shrink-end",
        ),
        Binding(
            "L",
            "grow_end",
            "Selection end a word right",
            show=False,
            id="reader.grow-end",
        ),
        Binding(
            "escape",
            "clear_selection",
            "Clear selection",
            show=False,
            id="reader.clear-selection",
        ),
        # Out of the footer, which keeps room for undo; ? lists them, and the status line hints at them.
        Binding("s", "correct('speaker')", "Correct the speaker…", show=False, id="reader.correct-speaker"),
        Binding("c", "correct('kind')", "Correct the quote kind…", show=False, id="reader.correct-kind"),
        Binding("X", "correct('reject')", "Not a quote", show=False, id="reader.reject-quote"),
        Binding("a", "add_quote", "Add a quote…", show=False, id="reader.add-quote"),
    ]

    class CursorMoved(Message):
        """The cursor or the selection changed; says what is under the cursor.

        ``quote`` is the quote under the cursor, else the first quote in the cursor
        sentence (so the speaker shows as soon as the sentence is current);
        ``highlights`` are the annotations covering the cursor's character.
        """

        def __init__(
            self,
            offset: int,
            selection: Span | None,
            quote: QuoteMark | None,
            highlights: tuple[Highlight, ...],
            extending: bool = False,
        ) -> None:
            super().__init__()
            self.offset = offset
            self.selection = selection
            self.quote = quote
            self.highlights = highlights
            self.extending = extending
            """Whether extend mode is on (for a status line: moves now select)."""

    class TagKeyPressed(Message):
        """A tag shortcut (1-9) was pressed over the selection or the cursor sentence.

        ``start``/``end`` are offsets into the body, or into the text of the reader
        comment ``comment_id``.
        """

        def __init__(self, shortcut: int, start: int, end: int, comment_id: int | None = None) -> None:
            super().__init__()
            self.shortcut = shortcut
            self.start = start
            self.end = end
            self.comment_id = comment_id

    class TagPickerRequested(Message):
        """The user asked to choose a tag for the selection or the cursor sentence (offsets as TagKeyPressed)."""

        def __init__(self, start: int, end: int, comment_id: int | None = None) -> None:
            super().__init__()
            self.start = start
            self.end = end
            self.comment_id = comment_id

    class CorrectionRequested(Message):
        """The user asked to correct the quote under the cursor, or to add one.

        ``action`` is ``speaker``, ``kind``, ``reject`` (not a quote) or ``add``;
        ``quote`` is the quote under the cursor (None if there is none; always
        None for ``add``); ``start``/``end`` is the span to add as a quote.
        """

        def __init__(self, action: str, quote: QuoteMark | None, start: int = 0, end: int = 0) -> None:
            super().__init__()
            self.action = action
            self.quote = quote
            self.start = start
            self.end = end

    class NoteRequested(Message):
        """The user asked to write a note at the cursor; ``under`` are the annotations there."""

        def __init__(self, offset: int, under: tuple[Highlight, ...] = ()) -> None:
            super().__init__()
            self.offset = offset
            self.under = under

    class DeleteRequested(Message):
        """The user asked to delete the annotation at the cursor; ``under`` are the annotations there."""

        def __init__(self, offset: int, under: tuple[Highlight, ...] = ()) -> None:
            super().__init__()
            self.offset = offset
            self.under = under

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._document = ReaderDocument(document_id=0, title="", body="")
        self._text = ""
        self._index = TextIndex("")
        self._quotes: SpanIndex[QuoteMark] = SpanIndex(())
        self._highlights: SpanIndex[Highlight] = SpanIndex(())
        self._originals: dict[int, Highlight] = {}
        """Each annotation as the screen gave it (comment offsets local), by annotation id."""
        self._parts: tuple[Part, ...] = ()
        self._decor: tuple[tuple[int, int, str], ...] = ()
        """(start, end, component class) of the comments' rule, headers and text."""
        self._layers: dict[int, int] = {}
        self._cursor = 0
        self._anchor: Span | None = None
        self._head: Span | None = None
        self._extending = False
        self._drag_from: int | None = None
        self._layout: _Layout | None = None
        self._rows: LRUCache[int, Strip] = LRUCache(ROW_CACHE_SIZE)
        self._styles: dict[str, Style] = {}

    # Public API ---------------------------------------------------------------

    @property
    def document(self) -> ReaderDocument:
        """The document shown."""
        return self._document

    @property
    def cursor(self) -> int:
        """The cursor: an offset into the body."""
        return self._cursor

    @property
    def selection(self) -> Span | None:
        """The selected ``(start, end)`` with ``start < end``, or None."""
        if self._anchor is None or self._head is None:
            return None
        start = min(self._anchor[0], self._head[0])
        end = max(self._anchor[1], self._head[1])
        return (start, end) if start < end else None

    @property
    def extending(self) -> bool:
        """Whether extend mode is on (every move extends the selection)."""
        return self._extending

    @property
    def current_sentence(self) -> Span | None:
        """The sentence under the cursor: what a tag key applies to without a selection."""
        return self._index.sentence_at(self._cursor)

    def show_document(self, document: ReaderDocument, *, cursor: int = 0) -> None:
        """Show a document, the cursor at ``cursor``, nothing selected.

        Args:
            document: The document to show.
            cursor: An offset into its body (clamped to the body).
        """
        self._document = document
        self._text, self._parts, self._decor = compose_text(document)
        self._index = TextIndex(self._text)
        self._quotes = SpanIndex(document.quotes)
        self._set_highlight_index(document.highlights)
        self._cursor = self._clamp(cursor)
        self._anchor = self._head = None
        self._extending = False
        self._layout = None
        if self.size.width:
            self._relayout()
        self.scroll_to(0, 0, animate=False)
        self._scroll_to_span(self._cursor_span())
        self.refresh()
        self._post_cursor_moved()

    def set_highlights(self, highlights: tuple[Highlight, ...]) -> None:
        """Replace the annotations shown, keeping the cursor, selection and scroll.

        Args:
            highlights: Every annotation of the document.
        """
        self._document = replace(self._document, highlights=highlights)
        self._set_highlight_index(highlights)
        self._rows.clear()
        self.refresh()
        self._post_cursor_moved()

    def set_quotes(self, quotes: tuple[QuoteMark, ...]) -> None:
        """Replace the quotes shown (after a correction), keeping the cursor, selection and scroll.

        Args:
            quotes: Every quote of the document.
        """
        self._document = replace(self._document, quotes=quotes)
        self._quotes = SpanIndex(quotes)
        self._rows.clear()
        self.refresh()
        self._post_cursor_moved()

    def select_span(self, start: int, end: int, comment_id: int | None = None) -> None:
        """Select ``[start, end)``, put the cursor at its start and scroll it into view.

        Args:
            start: Start offset into the body (or the comment's text).
            end: End offset into the body (or the comment's text).
            comment_id: The reader comment the offsets are into, if any.
        """
        base = self._base_of(comment_id)
        start, end = base + min(start, end), base + max(start, end)
        start, end = self._clamp(start), max(0, min(end, len(self._text)))
        with self._changing():
            self._anchor, self._head = (start, start), (start, end)
            self._cursor = start
        self._scroll_to_span((start, end))

    # Actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let escape through to the screen when there is nothing to clear."""
        if action == "clear_selection":
            return self._extending or self.selection is not None
        return True

    def action_next_sentence(self) -> None:
        """Move to the next sentence (or extend to it in extend mode)."""
        self._move(self._index.next_sentence(self._moving_edge()))

    def action_previous_sentence(self) -> None:
        """Move to the previous sentence, or the start of this one if inside it."""
        self._move(self._index.previous_sentence(self._moving_edge()))

    def action_next_paragraph(self) -> None:
        """Move to the next paragraph."""
        self._move(self._index.next_paragraph(self._moving_edge()))

    def action_previous_paragraph(self) -> None:
        """Move to the previous paragraph, or the start of this one if inside it."""
        self._move(self._index.previous_paragraph(self._moving_edge()))

    def action_next_quote(self) -> None:
        """Move to the start of the next quote (terms in quotation marks are passed over)."""
        quote = self._quotes.next_start(self._moving_edge())
        while quote is not None and quote.kind in SKIPPED_KINDS:
            quote = self._quotes.next_start(quote.start)
        self._move((quote.start, quote.end) if quote else None)

    def action_previous_quote(self) -> None:
        """Move to the start of the previous quote (terms in quotation marks are passed over)."""
        quote = self._quotes.previous_start(self._moving_edge())
        while quote is not None and quote.kind in SKIPPED_KINDS:
            quote = self._quotes.previous_start(quote.start)
        self._move((quote.start, quote.end) if quote else None)

    def action_document_start(self) -> None:
        """Move to the first sentence."""
        self._move(self._index.sentence_at(0) or (0, 0))

    def action_document_end(self) -> None:
        """Move to the last sentence."""
        self._move(self._index.sentence_at(len(self._text)) or (0, 0))

    def action_page_down(self) -> None:
        """Scroll a screen down and put the cursor on the first sentence in view."""
        self._page(+1)

    def action_page_up(self) -> None:
        """Scroll a screen up and put the cursor on the first sentence in view."""
        self._page(-1)

    def action_extend_next_sentence(self) -> None:
        """Extend the selection to the next sentence."""
        self._move(self._index.next_sentence(self._moving_edge()), extend=True)

    def action_extend_previous_sentence(self) -> None:
        """Extend the selection to the previous sentence."""
        self._move(self._index.previous_sentence(self._moving_edge()), extend=True)

    def action_toggle_extend(self) -> None:
        """Turn extend mode on or off; turning it on selects the cursor sentence."""
        self._extending = not self._extending
        if self._extending and self.selection is None:
            self._anchor = self._head = self._cursor_span()
            self._refresh_span(self._anchor)
        self._show_extend_mode()
        self._post_cursor_moved()

    def _show_extend_mode(self) -> None:
        """Show in the border subtitle whether moves extend the selection."""
        self.border_subtitle = "EXTEND" if self._extending else ""

    def action_grow_start(self) -> None:
        """Move the selection's start one word left."""
        self._refine(start=previous_word_start)

    def action_shrink_start(self) -> None:
        """Move the selection's start one word right."""
        self._refine(start=next_word_start)

    def action_shrink_end(self) -> None:
        """Move the selection's end one word left."""
        self._refine(end=previous_word_end)

    def action_grow_end(self) -> None:
        """Move the selection's end one word right."""
        self._refine(end=next_word_end)

    def action_clear_selection(self) -> None:
        """Clear the selection and leave extend mode."""
        was_extending, self._extending = self._extending, False
        self._show_extend_mode()
        with self._changing():
            self._anchor = self._head = None
        if was_extending and self.selection is None:
            self._post_cursor_moved()

    def action_tag(self, shortcut: int) -> None:
        """Ask for the tag with this shortcut on the selection or the cursor sentence."""
        target = self._codable_target()
        if target is not None:
            self.post_message(self.TagKeyPressed(shortcut, *target))

    def action_pick_tag(self) -> None:
        """Ask for a tag picker for the selection or the cursor sentence."""
        target = self._codable_target()
        if target is not None:
            hold_typing(self)
            self.post_message(self.TagPickerRequested(*target))

    def action_correct(self, action: str) -> None:
        """Ask to correct the quote under the cursor: its ``speaker`` or ``kind``, or ``reject`` it."""
        if action != "reject":
            hold_typing(self)
        self.post_message(self.CorrectionRequested(action, self._quote_here()))

    def action_add_quote(self) -> None:
        """Ask to add the selection (or the cursor sentence) as a quote."""
        span = self._target_span()
        if span is not None:
            hold_typing(self)
            self.post_message(self.CorrectionRequested("add", None, *span))

    def action_note(self) -> None:
        """Ask for a note at the cursor."""
        hold_typing(self)
        self.post_message(self.NoteRequested(self._cursor, self._under_cursor()))

    def action_delete(self) -> None:
        """Ask to delete the annotation at the cursor."""
        self.post_message(self.DeleteRequested(self._cursor, self._under_cursor()))

    def _under_cursor(self) -> tuple[Highlight, ...]:
        return tuple(self._originals[h.annotation_id] for h in self._highlights.at(self._cursor))

    def _codable_target(self) -> tuple[int, int, int | None] | None:
        """What a tag applies to, as (start, end, comment id) in that text; None (a bell) on a comment header.

        A selection reaching past the body or a comment is cut where that text ends.
        """
        span = self._target_span()
        part = next((p for p in self._parts if span is not None and p.start <= span[0] < p.end), None)
        if span is None or part is None:
            self.app.bell()
            return None
        return span[0] - part.start, min(span[1], part.end) - part.start, part.comment_id

    def _base_of(self, comment_id: int | None) -> int:
        """Where the body (None) or a comment's text starts in what the reader shows."""
        return next((p.start for p in self._parts if p.comment_id == comment_id), 0)

    # Mouse --------------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Put the cursor on the character clicked and start a drag there."""
        offset = self._offset_at(event, clamp=False)
        if offset is None:
            return
        event.stop()
        self.focus()
        self._drag_from = offset
        self.capture_mouse()
        with self._changing():
            self._anchor = self._head = None
            self._extending = False
            self._cursor = offset
        self._show_extend_mode()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """While dragging, select from where the drag started to the character under the mouse."""
        if self._drag_from is None:
            return
        offset = self._offset_at(event, clamp=True)
        if offset is None or offset == (self._cursor if self._anchor else self._drag_from):
            return
        origin = self._drag_from
        with self._changing():
            if offset >= origin:
                self._anchor, self._head = (origin, origin), (offset, offset + 1)
            else:
                self._anchor, self._head = (origin, origin + 1), (offset, offset)
            self._cursor = offset
        self._scroll_to_span((offset, offset + 1))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End the drag."""
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()

    def _offset_at(self, event: events.MouseEvent, *, clamp: bool) -> int | None:
        """The body offset under the mouse, or None outside the body (unless clamped)."""
        layout = self._ensure_layout()
        point = event.get_content_offset_capture(self)
        row = int(self.scroll_offset.y) + point.y - len(layout.head)
        if not 0 <= row < len(layout.body_starts):
            if not clamp or not self._text:
                return None
            return 0 if row < 0 else len(self._text) - 1
        start, end = self._row_span(layout, row)
        offset = offset_at_cell(self._text, start, end, point.x - GUTTER_WIDTH)
        return self._clamp(offset)

    # Rendering ----------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Forget cached colours and rows: the theme or a pseudo-class changed."""
        super().notify_style_update()
        self._styles.clear()
        self._rows.clear()

    def on_focus(self, event: events.Focus) -> None:
        """Redraw: the cursor and selection are brighter with focus."""
        self._styles.clear()
        self._rows.clear()
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        """Redraw: the cursor and selection dim without focus."""
        self._styles.clear()
        self._rows.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap to a new width, and keep the cursor sentence in view at any size."""
        if self._layout is None or self._layout.width != self._wrap_width():
            self._relayout()
        # Also when only the height changed: a cursor restored before the final height (the
        # status line below laid out later) must not end up hidden under what is below.
        self._scroll_to_span(self._cursor_span())

    def render_line(self, y: int) -> Strip:
        """Draw the screen row ``y`` (0 = top of the view)."""
        layout = self._ensure_layout()
        row = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        strip = self._rows.get(row)
        if strip is None:
            strip = self._render_row(layout, row)
            self._rows[row] = strip
        return strip.crop_extend(0, width, self._base_style())

    def _render_row(self, layout: _Layout, row: int) -> Strip:
        """Draw one row of the document (title, body or comments), uncropped."""
        base = self._base_style()
        head_rows = len(layout.head)
        body_row = row - head_rows
        if row < 0 or row >= layout.height:
            return Strip.blank(0, base)
        if body_row < 0 or body_row >= len(layout.body_starts):
            extra = layout.head[row] if body_row < 0 else layout.tail[body_row - len(layout.body_starts)]
            style = base + self._component_style(extra.component)
            return Strip(
                [
                    Segment(" " * (GUTTER_WIDTH + extra.indent), base),
                    Segment(extra.text, style),
                ]
            )
        return self._render_body_row(layout, body_row)

    def _render_body_row(self, layout: _Layout, body_row: int) -> Strip:
        """Draw one row of body text with quotes, annotations, cursor and selection."""
        base = self._base_style()
        start, end = self._row_span(layout, body_row)
        visible_end = end - 1 if end > start and self._text[end - 1] == "\n" else end
        line = Text(self._text[start:visible_end], style=base, end="")

        def stylize(span_start: int, span_end: int, style: Style) -> None:
            first, last = max(span_start, start), min(span_end, visible_end)
            if first < last:
                line.stylize(style, first - start, last - start)

        for decor_start, decor_end, component in self._decor_overlapping(start, end):
            stylize(decor_start, decor_end, self._component_style(component))
        selection = self.selection
        marked = selection or self.current_sentence
        if selection is None and marked is not None:
            stylize(*marked, self._component_style("reader--cursor"))
        quotes = self._quotes.overlapping(start, end)
        for quote in quotes:
            stylize(quote.start, quote.end, self._quote_style(quote.kind))
        for span, component in self._attribution_marks():
            stylize(*span, self._component_style(component))
        for highlight in self._highlights.overlapping(start, visible_end):
            stylize(highlight.start, highlight.end, self._highlight_style(highlight))
        if selection is not None:
            stylize(*selection, self._component_style("reader--selection"))
        caret = self._component_style("reader--caret")
        stylize(self._cursor, self._cursor + 1, caret)

        is_marked = marked is not None and marked[0] < end and marked[1] > start
        segments = [
            Segment(
                "\u258e" if is_marked else " ",
                base + self._component_style("reader--gutter"),
            ),
            Segment("\u2502", base + self._quote_style(quotes[0].kind)) if quotes else Segment(" ", base),
        ]
        segments.extend(_expand_tabs(line.render(self.app.console)))
        return Strip(segments)

    def _decor_overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The comment rule, headers and texts overlapping ``[start, end)`` (they do not overlap each other)."""
        first = max(0, bisect_right(self._decor, (start,)) - 1)
        found = []
        for decor in self._decor[first:]:
            if decor[0] >= end:
                break
            if decor[1] > start:
                found.append(decor)
        return found

    def _base_style(self) -> Style:
        """The widget's own colours (``rich_style`` walks the DOM, so keep it per theme)."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _component_style(self, name: str) -> Style:
        """A component class's style, its translucent colours mixed onto our background."""
        style = self._styles.get(name)
        if style is None:
            styles = self.get_component_styles(name)
            background = self.background_colors[1]
            style = Style(
                color=(background + styles.color).rich_color if styles.has_rule("color") else None,
                bgcolor=((background + styles.background).rich_color if styles.has_rule("background") else None),
            ) + (styles.text_style if styles.has_rule("text_style") else Style())
            self._styles[name] = style
        return style

    def _quote_style(self, kind: str) -> Style:
        name = f"reader--quote-{kind}" if kind in QUOTE_KINDS else "reader--quote"
        return self._component_style(name)

    def _highlight_style(self, highlight: Highlight) -> Style:
        """The first layer of overlapping annotations tints the background; later ones underline.

        Another coder's annotation (layer -1) is lined above and below instead.
        """
        layer = -1 if highlight.foreign else self._layers.get(highlight.annotation_id, 0)
        key = f"highlight {highlight.color} {min(layer, 2)}"
        style = self._styles.get(key)
        if style is None:
            base = self._base_style()
            background = Color.from_rich_color(base.bgcolor)
            foreground = Color.from_rich_color(base.color)
            tint = tag_color(highlight.color) or foreground
            if layer == 0:
                style = Style(bgcolor=background.blend(tint, HIGHLIGHT_TINT).rich_color)
            else:
                style = Style(
                    color=foreground.blend(tint, 0.6).rich_color,
                    underline=layer in (-1, 1),
                    underline2=layer > 1,
                    overline=layer == -1,
                )
            self._styles[key] = style
        return style

    # Layout -------------------------------------------------------------------

    def _wrap_width(self) -> int:
        """Cells available for text: the content width less scrollbar and gutter."""
        return max(1, self.scrollable_content_region.width - GUTTER_WIDTH)

    def _ensure_layout(self) -> _Layout:
        if self._layout is None:
            self._relayout()
        assert self._layout is not None
        return self._layout

    def _relayout(self) -> None:
        """Wrap the document to the current width and size the scroll area."""
        width = self._wrap_width()
        head: list[_ExtraRow] = []
        title = sanitize_text(self._document.title).replace("\n", " ").strip()
        if title:
            head.extend(_ExtraRow(text, "reader--title") for text in wrap_lines(title, width))
            head.append(_ExtraRow("", "reader--title"))
        self._layout = _Layout(
            width=width,
            head=tuple(head),
            body_starts=wrap_rows(self._text, width),
            tail=(),
        )
        self._rows.clear()
        self.virtual_size = Size(width + GUTTER_WIDTH, self._layout.height)
        self.refresh()

    def _row_span(self, layout: _Layout, body_row: int) -> Span:
        """Where a body row starts and where the next one starts."""
        starts = layout.body_starts
        end = starts[body_row + 1] if body_row + 1 < len(starts) else len(self._text)
        return starts[body_row], end

    def _body_row_of(self, offset: int) -> int:
        layout = self._ensure_layout()
        return max(0, bisect_right(layout.body_starts, offset) - 1)

    # Cursor and selection -------------------------------------------------------

    def _clamp(self, offset: int) -> int:
        return max(0, min(offset, max(0, len(self._text) - 1)))

    def _cursor_span(self) -> Span:
        """The span the cursor stands for: its sentence, or the character."""
        return self._index.sentence_at(self._cursor) or (self._cursor, self._cursor + 1)

    def _target_span(self) -> Span | None:
        """What a tag key applies to: the selection, else the cursor sentence."""
        return self.selection or self.current_sentence

    def _moving_edge(self) -> int:
        """Where moves start from: the head of the selection, or the cursor."""
        if self._head is not None and (self._extending or self.selection is not None):
            return self._head[0]
        return self._cursor

    def _move(self, target: Span | None, *, extend: bool = False) -> None:
        """Put the cursor at the start of ``target``; or extend the selection to it."""
        if target is None:
            return
        extend = extend or self._extending
        with self._changing():
            if extend:
                if self._anchor is None:
                    self._anchor = self._cursor_span()
                self._head = target
            else:
                self._anchor = self._head = None
            self._cursor = self._clamp(target[0])
        self._scroll_to_span(target)

    def _refine(
        self,
        *,
        start: Callable[[str, int], int] | None = None,
        end: Callable[[str, int], int] | None = None,
    ) -> None:
        """Move one edge of the selection (the cursor sentence if none) by a word."""
        selection = self.selection or self.current_sentence
        if selection is None:
            return
        new_start, new_end = selection
        if start is not None:
            new_start = start(self._text, new_start)
        if end is not None:
            new_end = end(self._text, new_end)
        if not new_start < new_end:
            return
        with self._changing():
            self._anchor, self._head = (new_start, new_start), (new_end, new_end)
            self._cursor = new_start if start is not None else self._clamp(new_end - 1)
        self._scroll_to_span((self._cursor, self._cursor + 1))

    def _page(self, direction: int) -> None:
        """Scroll by a screen; the cursor goes to the first sentence starting in view.

        Page down never moves the cursor back up: when the first sentence in view is
        not past the cursor (nothing left to scroll, or only comments below) the
        cursor goes to the last sentence in view instead, like ``G`` would. Page up
        at the top stays on the first sentence.
        """
        height = self.scrollable_content_region.height
        if height <= 0:  # not laid out yet: wrapping to no width would be wasted work
            return
        layout = self._ensure_layout()
        old_top = int(self.scroll_offset.y)
        top = max(0, min(old_top + direction * height, layout.height - height))
        self.scroll_to(y=top, animate=False)
        first_row = max(0, top - len(layout.head))
        end_row = top + height - len(layout.head)
        if end_row <= 0:
            return
        view_start = layout.body_starts[first_row] if first_row < len(layout.body_starts) else len(self._text)
        view_end = layout.body_starts[end_row] if end_row < len(layout.body_starts) else len(self._text)
        sentence = self._index.next_sentence(view_start - 1)
        if sentence is not None and sentence[0] >= view_end:
            sentence = None
        if direction > 0 and (sentence is None or sentence[0] <= self._cursor):
            sentence = self._index.previous_sentence(view_end)
            if sentence is not None and sentence[0] <= self._cursor:
                sentence = None
        self._move(sentence)

    def _changing(self) -> _Change:
        return _Change(self)

    def _refresh_span(self, span: Span) -> None:
        """Redraw the rows covering ``span`` (and forget their cached strips)."""
        layout = self._layout
        if layout is None:
            return
        first = self._body_row_of(span[0])
        last = self._body_row_of(max(span[0], span[1] - 1))
        count = last - first + 1
        if count > ROW_CACHE_SIZE:
            self._rows.clear()
        else:
            for body_row in range(first, last + 1):
                self._rows.discard(len(layout.head) + body_row)
        self.refresh_lines(len(layout.head) + first, count)

    def _scroll_to_span(self, span: Span) -> None:
        """Scroll so the span's first row is in view, and its last if it fits."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        layout = self._ensure_layout()
        first = len(layout.head) + self._body_row_of(span[0])
        last = len(layout.head) + self._body_row_of(max(span[0], span[1] - 1))
        top = int(self.scroll_offset.y)
        if first < top:
            top = first
        elif last >= top + height:
            top = min(first, last - height + 1)
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False)

    def _quote_here(self) -> QuoteMark | None:
        """The quote under the cursor; else the first in the cursor sentence.

        Moving by sentence puts the cursor at a sentence's start, often before the
        quote it holds ("He said: “…”"); the status line should still name the speaker.
        """
        quotes = self._quotes.at(self._cursor)
        if quotes:
            return quotes[-1]
        sentence = self.current_sentence
        in_sentence = self._quotes.overlapping(*sentence) if sentence else []
        return in_sentence[0] if in_sentence else None

    def _attribution_marks(self) -> list[tuple[Span, str]]:
        """The cue and the speaker mention of the quote under the cursor, with their component classes."""
        quote = self._quote_here()
        if quote is None:
            return []
        marks = [(quote.cue, "reader--cue"), (quote.mention, "reader--mention")]
        return [(span, component) for span, component in marks if span is not None and span[0] < span[1]]

    def _post_cursor_moved(self) -> None:
        self.post_message(
            self.CursorMoved(
                offset=self._cursor,
                selection=self.selection,
                quote=self._quote_here(),
                highlights=tuple(self._highlights.at(self._cursor)),
                extending=self._extending,
            )
        )

    def _set_highlight_index(self, highlights: tuple[Highlight, ...]) -> None:
        """Index the annotations (comment ones moved to where their comment is shown) and layer overlaps."""
        self._originals = {h.annotation_id: h for h in highlights}
        bases = {p.comment_id: p.start for p in self._parts}
        shown = [
            replace(h, start=h.start + bases[h.comment_id], end=h.end + bases[h.comment_id])
            for h in highlights
            if h.comment_id in bases
        ]
        self._highlights = SpanIndex(tuple(shown))
        self._layers = _assign_layers(self._highlights.spans)


class _Change:
    """Redraws what a cursor or selection change touched and reports it, once."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._before: tuple[object, ...] = ()

    def _state(self) -> tuple[object, ...]:
        reader = self._reader
        return (reader.cursor, reader.selection, reader.current_sentence)

    def _marked(self) -> list[Span]:
        reader = self._reader
        spans = [(reader.cursor, reader.cursor + 1)]
        marked = reader.selection or reader.current_sentence
        if marked is not None:
            spans.append(marked)
        spans.extend(span for span, _component in reader._attribution_marks())
        return spans

    _before_marked: list[Span]

    def __enter__(self) -> None:
        self._before = self._state()
        self._before_marked = self._marked()

    def __exit__(self, *exc_info: object) -> None:
        if exc_info[0] is not None or self._state() == self._before:
            return
        for span in self._before_marked + self._marked():
            self._reader._refresh_span(span)
        self._reader._post_cursor_moved()


PARAGRAPH_BREAK = "\n\n"


def compose_text(document: ReaderDocument) -> tuple[str, tuple[Part, ...], tuple[tuple[int, int, str], ...]]:
    """The body, then each reader comment under a rule and an author line: one text to move, select and tag in.

    Returns the text (control characters replaced one for one, so offsets hold),
    the codable parts (the body, each comment's text) and the styled stretches
    of the comment block.
    """
    body = sanitize_text(document.body)
    pieces, parts, decor = [body], [Part(0, len(body))], []
    length = len(body)

    def add(piece: str, component: str) -> int:
        nonlocal length
        start = length + len(PARAGRAPH_BREAK)
        pieces.extend((PARAGRAPH_BREAK, piece))
        length = start + len(piece)
        decor.append((start, length, component))
        return start

    if document.comments:
        add(f"\u2500\u2500 Comments ({len(document.comments)}) \u2500\u2500", "reader--rule")
    for comment in document.comments:
        header = " \u00b7 ".join(part for part in (comment.author, comment.posted) if part.strip())
        add(sanitize_text(" ".join(header.split())) or "Anonymous", "reader--comment-header")
        start = add(sanitize_text(comment.text), "reader--comment")
        parts.append(Part(start, length, comment.comment_id))
    return "".join(pieces), tuple(parts), tuple(decor)


def _assign_layers(highlights: tuple[Highlight, ...]) -> dict[int, int]:
    """Give each annotation (sorted by start) the lowest layer no overlapping one holds."""
    layers: dict[int, int] = {}
    active: list[tuple[int, int]] = []  # (end, layer) of annotations still open
    for highlight in highlights:
        active = [(end, layer) for end, layer in active if end > highlight.start]
        taken = {layer for _end, layer in active}
        layer = next(index for index in range(len(taken) + 1) if index not in taken)
        layers[highlight.annotation_id] = layer
        active.append((highlight.end, layer))
    return layers


def _expand_tabs(segments: Iterable[Segment]) -> Iterator[Segment]:
    """Draw each tab as ``TAB_WIDTH`` spaces, as the wrapping counted it."""
    for segment in segments:
        if "\t" in segment.text:
            yield Segment(segment.text.replace("\t", TAB_SPACES), segment.style)
        else:
            yield segment
