"""Benchmark: launch to first full frame, safeguard-tui beside a minimal Textual app started the same way.

Each run spawns a fresh Python process in a pseudo-terminal (120x40) and times
from spawn until the terminal output contains the frame's marker text: for our
app the document list's "N of N · by date" subtitle, which is drawn only once
the documents have been read from the database (a full first frame, not an
empty shell); for the baseline, a Textual app with one Static and a Footer,
the text of its Static. Prints medians over the runs (default 7).

Both apps start from cached bytecode, as an installed app does (pip compiles a
wheel's modules; a clone writes __pycache__ on its first launch): the children
get a bytecode cache in a temporary folder even when PYTHONDONTWRITEBYTECODE is
set here, and each app is launched once, untimed, to fill it. Otherwise our own
modules would be compiled from source on every timed launch while Textual's
come precompiled from site-packages.

    .venv/bin/python bench/bench_startup.py [--runs N]
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


def time_to_marker(command: list[str], marker: re.Pattern[bytes], bytecode: Path) -> float:
    """Seconds from spawning ``command`` in a pty until its output matches ``marker``.

    ``bytecode`` is the folder the child caches its compiled modules in.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env |= {"TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES),
            "PYTHONPYCACHEPREFIX": str(bytecode)}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                               start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - started < TIMEOUT:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if marker.search(seen):
                    return time.perf_counter() - started
        raise RuntimeError(f"{command[:3]} never drew {marker.pattern!r}; last output: {seen[-300:]!r}")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.db"
        with Store.open(template) as store:
            seed(store)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        bytecode = Path(folder) / "bytecode"
        ours, baseline = [], []
        for run in range(-1, args.runs):  # Run -1 only fills the bytecode cache.
            database = Path(folder) / f"run{run}.db"
            shutil.copy(template, database)
            our_seconds = time_to_marker([sys.executable, "-m", "tui", "--db", str(database)],
                                         re.compile(rb"\d+ of \d+ \xc2\xb7 by date"), bytecode)
            base_seconds = time_to_marker([sys.executable, "-c", MINIMAL_APP], re.compile(rb"minimal app ready"),
                                          bytecode)
            if run >= 0:
                ours.append(our_seconds)
                baseline.append(base_seconds)
    mine, base = statistics.median(ours), statistics.median(baseline)
    print(f"Launch to first full frame, {COLUMNS}x{LINES} pty, median of {args.runs} runs")
    print(f"{'app':<34}{'median s':>10}{'min s':>10}{'max s':>10}")
    print(f"{'minimal Textual app (baseline)':<34}{base:>10.3f}{min(baseline):>10.3f}{max(baseline):>10.3f}")
    print(f"{'safeguard-tui (5 shipped docs)':<34}{mine:>10.3f}{min(ours):>10.3f}{max(ours):>10.3f}")
    print(f"ratio {mine / base:.2f}x (target <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
