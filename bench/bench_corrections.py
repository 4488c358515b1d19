"""Provides the corrections benchmark: what coders' quote corrections cost, beside the same work without any.

A corpus is imported, then one speaker correction is made on every tenth quote.
Printed as a table, both columns from this run: the time of ``reextract`` (which
applies every correction again), and the median time of one correction and of
undoing it (each rebuilds its document's quotes), with and without corrections.

Run: ``.venv/bin/python bench/bench_corrections.py [ARTICLES] [BBC_FOLDER]``
(default 500 articles of /work/shared/corpora/bbc-news; generated text when absent).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from storage.attribution.extraction import reextract
from storage.ingest.importer import import_articles, read_articles
from storage.store import Store

DEFAULT_BBC = Path("/work/shared/corpora/bbc-news")
EVERY = 10
"""One quote in this many gets a corrected speaker."""


def corpus_files(folder: Path, count: int, scratch: Path) -> list[Path]:
    """``count`` article files: the BBC corpus when present, else generated articles with quotes."""
    if folder.is_dir():
        return sorted(folder.glob("*/*.txt"))[:count]
    files = []
    for number in range(count):
        path = scratch / f"generated-{number}.txt"
        paragraphs = [
            f'"Plan {number}-{p} will not work," said Alex Moor{p % 7}, a spokesperson.'
            f" The council said the budget for item {p} was cut." for p in range(12)
        ]  # fmt: skip
        path.write_text(f"Generated article {number}\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
        files.append(path)
    return files


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(files: list[Path], scratch: Path, *, corrected: bool) -> tuple[int, float, str, str]:
    """(corrections, reextract s, median ms per correction, median ms per undo; "-" when none)."""
    parsed = read_articles(files)
    with Store.open(scratch / f"bench-{corrected}.db") as store:
        import_articles(store, parsed)
        body_quotes = [quote for quote in store.quotes() if quote.comment_id is None]
        corrections, undos = [], []
        if corrected:
            for quote in body_quotes[::EVERY]:
                where = (quote.document_id, quote.start, quote.end)
                corrections.append(timed(lambda: store.correct_speaker(*where, "Bench Coder", coder="bench")))
            for quote in body_quotes[::EVERY][:50]:
                undos.append(timed(lambda: store.undo(coder="bench")))
                store.redo(coder="bench")
        count = len(store.quote_corrections())
        rebuild = timed(lambda: reextract(store))
    return count, rebuild, median_ms(corrections), median_ms(undos)


def median_ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:.1f}" if seconds else "-"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_BBC
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        files = corpus_files(folder, count, scratch)
        print(f"{len(files)} articles from {folder if folder.is_dir() else 'generated text'}")
        print(f"{'':24} {'corrections':>11} {'reextract s':>11} {'ms/correction':>13} {'ms/undo':>8}")
        for label, corrected in (("without corrections", False), ("with corrections", True)):
            made, rebuild, per_correction, per_undo = measure(files, scratch, corrected=corrected)
            print(f"{label:24} {made:>11} {rebuild:>11.2f} {per_correction:>13} {per_undo:>8}")


if __name__ == "__main__":
    main()
