"""Provides the Reader benchmark: opening a 5 MB article and moving in it, beside a 5 KB one.

Run: ``.venv/bin/python bench/bench_reader.py [--repeat N]``. Headless (``App.run_test``).
The long article is BBC news text from /work/shared/corpora/bbc-news joined to 5 MB
when that folder exists, else synthetic sentences; the short one is its first 5 KB.
A third row puts an emoji in every paragraph of the long one: such lines take the
slower wrapping path that measures every word's cells.

Columns (milliseconds): *open* is ``show_document`` plus the first full frame, as
wall time until the app settled. *j* and *pagedown* are one key press handled
end to end (key dispatch, the Reader's action, the frame composed for the
headless terminal), measured as the process's CPU time: Pilot waits for the
event loop to idle after each key (~40 ms of sleeping in wall time) and that wait
is not latency a user sees. When a move can go no further the document is
reopened, untimed. One run; medians and 95th percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult  # noqa: E402

from tui.widgets.reader import Reader, ReaderDocument  # noqa: E402

CORPUS = Path("/work/shared/corpora/bbc-news")
LONG = 5_000_000
SHORT = 5_000
SIZE = (100, 40)


def corpus_text(size: int) -> tuple[str, str]:
    """Text of about ``size`` characters and where it came from."""
    files = sorted(CORPUS.rglob("*.txt")) if CORPUS.is_dir() else []
    parts: list[str] = []
    total = 0
    if files:
        while total < size:
            for path in files:
                text = path.read_text(encoding="utf-8", errors="replace").strip()
                parts.append(text)
                total += len(text) + 2
                if total >= size:
                    break
        return "\n\n".join(parts), f"BBC news ({len(files)} files, repeated)"
    sentence = "The council said the review of children's services found serious failings. "
    while total < size:
        parts.append((sentence * 8).strip())
        total += len(parts[-1]) + 2
    return "\n\n".join(parts), "synthetic"


class BenchApp(App[None]):
    """A bare app around one Reader."""

    def compose(self) -> ComposeResult:
        yield Reader()


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def time_keys(pilot, reader: Reader, document: ReaderDocument, key: str, repeat: int):  # type: ignore[no-untyped-def]
    """CPU milliseconds of each of ``repeat`` presses of ``key`` that moved the cursor."""
    samples: list[float] = []
    while len(samples) < repeat:
        before = reader.cursor
        start = time.process_time()
        await pilot.press(key)
        elapsed = time.process_time() - start
        if reader.cursor == before:
            reader.show_document(document)
            await pilot.pause()
        else:
            samples.append(elapsed * 1000)
    return samples


async def measure(body: str, repeat: int) -> dict[str, float]:
    """Open ``body`` in a fresh headless app and time the open and the moves (ms)."""
    document = ReaderDocument(document_id=1, title="Benchmark", body=body)
    app = BenchApp()
    results: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(Reader)
        reader.focus()
        await pilot.pause()
        start = time.perf_counter()
        reader.show_document(document)
        await pilot.pause()
        results["open"] = (time.perf_counter() - start) * 1000
        for key in ("j", "pagedown"):
            samples = await time_keys(pilot, reader, document, key, repeat)
            results[f"{key} median"] = statistics.median(samples)
            results[f"{key} p95"] = percentile(samples, 0.95)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="key presses per measurement")
    args = parser.parse_args()

    long_body, source = corpus_text(LONG)
    long_body = long_body[:LONG]
    short_body = long_body[:SHORT]
    emoji_body = "\n\n".join(f"{paragraph} \U0001f600" for paragraph in long_body.split("\n\n"))
    rows = [
        ("5 KB article", asyncio.run(measure(short_body, args.repeat))),
        ("5 MB article", asyncio.run(measure(long_body, args.repeat))),
        ("5 MB + emoji", asyncio.run(measure(emoji_body, args.repeat))),
    ]
    columns = ["open", "j median", "j p95", "pagedown median", "pagedown p95"]
    print(f"Reader benchmark: {source}; terminal {SIZE[0]}x{SIZE[1]}; {args.repeat} presses; ms")
    print(f"| {'document':<13} | " + " | ".join(f"{c:>8}" for c in columns) + " |")
    print("|" + "-" * 15 + "|" + "|".join("-" * (max(8, len(c)) + 2) for c in columns) + "|")
    for label, results in rows:
        cells = " | ".join(f"{results[c]:>{max(8, len(c))}.2f}" for c in columns)
        print(f"| {label:<13} | {cells} |")


if __name__ == "__main__":
    main()
