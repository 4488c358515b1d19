"""The Reader shows why a quote is credited: its cue and speaker mention marked; terms faint and skipped."""

from __future__ import annotations

from tests.tui.test_reader import HostApp
from tui.widgets.reader import QuoteMark, Reader, ReaderDocument

FIRST = "“We got it wrong,” said Jane Smith, the director."
SECOND = "Staff called it a “fresh start” plan."
THIRD = "“We will do better,” she said [sic]."
BODY = f"{FIRST} {SECOND} {THIRD}"


def span(text: str, *, after: int = 0) -> tuple[int, int]:
    start = BODY.index(text, after)
    return start, start + len(text)


def quote(text: str, kind: str, speaker: str, cue: str | None, mention: str | None) -> QuoteMark:
    start, end = span(text)
    return QuoteMark(
        quote_id=start, start=start, end=end, kind=kind, speaker=speaker, role="",
        cue=span(cue, after=end) if cue else None, mention=span(mention, after=end) if mention else None,
    )  # fmt: skip


SMITH = quote("“We got it wrong,”", "direct", "Jane Smith", "said", "Jane Smith")
TERM = quote("“fresh start”", "term", "", None, None)
SHE = quote("“We will do better,”", "direct", "Jane Smith", "said", "she")
DOCUMENT = ReaderDocument(document_id=1, title="", body=BODY, quotes=(SMITH, TERM, SHE))


def style_of(app: HostApp, text: str):  # type: ignore[no-untyped-def]
    """The style of the first segment that holds ``text`` (the body is one row here)."""
    return next(segment.style for segment in app.reader.render_line(0) if text in segment.text)


async def test_the_cue_is_underlined_and_the_mention_bold_for_the_quote_under_the_cursor_only() -> None:
    app = HostApp(DOCUMENT)
    async with app.run_test(size=(160, 10)) as pilot:
        await pilot.pause()
        assert (True, False) == (bool(style_of(app, "said").underline), bool(style_of(app, "said").bold))
        assert (True, False) == (bool(style_of(app, "Jane Smith").bold), bool(style_of(app, "Jane Smith").underline))
        assert not style_of(app, "she").bold

        await pilot.press("right_square_bracket")
        await pilot.pause()

        assert SHE.start == app.reader.cursor
        assert style_of(app, "she").bold
        assert not style_of(app, "Jane Smith").bold
        assert not style_of(app, "said").underline


async def test_terms_are_faint_and_the_quote_keys_pass_over_them() -> None:
    app = HostApp(DOCUMENT)
    async with app.run_test(size=(160, 10)) as pilot:
        await pilot.pause()
        assert style_of(app, "fresh start").dim
        assert not style_of(app, "We got it").dim

        await pilot.press("right_square_bracket")
        assert SHE.start == app.reader.cursor
        await pilot.press("left_square_bracket")
        assert SMITH.start == app.reader.cursor


async def test_a_quote_without_cue_or_mention_marks_nothing() -> None:
    plain_quote = QuoteMark(SMITH.quote_id, SMITH.start, SMITH.end, "direct", "Jane Smith", "")
    app = HostApp(ReaderDocument(document_id=1, title="", body=BODY, quotes=(plain_quote,)))
    async with app.run_test(size=(160, 10)) as pilot:
        await pilot.pause()
        assert not style_of(app, "said").underline
        assert not style_of(app, "said Jane").bold


class CorrectingApp(HostApp):
    def on_reader_correction_requested(self, message: Reader.CorrectionRequested) -> None:
        self.messages.append(message)


async def test_correction_keys_ask_about_the_quote_under_the_cursor_or_the_selection() -> None:
    app = CorrectingApp(DOCUMENT)
    async with app.run_test(size=(160, 10)) as pilot:
        await pilot.pause()
        for key in ("s", "c", "X"):
            await pilot.press(key)
        app.reader.select_span(*span(SECOND))
        await pilot.press("a")
        await pilot.pause()

    asked = [(m.action, m.quote, m.start, m.end) for m in app.messages if isinstance(m, Reader.CorrectionRequested)]
    assert [
        ("speaker", SMITH, 0, 0), ("kind", SMITH, 0, 0), ("reject", SMITH, 0, 0), ("add", None, *span(SECOND))
    ] == asked  # fmt: skip


def test_stored_cue_and_mention_spans_reach_the_reader(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storage.ingest.importer import import_paths
    from storage.store import Store
    from tui.snapshot import load_snapshot

    article = tmp_path / "a.txt"
    article.write_text("Budget row\n\n" + FIRST + "\n", encoding="utf-8")
    with Store.open(tmp_path / "a.db") as store:
        [outcome] = import_paths(store, [article])
        body = outcome.document.body
        for column in ("cue_start", "cue_end", "mention_start", "mention_end"):
            if column not in {row[1] for row in store.conn.execute("PRAGMA table_info(quotes)")}:
                store.conn.execute(f"ALTER TABLE quotes ADD COLUMN {column} INTEGER")
        cue, mention = body.index("said"), body.index("Jane Smith")
        store.conn.execute(
            "UPDATE quotes SET cue_start = ?, cue_end = ?, mention_start = ?, mention_end = ?",
            [cue, cue + 4, mention, mention + len("Jane Smith")],
        )
        store.conn.commit()

        [mark] = load_snapshot(store, outcome.document.id).document.quotes  # type: ignore[union-attr]

    assert ((cue, cue + 4), (mention, mention + len("Jane Smith"))) == (mark.cue, mark.mention)
