"""The analysis screen's views at 10,000 and 100,000 articles, beside exporting to query the export's views.

Run: ``.venv/bin/python bench/bench_analysis.py [ARTICLES...]`` (default: 10000 100000). A store is built in a
temporary folder with generated articles (six sentences, three of them quotes by 2,000 actors, five outlets, dates
over ten years); a third of the articles are coded, three segments each from eight tags. "worker s" is the query,
run off the UI thread; "UI thread s" is the longest the app is frozen at once: handing a table its first rows
(a long table is filled a hundred rows at a time, the screen drawing and answering keys in between) or drawing
the chart, with the first screen. Each figure is the median of three runs. The baseline is what a
researcher did before the screen: export the database (once, it takes long) and query the export's
``tag_actor_counts`` and ``tag_cooccurrence`` views.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.widgets import DataTable  # noqa: E402
from textual_plotext import PlotextPlot  # noqa: E402

from bench_segments import median_of, sentence, timed, ui_time  # noqa: E402
from storage.analysis.crosstabs import Crosstab, coding_over_time, cooccurrence_matrix, tag_actor_matrix  # noqa: E402
from storage.exchange.export import export_database  # noqa: E402
from storage.store import Store  # noqa: E402
from tui.screens.analysis import draw_chart, fill_table  # noqa: E402

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
                ]
                for name, query, tag_rows in views:
                    table = query()
                    worker = median_of(3, lambda: timed(query))
                    if name.startswith("over time"):
                        shown = median_of(3, lambda: ui_time(
                            PlotextPlot, lambda app: draw_chart(app.query_one(PlotextPlot), table)))
                    else:
                        shown = median_of(3, lambda: ui_time(
                            DataTable, lambda app: fill_table(app.query_one(DataTable), table, tag_rows=tag_rows)))
                    rows = f"{name} ({len(table.rows)} rows)"
                    print(f"{size:>9} | {rows:<34} | {worker:>9.2f} | {shown:>11.3f}")
                exported, queried = baseline(store, folder)
                print(f"{size:>9} | {'export, then query its two views':<34} | {exported + queried:>9.2f} | {'-':>11}")


if __name__ == "__main__":
    main()
