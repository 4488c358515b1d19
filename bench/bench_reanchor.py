"""Re-anchoring accuracy and speed on real news text, beside the two simple baselines.

Run: ``.venv/bin/python bench/bench_reanchor.py [CORPUS_DIR] [N_ARTICLES]`` (default: the BBC corpus in
/work/shared/corpora/bbc-news, 400 articles). For each article a span is picked and the text is changed in
one of five ways whose right answer is known: a paragraph inserted before the span, a paragraph deleted
before it, a word inserted inside it, a word of it replaced, or its whole paragraph deleted (the right
answer is then "orphan"). Each method is scored on how often it puts the span exactly right, how often it
orphans (rightly or not), and how often it places the span wrongly, which is the failure users hate most.

Baselines: "position" keeps the old offsets if the quote is still there (no search); "exact quote" is
Hypothesis without its fuzzy step: the occurrence of the exact quote nearest the old position.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from storage.exchange.anchor import Selector, find_anchor
from storage.ingest.article import read_article

Span = tuple[int, int] | None


def position_only(body: str, selector: Selector) -> Span:
    return (selector.start, selector.end) if body[selector.start : selector.end] == selector.text else None


def nearest_exact_quote(body: str, selector: Selector) -> Span:
    starts, at = [], body.find(selector.text)
    while at != -1:
        starts.append(at)
        at = body.find(selector.text, at + 1)
    if not starts:
        return None
    start = min(starts, key=lambda s: abs(s - selector.start))
    return start, start + len(selector.text)


def ours(body: str, selector: Selector) -> Span:
    anchor = find_anchor(body, selector)
    return None if anchor is None else (anchor.start, anchor.end)


METHODS: dict[str, Callable[[str, Selector], Span]] = {
    "position (baseline)": position_only,
    "exact quote (baseline)": nearest_exact_quote,
    "find_anchor (ours)": ours,
}


def make_case(body: str, rng: random.Random, kind: str) -> tuple[str, Selector, Span] | None:
    """A changed body, the selector of a span in the old body, and where the span should be now."""
    paragraphs = body.split("\n\n")
    if len(paragraphs) < 4:
        return None
    index = rng.randrange(2, len(paragraphs))
    paragraph = paragraphs[index]
    words = paragraph.split(" ")
    if len(words) < 8:
        return None
    first = rng.randrange(0, len(words) - 5)
    count = rng.randrange(3, min(12, len(words) - first) + 1)
    paragraph_start = len("\n\n".join(paragraphs[:index])) + 2
    start = paragraph_start + len(" ".join(words[:first])) + (1 if first else 0)
    text = " ".join(words[first : first + count])
    end = start + len(text)
    assert body[start:end] == text
    selector = Selector(text, body[max(0, start - 32) : start], body[end : end + 32], start, end)
    if kind == "paragraph inserted before":
        added = "Additional reporting by our correspondent, who added further detail.\n\n"
        at = len("\n\n".join(paragraphs[: rng.randrange(0, index)])) + (2 if index else 0)
        at = 0 if at == 2 else at
        return body[:at] + added + body[at:], selector, (start + len(added), end + len(added))
    if kind == "paragraph deleted before":
        victim = rng.randrange(0, index - 1)
        cut_start = len("\n\n".join(paragraphs[:victim])) + (2 if victim else 0)
        cut_end = cut_start + len(paragraphs[victim]) + 2
        removed = cut_end - cut_start
        return body[:cut_start] + body[cut_end:], selector, (start - removed, end - removed)
    if kind == "word inserted inside":
        if count < 4:
            return None
        at = start + len(" ".join(words[first : first + count // 2]))
        return body[:at] + " very" + body[at:], selector, (start, end + 5)
    if kind == "word replaced inside":
        target = first + count // 2
        old = words[target]
        if len(old) < 3:
            return None
        at = paragraph_start + len(" ".join(words[:target])) + (1 if target else 0)
        return body[:at] + "changed" + body[at + len(old) :], selector, (start, end - len(old) + 7)
    cut_end = paragraph_start + len(paragraph)
    return body[: paragraph_start - 2] + body[cut_end:], selector, None


KINDS = (
    "paragraph inserted before",
    "paragraph deleted before",
    "word inserted inside",
    "word replaced inside",
    "whole paragraph deleted",
)


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/corpora/bbc-news")
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    rng = random.Random(7)
    files = sorted(corpus.rglob("*.txt"))
    rng.shuffle(files)
    cases = []
    for path in files:
        if len(cases) >= limit:
            break
        body = read_article(path)[0].body
        case = make_case(body, rng, KINDS[len(cases) % len(KINDS)])
        if case is not None:
            cases.append((KINDS[len(cases) % len(KINDS)], *case))
    print(f"{len(cases)} cases from {corpus}, {len(cases) // len(KINDS)} of each kind of change\n")
    print(f"{'method':24} {'right':>7} {'orphan ok':>10} {'orphan wrong':>13} {'misplaced':>10} {'median ms':>10}")
    for name, method in METHODS.items():
        outcome: Counter[str] = Counter()
        timings = []
        for _kind, body, selector, expected in cases:
            began = time.perf_counter()
            found = method(body, selector)
            timings.append((time.perf_counter() - began) * 1000)
            if found == expected:
                outcome["orphan ok" if expected is None else "right"] += 1
            elif found is None:
                outcome["orphan wrong"] += 1
            else:
                outcome["misplaced"] += 1
        print(
            f"{name:24} {outcome['right']:>7} {outcome['orphan ok']:>10} {outcome['orphan wrong']:>13}"
            f" {outcome['misplaced']:>10} {statistics.median(timings):>10.3f}"
        )


if __name__ == "__main__":
    main()
