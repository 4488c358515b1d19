"""Export speed on a large store, beside a raw copy of the same database.

Run: ``.venv/bin/python bench/bench_export.py [CORPUS_DIR] [ANNOTATIONS_PER_DOCUMENT]`` (default: the BBC
corpus in /work/shared/corpora/bbc-news, 2,225 articles, 5 annotations each). The store is built in a
temporary folder; each export runs once. The baseline is sqlite3's online backup API, a page-by-page copy
of the source file with no schema change, views or full-text indexes: the least any export could cost.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from storage.exchange.export import export_database
from storage.ingest.importer import import_paths
from storage.store import Store


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/corpora/bbc-news")
    per_document = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store = Store.open(work / "source.db")
        began = time.perf_counter()
        import_paths(store, [corpus])
        tag = store.add_tag("Theme")
        with store.atomic():
            for document in store.documents():
                for _ in range(per_document):
                    start = rng.randrange(0, max(1, len(document.body) - 200))
                    store.add_annotation(document.id, tag.id, start, start + rng.randrange(20, 200), coder="bench")
        built = time.perf_counter() - began
        documents, annotations = len(store.documents()), len(store.annotations())
        print(f"store: {documents} documents, {annotations} annotations, built in {built:.1f} s\n")
        print(f"{'method':34} {'seconds':>8} {'MB':>7}")
        began = time.perf_counter()
        copy = sqlite3.connect(work / "backup.db")
        store.db.conn.backup(copy)
        copy.close()
        elapsed = time.perf_counter() - began
        print(f"{'sqlite3 backup API (baseline)':34} {elapsed:>8.2f} {size_of(work / 'backup.db') / 1e6:>7.1f}")
        for format, name in (("sqlite", "out.db"), ("csv", "out-csv"), ("json", "out.json")):
            began = time.perf_counter()
            export_database(store, work / name, format=format)
            elapsed = time.perf_counter() - began
            print(f"{'export_database ' + format + ' (ours)':34} {elapsed:>8.2f} {size_of(work / name) / 1e6:>7.1f}")
        store.close()


if __name__ == "__main__":
    main()
