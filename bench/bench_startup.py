"""Benchmark: launch to first full frame, safeguard-tui beside a minimal Textual app started the same way.

Each run spawns a fresh Python process in a pseudo-terminal (120x40) and times
from spawn until the terminal output contains every marker of a full frame:
for our app the document list's "N of N · by date" subtitle, drawn only once
the documents have been read from the database (not an empty shell), and the
footer's last key, "Keys"; for the baseline, a Textual app with one Static and
a Footer, the text of its Static and the footer's "palette" key. Textual's
Footer fills in its keys a frame or two after the rest, in both apps, so
waiting for it is what makes the frame full. Prints medians over the runs
(default 7).

Both apps start from cached bytecode, as an installed app does (pip compiles a
wheel's modules; a clone writes __pycache__ on its first launch): the children
get a bytecode cache in a temporary folder even when PYTHONDONTWRITEBYTECODE is
set here, and each app is launched once, untimed, to fill it. Otherwise our own
modules would be compiled from source on every timed launch while Textual's
come precompiled from site-packages.

    .venv/bin/python bench/bench_startup.py [--runs N] [--database BIG.db]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.corpus import seed  # noqa: E402
from storage.store import Store  # noqa: E402

COLUMNS, LINES = 120, 40
TIMEOUT = 30.0

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Minimal(App):
    def compose(self):
        yield Static("minimal app ready")
        yield Footer()

Minimal().run()
"""


def time_to_markers(
    command: list[str],
    markers: list[re.Pattern[bytes]],
    bytecode: Path,
    *,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> float:
    """Seconds from spawning ``command`` in a pty until its output has matched every one of ``markers``.

    ``bytecode`` is the folder the child caches its compiled modules in; ``cwd`` where it runs;
    ``env`` variables added to its environment.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    child_env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    child_env |= {"TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES),
            "PYTHONPYCACHEPREFIX": str(bytecode)} | (env or {})
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=child_env, cwd=cwd,
                               start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if all(marker.search(seen) for marker in markers):
                    return time.perf_counter() - started
        missing = [marker.pattern for marker in markers if not marker.search(seen)]
        raise RuntimeError(f"{command[:3]} never drew {missing!r}; last output: {seen[-300:]!r}")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


OUR_MARKERS = [re.compile(rb"\d+ of \d+ \xc2\xb7 by date"), re.compile(rb"Keys")]
BASELINE_MARKERS = [re.compile(rb"minimal app ready"), re.compile(rb"palette")]


def document_count(path: Path) -> int:
    with Store.open(path, create=False) as store:
        return len(store.document_summaries())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", type=Path, action="append", default=[], metavar="PATH",
                        help="also time launching on a copy of this database (say, a large corpus); repeatable")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.db"
        with Store.open(template) as store:
            seed(store)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        templates = [template, *args.database]
        labels = [f"safeguard-tui ({document_count(path)} docs)" for path in templates]
        bytecode = Path(folder) / "bytecode"
        ours: list[list[float]] = [[] for _ in templates]
        baseline: list[float] = []
        for run in range(-1, args.runs):  # Run -1 only fills the bytecode cache.
            base_seconds = time_to_markers([sys.executable, "-c", MINIMAL_APP], BASELINE_MARKERS, bytecode)
            if run >= 0:
                baseline.append(base_seconds)
            for index, source in enumerate(templates):
                database = Path(folder) / f"run{run}-{index}.db"
                shutil.copy(source, database)
                seconds = time_to_markers([sys.executable, "-m", "tui", "--db", str(database)], OUR_MARKERS, bytecode)
                database.unlink()
                if run >= 0:
                    ours[index].append(seconds)
    base = statistics.median(baseline)
    print(f"Launch to first full frame, {COLUMNS}x{LINES} pty, median of {args.runs} runs")
    print(f"{'app':<36}{'median s':>10}{'min s':>10}{'max s':>10}{'ratio':>8}")
    print(f"{'minimal Textual app (baseline)':<36}{base:>10.3f}{min(baseline):>10.3f}{max(baseline):>10.3f}{1:>7.2f}x")
    for label, times in zip(labels, ours):
        mine = statistics.median(times)
        print(f"{label:<36}{mine:>10.3f}{min(times):>10.3f}{max(times):>10.3f}{mine / base:>7.2f}x")
    print("target: safeguard-tui on the shipped corpus <= 1.3x the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
