"""The coded segments of one tag at 10,000 and 100,000 segments, beside the annotation list it replaced.

Run: ``.venv/bin/python bench/bench_segments.py [SEGMENTS...]`` (default: 10000 100000). A store is built in a
temporary folder with generated article text (20 segments per document, over 1,000 actors' quotes). Each row is
the median of three runs. "worker" is time spent off the UI thread (the query, and wrapping every block to
the terminal's width); "UI thread" is what the user waits for with the app frozen: handing the rows to the
list and drawing its first screen. The baseline is the list that Enter on a tag opened before: every
annotation read with its document's title, then one OptionList option per annotation, built on the UI thread.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult  # noqa: E402
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from storage.exchange.segments import CodedSegment
from storage.store import Store
from tui.safe_text import one_line, plain
from tui.widgets.segment_view import SegmentView, block_tops

WORDS = ("council children services budget inspectors social workers failing report minister said would"
         " families care review commissioner funding staff safeguarding health partners years").split()
PER_DOCUMENT = 20
WIDTH = 114
"""The list's text width in a 120-column terminal (SegmentView.text_width), so the worker's measure is used."""


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."


def build(path: Path, segments: int) -> int:
    """A store with ``segments`` annotations of one tag, each over a quote with a speaker; returns the tag id."""
    rng = random.Random(7)
    store = Store.open(path)
    tag = store.add_tag("Theme")
    documents = segments // PER_DOCUMENT
    with store.atomic():
        store.conn.executemany("INSERT INTO actors (name) VALUES (?)", [(f"Actor {n}",) for n in range(1000)])
        for number in range(documents):
            parts = [sentence(rng) for _ in range(PER_DOCUMENT)]
            body = " ".join(parts)
            cursor = store.conn.execute(
                "INSERT INTO documents (slug, source_file, content_hash, title, publication, published, body, raw,"
                " imported) VALUES (?,?,?,?,?,?,?,?,?)",
                [f"d{number}", f"d{number}.txt", f"h{number}", f"Report number {number} on services",
                 rng.choice(("Valley Post", "Northern Echo", "Daily Ledger")),
                 f"{rng.randint(2010, 2020)}-{rng.randint(1, 12):02d}-01", body, body, "2020-01-01"],
            )
            document_id = cursor.lastrowid
            start = 0
            for index, part in enumerate(parts):
                end = start + len(part)
                store.conn.execute(
                    'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (?,?,?,?,?,?)',
                    [document_id, start, end, part, rng.randint(1, 1000), "direct"],
                )
                store.conn.execute(
                    'INSERT INTO annotations (uid, document_id, tag_id, start, "end", text, note, coder, created,'
                    " updated) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [f"{document_id}-{index}", document_id, tag.id, start, end, part,
                     "a note" if index % 4 == 0 else "", "ana", "2020", "2020"],
                )
                start = end + 1
    store.close()
    return tag.id


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def timed(action: Callable[[], Any]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


class Host(App[None]):
    """An app with the list under test, to time what the UI thread does."""

    def __init__(self, widget_factory: Callable[[], Any]) -> None:
        super().__init__()
        self.widget_factory = widget_factory

    def compose(self) -> ComposeResult:
        yield self.widget_factory()


def ui_time(widget_factory: Callable[[], Any], fill: Callable[[App[None]], None]) -> float:
    """Seconds from handing the rows to the list to its first screen drawn."""

    async def run() -> float:
        app = Host(widget_factory)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            began = time.perf_counter()
            fill(app)
            await pilot.pause()
            app.screen._compositor.render_update(full=True)
            return time.perf_counter() - began

    return asyncio.run(run())


def old_entries(store: Store, tag_id: int) -> list[tuple[str, str, str]]:
    """What the old list read: every annotation of the tag with its document's title (tui.snapshot, before)."""
    titles = {s.id: s.title or s.slug for s in store.document_summaries()}
    annotations = store.annotations(tag_id=tag_id)
    return [(titles[a.document_id], a.text, a.note) for a in annotations if a.document_id in titles]


def old_options(entries: list[tuple[str, str, str]]) -> list[Option]:
    return [
        Option(Content.assemble(plain(one_line(title, 60), "bold"), "\n  “", plain(one_line(text, 200)), "”",
                                plain(f"\n  note: {one_line(note, 200)}" if note else "", "italic")))
        for title, text, note in entries
    ]


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]
    print(f"{'segments':>9} | {'list':<22} | {'worker s':>9} | {'UI thread s':>11}")
    print("-" * 62)
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.db"
            tag_id = build(path, size)
            with Store.open(path, create=False) as store:
                segments: list[CodedSegment] = []

                def query() -> None:
                    segments[:] = store.coded_segments([tag_id])

                read = median_of(3, lambda: timed(query))
                measure = median_of(3, lambda: timed(lambda: block_tops(segments, WIDTH)))
                tops = block_tops(segments, WIDTH)
                shown = median_of(3, lambda: ui_time(
                    SegmentView, lambda app: app.query_one(SegmentView).set_segments(segments, tops, WIDTH)))
                print(f"{size:>9} | {'coded segments (new)':<22} | {read + measure:>9.2f} | {shown:>11.3f}")
                entries: list[tuple[str, str, str]] = []

                def old_query() -> None:
                    entries[:] = old_entries(store, tag_id)

                old_read = median_of(3, lambda: timed(old_query))
                old_shown = median_of(3, lambda: ui_time(
                    OptionList, lambda app: app.query_one(OptionList).add_options(old_options(entries))))
                print(f"{size:>9} | {'annotation list (old)':<22} | {old_read:>9.2f} | {old_shown:>11.3f}")


if __name__ == "__main__":
    main()
