"""Provides the search benchmark: our index beside brute-force rapidfuzz and plain FTS5, at 10k-1M quotes.

Run: ``.venv/bin/python bench/bench_search.py [--sizes 10k,100k,1m]``. Prints one table:
engine x size x median and p95 latency per query, recall@10 against brute force,
index build time and the memory the index adds (RSS growth while building).

Quotes are sentences of the BBC News corpus (/work/shared/corpora/bbc-news,
read only when present) with generated speakers; beyond the corpus's own
sentences, new ones are spliced from the first half of one and the second half
of another, so a million quotes are realistic text, not copies. Without the
corpus, sentences are generated from a small built-in vocabulary.

Brute force scores every quote with ``score_entry``, the scorer the index
implements (word similarities memoised per query, which only flatters it); at
1M quotes ``--brute-sample N`` runs it on only N of the typo queries (the table
says so), and recall is then measured on those. Our latencies
are cold: the expansion cache is cleared before every query.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import multiprocessing
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.models import Actor, Quote  # noqa: E402
from storage.search.engine import SearchIndex, actor_words  # noqa: E402
from storage.search.query import parse_query, words  # noqa: E402
from storage.search.token_index import term_similarity  # noqa: E402

BBC = Path("/work/shared/corpora/bbc-news")
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
QUOTES_PER_DOCUMENT = 25
TOP = 10
QUERIES = [
    "warner nhs",
    "warnr nhs",
    "pulling its weight",
    "pulling its wieght",
    "thresholds",
    "threshholds",
    "le grande funding",
    "wilshore",
    "maternity pay",
    "matrenity pay",
    "government spending cuts",
    "goverment spendng cuts",
    "chancellor budget",
    "chancelor budjet",
    "election campaign labour",
    "broadband",
]
FIRST_NAMES = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Susan Richard Jessica Joseph "
    "Sarah Thomas Karen Charles Nancy Daniel Lisa Matthew Betty Anthony Margaret Mark Sandra Paul Ashley Steven "
    "Priya Amir Fatima Mohammed Aisha Chen Wei Olu Ade Siobhan Niamh Gareth Rhys Ewan Morag"
).split()
SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts "
    "Green Hall Wood Jackson Clarke Patel Khan Hughes Edwards Lewis Hill Harris Clark Cooper Ward Morris Turner "
    "Hussain Begum Ahmed Okafor Nowak Kowalski Murphy Kelly Byrne Campbell Stewart Anderson Macdonald Scott Reid"
).split()
SYLLABLES = "ar ber cal den el fin gor hal is jen kel lor mar nor os pen quin ros sel tor ul ven wil yor zan".split()
KNOWN_ACTORS = [
    ("Lord Warner", ("Norman Warner", "Warner")),
    ("Sir Michael Wilshaw", ("Michael Wilshaw", "Wilshaw")),
    ("Julian Le Grand", ("Le Grand",)),
]
KNOWN_SENTENCES = [
    "The NHS must pull its weight in Birmingham",
    "Health partners are not pulling their weight on child protection",
    "The thresholds for intervention were set far too high",
    "The council has been in denial about funding for years",
]


def bbc_sentences() -> tuple[list[str], list[str]]:
    """Sentences and titles of the BBC corpus, or generated ones when it is absent."""
    if not BBC.is_dir():
        return generated_sentences()
    sentences, titles = [], []
    for path in sorted(BBC.rglob("*.txt")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        if not lines:
            continue
        titles.append(lines[0].strip())
        text = " ".join(line.strip() for line in lines[1:] if line.strip())
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", text) if len(s.split()) >= 5]
    return sentences, titles


def generated_sentences() -> tuple[list[str], list[str]]:
    rng = random.Random(7)
    vocabulary = (
        "council children services social workers inspection report failing safeguarding budget funding "
        "minister government health police schools families cases review commissioner local authority staff "
        "department care risk abuse neglect improvement plan years city national agency weeks months said"
    ).split()
    sentences = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 25))) for _ in range(40_000)]
    titles = [" ".join(rng.choice(vocabulary) for _ in range(6)).capitalize() for _ in range(2_000)]
    return sentences, titles


def make_corpus(size: int, seed: int = 1) -> tuple[dict[int, str], list[Actor], list[Quote]]:
    """``size`` quotes by generated speakers, in documents of QUOTES_PER_DOCUMENT quotes."""
    rng = random.Random(seed)
    sentences, titles = bbc_sentences()
    surnames = SURNAMES + [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(3_000)
    ]
    actor_count = max(50, size // 20)
    actors = [Actor(i + 1, name, "person", "", aliases) for i, (name, aliases) in enumerate(KNOWN_ACTORS)]
    for actor_id in range(len(actors) + 1, actor_count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(surnames)
        actors.append(Actor(actor_id, f"{first} {last}", "person", "", (last,)))
    quotes = []
    for quote_id in range(1, size + 1):
        if quote_id % 500 == 0:
            text = KNOWN_SENTENCES[(quote_id // 500) % len(KNOWN_SENTENCES)]
            speaker = (quote_id // 500) % len(KNOWN_ACTORS) + 1
        else:
            index = quote_id - 1
            if index < len(sentences):
                text = sentences[index]
            else:
                head, tail = rng.choice(sentences).split(), rng.choice(sentences).split()
                text = " ".join(head[: len(head) // 2] + tail[len(tail) // 2 :])
            speaker = rng.randint(1, actor_count)
        document = (quote_id - 1) // QUOTES_PER_DOCUMENT + 1
        quotes.append(Quote(quote_id, document, 0, len(text), text, speaker, "direct", "said"))
    documents = {d: titles[d % len(titles)] for d in range(1, (size - 1) // QUOTES_PER_DOCUMENT + 2)}
    return documents, actors, quotes


def rss_mb() -> float:
    gc.collect()
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


class Ours:
    name = "ours (token index + rapidfuzz)"

    def __init__(self, documents: dict[int, str], actors: list[Actor], quotes: list[Quote]) -> None:
        self.index = SearchIndex.from_records(titles=documents, actors=actors, quotes=quotes)

    def search(self, query: str) -> list[int]:
        self.index._quote_words.clear_cache()
        self.index._actor_words.clear_cache()
        return [hit.quote_id or 0 for hit in self.index.search(query, limit=TOP).quotes]


class BruteForce:
    name = "brute force (same scorer)"

    def __init__(self, documents: dict[int, str], actors: list[Actor], quotes: list[Quote]) -> None:
        names = {actor.id: actor_words(actor) for actor in actors}
        self.ids = [quote.id for quote in quotes]
        self.entries = [set(words(quote.text) + names.get(quote.speaker_id or 0, [])) for quote in quotes]

    def search(self, query: str) -> list[int]:
        parsed = parse_query(query)
        terms = parsed.match_terms
        memo: list[dict[str, float]] = [{} for _ in terms]
        scores = []
        for entry in self.entries:
            total = 0.0
            for position, term in enumerate(terms):
                cache = memo[position]
                best = 0.0
                for word in entry:
                    similarity = cache.get(word)
                    if similarity is None:
                        prefix = parsed.prefix_last and position == len(terms) - 1
                        similarity = cache[word] = term_similarity(term, word, prefix)
                    if similarity > best:
                        best = similarity
                total += best
            scores.append(total / len(terms))
        ranked = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: (-scores[i], i))[:TOP]
        return [self.ids[i] for i in ranked]


class PlainFts5:
    name = "plain FTS5 (bm25, no typos)"

    def __init__(self, documents: dict[int, str], actors: list[Actor], quotes: list[Quote]) -> None:
        names = {actor.id: " ".join([actor.name, *actor.aliases]) for actor in actors}
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE quotes USING fts5(text, speaker)")
        self.db.executemany(
            "INSERT INTO quotes (rowid, text, speaker) VALUES (?, ?, ?)",
            ((quote.id, quote.text, names.get(quote.speaker_id or 0, "")) for quote in quotes),
        )
        self.db.commit()

    def search(self, query: str) -> list[int]:
        terms = parse_query(query).match_terms
        match = " ".join(f'"{term}"' for term in terms)
        rows = self.db.execute(
            "SELECT rowid FROM quotes WHERE quotes MATCH ? ORDER BY bm25(quotes) LIMIT ?", [match, TOP]
        )
        return [rowid for (rowid,) in rows]


def timed(search: Callable[[str], list[int]], queries: Sequence[str]) -> tuple[list[float], dict[str, list[int]]]:
    latencies, answers = [], {}
    for query in queries:
        started = time.perf_counter()
        answers[query] = search(query)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies, answers


def recall(answers: dict[str, list[int]], truth: dict[str, list[int]]) -> float | None:
    pairs = [(set(answers[q]), set(truth[q])) for q in truth if truth[q]]
    if not pairs:
        return None
    return statistics.mean(len(found & expected) / len(expected) for found, expected in pairs)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


ENGINES = {"brute": BruteForce, "ours": Ours, "fts5": PlainFts5}
CORPUS: tuple[dict[int, str], list[Actor], list[Quote]] | None = None
"""The corpus of the size being measured; forked engine processes inherit it without copying."""


def measure(engine_key: str, queries: list[str]) -> tuple[float, float, list[float], dict[str, list[int]]]:
    """Build one engine over CORPUS and time the queries; runs in a forked child so memory is its own."""
    assert CORPUS is not None
    before, started = rss_mb(), time.perf_counter()
    built = ENGINES[engine_key](*CORPUS)
    build_seconds = time.perf_counter() - started
    memory = rss_mb() - before
    latencies, answers = timed(built.search, queries)
    return build_seconds, memory, latencies, answers


def release_free_memory() -> None:
    """Hand freed heap back to the OS so a child's RSS growth is what its engine allocated."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def main(argv: Sequence[str] | None = None) -> int:
    global CORPUS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--sizes", default="10k,100k,1m", help="comma-separated from 10k, 100k, 1m")
    parser.add_argument(
        "--brute-sample",
        type=int,
        default=0,
        metavar="N",
        help="at 1M quotes, run brute force (and so measure recall) on only the first N typo queries"
        " (default: all queries, about 10 s each)",
    )
    args = parser.parse_args(argv)
    try:
        sizes = [SIZES[name.strip().lower()] for name in args.sizes.split(",")]
    except KeyError as error:
        parser.error(f"unknown size {error}; choose from {', '.join(SIZES)}")
    typo_queries = QUERIES[1::2]
    sampled = typo_queries[: args.brute_sample] if args.brute_sample > 0 else QUERIES
    rows, notes = [], []
    context = multiprocessing.get_context("fork")
    for size in sizes:
        before = rss_mb()
        CORPUS = make_corpus(size)
        release_free_memory()
        notes.append(f"{size:,} quotes: the records themselves take {rss_mb() - before:.0f} MB, not counted above")
        truth: dict[str, list[int]] = {}
        for engine_key, engine in ENGINES.items():
            queries = sampled if engine is BruteForce and size >= 1_000_000 else QUERIES
            with context.Pool(1) as pool:
                build_seconds, memory, latencies, answers = pool.apply(measure, (engine_key, queries))
            if engine is BruteForce:
                truth = answers
            note = f"{len(queries)} queries" + (" (sampled)" if len(queries) < len(QUERIES) else "")
            if engine is not BruteForce and len(truth) < len(QUERIES):
                note += f", recall on {len(truth)}"
            rows.append(
                (
                    engine.name,
                    f"{size:,}",
                    statistics.median(latencies),
                    p95(latencies),
                    recall(answers, truth),
                    build_seconds,
                    memory,
                    note,
                )
            )
            print_row(rows[-1], file=sys.stderr)
        CORPUS = None
    print_table(rows)
    print("memory: RSS growth while building the engine;", "; ".join(notes))
    print("latency: cold (no cached expansions), one run per query, on a shared 2-core box")
    return 0


HEADER = ("engine", "quotes", "median ms", "p95 ms", "recall@10", "build s", "memory MB", "queries")


def format_row(row: tuple) -> list[str]:  # type: ignore[type-arg]
    name, size, median, high, found, build, memory, note = row
    shown_recall = "-" if found is None else f"{found:.3f}"
    return [name, size, f"{median:.1f}", f"{high:.1f}", shown_recall, f"{build:.1f}", f"{memory:.0f}", note]


def print_row(row: tuple, file: object = sys.stdout) -> None:  # type: ignore[type-arg]
    print("  ".join(format_row(row)), file=file)  # type: ignore[call-overload]


def print_table(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    cells = [list(HEADER)] + [format_row(row) for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADER))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    lines.insert(1, "-|-".join("-" * width for width in widths))
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
