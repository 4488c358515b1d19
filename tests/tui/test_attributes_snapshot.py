"""A snapshot of the attributes editor over the seeded corpus (pinned size, no blink).

Regenerate after a deliberate visual change with
``.venv/bin/python -m pytest tests/tui/test_attributes_snapshot.py --snapshot-update`` and look at the SVG.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from storage.store import Store
from tests.tui.conftest import settle
from tests.tui.test_snapshots import SIZE, stop_blinking
from tui.app import SafeguardApp


def test_attributes_editor(snap_compare, seeded_db: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(seeded_db)
    region = store.define_attribute("region", "choice", ["Midlands", "North", "South"])
    pages = store.define_attribute("pages", "number")
    assert region.id and pages.id
    store.set_document_attribute(1, region.id, "Midlands")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("i", "down", "enter")  # region: its choices open under the list
        await stop_blinking(pilot)

    assert snap_compare(SafeguardApp(store, coder="snapshot"), terminal_size=SIZE, run_before=run_before)
