"""Regenerates screenshots/*.svg from the real app on the shipped corpus.

Run from the repository root: ``.venv/bin/python screenshots/render.py``. Each
screenshot starts from a fresh database seeded with the shipped articles and
codebook, with two sentences of the first article tagged (one with a note).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input  # noqa: E402

from storage.corpus import seed  # noqa: E402
from storage.store import Store  # noqa: E402
from tui.app import SafeguardApp  # noqa: E402
from tui.widgets.reader import Reader  # noqa: E402

SIZE = (120, 36)
OUT = Path(__file__).resolve().parent


def seeded_store(folder: Path) -> Store:
    store = Store.open(folder / "screenshots.db")
    seed(store)
    body = store.document(1).body
    first = body.index("The government-appointed")
    second = body.index("Lord Norman Warner")
    blame, partnership = store.tag_by_shortcut(1), store.tag_by_shortcut(2)
    assert blame is not None and partnership is not None
    store.apply_tag(1, blame.id, first, body.index(".", first) + 1)
    annotation = store.apply_tag(1, partnership.id, second, body.index(".", second) + 1)
    store.edit_note(annotation.id, "Warner credits joint working but blames the NHS")
    return store


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def open_document(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    document = pilot.app.screen.snapshot.document  # type: ignore[attr-defined]
    pilot.app.screen.query_one(Reader).select_span(document.body.index("The government-appointed"),
                                                   document.body.index("The government-appointed") + 3)
    await settle(pilot)


async def help_screen(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def tag_picker(pilot: Pilot[None]) -> None:
    await open_document(pilot)
    await pilot.press("t", *"work")
    await settle(pilot)


async def search(pilot: Pilot[None]) -> None:
    await open_document(pilot)
    await pilot.press("slash", *"NHS slow")
    await settle(pilot)


async def coded_segments(pilot: Pilot[None]) -> None:
    await open_document(pilot)
    pilot.app.screen.show_segments(pilot.app.screen.snapshot.tags[1].id)  # type: ignore[attr-defined]
    await settle(pilot)


async def analysis(pilot: Pilot[None]) -> None:
    await open_document(pilot)
    pilot.app.screen.action_analysis()  # type: ignore[attr-defined]
    await settle(pilot)


async def actors(pilot: Pilot[None]) -> None:
    await open_document(pilot)
    pilot.app.screen.action_actors()  # type: ignore[attr-defined]
    await settle(pilot)


SCENES: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "main": open_document,
    "help": help_screen,
    "tag_picker": tag_picker,
    "coded_segments": coded_segments,
    "analysis": analysis,
    "actors": actors,
}


def has_search() -> bool:
    return (ROOT / "tui" / "screens" / "search.py").exists()


async def render(name: str, scene: Callable[[Pilot[None]], Awaitable[None]]) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        store = seeded_store(Path(folder))
        app = SafeguardApp(store, coder="screenshots")
        async with app.run_test(size=SIZE) as pilot:
            await scene(pilot)
            path = OUT / f"{name}.svg"
            path.write_text(app.export_screenshot(title=f"safeguard-tui: {name.replace('_', ' ')}"), encoding="utf-8")
        store.close()
    return path


def main() -> int:
    scenes = dict(SCENES)
    if has_search():
        scenes["search"] = search
    for name, scene in scenes.items():
        print(asyncio.run(render(name, scene)).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
