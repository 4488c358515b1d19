"""Provides the ingestion benchmark: our own cleaner, trafilatura, and the two combined as import uses them.

One table, one row per extractor and page set:

* the invented outlet pages (tests/fixtures/outlets), as HTML and as whole-page
  text dumps: share of key passages kept, share of furniture phrases leaked,
  pages clean (all kept, nothing leaked), headlines right; and the same for the
  held-out pages (outlets/held_out), written after the rules were tuned;
* the BBC News set (plain text, headline then paragraphs): paragraphs kept,
  share of body paragraphs that are not the article's (leaked), headlines right;
* the shipped seeds (scraped text dumps): known chrome phrases leaked, headlines right;

with the median milliseconds per page. The naive baseline (first line title,
every other line body) is what ingestion did at first.

trafilatura reads HTML; a text dump is handed to it as a page of ``<p>`` lines.

Run: ``/work/venv/bin/python bench/bench_ingest.py [BBC_FOLDER]``
(default /work/shared/corpora/bbc-news; skipped when absent).
"""

from __future__ import annotations

import html
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.corpus import shipped_corpus_dir  # noqa: E402
from storage.ingest.article import (  # noqa: E402
    clean_text,
    decode,
    extract_html_article,
    parse_article,
    split_paragraphs,
)
from storage.ingest.chrome import classify  # noqa: E402
from storage.ingest.trafilatura_page import read_metadata_with_trafilatura, read_with_trafilatura  # noqa: E402
from storage.models import Article  # noqa: E402
from tests.fixtures.outlets.outlet_pages import FOLDER, HELD_OUT, load_pages, score_page  # noqa: E402

DEFAULT_BBC = Path("/work/shared/corpora/bbc-news")
SEED_CHROME = (ROOT / "tests" / "fixtures" / "seed_chrome_phrases.txt").read_text(encoding="utf-8").splitlines()
"""The seeds' chrome and comment phrases, shared with the tests."""
SEED_TITLES = {
    "000": "Birmingham commissioner slams NHS over joint working failures",
    "001": "‘NHS in Birmingham is simply not pulling its weight in protecting children’",
    "002": "Ministers consider outsourcing children’s services as experts take control of improvements in Birmingham",
    "003": "‘Our children are safer, but not safe enough’, Birmingham council bosses warn",
    "004": "Birmingham children's services 'should be devolved'",
}
"""Each seed's headline as the page presents it (read by eye from the pages)."""


def is_html(filename: str) -> bool:
    return filename.lower().endswith((".html", ".htm"))


def own_cleaner(raw: str, filename: str) -> Article:
    """The project's own cleaner alone: HTML through its standard-library parser, never trafilatura."""
    if is_html(filename):
        return extract_html_article(clean_text(raw), raw, use_trafilatura=False)
    return parse_article(raw, filename)


def trafilatura_alone(raw: str, filename: str) -> Article:
    """trafilatura's text and title as they come; a text dump is given to it as a page of paragraphs."""
    page = raw if is_html(filename) else as_html(raw)
    found = read_with_trafilatura(page)
    if found is None:
        return Article(title="", body="", raw=raw)
    title = read_metadata_with_trafilatura(page).title
    return Article(title=title, body="\n\n".join(found.paragraphs), raw=raw)


def as_html(text: str) -> str:
    lines = (line.strip() for line in clean_text(text).split("\n"))
    return "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines if line) + "</body></html>"


def naive_article(raw: str, filename: str) -> Article:
    """The baseline: the first line as title and every other line as body."""
    paragraphs = [line.strip() for line in raw.replace("\r\n", "\n").split("\n") if line.strip()]
    return Article(title=paragraphs[0] if paragraphs else filename, body="\n\n".join(paragraphs[1:]), raw=raw)


Extractor = Callable[[str, str], Article]
EXTRACTORS: dict[str, Extractor] = {
    "own cleaner": own_cleaner,
    "trafilatura": trafilatura_alone,
    "safeguard-tui": parse_article,
    "naive baseline": naive_article,
}
"""safeguard-tui is what import does: trafilatura for HTML where it finds the article, our cleaner otherwise."""


@dataclass(frozen=True)
class Row:
    pages: int
    kept: float
    leaked: float
    clean: int
    headlines: int
    median_ms: float

    def cells(self) -> str:
        kept = f"{100 * self.kept:7.1f}%" if self.kept == self.kept else f"{'-':>8}"
        return (
            f"{self.pages:6} {kept} {100 * self.leaked:7.1f}% "
            f"{self.clean:4}/{self.pages:<4} {self.headlines:4}/{self.pages:<4} {self.median_ms:8.2f}"
        )


def timed(extract: Extractor, raw: str, filename: str) -> tuple[Article, float]:
    """The article and the milliseconds it took; the paragraph-class cache starts empty for each page."""
    classify.cache_clear()
    started = time.perf_counter()
    article = extract(raw, filename)
    return article, (time.perf_counter() - started) * 1000


def measure_outlets(form: str, extract: Extractor, folder: Path = FOLDER) -> Row:
    """Kept, leaked, clean and headlines on the invented outlet pages in one form ("html" or "text")."""
    scores, timings = [], []
    for page in load_pages(form, folder):
        article, ms = timed(extract, decode(page.path.read_bytes(), page.path.name), page.path.name)
        scores.append(score_page(page, article))
        timings.append(ms)
    return Row(
        len(scores),
        statistics.mean(score.kept for score in scores),
        statistics.mean(score.leaked for score in scores),
        sum(score.clean for score in scores),
        sum(score.headline_right for score in scores),
        statistics.median(timings),
    )


def measure_bbc(folder: Path, extract: Extractor) -> Row:
    """Over clean articles: paragraphs kept, body paragraphs that are not the article's, headlines right."""
    kept = total = extra = body_total = clean = right = 0
    timings = []
    files = sorted(folder.glob("*/*.txt"))
    for path in files:
        raw = decode(path.read_bytes(), str(path))
        expected = split_paragraphs(clean_text(raw))
        article, ms = timed(extract, raw, path.name)
        timings.append(ms)
        body = article.body.split("\n\n") if article.body else []
        wanted = set(expected[1:])
        found = sum(paragraph in set(body) for paragraph in wanted)
        foreign = sum(paragraph not in wanted for paragraph in body)
        kept, total = kept + found, total + len(wanted)
        extra, body_total = extra + foreign, body_total + len(body)
        clean += found == len(wanted) and not foreign
        right += article.title == expected[0]
    return Row(len(files), kept / total, extra / max(body_total, 1), clean, right, statistics.median(timings))


def measure_seeds(extract: Extractor) -> Row:
    """On the shipped seeds: known chrome phrases leaked (share of seed-phrase pairs), seeds with none, headlines right."""
    leaks = pairs = right = clean = 0
    timings = []
    paths = sorted(shipped_corpus_dir().glob("*.txt"))
    for path in paths:
        article, ms = timed(extract, decode(path.read_bytes(), str(path)), path.name)
        timings.append(ms)
        leaked = sum(phrase in article.body for phrase in SEED_CHROME)
        leaks, pairs, clean = leaks + leaked, pairs + len(SEED_CHROME), clean + (not leaked)
        right += article.title == SEED_TITLES.get(path.name[:3])
    return Row(len(paths), float("nan"), leaks / pairs, clean, right, statistics.median(timings))


def table(rows: Iterable[tuple[str, str, str]]) -> None:
    print(f"{'page set':18} {'extractor':15} {'pages':>6} {'kept':>8} {'leaked':>8} {'clean':>9} {'headline':>9} {'ms/page':>8}")
    for page_set, name, cells in rows:
        print(f"{page_set:18} {name:15} {cells}")


def main(argv: list[str]) -> None:
    bbc = Path(argv[0]) if argv else DEFAULT_BBC
    rows = []
    for label, folder in (("outlets", FOLDER), ("held-out", HELD_OUT)):
        for form in ("html", "text"):
            for name, extract in EXTRACTORS.items():
                rows.append((f"{label} ({form})", name, measure_outlets(form, extract, folder).cells()))
    for name, extract in EXTRACTORS.items():
        rows.append(("seeds (text)", name, measure_seeds(extract).cells()))
    if bbc.is_dir():
        for name, extract in EXTRACTORS.items():
            rows.append(("BBC (text)", name, measure_bbc(bbc, extract).cells()))
    table(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
