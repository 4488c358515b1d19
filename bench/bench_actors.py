"""Provides the actor-linking benchmark: merge quality on a hand-written gold, and cost against corpus size.

Two tables, each with this project beside the linker it replaces (``merge_actor``
as in the commit before the linker, ``BASELINE``, read with ``git show`` and run unchanged):

1. Person clusters across the BBC politics and business articles
   (``bench/gold_people.json``, written by hand): every article actor that is
   a mention of a gold person, and for each pair of mentions whether both
   linkers put them in one actor. Pairwise precision and recall.
2. Time to link and store one article's actors and quotes
   (``Store.save_extraction``) against corpus size, in a corpus generated from
   the BBC set: copy k > 0 of each article renames about half of its surnames
   and organisations (deterministically per copy), so the corpus gains new
   actors as it grows while well-known names recur. Medians over the 100
   articles before each size, in CPU time (and wall time beside it). The old
   linker runs in a subprocess on the baseline's code, at the sizes given by
   ``--old-sizes`` only: it compares each article with every stored actor,
   so larger sizes would take hours.

Usage: python bench/bench_actors.py [--sizes 100 1000 10000 20000] [--old-sizes 100 1000]
Needs /work/shared/corpora/bbc-news (or --corpus) and git; extraction is not timed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and "--worker" not in sys.argv:
    sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = Path("/work/shared/corpora/bbc-news")
GOLD = Path(__file__).with_name("gold_people.json")
GOLD_SECTIONS = ("politics", "business")
WINDOW = 100
BASELINE = "5c80858"
"""The last commit with ``merge_actor``, the linker this project's replaced: the baseline of both tables."""
SYLLABLES = "ka lo mi ne ru ta vo zen dar fel gor hal ith jor kel mon".split()

# An article as plain data, so the baseline's code can read it too: (actors, quotes), where an
# actor is (names, kind, roles) and a quote (start, end, text, kind, cue, speaker index).
PlainArticle = tuple[list[tuple[list[str], str, list[str]]], list[tuple[int, int, str, str, str, int | None]]]


def extract_plain(paths: Sequence[Path]) -> dict[str, PlainArticle]:
    """Read and extract each file with this tree's extractor."""
    from storage.attribution.quotes import extract_quotes
    from storage.ingest.article import read_article

    found: dict[str, PlainArticle] = {}
    for path in paths:
        article, _ = read_article(path)
        extraction = extract_quotes(article.body)
        actors = [(list(a.names), a.kind, list(a.roles)) for a in extraction.actors]
        quotes = [(q.start, q.end, q.text, q.kind, q.cue, q.speaker) for q in extraction.quotes]
        found[f"{path.parent.name}/{path.name}"] = (actors, quotes)
    return found


def old_linker() -> ModuleType:
    """``storage.attribution.actors`` as in ``BASELINE``, with ``merge_actor``."""
    source = subprocess.run(
        ["git", "show", f"{BASELINE}:storage/attribution/actors.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    spec = importlib.util.spec_from_loader("old_actors", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_actors"] = module
    exec(compile(source, f"{BASELINE}:storage/attribution/actors.py", "exec"), module.__dict__)
    return module


# -- 1. quality on the gold ------------------------------------------------------


def normalised(name: str) -> str:
    return " ".join(name.replace(".", " ").casefold().split())


def gold_person(names: Sequence[str], people: dict[str, str], surnames: dict[str, str]) -> str | None:
    """The gold person an article actor is a mention of; None when none or several."""
    from storage.attribution.actors import untitled_name

    found = set()
    for name in names:
        for form in (name, untitled_name(name)):
            if normalised(form) in people:
                found.add(people[normalised(form)])
        if name in surnames:
            found.add(surnames[name])
    return found.pop() if len(found) == 1 else None


def pairwise(mentions: list[tuple[str, int]]) -> tuple[float, float]:
    """Precision and recall of "same actor" over pairs of (gold person, linked actor) mentions."""
    tp = fp = fn = 0
    for (gold_a, actor_a), (gold_b, actor_b) in combinations(mentions, 2):
        if actor_a == actor_b:
            tp += gold_a == gold_b
            fp += gold_a != gold_b
        elif gold_a == gold_b:
            fn += 1
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def link_new(articles: dict[str, PlainArticle]) -> dict[str, list[int]]:
    """Actor ids of every article's actors, linked by this project's Store."""
    from storage.attribution.actors import LocalActor
    from storage.store import Store

    store = Store.memory()
    return {name: store.link_actors([LocalActor(*actor) for actor in actors]) for name, (actors, _) in articles.items()}


def link_old(articles: dict[str, PlainArticle], old: ModuleType) -> dict[str, list[int]]:
    corpus: list[Any] = []
    return {
        name: [old.merge_actor(corpus, old.LocalActor(*actor)) for actor in actors]
        for name, (actors, _) in articles.items()
    }


def gold_table(corpus: Path, old: ModuleType) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    people = {normalised(name): person["name"] for person in gold["people"] for name in person["names"]}
    paths = sorted(path for section in GOLD_SECTIONS for path in (corpus / section).glob("*.txt"))
    articles = extract_plain(paths)
    mentions_of = {}
    for name, (actors, _) in articles.items():
        surnames = gold["surname_mentions"].get(name, {})
        mentions_of[name] = [gold_person(names, people, surnames) for names, _, _ in actors]
    rows = []
    for label, linked in (("merge_actor (baseline)", link_old(articles, old)), ("linking (this tree)", link_new(articles))):
        mentions = [
            (person, actor_id)
            for name, ids in linked.items()
            for person, actor_id in zip(mentions_of[name], ids)
            if person is not None
        ]
        precision, recall = pairwise(mentions)
        rows.append((label, len(mentions), len({p for p, _ in mentions}), precision, recall))
    print(f"Person clusters: {len(gold['people'])} gold people, {len(paths)} BBC politics and business articles")
    print(f"{'linker':<22} {'mentions':>8} {'people':>6} {'precision':>9} {'recall':>7}")
    for label, count, found, precision, recall in rows:
        print(f"{label:<22} {count:>8} {found:>6} {precision:>9.3f} {recall:>7.3f}")


# -- 2. cost against corpus size ---------------------------------------------------


def variant(word: str, copy: int) -> str:
    """``word`` as copy ``copy`` of the corpus spells it: itself in copy 0 and about half the other copies."""
    if copy == 0:
        return word
    h = zlib.crc32(f"{word}|{copy}".encode())
    if h % 2 == 0:
        return word
    suffix = SYLLABLES[h % len(SYLLABLES)] + SYLLABLES[(h >> 8) % len(SYLLABLES)]
    return word + (suffix.upper() if word.isupper() else suffix)


def renamed(name: str, kind: str, copy: int) -> str:
    if kind in ("group", "unnamed"):
        return name
    words = name.split()
    return " ".join([*words[:-1], variant(words[-1], copy)]) if words else name


def generated(base: list[PlainArticle], size: int) -> list[PlainArticle]:
    """``size`` articles: the base articles, then renamed copies of them."""
    out: list[PlainArticle] = []
    for number in range(size):
        copy, index = divmod(number, len(base))
        actors, quotes = base[index]
        out.append(([([renamed(n, kind, copy) for n in names], kind, roles) for names, kind, roles in actors], quotes))
    return out


def time_imports(articles: list[PlainArticle], sizes: Sequence[int], folder: Path) -> dict[int, tuple[float, float]]:
    """Median milliseconds of ``Store.save_extraction`` over the WINDOW articles before each size: (CPU, wall)."""
    from storage.attribution.actors import LocalActor
    from storage.attribution.quotes import Extraction, FoundQuote
    from storage.models import Article
    from storage.store import Store

    store = Store.open(folder / "bench.db")
    cpu: list[float] = []
    wall: list[float] = []
    for number, (actors, quotes) in enumerate(articles[: max(sizes)]):
        document = store.add_document(Article(f"a{number}", "body", "body"), f"a{number}.txt", f"h{number}")
        extraction = Extraction([FoundQuote(*quote) for quote in quotes], [LocalActor(*actor) for actor in actors])
        start, start_cpu = time.perf_counter(), time.process_time()
        store.save_extraction(document.id, extraction)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    store.close()
    return {
        size: (1000 * statistics.median(cpu[max(0, size - WINDOW) : size]),
               1000 * statistics.median(wall[max(0, size - WINDOW) : size]))
        for size in sizes if size <= len(cpu)
    }


def old_timings(articles_file: Path, sizes: Sequence[int], folder: Path) -> dict[int, tuple[float, float]]:
    """Run ``time_imports`` on the baseline's code in a subprocess."""
    tree = folder / "baseline"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", BASELINE], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", str(articles_file), "--sizes", *map(str, sizes)],
        cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True,
    )
    return {int(size): (cpu, wall) for size, (cpu, wall) in json.loads(result.stdout).items()}


def cost_table(corpus: Path, sizes: list[int], old_sizes: list[int]) -> None:
    base = list(extract_plain(sorted(corpus.glob("*/*.txt"))).values())
    articles = generated(base, max(sizes))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        articles_file = folder / "articles.pickle"
        articles_file.write_bytes(pickle.dumps(articles[: max(old_sizes, default=0)]))
        old = old_timings(articles_file, old_sizes, folder) if old_sizes else {}
        (folder / "new").mkdir()
        new = time_imports(articles, sizes, folder / "new")
    print(f"\nTime to link and store one article: median ms of the {WINDOW} articles before each size,")
    print("CPU time of the importing process (the machine is shared, so wall time also measures others' load)")
    print(f"{'articles':>8} {'merge_actor (baseline)':>23} {'linking (this tree)':>20} {'wall, baseline':>15} {'wall, this':>11}")
    for size in sizes:
        cpu_old, wall_old = (f"{old[size][0]:.2f}", f"{old[size][1]:.2f}") if size in old else ("not run", "not run")
        print(f"{size:>8} {cpu_old:>23} {new[size][0]:>20.2f} {wall_old:>15} {new[size][1]:>11.2f}")
    low = min(s for s in sizes if s >= 1000)
    print(f"this tree, CPU ms per article at {max(sizes)} vs {low} articles: {new[max(sizes)][0] / new[low][0]:.2f}x"
          " (target <= 1.5x)")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000, 20000])
    parser.add_argument("--old-sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        articles = pickle.loads(args.worker.read_bytes())
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(time_imports(articles, args.sizes, Path(tmp))))
        return
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        raise SystemExit(2)
    gold_table(args.corpus, old_linker())
    cost_table(args.corpus, args.sizes, args.old_sizes)


if __name__ == "__main__":
    main(sys.argv[1:])
