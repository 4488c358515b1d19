"""Provides the scale benchmark for search and launch: this tree beside the main branch, in one run.

Prints three tables, medians throughout:

1. shell search: ``safeguard-tui search`` minus ``safeguard-tui --version``, at 10k, 100k and 1M quotes
   (the first search of a database builds and saves the index: shown apart), and again after a tag; also in
   CPU seconds (the command's user and system time above ``--version``'s), which a busy machine does not change;
2. in-app search: seconds from pressing ``/`` after a tag until the index is ready (the overlay is pushed)
   and until the overlay is drawn, at 10k and 100k articles;
3. launch: seconds to the first full frame over a minimal Textual app, at 10k and 100k articles.

Databases are generated with direct SQL inserts (not import): quotes are BBC News sentences
(/work/shared/corpora/bbc-news, spliced as bench_search does) with generated speakers, 25 quotes
per document for the search sizes and 7 per article, in bodies of about 2 KB, for the app sizes.
Each database is created empty by the main branch's code so that both trees can open it (ours
adds its schema steps on first open). The main branch is taken from git (``git archive main``)
into a temporary folder; nothing in the repository is written.

    .venv/bin/python bench/bench_scale_search.py [--quotes 10k,100k,1m] [--articles 10k,100k] [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import KNOWN_ACTORS, SIZES, bbc_sentences, make_corpus  # noqa: E402
from bench_startup import BASELINE_MARKERS, MINIMAL_APP, OUR_MARKERS, time_to_markers  # noqa: E402

SHELL_QUERIES = ["warnr nhs", "pulling its weight", "goverment spendng cuts", "by:wilshaw thresholds", "broadband"]
LAUNCH_TIMEOUT = 120
"""Seconds a launch may take before its row says so (main's list measures every document first)."""
QUOTES_PER_ARTICLE = 7
FILLER = "A body for the bench to tag. " * 8
APP_SEARCH_SCRIPT = textwrap.dedent(
    """
    import asyncio, sys, time
    from storage.store import Store
    from tui.app import SafeguardApp
    from tui.screens.search import SearchScreen

    async def main(path, runs):
        store = Store.open(path, create=False)
        app = SafeguardApp(store, coder="bench")
        pushed = []
        push_screen = app.push_screen

        def timed_push(screen, *args, **kwargs):
            if isinstance(screen, SearchScreen):
                pushed.append(time.perf_counter())
            return push_screen(screen, *args, **kwargs)

        app.push_screen = timed_push
        async with app.run_test(size=(120, 40)) as pilot:
            async def open_search():
                started = time.perf_counter()
                await pilot.press("slash")
                while not isinstance(app.screen, SearchScreen):
                    await pilot.pause(0.001)
                drawn = time.perf_counter() - started
                await pilot.press("escape")
                await pilot.pause()
                return pushed[-1] - started, drawn
            await app.workers.wait_for_complete()
            first = await open_search()
            document = store.documents()[0]
            tag = store.tags()[0] if store.tags() else store.add_tag("Bench")
            times = []
            for run in range(runs):
                # Through the screen, as the t/1-9 keys do: main drops its index after such a write.
                try:
                    app.screen.apply_tag(tag.id, tag.name, document.id, (run * 3, run * 3 + 2, None))
                except TypeError:  # an older screen took the start and end apart
                    app.screen.apply_tag(tag.id, tag.name, document.id, run * 3, run * 3 + 2)
                await app.workers.wait_for_complete()
                await pilot.pause()
                times.append(await open_search())
        print(*first, *[value for pair in times for value in pair])

    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
    """
)


def export_main(folder: Path, ref: str = "main") -> Path:
    """The main branch's files (or another commit's), unpacked from git into ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def tree_env(tree: Path, folder: Path) -> dict[str, str]:
    """Run from ``tree``, with compiled modules cached (as an installed app has them) for both trees."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPATH": str(tree), "PYTHONPYCACHEPREFIX": str(folder / "bytecode")}


class Timed(NamedTuple):
    """One run of a command: wall-clock seconds, and CPU seconds (user and system), which the load does not change."""

    wall: float
    cpu: float


def run_tree(tree: Path, args: list[str], folder: Path) -> Timed:
    """Time ``python -m tui ARGS`` run from ``tree`` (output discarded, failure raises)."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tui", *args], cwd=folder, env=tree_env(tree, folder), check=True,
                   capture_output=True)
    return Timed(time.perf_counter() - started, children_cpu() - cpu_before)


def children_cpu() -> float:
    """User and system CPU seconds of every finished child process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_timed(runs: Sequence[Timed]) -> Timed:
    return Timed(statistics.median(run.wall for run in runs), statistics.median(run.cpu for run in runs))


def create_empty(tree: Path, path: Path, folder: Path) -> None:
    env = tree_env(tree, folder)
    code = f"from storage.store import Store\nStore.open({str(path)!r}).close()"
    subprocess.run([sys.executable, "-c", code], cwd=folder, env=env, check=True)


def baseline_tree(trees: dict[str, Path]) -> Path:
    """The tree this one is compared with (the first but ours): it creates the databases, so both can open them."""
    return next(tree for name, tree in trees.items() if name != "ours")


def fill_quotes(path: Path, size: int) -> None:
    """``size`` quotes in documents of 25, as bench_search makes them, inserted with SQL."""
    documents, actors, quotes = make_corpus(size)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO documents (id, slug, source_file, content_hash, title, body, raw, imported)"
            " VALUES (?, ?, ?, ?, ?, ?, '', '2026-01-01')",
            ((d, f"doc-{d}", f"/bench/{d}.txt", f"h{d}", title, FILLER) for d, title in documents.items()),
        )
        conn.executemany("INSERT INTO actors (id, name) VALUES (?, ?)", ((a.id, a.name) for a in actors))
        conn.executemany(
            "INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
            ((a.id, alias) for a in actors for alias in a.aliases),
        )
        conn.executemany(
            'INSERT INTO quotes (id, document_id, start, "end", text, speaker_id, kind, cue) VALUES (?,?,?,?,?,?,?,?)',
            ((q.id, q.document_id, q.start, q.end, q.text, q.speaker_id, q.kind, q.cue) for q in quotes),
        )
        conn.execute("INSERT INTO tags (name, shortcut) VALUES ('Funding', 1)")
    conn.close()


def fill_articles(path: Path, count: int) -> None:
    """``count`` articles of about 2 KB, each with QUOTES_PER_ARTICLE quoted sentences, inserted with SQL."""
    rng = random.Random(3)
    sentences, titles = bbc_sentences()
    actor_count = max(50, count // 10)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO actors (id, name) VALUES (?, ?)",
            [(i + 1, name) for i, (name, _) in enumerate(KNOWN_ACTORS)]
            + [(i, f"Speaker {i}") for i in range(len(KNOWN_ACTORS) + 1, actor_count + 1)],
        )
        quote_id = 0
        for first in range(1, count + 1, 5_000):
            documents, quotes = [], []
            for number in range(first, min(count, first + 4_999) + 1):
                body, spans = "", []
                for position in range(QUOTES_PER_ARTICLE * 2):
                    sentence = sentences[rng.randrange(len(sentences))]
                    if position % 2:
                        spans.append((len(body) + 1, sentence))
                        body += f"“{sentence}” "
                    else:
                        body += sentence + " "
                day = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                title = f"{titles[number % len(titles)]} ({number})"
                documents.append((number, f"a-{number}", f"/bench/{number}.txt", f"h{number}", title, "BBC", day, body))
                for start, text in spans:
                    quote_id += 1
                    speaker = rng.randint(1, actor_count)
                    quotes.append((quote_id, number, start, start + len(text), text, speaker, "direct", "said"))
            conn.executemany(
                "INSERT INTO documents (id, slug, source_file, content_hash, title, publication, published, body,"
                " raw, imported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '2026-01-01')",
                documents,
            )
            conn.executemany(
                'INSERT INTO quotes (id, document_id, start, "end", text, speaker_id, kind, cue)'
                " VALUES (?,?,?,?,?,?,?,?)",
                quotes,
            )
        conn.execute("INSERT INTO tags (name, shortcut) VALUES ('Funding', 1)")
    conn.close()


def tag_something(path: Path, number: int) -> None:
    """One tag with a note through this tree's Store, as the app would write it."""
    from storage.store import Store

    with Store.open(path, create=False) as store:
        document = store.documents()[number % 50]
        store.apply_tag(document.id, store.tags()[0].id, number, number + 4, note=f"bench note {number}")


def shell_rows(trees: dict[str, Path], sizes: list[str], runs: int, folder: Path) -> list[str]:
    rows = []
    run_tree(ROOT, ["--version"], folder)  # compiles the modules into the bytecode cache, as an installed app has them
    version = median_timed([run_tree(ROOT, ["--version"], folder) for _ in range(runs)])
    for size in sizes:
        template = folder / f"quotes-{size}.db"
        create_empty(baseline_tree(trees), template, folder)
        fill_quotes(template, SIZES[size])
        for name, tree in trees.items():
            database = folder / f"quotes-{size}-{name}.db"
            shutil.copy(template, database)
            base = ["search", "--db", str(database)]
            first = run_tree(tree, [*base[:1], SHELL_QUERIES[0], *base[1:]], folder)
            repeats = runs if name == "ours" or size != "1m" else 1
            times = [
                run_tree(tree, [base[0], SHELL_QUERIES[run % len(SHELL_QUERIES)], *base[1:]], folder)
                for run in range(repeats)
            ]
            after_tag = []
            for run in range(repeats):
                if name == "ours":
                    tag_something(database, run)
                after_tag.append(run_tree(tree, [base[0], SHELL_QUERIES[run % len(SHELL_QUERIES)], *base[1:]], folder))
            search, tagged = median_timed(times), median_timed(after_tag)
            rows.append(
                f"{size:>6} {name:<6}{first.wall - version.wall:>12.3f}{search.wall - version.wall:>12.3f}"
                f"{tagged.wall - version.wall:>12.3f}{search.cpu - version.cpu:>12.3f}{tagged.cpu - version.cpu:>12.3f}"
                f"{repeats:>6}"
            )
            print(rows[-1], flush=True)  # a long run keeps what it measured even if a later step fails
            database.unlink()
        template.unlink()
    header = (f"{'quotes':>6} {'tree':<6}{'first s':>12}{'search s':>12}{'after tag s':>12}{'search CPU':>12}"
              f"{'tag CPU':>12}{'runs':>6}")
    return [f"Shell search, seconds above --version ({version.wall:.3f} s, CPU {version.cpu:.3f} s), median;"
            " CPU: user and system seconds, which the machine's load does not change", header, *rows,
            "target: ours <= 0.5 s above --version at 1m quotes"]


def app_rows(trees: dict[str, Path], sizes: list[str], runs: int, folder: Path) -> list[str]:
    search_rows, launch_rows = [], []
    bytecode = folder / "bytecode"
    for size in sizes:
        template = folder / f"articles-{size}.db"
        create_empty(baseline_tree(trees), template, folder)
        fill_articles(template, SIZES[size])
        baseline = [time_to_markers([sys.executable, "-c", MINIMAL_APP], BASELINE_MARKERS, bytecode, cwd=folder)
                    for _ in range(runs)]
        base = statistics.median(baseline)
        for name, tree in trees.items():
            database = folder / f"articles-{size}-{name}.db"
            shutil.copy(template, database)
            if name == "ours":
                run_tree(tree, ["search", "x", "--db", str(database)], folder)  # saves the index, once
            env = tree_env(tree, folder)
            # main rebuilds the whole index on every / after a tag: minutes at 100k articles, so once there.
            searches = 1 if name != "ours" and SIZES[size] > 10_000 else runs
            timed = subprocess.run(
                [sys.executable, "-c", APP_SEARCH_SCRIPT, str(database), str(searches)],
                cwd=folder, env=env, capture_output=True, text=True,
            )
            if timed.returncode:  # an older tree whose screen has other methods: say so, go on to launch
                reason = (timed.stderr.strip().splitlines() or ["failed"])[-1][:60]
                search_rows.append(f"{size:>6} {name:<6}  not measured: {reason}")
            else:
                values = [float(value) for value in timed.stdout.split()]
                ready, drawn = values[2::2], values[3::2]
                search_rows.append(
                    f"{size:>6} {name:<6}{values[0]:>12.3f}{statistics.median(ready):>14.3f}"
                    f"{statistics.median(drawn):>14.3f}{searches:>6}"
                )
            print(search_rows[-1], flush=True)
            command = [sys.executable, "-m", "tui", "--db", str(database)]
            try:
                launches = [
                    time_to_markers(command, OUR_MARKERS, bytecode, cwd=folder, env={"PYTHONPATH": str(tree)},
                                    timeout=LAUNCH_TIMEOUT)
                    for _ in range(runs + 1)
                ][1:]
            except RuntimeError:
                launch_rows.append(f"{size:>6} {name:<6}{base:>12.3f}{'> ' + str(LAUNCH_TIMEOUT):>12}{'':>9}")
            else:
                mine = statistics.median(launches)
                launch_rows.append(f"{size:>6} {name:<6}{base:>12.3f}{mine:>12.3f}{mine / base:>8.2f}x")
            print(launch_rows[-1], flush=True)
            database.unlink()
        template.unlink()
    return [
        "In-app search: seconds from / until the index is ready (overlay pushed) and until it is drawn, median",
        f"{'articles':>6} {'tree':<6}{'first ready':>12}{'ready, tagged':>14}{'drawn, tagged':>14}{'runs':>6}",
        *search_rows,
        "target: ours <= 0.100 s after a tag at 100k articles",
        "",
        "Launch to first full frame (120x40 pty), median",
        f"{'articles':>6} {'tree':<6}{'minimal s':>12}{'app s':>12}{'ratio':>9}",
        *launch_rows,
        "target: ours <= 1.3x the minimal app at 100k articles",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", default="10k,100k,1m", help="shell search sizes, from 10k, 100k, 1m ('' skips)")
    parser.add_argument("--articles", default="10k,100k", help="app sizes, from 10k, 100k ('' skips)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        trees = {"main": export_main(folder / "main"), "ours": ROOT}
        lines: list[str] = []
        if args.quotes:
            lines += shell_rows(trees, args.quotes.split(","), args.runs, folder) + [""]
        if args.articles:
            lines += app_rows(trees, args.articles.split(","), args.runs, folder)
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
