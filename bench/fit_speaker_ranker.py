"""Provides the fitting of the speaker ranker (storage/attribution/speaker_choice.py) on PolNeAR ``train``.

Every direct quotation the extractor finds on a ``train`` article, with its speaker
candidates, becomes one choice: the candidates the gold attribution credits (scored
as bench_attribution scores a speaker) are right, the others wrong. Choices with no
right candidate, or only right ones, teach nothing and are left out. A conditional
logit (softmax over each choice's candidates, L2 penalty) is fitted by gradient
descent with numpy, and its weights written to storage/attribution/data/speaker_ranker.json.
Then both the hand rule and the ranker are scored on ``dev`` (how often the chosen
candidate is right, over the choices where one is); ``dev`` is never fitted on.

    /work/venv/bin/python bench/fit_speaker_ranker.py [--check]   (--check: score the shipped weights only)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_attribution import Gold, Predicted, articles, overlap, read_gold, speaker_right  # noqa: E402

from storage.attribution.quote_spans import normalise_marks  # noqa: E402
from storage.attribution.quotes import Reader  # noqa: E402
from storage.attribution.speaker_candidates import SpeakerCandidate  # noqa: E402
from storage.attribution.speaker_choice import FEATURES, SpeakerRanker, feature_vector, hand_choice  # noqa: E402

WEIGHTS = ROOT / "storage" / "attribution" / "data" / "speaker_ranker.json"
PENALTY = 0.001
STEPS = 6000
RATE = 0.5


@dataclass
class Choice:
    """One direct quotation's candidates, their feature vectors and which are right."""

    vectors: np.ndarray
    right: np.ndarray
    candidates: list[SpeakerCandidate]
    opens_paragraph: bool


def choices_of(split: str) -> list[Choice]:
    """Every informative choice the extractor makes on ``split``, the hand rule steering the reading."""
    found: list[Choice] = []
    for _, text_file, ann_file in articles(split):
        text = text_file.read_text(encoding="utf-8")
        direct, _, _ = read_gold(text, ann_file.read_text(encoding="utf-8"))
        found += article_choices(normalise_marks(text), direct)
    return found


def article_choices(text: str, direct: list[Gold]) -> list[Choice]:
    recorded: list[tuple[int, list[SpeakerCandidate], bool, tuple[int, int] | None]] = []

    def record(candidates: Sequence[SpeakerCandidate], opens_paragraph: bool) -> SpeakerCandidate | None:
        recorded.append((len(reader.quotes), list(candidates), opens_paragraph, reader.last_mention))
        return hand_choice(candidates)

    reader = Reader(text, record)
    reader.read()
    choices = []
    for quote_index, candidates, opens_paragraph, running_mention in recorded:
        quote = reader.quotes[quote_index]
        golds = [g for g in direct if overlap((g.start, g.end), (quote.start, quote.end)) >= 0.3 * max(1, g.end - g.start)]
        if not golds or not candidates:
            continue
        right = [any(speaker_right(g, predicted(reader, c, running_mention, quote.start, quote.end)) for g in golds) for c in candidates]
        if any(right) and not all(right):
            vectors = np.array([feature_vector(c, opens_paragraph) for c in candidates])
            choices.append(Choice(vectors, np.array(right, dtype=float), candidates, opens_paragraph))
    return choices


def predicted(reader: Reader, candidate: SpeakerCandidate, running_mention: tuple[int, int] | None, start: int, end: int) -> Predicted:
    """The quote as the bench would see it were this candidate chosen."""
    if candidate.name:
        return Predicted(start, end, "direct", (candidate.name,), None)
    names = tuple(reader.actors[candidate.actor].names) if candidate.actor is not None else ()
    mention = candidate.cue.mention if candidate.cue is not None else running_mention if candidate.source == "running" else candidate.span
    return Predicted(start, end, "direct", names, mention if names else None)


def fit(choices: list[Choice]) -> np.ndarray:
    """Conditional-logit weights maximising the probability of the right candidates, by gradient descent.

    All candidates are stacked in one matrix; ``group`` says whose choice each row is.
    """
    vectors = np.vstack([choice.vectors for choice in choices])
    group = np.concatenate([np.full(len(choice.right), index) for index, choice in enumerate(choices)])
    target = np.concatenate([choice.right / choice.right.sum() for choice in choices])
    weights = np.zeros(len(FEATURES))
    for _ in range(STEPS):
        scores = vectors @ weights
        exponent = np.exp(scores - np.max(scores))
        probabilities = exponent / np.bincount(group, weights=exponent)[group]
        gradient = vectors.T @ (probabilities - target) / len(choices) + PENALTY * weights
        weights -= RATE * gradient
    return weights


def accuracy(choices: list[Choice], ranker: SpeakerRanker | None) -> float:
    """How often the chosen candidate is right (the hand rule when ``ranker`` is None)."""
    hits = 0
    for choice in choices:
        chosen = ranker.choose(choice.candidates, choice.opens_paragraph) if ranker else hand_choice(choice.candidates)
        hits += bool(choice.right[choice.candidates.index(chosen)]) if chosen is not None else 0
    return hits / max(1, len(choices))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="score the shipped weights on train and dev; fit nothing")
    args = parser.parse_args()
    train = choices_of("train")
    if not args.check:
        weights = fit(train)
        data = {
            "fitted_on": f"PolNeAR train, {len(train)} choices with a right and a wrong candidate",
            "features": list(FEATURES),
            "weights": [round(float(w), 4) for w in weights],
        }
        WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    shipped = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    ranker = SpeakerRanker(dict(zip(shipped["features"], shipped["weights"], strict=True)))
    dev = choices_of("dev")
    print(f"{'split':<6} {'choices':>7} {'hand rule':>9} {'ranker':>7}")
    for split, choices in (("train", train), ("dev", dev)):
        print(f"{split:<6} {len(choices):>7} {accuracy(choices, None):>9.3f} {accuracy(choices, ranker):>7.3f}")


if __name__ == "__main__":
    main()
