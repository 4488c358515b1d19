"""The document list filtered and sorted by attributes at 100,000 documents, beside filtering by words.

Run: ``/work/venv/bin/python bench/bench_document_attributes.py [DOCUMENTS]`` (default 100000). A store is
built in a temporary folder with generated documents (ten outlets, dates over 2010-2019), a choice attribute
(``region``, four values, on every document) and a number attribute (``pages``, on half of them). Each row
times what the list does on the UI thread when the filter or order changes: count the matches, read the
first page (100 rows), and find the highlighted document's place. Medians of five runs. The baseline is the
filter the list had before attributes: a free word matched in the title, outlet, author and date.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage.store import Store  # noqa: E402
from tui.widgets.document_list import PAGE_SIZE  # noqa: E402

OUTLETS = ["The Harbour Gazette", "Northern Courier", "Daily Ledger", "Valley Post", "Island Radio",
           "City Chronicle", "Coast Herald", "Evening Star", "Moor Times", "Bay Observer"]  # fmt: skip
REGIONS = ["North", "South", "East", "West"]
RUNS = 5


def build(path: Path, count: int) -> None:
    rng = random.Random(3)
    store = Store.open(path)
    region = store.define_attribute("region", "choice", REGIONS)
    pages = store.define_attribute("pages", "number")
    with store.atomic():
        store.conn.executemany(
            "INSERT INTO documents (id, slug, source_file, content_hash, title, publication, published, body, raw,"
            " imported) VALUES (?,?,?,?,?,?,?,'','','2026-01-01')",
            [
                (n, f"d{n}", f"d{n}.txt", f"h{n}", f"Report {n} on {rng.choice(['budgets', 'care', 'schools'])}",
                 rng.choice(OUTLETS), f"{rng.randint(2010, 2019)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
                for n in range(1, count + 1)
            ],
        )  # fmt: skip
        store.conn.executemany(
            "INSERT INTO document_attributes (document_id, attribute_id, value) VALUES (?,?,?)",
            [(n, region.id, rng.choice(REGIONS)) for n in range(1, count + 1)]
            + [(n, pages.id, str(rng.randint(1, 80))) for n in range(1, count + 1, 2)],
        )
    store.close()


def list_change(store: Store, query: str, sort: str) -> float:
    """Seconds for what the list reads when its filter or order changes."""
    started = time.perf_counter()
    store.document_count(query)
    page = store.document_page(query, sort, 0, PAGE_SIZE)
    if page:
        store.document_position(page[len(page) // 2].id, query, sort)
    return time.perf_counter() - started


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    cases = [
        ("baseline: word 'care', by date", "care", "date"),
        ("outlet:courier, by date", "outlet:courier", "date"),
        ("date:2014..2015, by date", "date:2014..2015", "date"),
        ("region:west, by date", "region:west", "date"),
        ("pages:10..20 care, by date", "pages:10..20 care", "date"),
        ("no filter, by outlet", "", "outlet"),
        ("no filter, by region", "", "region"),
        ("no filter, by pages", "", "pages"),
        ("region:west, by pages", "region:west", "pages"),
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        build(path, count)
        with Store.open(path) as store:
            print(f"{count:,} documents; median of {RUNS} runs (count + first page + position)")
            print(f"{'filter and order':34} {'matches':>8} {'ms':>8}")
            for label, query, sort in cases:
                times = [list_change(store, query, sort) for _ in range(RUNS)]
                print(f"{label:34} {store.document_count(query):8,} {statistics.median(times) * 1000:8.1f}")


if __name__ == "__main__":
    main()
