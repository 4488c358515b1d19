"""Provides the ingestion benchmark: our article extraction beside the naive baseline (first line title, rest body).

Two measures, one run each, printed as a table:

* clean articles (the BBC News corpus, plain text: headline then paragraphs):
  how many article paragraphs survive chrome removal and how many headlines are
  right; a good extractor keeps nearly everything here;
* the shipped scraped seeds: how many known chrome phrases leak into the body.

Run: ``.venv/bin/python bench/bench_ingest.py [BBC_FOLDER]``
(default /work/shared/corpora/bbc-news; skipped when absent).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storage.corpus import shipped_corpus_dir
from storage.ingest.article import clean_text, decode, parse_article, split_paragraphs
from storage.models import Article

DEFAULT_BBC = Path("/work/shared/corpora/bbc-news")
SEED_CHROME = (
    (Path(__file__).parent.parent / "tests" / "fixtures" / "seed_chrome_phrases.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)
"""The seeds' chrome and comment phrases, shared with the tests."""


def naive_article(raw: str, filename: str) -> Article:
    """The baseline: what ingestion did before, the first line as title and every other line as body."""
    paragraphs = [line.strip() for line in raw.replace("\r\n", "\n").split("\n") if line.strip()]
    return Article(title=paragraphs[0] if paragraphs else filename, body="\n\n".join(paragraphs[1:]), raw=raw)


Extractor = Callable[[str, str], Article]
EXTRACTORS: dict[str, Extractor] = {"safeguard-tui": parse_article, "naive baseline": naive_article}


def measure_clean(folder: Path, extract: Extractor) -> tuple[int, float, float, float]:
    """(files, % paragraphs kept, % headlines right, median ms per file) over clean articles."""
    kept = total = right = 0
    timings = []
    files = sorted(folder.glob("*/*.txt"))
    for path in files:
        raw = decode(path.read_bytes(), str(path))
        expected = split_paragraphs(clean_text(raw))
        started = time.perf_counter()
        article = extract(raw, path.name)
        timings.append((time.perf_counter() - started) * 1000)
        body = set(article.body.split("\n\n"))
        kept += sum(paragraph in body for paragraph in expected[1:])
        total += len(expected) - 1
        right += article.title == expected[0]
    return len(files), 100 * kept / total, 100 * right / len(files), statistics.median(timings)


def measure_seeds(extract: Extractor) -> int:
    """How many (seed, chrome phrase) pairs leak into the extracted bodies of the shipped seeds."""
    leaks = 0
    for path in sorted(shipped_corpus_dir().glob("*.txt")):
        body = extract(decode(path.read_bytes(), str(path)), path.name).body
        leaks += sum(phrase in body for phrase in SEED_CHROME)
    return leaks


def main(argv: list[str]) -> None:
    bbc = Path(argv[0]) if argv else DEFAULT_BBC
    print(
        f"{'extractor':16} {'BBC files':>9} {'paras kept':>10} {'titles ok':>9} {'ms/file':>8} {'seed chrome leaks':>17}"
    )
    for name, extract in EXTRACTORS.items():
        if bbc.is_dir():
            files, kept, titles, median = measure_clean(bbc, extract)
            clean = f"{files:9} {kept:9.1f}% {titles:8.1f}% {median:8.2f}"
        else:
            clean = f"{'skipped':>9} {'':>10} {'':>9} {'':>8}"
        print(f"{name:16} {clean} {measure_seeds(extract):17}")


if __name__ == "__main__":
    main(sys.argv[1:])
