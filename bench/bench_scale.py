"""Benchmark: a research corpus at scale, this tree beside the code before it: import, search, launch.

Prints the issue's table in one run: import articles/s and peak memory (at
1k and 10k articles, 100k with ``--with-100k``), shell search time above
``--version``, in-app search open time after a tag, and launch beside a minimal
Textual app; medians throughout. The search and launch tables come from
bench_scale_search (see there how their databases are made).

Generates N articles from the BBC set (``/work/shared/corpora/bbc-news``, or
``--bbc``): copy k of an article gets its headline suffixed with its number and
its paragraphs after the first rotated, so every file is new text with the
names, quotes and length of real news. Or ``--folder`` imports a folder of
your own. Each measured row is one function; each import runs the real command
(``python -m tui import FOLDER --db NEW.db``) in a fresh process, and its peak
memory is the largest total resident memory of that process and its workers,
sampled every 0.1 s. Rates are medians over ``--runs``. On a shared machine the
wall-clock rate depends on the load; "CPU ms/article" (the import and its
workers) does not, and "if cores idle" is the rate all cores would give at
that cost (cores x 1000 / CPU ms, an upper bound: the writer is one process).

The baseline is the code before this work (``--baseline``, default main just
before the streaming importer and the saved search index were merged: the
numbers the issue was filed with), unpacked with ``git archive`` into a
temporary folder: it reads and parses every file before writing, in one
process, and rebuilds the search index on every search. Actor linking (``Store.save_extraction``, in the writer) costs time that grows with
the corpus, in main and here alike, so main and this tree with linking are
measured at ``--baseline-sizes`` and ``--linked-sizes`` (default 1,000 only: at
10,000 each takes well over a quarter of an hour). The "linking" column is the
share of the import's wall time spent in it, timed around each call. The row
"no linking" runs the same command with linking left out (quotes stored without
speakers): what the rest of the pipeline (workers, batches, writer) sustains.
The row "this tree, one CSV" imports the same articles as one table of one row
per article (``headline`` and ``text`` columns), at ``--table-sizes``, with
linking: a spreadsheet or scraper export beside the folder of files.

    .venv/bin/python bench/bench_scale.py [--sizes 1000 10000] [--with-100k] [--runs N] [--folder DIR]
        [--quotes 10k,100k,1m] [--articles 10k,100k] [--baseline REF] [--table-sizes 1000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale_search import app_rows, children_cpu, shell_rows  # noqa: E402

BEFORE = "8d46283^1"
"""main just before the streaming importer and the saved search index were merged."""
BBC = Path("/work/shared/corpora/bbc-news")
FILES_PER_FOLDER = 1000
SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Measure:
    """One import: how many articles, how long it took, and the peak memory of its processes."""

    articles: int
    seconds: float
    peak_mb: float
    linking: float = 0.0
    """Seconds the writer spent in actor linking (Store.save_extraction), when timed."""
    cpu: float = 0.0
    """CPU seconds of the import and its workers: on a busy machine, what a rate on idle cores would be."""

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def generate_articles(source: Path, count: int, folder: Path) -> Path:
    """Write ``count`` article files made from the BBC set's articles into ``folder`` (1,000 per subfolder)."""
    originals = sorted(path for path in source.rglob("*.txt") if path.name[0].isdigit())
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in originals]
    for number in range(count):
        lines = [line for line in texts[number % len(texts)].split("\n") if line.strip()]
        copy = number // len(texts)
        headline = f"{lines[0]} ({copy + 1})" if copy else lines[0]
        body = lines[1:]
        if copy and len(body) > 2:
            shift = copy % (len(body) - 1)
            body = body[:1] + body[1:][shift:] + body[1:][:shift]
        sub = folder / f"{number // FILES_PER_FOLDER:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{number:07d}.txt").write_text("\n\n".join([headline, *body]) + "\n", encoding="utf-8")
    return folder


def write_table(folder: Path, table: Path) -> Path:
    """The article files under ``folder`` as one CSV: the first paragraph is the headline, the rest the text."""
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["headline", "text"])
        for path in sorted(folder.rglob("*.txt")):
            headline, _, text = path.read_text(encoding="utf-8").partition("\n\n")
            writer.writerow([headline, text])
    return table


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("VmRSS:")), 0)
        except OSError:
            continue
    return total / 1024


TIMED_LINKING = """
import json, sys, time
from storage.store import Store
from tui.__main__ import main
spent = [0.0]
save_extraction = Store.save_extraction
def timed(self, *args, **kwargs):
    started = time.perf_counter()
    try:
        return save_extraction(self, *args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - started
Store.save_extraction = timed
started = time.perf_counter()
status = main(sys.argv[1:])
print(json.dumps({"seconds": time.perf_counter() - started, "linking": spent[0]}), file=sys.stderr)
sys.exit(status)
"""
"""The import command with the time spent in Store.save_extraction (actor linking, in the writer) measured."""

WITHOUT_LINKING = """
import sys
from storage.store import Store
from tui.__main__ import main
def quotes_only(self, document_id, extraction, comment_quotes=()):
    with self.db.atomic():
        for quote in extraction.quotes:
            self.conn.execute(
                'INSERT INTO quotes (document_id, start, "end", text, kind, cue) VALUES (?,?,?,?,?,?)',
                [document_id, quote.start, quote.end, quote.text, quote.kind, quote.cue],
            )
    return []
Store.save_extraction = quotes_only
sys.exit(main(sys.argv[1:]))
"""
"""The import command with actor linking left out (quotes stored without speakers): the pipeline's own capacity."""


def run_import(code: Path, folder: Path, articles: int, script: str = "") -> Measure:
    """Import ``folder`` into a new database with the code in ``code``, sampling memory until it ends.

    ``script`` runs instead of ``python -m tui`` (with the same arguments), to time or leave out a stage.
    """
    with tempfile.TemporaryDirectory() as scratch:
        environment = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
        program = ["-c", script] if script else ["-m", "tui"]
        command = [sys.executable, *program, "import", str(folder), "--db", str(Path(scratch) / "bench.db")]
        started = time.perf_counter()
        cpu_before = children_cpu()
        process = subprocess.Popen(
            command, cwd=scratch, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        cpu = children_cpu() - cpu_before
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.returncode != 0:
            raise SystemExit(f"import failed ({process.returncode}): {error[-500:]}")
    linking = json.loads(error.strip().splitlines()[-1])["linking"] if script == TIMED_LINKING else 0.0
    return Measure(articles, seconds, peak, linking, cpu)


def import_row(label: str, code: Path, folder: Path, articles: int, runs: int, script: str = "") -> tuple[str, ...]:
    """One table row: median import rate, the largest peak memory and the linking share over ``runs`` imports."""
    measures = [run_import(code, folder, articles, script) for _ in range(runs)]
    rate = statistics.median(measure.rate for measure in measures)
    seconds = statistics.median(measure.seconds for measure in measures)
    peak = max(measure.peak_mb for measure in measures)
    linking = statistics.median(measure.linking / measure.seconds for measure in measures)
    share = f"{linking:.0%}" if script == TIMED_LINKING else ""
    cpu_ms = statistics.median(measure.cpu / measure.articles * 1000 for measure in measures)
    idle_rate = (os.cpu_count() or 1) * 1000 / cpu_ms
    return (label, f"{articles:,}", f"{seconds:.1f}", f"{rate:.0f}", f"{cpu_ms:.1f}", f"{idle_rate:.0f}", f"{peak:.0f}",
            share)


def this_tree_row(folder: Path, articles: int, runs: int) -> tuple[str, ...]:
    """This tree's import command, with the share of its time spent linking actors."""
    return import_row("this tree", ROOT, folder, articles, runs, TIMED_LINKING)


def table_row(table: Path, articles: int, runs: int) -> tuple[str, ...]:
    """This tree's import command on the same articles as one CSV file, with the share spent linking actors."""
    return import_row("this tree, one CSV", ROOT, table, articles, runs, TIMED_LINKING)


def without_linking_row(folder: Path, articles: int, runs: int) -> tuple[str, ...]:
    """This tree's import with actor linking left out: what the rest of the pipeline sustains."""
    return import_row("this tree, no linking", ROOT, folder, articles, runs, WITHOUT_LINKING)


def baseline_row(baseline: Path, folder: Path, articles: int, runs: int) -> tuple[str, ...]:
    """The baseline's import command (before: read and parse everything, then write, in one process)."""
    return import_row("before", baseline, folder, articles, runs)


def baseline_checkout(scratch: Path, ref: str) -> Path:
    """The tree at ``ref``, unpacked from git into ``scratch`` (no worktree is touched)."""
    target = scratch / "before"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def print_table(rows: list[tuple[str, ...]]) -> None:
    header = ("importer", "articles", "seconds", "articles/s", "CPU ms/article", "if cores idle", "peak MB", "linking")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in
                        enumerate(zip(row, widths))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes to import")
    parser.add_argument("--with-100k", action="store_true", help="also import 100,000 articles")
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[1000], help="sizes to run the baseline at")
    parser.add_argument("--baseline", default=BEFORE, help="the git commit to compare with (default: before this work)")
    parser.add_argument("--quotes", default="10k,100k", help="shell search sizes, from 10k, 100k, 1m ('' skips)")
    parser.add_argument("--articles", default="10k,100k", help="in-app search and launch sizes, from 10k, 100k ('' skips)")
    parser.add_argument("--search-runs", type=int, default=5, help="searches and launches per size (median)")
    parser.add_argument(
        "--linked-sizes", type=int, nargs="*", default=[1000], help="sizes to run this tree with actor linking at"
    )
    parser.add_argument(
        "--table-sizes", type=int, nargs="*", default=[1000], help="sizes to import as one CSV file too"
    )
    parser.add_argument("--runs", type=int, default=1, help="imports per size (median rate)")
    parser.add_argument("--folder", type=Path, help="import this folder instead of generated articles")
    parser.add_argument("--bbc", type=Path, default=BBC, help="the BBC set to generate articles from")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([100_000] if args.with_100k else [])))
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        baseline = baseline_checkout(scratch, args.baseline)
        corpora: list[tuple[int, Path]]
        if args.folder:
            count = sum(1 for path in args.folder.rglob("*") if path.suffix in (".txt", ".md", ".html", ".htm"))
            corpora = [(count, args.folder)]
        else:
            corpora = [(size, generate_articles(args.bbc, size, scratch / f"corpus-{size}")) for size in sizes]
        measured: list[tuple[str, Callable[[], tuple[str, ...]]]] = []
        for count, folder in corpora:
            if count in args.linked_sizes or args.folder:
                measured.append(("this tree", partial(this_tree_row, folder, count, args.runs)))
            if count in args.table_sizes and not args.folder:
                table = write_table(folder, scratch / f"corpus-{count}.csv")
                measured.append(("this tree, one CSV", partial(table_row, table, count, args.runs)))
            measured.append(("this tree, no linking", partial(without_linking_row, folder, count, args.runs)))
            if count in args.baseline_sizes or args.folder:
                measured.append(("before", partial(baseline_row, baseline, folder, count, args.runs)))
        for label, row in measured:
            print(f"importing with {label}…", file=sys.stderr, flush=True)
            rows.append(row())
        print(
            f"Import, {os.cpu_count()} cores; before ({args.baseline}) at {args.baseline_sizes or 'no'} articles, this"
            f" tree with actor linking at {args.linked_sizes or 'no'} (linking: share of the import's time in"
            " Store.save_extraction), median of", args.runs, "run(s)"
        )
        print_table(rows)
        print("target: >= 300 articles/s on 2 cores, flat from 1k to 100k; peak <= 500 MB", flush=True)
        trees = {"before": baseline, "ours": ROOT}
        if args.quotes:
            print("\n" + "\n".join(shell_rows(trees, args.quotes.split(","), args.search_runs, scratch)), flush=True)
        if args.articles:
            print("\n" + "\n".join(app_rows(trees, args.articles.split(","), args.search_runs, scratch)), flush=True)


if __name__ == "__main__":
    main()
