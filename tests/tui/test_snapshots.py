"""Snapshots of the main screen, the help screen and the tag picker (pinned: shipped corpus, size, no blink).

Regenerate after a deliberate visual change with
``.venv/bin/python -m pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from storage.store import Store
from tests.tui.conftest import settle
from tui.app import SafeguardApp
from tui.widgets.reader import Reader

SIZE = (120, 36)


def coded_app(seeded_db: Path) -> SafeguardApp:
    """The seeded corpus with two sentences of the first document tagged, one with a note."""
    store = Store.open(seeded_db)
    body = store.document(1).body
    first = body.index("The government-appointed")
    second = body.index("Lord Norman Warner")
    store.apply_tag(1, store.tag_by_shortcut(1).id, first, body.index(".", first) + 1, coder="snapshot")  # type: ignore[union-attr]
    annotation = store.apply_tag(
        1, store.tag_by_shortcut(2).id, second, body.index(".", second) + 1, coder="snapshot"  # type: ignore[union-attr]
    )
    store.edit_note(annotation.id, "Warner credits joint working but blames the NHS")
    return SafeguardApp(store, coder="snapshot")


async def open_document(pilot: Pilot[None]) -> None:
    """Open the first document with the cursor on the tagged sentence; no cursor blink."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    body = pilot.app.screen.query_one(Reader)
    start = pilot.app.screen.snapshot.document.body.index("The government-appointed")  # type: ignore[attr-defined]
    body.select_span(start, start + 3)
    await settle(pilot)


async def stop_blinking(pilot: Pilot[None]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_main_screen(snap_compare, seeded_db: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(coded_app(seeded_db), terminal_size=SIZE, run_before=open_document)


def test_help_screen(snap_compare, seeded_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(coded_app(seeded_db), terminal_size=SIZE, run_before=run_before)


def test_tag_picker(snap_compare, seeded_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await open_document(pilot)
        await pilot.press("t")
        await pilot.pause()
        await stop_blinking(pilot)
        await pilot.press(*"work")
        await pilot.pause()

    assert snap_compare(coded_app(seeded_db), terminal_size=SIZE, run_before=run_before)


def test_coded_segments_screen(snap_compare, seeded_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.screen.show_segments(pilot.app.store.tag_by_shortcut(1).id)  # type: ignore[attr-defined]
        await settle(pilot)
        await stop_blinking(pilot)

    assert snap_compare(coded_app(seeded_db), terminal_size=SIZE, run_before=run_before)


def test_analysis_screen(snap_compare, seeded_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.screen.action_analysis()  # type: ignore[attr-defined]
        await settle(pilot)
        await stop_blinking(pilot)

    assert snap_compare(coded_app(seeded_db), terminal_size=SIZE, run_before=run_before)


def test_memo_editor(snap_compare, seeded_db: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import TextArea

    from storage.models import MemoSubject

    app = coded_app(seeded_db)
    app.store.save_memo(MemoSubject("document", 1), "Warner blames the NHS, not the council.\nCheck the 2014 report.")

    async def run_before(pilot: Pilot[None]) -> None:
        await open_document(pilot)
        await pilot.press("m")
        await pilot.pause()
        pilot.app.screen.query_one(TextArea).cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
