"""Provides an error analysis of direct quotes on PolNeAR: the quotes with a wrong or missing speaker, by category.

Reads PolNeAR only at run time (nothing from the corpus is stored). For every gold
direct piece whose span we find but whose speaker is wrong, and for every direct
quote we predict that matches no gold direct piece, it prints one line with its
category, so a rule can be aimed at the biggest group and judged on ``dev``.

Categories of a wrong speaker (first that applies): ``no speaker`` (we credit nobody),
``no right candidate`` (none of the quotation's candidates is right), ``ranker chose
wrong`` (a right candidate was listed). Each line also says how the gold Source refers
(name, pronoun, description) and whether it sits in the quote's paragraph.
A gold direct piece we do not find is ``missed``. Categories of a false positive: ``transcript label`` (the paragraph opens with a
capitalised label and a colon), ``other attribution`` (it overlaps a gold indirect or
non-speech Content: a kind error), ``no attribution`` (PolNeAR annotates nothing there).

    /work/venv/bin/python bench/attribution_errors.py [--split dev|train] [--only CATEGORY] [--summary]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_attribution import LENIENT, Gold, Predicted, articles, overlap, read_gold, source_type, speaker_right  # noqa: E402
from fit_speaker_ranker import predicted  # noqa: E402

from storage.attribution.quote_spans import normalise_marks  # noqa: E402
from storage.attribution.quotes import Reader  # noqa: E402
from storage.attribution.speaker_candidates import SpeakerCandidate  # noqa: E402
from storage.attribution.speaker_choice import shipped_ranker  # noqa: E402

LABEL_RE = re.compile(r"^[A-Z][A-Z .'-]+:")
"""A transcript's speaker label opening a paragraph: "HOST:", "MS. BELL:"."""


def lenient(gold: Gold, start: int, end: int) -> bool:
    return overlap((gold.start, gold.end), (start, end)) >= LENIENT * max(1, gold.end - gold.start)


def paragraph_of(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def short(text: str, start: int, end: int, width: int = 90) -> str:
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= width else piece[: width - 3] + "..."


def article_errors(name: str, text: str, ann: str) -> list[tuple[str, str]]:
    """(category, line) for each wrong-speaker and false-positive direct quote of one article."""
    text = normalise_marks(text)
    direct, speech, other = read_gold(text, ann)
    ranker = shipped_ranker()
    choices: dict[int, tuple[list[SpeakerCandidate], tuple[int, int] | None]] = {}

    def record(candidates: Sequence[SpeakerCandidate], opens_paragraph: bool) -> SpeakerCandidate | None:
        choices[len(reader.quotes)] = (list(candidates), reader.last_mention)
        return ranker.choose(candidates, opens_paragraph)

    reader = Reader(text, record)
    reader.read()
    found: list[tuple[str, str]] = []
    quotes = [(i, q) for i, q in enumerate(reader.quotes) if q.kind == "direct"]
    for gold in direct:
        matching = [(i, q) for i, q in quotes if lenient(gold, q.start, q.end)]
        if not matching:
            before = short(text, max(paragraph_of(text, gold.start)[0], gold.start - 60), gold.start, 60)
            found.append(("missed", f"{name} :: {before} [[{short(text, gold.start, gold.end, 100)}]]"))
            continue
        predictions = []
        for i, quote in matching:
            names = tuple(reader.actors[quote.speaker].names) if quote.speaker is not None else ()
            mention = (quote.mention_start, quote.mention_end) if quote.mention_start is not None and quote.mention_end is not None else None
            predictions.append((i, quote, Predicted(quote.start, quote.end, "direct", names, mention)))
        if any(speaker_right(gold, p) for _, _, p in predictions):
            continue
        i, quote, prediction = predictions[0]
        candidates, running_mention = choices.get(i, ([], None))
        right = [c for c in candidates if speaker_right(gold, predicted(reader, c, running_mention, quote.start, quote.end))]
        category = "no speaker" if not prediction.names else "ranker chose wrong" if right else "no right candidate"
        paragraph = paragraph_of(text, gold.start)
        refers = source_type(gold.source_text) if gold.source else "none"
        where = "same paragraph" if gold.source and paragraph[0] <= gold.source[0] < paragraph[1] else "elsewhere"
        ours = "/".join(prediction.names) or "-"
        sources = ",".join(sorted({c.source for c in candidates})) or "-"
        found.append(
            (category, f"{name} [{refers}, {where}] gold={gold.source_text!r} ours={ours!r} candidates={sources} :: {short(text, gold.start, gold.end)}")
        )
    attributed = speech + other
    for _, quote in quotes:
        if any(lenient(g, quote.start, quote.end) for g in direct):
            continue
        paragraph = paragraph_of(text, quote.start)
        if LABEL_RE.match(text[paragraph[0] : paragraph[1]]):
            category = "transcript label"
        elif any(overlap((g.start, g.end), (quote.start, quote.end)) for g in attributed):
            category = "other attribution"
        else:
            category = "no attribution"
        before = short(text, max(paragraph[0], quote.start - 60), quote.start, 60)
        found.append((f"false positive: {category}", f"{name} :: {before} [[{short(text, quote.start, quote.end, 100)}]]"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--only", help="print only this category")
    parser.add_argument("--summary", action="store_true", help="print only the counts")
    args = parser.parse_args()
    errors: list[tuple[str, str]] = []
    for name, text_file, ann_file in articles(args.split):
        errors += article_errors(name, text_file.read_text(encoding="utf-8"), ann_file.read_text(encoding="utf-8"))
    counts = Counter(category for category, _ in errors)
    if not args.summary:
        for category, line in sorted(errors, key=lambda error: error[0]):
            if args.only is None or category == args.only:
                print(f"{category}: {line}")
    print(f"\nPolNeAR {args.split}: direct quotes with a wrong speaker or no gold piece")
    for category, count in counts.most_common():
        print(f"{count:>5}  {category}")


if __name__ == "__main__":
    main()
