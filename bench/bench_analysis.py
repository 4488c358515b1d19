"""The analysis screen's views at 10,000 and 100,000 articles, beside exporting to query the export's views.

Run: ``.venv/bin/python bench/bench_analysis.py [ARTICLES...]`` (default: 10000 100000). A store is built in a
temporary folder with generated articles (six sentences, three of them quotes by 2,000 actors, five outlets, dates
over ten years); a third of the articles are coded, three segments each from eight tags. "worker s" is the query,
run off the UI thread; "UI thread s" is the longest the app is frozen at once: handing a table its first rows
(a long table is filled a hundred rows at a time, the screen drawing and answering keys in between), and for
the chart, drawn by plotext in a thread worker, the longest the event loop went without running a 5 ms timer
from handing the chart its table until it is on screen ("its chart, drawn in a worker" gives plotext's drawing
at 120x40 as its worker s); "over time, from the year 1" charts the same corpus after one coded document's
date is read as 0001-01-01, some 24,000 months. Each figure is the median of three runs. The baseline is what
a researcher did before the screen: export the database (once, it takes long) and query the export's
``tag_actor_counts`` and ``tag_cooccurrence`` views.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.widgets import DataTable  # noqa: E402

from bench_segments import Host, median_of, sentence, timed, ui_time  # noqa: E402
from storage.analysis.crosstabs import Crosstab, coding_over_time, cooccurrence_matrix, tag_actor_matrix  # noqa: E402
from storage.exchange.export import export_database  # noqa: E402
from storage.store import Store  # noqa: E402
from tui.screens.analysis import fill_table  # noqa: E402
from tui.widgets.time_chart import TimeChart, chart_text  # noqa: E402

OUTLETS = ("Valley Post", "Northern Echo", "Daily Ledger", "Coast Times", "City Wire")
TAGS = 8
ACTORS = 2000
SENTENCES = 6


def build(path: Path, articles: int) -> None:
    """A store of ``articles`` generated articles, every other sentence a quote, a third of them coded."""
    rng = random.Random(11)
    store = Store.open(path)
    tag_ids = [store.add_tag(f"Theme {number}").id for number in range(TAGS)]
    with store.atomic():
        store.conn.executemany("INSERT INTO actors (name) VALUES (?)", [(f"Actor {n}",) for n in range(ACTORS)])
        for number in range(articles):
            parts = [sentence(rng) for _ in range(SENTENCES)]
            body = " ".join(parts)
            document_id = store.conn.execute(
                "INSERT INTO documents (slug, source_file, content_hash, title, publication, published, body, raw,"
                " imported) VALUES (?,?,?,?,?,?,?,?,?)",
                [f"d{number}", f"d{number}.txt", f"h{number}", f"Report {number}", rng.choice(OUTLETS),
                 f"{rng.randint(2010, 2019)}-{rng.randint(1, 12):02d}-01", body, "", "2020-01-01"],
            ).lastrowid
            starts = [0]
            for part in parts:
                starts.append(starts[-1] + len(part) + 1)
            for index in range(0, SENTENCES, 2):
                store.conn.execute(
                    'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (?,?,?,?,?,?)',
                    [document_id, starts[index], starts[index] + len(parts[index]), parts[index],
                     rng.randint(1, ACTORS), "direct"],
                )
            if number % 3:
                continue
            for segment in range(3):
                first = rng.randrange(SENTENCES)
                last = min(SENTENCES - 1, first + rng.randint(0, 1))
                start, end = starts[first], starts[last] + len(parts[last])
                store.conn.execute(
                    'INSERT INTO annotations (uid, document_id, tag_id, start, "end", text, coder, created, updated)'
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    [f"{document_id}-{segment}", document_id, rng.choice(tag_ids), start, end, body[start:end],
                     rng.choice(("ana", "ben")), "2020", "2020"],
                )
    store.close()


STALL_TICK = 0.005
"""How often the stall probe asks the event loop to run it: a longer gap between two runs is a freeze."""


def longest_stall(table: Crosstab) -> float:
    """The longest the event loop went without running a 5 ms timer, from handing the chart its table until the
    drawn chart is on screen: how long keys and drawing wait at the worst moment."""

    async def run() -> float:
        app = Host(TimeChart)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            gaps, last = [0.0], [time.perf_counter()]

            def tick() -> None:
                now = time.perf_counter()
                gaps.append(now - last[0])
                last[0] = now

            probe = app.set_interval(STALL_TICK, tick)
            app.query_one(TimeChart).show(table)
            await pilot.pause()  # the chart asks for its drawing as it is painted
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.screen._compositor.render_update(full=True)
            tick()
            probe.stop()
            return max(gaps)

    return asyncio.run(run())


def long_span(store: Store) -> Crosstab:
    """Coding over time once one coded document is dated 0001-01-01 (a misread date): every month since."""
    store.conn.execute(
        "UPDATE documents SET published = '0001-01-01' WHERE id = (SELECT min(document_id) FROM annotations)"
    )
    return coding_over_time(store)


def baseline(store: Store, folder: Path) -> tuple[float, float]:
    """Seconds to export the database, and to read the two views from the export."""
    target = folder / "export.db"
    exported = timed(lambda: export_database(store, target))
    connection = sqlite3.connect(target)
    try:
        queried = median_of(3, lambda: timed(lambda: [
            connection.execute(f"SELECT * FROM {view}").fetchall() for view in ("tag_actor_counts", "tag_cooccurrence")
        ]))
    finally:
        connection.close()
    return exported, queried


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]
    print(f"{'articles':>9} | {'view':<34} | {'worker s':>9} | {'UI thread s':>11}")
    print("-" * 74)
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            build(folder / "bench.db", size)
            with Store.open(folder / "bench.db", create=False) as store:
                views: list[tuple[str, Callable[[], Crosstab], bool]] = [
                    ("tag x actor", lambda: tag_actor_matrix(store), False),
                    ("co-occurrence, documents", lambda: cooccurrence_matrix(store), True),
                    ("co-occurrence, overlapping", lambda: cooccurrence_matrix(store, scope="overlap"), True),
                    ("co-occurrence, sentences", lambda: cooccurrence_matrix(store, scope="sentence"), True),
                    ("over time, by month", lambda: coding_over_time(store), False),
                    ("over time, from the year 1", lambda: long_span(store), False),
                ]
                for name, query, tag_rows in views:
                    drawn: float | None = None
                    table = query()
                    worker = median_of(3, lambda: timed(query))
                    if name.startswith("over time"):
                        shown = median_of(3, lambda: longest_stall(table))
                        drawn = median_of(3, lambda: timed(lambda: chart_text(table, 120, 40, "clear")))
                    else:
                        shown = median_of(3, lambda: ui_time(
                            DataTable, lambda app: fill_table(app.query_one(DataTable), table, tag_rows=tag_rows)))
                    rows = f"{name} ({len(table.rows)} rows)"
                    print(f"{size:>9} | {rows:<34} | {worker:>9.2f} | {shown:>11.3f}")
                    if drawn is not None:
                        print(f"{size:>9} | {'  its chart, drawn in a worker':<34} | {drawn:>9.2f} | {'-':>11}")
                exported, queried = baseline(store, folder)
                print(f"{size:>9} | {'export, then query its two views':<34} | {exported + queried:>9.2f} | {'-':>11}")


if __name__ == "__main__":
    main()
