"""Provides the speaker choice: a logistic-regression ranker picks one of a direct quotation's speaker candidates.

The ranker is a conditional logit: each candidate's score is a weighted sum of its
features, and the quotation goes to the highest score. The weights are fitted on
PolNeAR ``train`` by ``bench/fit_speaker_ranker.py`` and shipped as
``data/speaker_ranker.json``; scoring is a few dozen multiplications in plain Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from storage.attribution.speaker_candidates import MENTIONS, SOURCES, SpeakerCandidate

KINDS = ("person", "organisation", "place", "group", "unnamed", "")
PLAIN_VERBS = frozenset({"said", "says", "told", "tells", "wrote", "writes", "added", "adds"})
FEATURES = (
    *(f"source={source}" for source in SOURCES),
    *(f"opening+source={source}" for source in SOURCES),
    *(f"mention={mention}" for mention in MENTIONS),
    *(f"kind={kind}" for kind in KINDS),
    "nearest",
    "distance",
    "running",
    "plain_verb",
    "participle",
)
"""Feature names in the order of the weights file."""
Chooser = Callable[[Sequence[SpeakerCandidate], bool], SpeakerCandidate | None]
"""Picks a quotation's speaker from its candidates, given whether the quotation opens its paragraph."""


def candidate_features(candidate: SpeakerCandidate, opens_paragraph: bool) -> dict[str, float]:
    """The features of one candidate that are not zero.

    ``opens_paragraph``: the quotation opens its paragraph, where a running speaker or a
    cue after it is likelier than for a quotation inside a sentence.
    """
    features = {
        f"source={candidate.source}": 1.0,
        f"mention={candidate.mention}": 1.0,
        f"kind={candidate.kind}": 1.0,
        "nearest": float(candidate.rank == 0),
        "distance": min(candidate.distance, 300) / 100,
        "running": float(candidate.running),
        "plain_verb": float(candidate.verb in PLAIN_VERBS),
        "participle": float(candidate.participle),
    }
    if opens_paragraph:
        features[f"opening+source={candidate.source}"] = 1.0
    return features


def feature_vector(candidate: SpeakerCandidate, opens_paragraph: bool) -> list[float]:
    """``candidate_features`` as a vector in the order of FEATURES (for fitting)."""
    features = candidate_features(candidate, opens_paragraph)
    return [features.get(name, 0.0) for name in FEATURES]


@dataclass(frozen=True)
class SpeakerRanker:
    """Feature weights; ``choose`` picks the best-scoring candidate (the earlier one on a tie)."""

    weights: dict[str, float]

    def score(self, candidate: SpeakerCandidate, opens_paragraph: bool) -> float:
        return sum(self.weights.get(name, 0.0) * value for name, value in candidate_features(candidate, opens_paragraph).items())

    def choose(self, candidates: Sequence[SpeakerCandidate], opens_paragraph: bool) -> SpeakerCandidate | None:
        if not candidates:
            return None
        return max(candidates, key=lambda candidate: self.score(candidate, opens_paragraph))


def hand_choice(candidates: Sequence[SpeakerCandidate], opens_paragraph: bool = False) -> SpeakerCandidate | None:
    """The rule the ranker replaced: the nearest cue before, else after, else a label, a signature, ... (SOURCES' order).

    It never took a sentence's subject (this one's or the one before), candidates only the ranker weighs.
    """
    known = [candidate for candidate in candidates if candidate.source not in ("sentence_subject", "previous_sentence")]
    if not known:
        return None
    return min(known, key=lambda candidate: (SOURCES.index(candidate.source), candidate.rank))


@cache
def shipped_ranker() -> SpeakerRanker:
    """The ranker fitted on PolNeAR ``train`` (read once per process)."""
    data = json.loads(resources.files("storage.attribution").joinpath("data/speaker_ranker.json").read_text(encoding="utf-8"))
    return SpeakerRanker(dict(zip(data["features"], data["weights"], strict=True)))
