"""Provides a benchmark of quote extraction time against text size: it must grow linearly.

Texts of 50 KB, 500 KB and 5 MB are built by concatenating BBC news articles from
/work/shared/corpora/bbc-news (or ``--corpus DIR``) when present, else synthetic
news paragraphs; two odd inputs at 500 KB and 5 MB (one quote that never closes,
and one paragraph with no sentence ends, dense with cues and quotes) probe for
regexes that backtrack and loops that rescan. One run per size; the
table gives CPU seconds (``time.process_time``, so other load on the machine
counts less), microseconds per KB (flat = linear), MB per second and quotes
found, beside a baseline: a single pass of the quotation-mark regex alone.
A last row extracts every article of the corpus one by one, as import does
(the median of three runs): the speed a user sees.

    PYTHONPATH=. /work/venv/bin/python bench/bench_quotes.py
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from collections.abc import Callable
from pathlib import Path

from storage.attribution.quotes import extract_quotes

BBC = Path("/work/shared/corpora/bbc-news")
SIZES = (50_000, 500_000, 5_000_000)
SYNTHETIC = (
    "Lord Norman Warner, the children's commissioner, said the council had improved. "
    "“It takes two to tango,” he said. “The NHS has not been a good tango partner.”\n\n"
    "Warner warned that too few NHS staff were involved, and described the Board as ‘dysfunctional’.\n\n"
)


def source_text(corpus: Path) -> str:
    """Every article of the corpus, or synthetic paragraphs if there is none."""
    files = sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []
    if not files:
        return SYNTHETIC * 100
    return "\n\n".join(path.read_text(encoding="utf-8", errors="replace") for path in files[:400])


def sized(text: str, size: int) -> str:
    """``text`` repeated or cut to ``size`` characters."""
    return "".join(itertools.islice(itertools.cycle(text), size))


def timed(function: Callable[[str], object], text: str) -> tuple[float, object]:
    started = time.process_time()
    result = function(text)
    return time.process_time() - started, result


def articles_one_by_one(corpus: Path) -> tuple[int, float, int]:
    """(characters, median CPU seconds of three runs, quotes) for every article of the corpus extracted alone."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(corpus.rglob("*.txt"))]
    runs = []
    quotes = 0
    for _ in range(3):
        started = time.process_time()
        quotes = sum(len(extract_quotes(text).quotes) for text in texts)
        runs.append(time.process_time() - started)
    return sum(map(len, texts)), sorted(runs)[1], quotes


def baseline(text: str) -> int:
    return sum(1 for _ in re.finditer(r"[\"“”‘’']", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=BBC)
    args = parser.parse_args()
    text = source_text(args.corpus)
    cases = [(f"news {size // 1000} KB", sized(text, size)) for size in SIZES]
    for size in SIZES[1:]:
        cases.append((f"never-closing quote {size // 1000} KB", "He said: “" + sized("words and more words, ", size)))
    for size in SIZES[1:]:
        cases.append((f"no sentence ends {size // 1000} KB", sized("said Smith that he said “x” and ", size)))
    header = f"{'input':<30} {'size KB':>8} {'extract s':>10} {'µs/KB':>8} {'MB/s':>6} {'quotes':>7} {'baseline s':>11}"
    print(header)
    for name, sample in cases:
        seconds, extraction = timed(extract_quotes, sample)
        base, _ = timed(baseline, sample)
        kb = len(sample) / 1000
        quotes = len(extraction.quotes)  # type: ignore[attr-defined]
        rate = kb / 1000 / seconds
        print(f"{name:<30} {kb:>8.0f} {seconds:>10.3f} {seconds / kb * 1e6:>8.0f} {rate:>6.2f} {quotes:>7} {base:>11.3f}")
    if args.corpus.is_dir():
        characters, seconds, quotes = articles_one_by_one(args.corpus)
        kb = characters / 1000
        name = "articles one by one (median)"
        print(f"{name:<30} {kb:>8.0f} {seconds:>10.3f} {seconds / kb * 1e6:>8.0f} {kb / 1000 / seconds:>6.2f} {quotes:>7} {'':>11}")
    print("target: at least 1 MB/s on one core, flat µs/KB")


if __name__ == "__main__":
    main()
