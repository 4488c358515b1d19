"""The Reader by keyboard and mouse: each key path, the messages it posts and what is drawn."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Input, Static

from tui.widgets.reader import (
    GUTTER_WIDTH,
    CommentBlock,
    Highlight,
    QuoteMark,
    Reader,
    ReaderDocument,
    compose_text,
)

FIRST = "The council failed children."
SECOND = "“We got it wrong,” said Jane Smith, the director."
THIRD = "Ofsted rated it inadequate."
FOURTH = "The minister sent in a commissioner."
FIFTH = "Nothing changed for a year."
BODY = f"{FIRST} {SECOND} {THIRD}\n\n{FOURTH} {FIFTH}"


def first_quote(body: str, speaker: str, role: str) -> QuoteMark:
    """The first “…” of body as a direct quote by speaker."""
    start, end = body.index("“"), body.index("”") + 1
    return QuoteMark(quote_id=start, start=start, end=end, kind="direct", speaker=speaker, role=role)


QUOTE = first_quote(BODY, "Jane Smith", "director")
BLAME = Highlight(
    annotation_id=1,
    start=0,
    end=len(FIRST),
    tag_id=1,
    tag_name="Blame",
    color="#cc3333",
)
FAILURE = Highlight(
    annotation_id=2,
    start=4,
    end=BODY.index(SECOND) + 5,
    tag_id=2,
    tag_name="Failure",
    color="#3366cc",
)
DOCUMENT = ReaderDocument(
    document_id=1,
    title="Birmingham children's services",
    body=BODY,
    quotes=(QUOTE,),
    highlights=(BLAME, FAILURE),
    comments=(CommentBlock(author="reader42", posted="2014-03-01", text="Shocking [sic].", comment_id=7),),
)
SHOWN = compose_text(DOCUMENT)[0]
"""What the reader shows: the body, then the comments."""


async def press_keys(keys: list[str]) -> HostApp:
    """Open DOCUMENT in a HostApp, press the keys and return the app once it settled."""
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    return app


def span_of(sentence: str) -> tuple[int, int]:
    start = BODY.index(sentence)
    return start, start + len(sentence)


class HostApp(App[None]):
    """A bare app around one Reader that records every message the Reader posts."""

    def __init__(self, document: ReaderDocument = DOCUMENT, *, with_input: bool = False, cursor: int = 0) -> None:
        super().__init__()
        self.document = document
        self.cursor = cursor
        self.with_input = with_input
        self.messages: list[Message] = []
        self.reader: Reader

    def compose(self) -> ComposeResult:
        if self.with_input:
            yield Input(id="search")
        yield Reader(id="reader")

    def on_mount(self) -> None:
        self.reader = self.query_one(Reader)  # kept: still readable after the app exits
        self.reader.show_document(self.document, cursor=self.cursor)
        self.reader.focus()

    def on_reader_cursor_moved(self, message: Reader.CursorMoved) -> None:
        self.messages.append(message)

    def on_reader_tag_key_pressed(self, message: Reader.TagKeyPressed) -> None:
        self.messages.append(message)

    def on_reader_tag_picker_requested(self, message: Reader.TagPickerRequested) -> None:
        self.messages.append(message)

    def on_reader_note_requested(self, message: Reader.NoteRequested) -> None:
        self.messages.append(message)

    def on_reader_delete_requested(self, message: Reader.DeleteRequested) -> None:
        self.messages.append(message)

    def last(self, kind: type[Message]) -> Message:
        return [message for message in self.messages if isinstance(message, kind)][-1]

    def screen_text(self) -> str:
        """The text of every row in view, without the gutter's marks."""
        reader = self.reader
        rows = (reader.render_line(y).text for y in range(reader.size.height))
        return "\n".join(row[GUTTER_WIDTH:] for row in rows)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([], 0),
        (["j"], BODY.index(SECOND)),
        (["down", "down"], BODY.index(THIRD)),
        (["j", "j", "k"], BODY.index(SECOND)),
        (["j", "up"], 0),
        (["right_curly_bracket"], BODY.index(FOURTH)),
        (["right_curly_bracket", "left_curly_bracket"], 0),
        (["right_square_bracket"], QUOTE.start),
        (["G", "left_square_bracket"], QUOTE.start),
        (["G"], SHOWN.index("Shocking [sic].")),  # G goes on into the reader comments
        (["end", "home"], 0),
        (["G", "g"], 0),
    ],
)
async def test_keys_move_the_cursor(keys: list[str], expected: int) -> None:
    app = await press_keys(keys)

    assert expected == app.reader.cursor
    assert expected == app.last(Reader.CursorMoved).offset
    assert app.reader.selection is None


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["J"], (0, span_of(SECOND)[1])),
        (["shift+down", "shift+down"], (0, span_of(THIRD)[1])),
        (["j", "K"], (0, span_of(SECOND)[1])),
        (["j", "j", "shift+up"], (span_of(SECOND)[0], span_of(THIRD)[1])),
        (["v", "right_curly_bracket"], (0, len(BODY))),
        (["v", "right_square_bracket"], (0, QUOTE.end)),
        (["v", "G"], (0, len(SHOWN))),
        (["J", "escape"], None),
        (["v", "j", "escape", "j"], None),
    ],
)
async def test_shift_keys_and_extend_mode_extend_the_selection(
    keys: list[str], expected: tuple[int, int] | None
) -> None:
    app = await press_keys(keys)

    assert expected == app.reader.selection
    assert expected == app.last(Reader.CursorMoved).selection


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["l"], (FIRST.index("council"), len(FIRST))),
        (["h"], (0, len(FIRST))),  # nothing before the first word
        (["H"], (0, FIRST.index(" children."))),
        (["L"], (0, BODY.index("We") + 2)),
        (["j", "h"], (BODY.index("children."), span_of(SECOND)[1])),
        (["l", "l", "H", "L", "L"], (FIRST.index("failed"), BODY.index("We") + 2)),
        (["J", "H"], (0, BODY.index(" director."))),
    ],
)
async def test_word_keys_move_the_selection_edges(keys: list[str], expected: tuple[int, int]) -> None:
    app = await press_keys(keys)

    assert expected == app.reader.selection


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["1"], (1, *span_of(FIRST))),
        (["j", "9"], (9, *span_of(SECOND))),
        (["J", "3"], (3, 0, span_of(SECOND)[1])),
        (["j", "l", "5"], (5, BODY.index("got"), span_of(SECOND)[1])),
    ],
)
async def test_tag_keys_give_the_selection_or_the_cursor_sentence(
    keys: list[str], expected: tuple[int, int, int]
) -> None:
    app = await press_keys(keys)

    message = app.last(Reader.TagKeyPressed)
    assert expected == (message.shortcut, message.start, message.end)


async def test_t_n_x_ask_the_screen_for_a_picker_a_note_and_a_deletion() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "t", "n", "x")
        await pilot.pause()

        picker = app.last(Reader.TagPickerRequested)
        assert span_of(SECOND) == (picker.start, picker.end)
        assert BODY.index(SECOND) == app.last(Reader.NoteRequested).offset
        assert BODY.index(SECOND) == app.last(Reader.DeleteRequested).offset


async def test_digits_typed_into_an_input_never_tag() -> None:
    app = HostApp(with_input=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(Input).focus()
        await pilot.press("1", "2", "t", "x")
        await pilot.pause()

        assert "12tx" == app.query_one(Input).value
        assert [] == [m for m in app.messages if not isinstance(m, Reader.CursorMoved)]


async def test_cursor_moved_reports_the_quote_speaker_and_every_tag_under_the_cursor() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.pause()

        moved = app.last(Reader.CursorMoved)
        assert QUOTE == moved.quote
        assert ("Jane Smith", "director") == (moved.quote.speaker, moved.quote.role)
        assert (FAILURE,) == moved.highlights

        app.reader.show_document(DOCUMENT, cursor=5)
        await pilot.pause()
        moved = app.last(Reader.CursorMoved)
        assert None is moved.quote
        assert (BLAME, FAILURE) == moved.highlights


async def test_set_highlights_keeps_the_cursor_and_reports_the_new_tags() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        app.reader.set_highlights((BLAME,))
        await pilot.pause()

        assert BODY.index(SECOND) == app.reader.cursor
        assert () == app.last(Reader.CursorMoved).highlights
        assert (BLAME,) == app.reader.document.highlights


async def test_select_span_selects_and_scrolls_to_it() -> None:
    body = "\n\n".join(f"Paragraph number {n} says something." for n in range(200))
    document = ReaderDocument(document_id=2, title="", body=body)
    app = HostApp(document)
    async with app.run_test(size=(80, 24)) as pilot:
        start = body.index("number 150")
        app.reader.select_span(start, start + 10)
        await pilot.pause()

        assert (start, start + 10) == app.reader.selection
        assert (start, start + 10) == app.last(Reader.CursorMoved).selection
        assert "number 150" in app.screen_text()


async def test_click_places_the_cursor_and_drag_selects() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        # Row 0 is the title, row 1 blank, row 2 the first body row; the reader has a
        # padding of 1 and a gutter of 2 cells, so body column c is at x = c + 3.
        await pilot.click(Reader, offset=(3 + FIRST.index("council"), 2))
        await pilot.pause()
        assert FIRST.index("council") == app.reader.cursor
        assert app.reader.selection is None

        await pilot.mouse_down(Reader, offset=(3 + 4, 2))
        await pilot.hover(Reader, offset=(3 + 14, 2))
        await pilot.mouse_up(Reader, offset=(3 + 14, 2))
        await pilot.pause()
        assert (4, 15) == app.reader.selection


async def test_untrusted_text_is_drawn_literally() -> None:
    body = "Click [@click=app.quit]x[/] or [bold red]loud[/] text [sic].\x1b[31m red\x07 bell\r end."
    app = HostApp(ReaderDocument(document_id=3, title="[b]Title[/b]", body=body))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = " ".join(app.screen_text().split())

        assert "[b]Title[/b]" in text
        assert "[@click=app.quit]x[/]" in text
        assert "[bold red]loud[/]" in text
        assert "[sic]" in text
        assert "\x1b" not in text and "\x07" not in text and "\r" not in text
        assert "␛[31m red� bell end." in text
        assert app.is_running


async def test_comments_are_shown_after_a_rule_with_author_and_date() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.screen_text().splitlines()
        rule = next(index for index, row in enumerate(rows) if "Comments (1)" in row)

        assert "reader42 · 2014-03-01" in rows[rule + 2]
        assert "Shocking [sic]." in rows[rule + 4]


def words_on_screen(app: HostApp) -> list[str]:
    return app.screen_text().split()


@pytest.mark.parametrize("width", [80, 40, 23])
async def test_wrapping_keeps_every_word_and_fits_the_width(width: int) -> None:
    body = "A longish-word-without-spaces-at-all and 中文字符 😀 emoji, then\ttab. " * 3
    app = HostApp(ReaderDocument(document_id=4, title="", body=body.strip()))
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        reader = app.reader
        rows = [reader.render_line(y) for y in range(reader.size.height)]

        assert "".join(body.split()) == "".join(words_on_screen(app))
        assert all(row.cell_length <= reader.scrollable_content_region.width for row in rows)


async def test_resizing_rewraps_and_keeps_the_cursor_in_view() -> None:
    body = "\n\n".join(f"Sentence {n} of a long article about services." for n in range(60))
    app = HostApp(ReaderDocument(document_id=5, title="", body=body))
    async with app.run_test(size=(80, 24)) as pilot:
        cursor = body.index("Sentence 30 ")
        app.reader.show_document(app.document, cursor=cursor)
        await pilot.press("j", "k")
        await pilot.resize_terminal(30, 12)
        await pilot.pause()

        assert cursor == app.reader.cursor
        assert "Sentence 30 of a long" in app.screen_text()
        assert all(len(row) <= 30 for row in app.screen_text().splitlines())


async def test_page_down_scrolls_and_moves_the_cursor_into_view() -> None:
    body = "\n\n".join(f"Line {n} is here." for n in range(100))
    app = HostApp(ReaderDocument(document_id=6, title="", body=body))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("pagedown")
        await pilot.pause()

        assert app.reader.scroll_offset.y > 0
        assert body[app.reader.cursor :].startswith("Line 12 is here.")
        assert "Line 12 is here." in app.screen_text()


async def test_a_one_megabyte_document_opens_and_the_cursor_moves() -> None:
    paragraph = "The review found that social workers were overstretched. " * 20
    body = "\n\n".join([paragraph.strip()] * (1_000_000 // len(paragraph)))
    app = HostApp(ReaderDocument(document_id=7, title="Big", body=body))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "k", "pagedown", "g", "j")
        await pilot.pause()

        assert len(body) > 990_000
        assert paragraph.index("The", 1) == app.reader.cursor
        assert "The review found" in app.screen_text()


async def test_every_binding_has_an_id_and_a_description() -> None:
    bindings = [binding for binding in Reader.BINDINGS if not isinstance(binding, tuple)]

    assert [] == [binding for binding in bindings if not binding.id or not binding.description]


async def test_extend_mode_is_reported_and_escape_leaves_it() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert (True, span_of(FIRST)) == (
            app.last(Reader.CursorMoved).extending,
            app.last(Reader.CursorMoved).selection,
        )

        await pilot.press("escape")
        await pilot.pause()
        assert (False, None) == (
            app.last(Reader.CursorMoved).extending,
            app.last(Reader.CursorMoved).selection,
        )


def styles_of(app: HostApp, row: int, text: str) -> list:  # type: ignore[type-arg]
    """The Rich styles of the segments of a screen row that hold ``text``."""
    return [segment.style for segment in app.reader.render_line(row) if text in segment.text]


async def test_overlapping_annotations_stay_visible_and_quotes_are_marked() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "k", "k", "k")  # the cursor away from the first row: up from the comments
        await pilot.pause()
        base = app.reader.rich_style
        (blame_only,) = styles_of(app, 2, "The ")
        (both,) = styles_of(app, 2, "council")
        (quoted,) = styles_of(app, 2, "it wrong")

        assert base.bgcolor != blame_only.bgcolor  # the first annotation tints
        assert blame_only.bgcolor == both.bgcolor and both.underline  # the second underlines
        assert quoted.italic
        (cursor_sentence,) = styles_of(app, 5, "changed for a year.")  # title, blank, 2 rows, blank, FIFTH
        assert cursor_sentence.bgcolor not in (None, base.bgcolor, blame_only.bgcolor)
        assert "\u2502" == app.reader.render_line(2).text[1]  # a quote mark in the gutter


async def test_select_span_can_reach_the_end_of_the_body() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.select_span(BODY.index(FIFTH), len(BODY))
        await pilot.pause()

        assert span_of(FIFTH) == app.reader.selection


class EscapeApp(HostApp):
    """A host that counts the escapes the Reader lets through."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "count_escape", "Count")]
    escapes = 0

    def action_count_escape(self) -> None:
        self.escapes += 1


async def test_escape_goes_past_the_reader_only_when_nothing_is_selected() -> None:
    app = EscapeApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("J", "escape")
        assert (None, 0) == (app.reader.selection, app.escapes)

        await pilot.press("escape")
        assert 1 == app.escapes


async def test_cursor_moved_names_the_speaker_of_a_quote_later_in_the_sentence() -> None:
    body = "Nothing here. He said: “It is over.” Then he left."
    quote = first_quote(body, "Ed", "leader")
    app = HostApp(ReaderDocument(document_id=8, title="", body=body, quotes=(quote,)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert (body.index("He said"), quote) == (
            app.reader.cursor,
            app.last(Reader.CursorMoved).quote,
        )

        await pilot.press("j")
        await pilot.pause()
        assert None is app.last(Reader.CursorMoved).quote


@pytest.mark.parametrize(
    ("keys", "expected"),
    [(["pagedown"] * 10, "Line 99 is here."), (["pagedown", "pagedown", "pageup", "pageup"], "Line 0 is here.")],
)
async def test_paging_past_either_end_stops_on_the_first_or_last_sentence(keys: list[str], expected: str) -> None:
    body = "\n\n".join(f"Line {n} is here." for n in range(100))
    app = HostApp(ReaderDocument(document_id=9, title="", body=body))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()

        assert body[app.reader.cursor :].startswith(expected)


@pytest.mark.parametrize("comments", [0, 12])
@pytest.mark.parametrize("start", ["G", "none"])
async def test_page_down_never_moves_the_cursor_back_up(comments: int, start: str) -> None:
    body = "\n\n".join(f"Line {n} is here." for n in range(50))
    extra = tuple(CommentBlock(author=f"reader{n}", posted="", text="A comment.") for n in range(comments))
    app = HostApp(ReaderDocument(document_id=9, title="", body=body, comments=extra))
    async with app.run_test(size=(80, 24)) as pilot:
        if start == "G":
            await pilot.press("G")
        positions = [app.reader.cursor]
        for _ in range(8):
            await pilot.press("pagedown")
            await pilot.pause()
            positions.append(app.reader.cursor)

        assert positions == sorted(positions)
        shown = compose_text(app.document)[0]
        assert shown[app.reader.cursor :].startswith("A comment." if comments else "Line 49 is here.")


async def test_a_cursor_restored_at_the_end_is_in_view_above_whatever_is_below() -> None:
    """A cursor given before the reader has its final height is still in view once it has."""
    body = "\n\n".join(f"Line {n} is here." for n in range(80))
    document = ReaderDocument(document_id=9, title="", body=body)

    class StatusApp(HostApp):
        CSS = "Reader { height: 1fr; } #status { height: 3; }"

        def compose(self) -> ComposeResult:
            yield Reader(id="reader")
            yield Static("status", id="status")

    app = StatusApp(document, cursor=body.index("Line 79"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = app.reader
        assert "Line 79 is here." in app.screen_text()
        last_visible = int(reader.scroll_offset.y) + reader.scrollable_content_region.height
        assert reader.virtual_size.height <= last_visible


async def test_j_and_g_reach_the_comments_and_a_tag_key_there_names_the_comment() -> None:
    """The comments are part of the text the cursor walks; a tag key there gives offsets into the comment."""
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["j"] * 7)  # five body sentences, the rule, the author line, then the comment
        await pilot.press("1")
        await pilot.pause()
        message = app.last(Reader.TagKeyPressed)
        assert (1, 0, len("Shocking [sic]."), 7) == (message.shortcut, message.start, message.end, message.comment_id)

        await pilot.press("G", "1")
        await pilot.pause()
        assert 7 == app.last(Reader.TagKeyPressed).comment_id


async def test_a_tag_key_on_a_comment_author_line_tags_nothing() -> None:
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "k", "1")
        await pilot.pause()
        assert [] == [message for message in app.messages if isinstance(message, Reader.TagKeyPressed)]


async def test_an_annotation_on_a_comment_is_drawn_on_the_comment_and_reported_under_the_cursor() -> None:
    on_comment = Highlight(annotation_id=9, start=0, end=8, tag_id=1, tag_name="Blame", color="#cc3333", comment_id=7)
    app = HostApp(replace(DOCUMENT, highlights=(on_comment,)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "n")
        await pilot.pause()

        assert ("Blame",) == tuple(h.tag_name for h in app.last(Reader.CursorMoved).highlights)
        assert (on_comment,) == app.last(Reader.NoteRequested).under
