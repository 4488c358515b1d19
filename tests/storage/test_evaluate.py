"""Scoring against gold: matching rules, the per-kind table, and the targets on the seeds and synthetic articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.attribution.evaluate import (
    GoldError,
    GoldQuote,
    Located,
    Predicted,
    evaluate_corpus,
    evaluate_store,
    find_text,
    format_report,
    read_gold,
    score_kind,
)
from storage.ingest.importer import import_paths
from storage.store import Store

GOLD = Path(__file__).resolve().parent.parent / "gold"


def located(start: int, end: int, speaker: str | None = "Lord Norman Warner", kind: str = "direct") -> Located:
    return Located(GoldQuote("x" * (end - start), speaker, kind), -1, start, end)


def predicted(start: int, end: int, names: tuple[str, ...] = ("Lord Norman Warner", "Warner"), kind: str = "direct") -> Predicted:
    return Predicted(-1, start, end, kind, names)


def test_text_is_found_whatever_the_whitespace() -> None:
    assert (4, 19) == find_text("tango\npartner", "bad tango   partner here")
    assert find_text("absent words", "bad tango partner") is None


@pytest.mark.parametrize(
    ("pred", "span_matches", "speaker_matches"),
    [
        (predicted(0, 100), 1, 1),
        (predicted(40, 140), 1, 1),
        (predicted(60, 160), 0, 0),
        (predicted(0, 100, ("Bridget Robb",)), 1, 0),
        (predicted(0, 100, kind="partial"), 0, 0),
    ],
)
def test_a_match_overlaps_half_the_gold_span_and_speakers_match_by_alias(
    pred: Predicted, span_matches: int, speaker_matches: int
) -> None:
    score = score_kind("direct", [located(0, 100)], [pred])

    assert (span_matches, speaker_matches) == (score.span_matches, score.speaker_matches)


def test_an_unattributed_prediction_does_not_cost_speaker_precision() -> None:
    score = score_kind("partial", [located(0, 10, kind="partial")], [
        predicted(0, 10, kind="partial"),
        predicted(50, 60, (), kind="partial"),
    ])

    assert (0.5, 1.0, 1.0) == (score.span_precision, score.speaker_precision, score.speaker_recall)


def test_a_gold_quote_with_nobody_speaking_wants_no_speaker() -> None:
    right = score_kind("indirect", [located(0, 10, None, "indirect")], [predicted(0, 10, (), "indirect")])
    wrong = score_kind("indirect", [located(0, 10, None, "indirect")], [predicted(0, 10, kind="indirect")])

    assert (1.0, 0.0) == (right.speaker_f1, wrong.speaker_f1)


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json", "not in the expected format"), ('{"files": {"a.txt": [{"speaker": null}]}}', "expected format")],
)
def test_a_bad_gold_file_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(content)

    with pytest.raises(GoldError, match=message):
        read_gold(path)


def test_the_seed_gold_covers_every_shipped_article(corpus_dir: Path) -> None:
    gold = read_gold(GOLD / "seeds.json")

    assert sorted(path.name for path in corpus_dir.glob("*.txt")) == sorted(gold)
    report = evaluate_corpus(GOLD / "seeds.json", corpus_dir)
    assert [] == report.missing


@pytest.mark.parametrize(("kind", "target"), [("direct", 0.95), ("indirect", 0.85), ("partial", 0.85)])
def test_the_seeds_meet_the_targets(corpus_dir: Path, kind: str, target: float) -> None:
    scores = {score.kind: score for score in evaluate_corpus(GOLD / "seeds.json", corpus_dir).scores}

    assert scores[kind].speaker_f1 >= target


@pytest.mark.parametrize(("kind", "target"), [("direct", 0.9), ("all", 0.8)])
def test_synthetic_articles_in_other_styles_stay_good(kind: str, target: float) -> None:
    scores = {score.kind: score for score in evaluate_corpus(GOLD / "synthetic.json", GOLD / "synthetic").scores}

    assert scores[kind].speaker_f1 >= target


@pytest.mark.parametrize(("kind", "target"), [("direct", 0.9), ("all", 0.85)])
def test_wire_and_regional_articles_written_before_tuning_stay_good(kind: str, target: float) -> None:
    scores = {score.kind: score for score in evaluate_corpus(GOLD / "wire.json", GOLD / "wire").scores}

    assert scores[kind].speaker_f1 >= target


def test_the_store_scores_as_well_as_a_fresh_extraction(corpus_dir: Path, store: Store) -> None:
    import_paths(store, [corpus_dir])

    stored = evaluate_store(GOLD / "seeds.json", store)
    fresh = evaluate_corpus(GOLD / "seeds.json", corpus_dir)

    assert format_report(fresh) == format_report(stored)
    assert ["direct", "indirect", "partial", "comment", "all"] == [score.kind for score in stored.scores]
