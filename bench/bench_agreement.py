"""Agreement table speed: 2 coders x 1,000 documents x 20 tags, beside the krippendorff package per tag.

Run: ``/work/venv/bin/python bench/bench_agreement.py [CORPUS_DIR] [N_DOCUMENTS]`` (default: the BBC corpus
in /work/shared/corpora/bbc-news when it is there, else generated text; 1,000 documents). Each of two coders
tags about eight spans of whole sentences per document with 20 tags; the second coder keeps most of the
first coder's spans (some with moved edges, some under another tag) and adds spans of their own.

Rows (medians of 5 runs):
- ``store_agreement (ours)``: the whole table from a Store: read documents and annotations, split sentences,
  and per tag and overall % agreement, kappa, alpha and alpha_u.
- ``compute_agreement (ours)``: the same figures from data already in memory.
- ``krippendorff package (baseline)``: for each tag, the coder x sentence table built by checking every
  sentence against every span of the document, then ``krippendorff.alpha`` (nominal alpha only: no kappa,
  no alpha_u). The target is the first row under 2 s.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import krippendorff
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage.analysis.agreement import CodedSpan, compute_agreement, store_agreement  # noqa: E402
from storage.attribution.text import split_sentences  # noqa: E402
from storage.models import Article  # noqa: E402
from storage.store import Store  # noqa: E402

CODERS = ("ann", "bob")
TAGS = [f"tag {n:02}" for n in range(20)]
WORDS = "the council said funding for children services would rise next year after review".split()


def read_texts(folder: Path | None, count: int, rng: random.Random) -> list[str]:
    if folder is not None and folder.is_dir():
        files = sorted(folder.rglob("*.txt"))[:count]
        if len(files) == count:
            return [f.read_text(encoding="utf-8", errors="replace") for f in files]
    return [
        "\n\n".join(
            " ".join(" ".join(rng.choices(WORDS, k=rng.randint(8, 25))).capitalize() + "." for _ in range(4))
            for _ in range(6)
        )
        for _ in range(count)
    ]


def code(texts: list[str], rng: random.Random) -> list[CodedSpan]:
    spans = []
    for doc, text in enumerate(texts):
        sentences = split_sentences(text)
        for _ in range(8):
            start, end = rng.choice(sentences)
            tag = rng.choice(TAGS)
            spans.append(CodedSpan(doc, tag, "ann", start, end))
            roll = rng.random()
            if roll < 0.6:
                spans.append(CodedSpan(doc, tag, "bob", start, end))
            elif roll < 0.75:
                spans.append(CodedSpan(doc, tag, "bob", min(start + rng.randint(0, 10), end - 1), end))
            elif roll < 0.85:
                spans.append(CodedSpan(doc, rng.choice(TAGS), "bob", start, end))
        for _ in range(2):
            start, end = rng.choice(sentences)
            spans.append(CodedSpan(doc, rng.choice(TAGS), "bob", start, end))
    return spans


def naive_baseline(texts: dict[int, str], spans: list[CodedSpan]) -> dict[str, float]:
    sentences = {doc: split_sentences(text) for doc, text in texts.items()}
    results = {}
    for tag in TAGS:
        rows = []
        for coder in CODERS:
            mine = [s for s in spans if s.tag == tag and s.coder == coder]
            by_doc: dict[int, list[CodedSpan]] = {}
            for span in mine:
                by_doc.setdefault(span.document_id, []).append(span)
            row = [
                int(any(s.start < end and start < s.end for s in by_doc.get(doc, ())))
                for doc in texts
                for start, end in sentences[doc]
            ]
            rows.append(row)
        results[tag] = krippendorff.alpha(reliability_data=np.array(rows), level_of_measurement="nominal")
    return results


def median_time(run: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/corpora/bbc-news")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(15)
    texts = dict(enumerate(read_texts(folder, count, rng)))
    spans = code(list(texts.values()), rng)

    store = Store.memory()
    tag_ids = {name: store.add_tag(name).id for name in TAGS}
    document_ids = {
        doc: store.add_document(Article(f"Article {doc}", text, text), f"{doc}.txt", f"hash-{doc}").id
        for doc, text in texts.items()
    }
    with store.atomic():
        for span in spans:
            store.add_annotation(document_ids[span.document_id], tag_ids[span.tag], span.start, span.end, coder=span.coder)

    ours = compute_agreement(texts, spans, CODERS, TAGS)
    reference = naive_baseline(texts, spans)
    worst = max(abs(row.alpha - reference[row.tag]) for row in ours.tags if row.alpha is not None)
    characters = sum(len(text) for text in texts.values())
    print(f"{len(texts)} documents ({characters:,} characters), {len(CODERS)} coders, {len(TAGS)} tags,"
          f" {len(spans):,} spans; largest alpha difference from the package: {worst:.1e}")
    print(f"{'method':36} {'median s':>9}")
    rows = [
        ("store_agreement (ours)", lambda: store_agreement(store)),
        ("compute_agreement (ours)", lambda: compute_agreement(texts, spans, CODERS, TAGS)),
        ("krippendorff package (baseline)", lambda: naive_baseline(texts, spans)),
    ]
    for name, run in rows:
        print(f"{name:36} {median_time(run):9.3f}")


if __name__ == "__main__":
    main()
