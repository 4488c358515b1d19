"""The speaker stages on their own: candidates around a direct quotation, and the choice among them."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from storage.attribution.cues import Cue
from storage.attribution.quotes import Reader, extract_quotes
from storage.attribution.speaker_candidates import SpeakerCandidate, cue_candidates, mention_kind, named_candidates, turn_label
from storage.attribution.speaker_choice import FEATURES, SpeakerRanker, candidate_features, hand_choice, shipped_ranker

UNRESOLVED = -1


def speakers_of(text: str, kind: str | None = None) -> list[str]:
    """The names of the speakers of a text's quotes (of ``kind`` only, if given), in reading order."""
    extraction = extract_quotes(text)
    return [
        extraction.actors[q.speaker].name
        for q in extraction.quotes
        if q.speaker is not None and (kind is None or q.kind == kind)
    ]


@pytest.mark.parametrize(
    ("words", "expected"),
    [("she", "pronoun"), ("the watchdog", "description"), ("Ann Bell", "name"), ("officials", "description"), ("", "")],
)
def test_a_mention_is_a_name_a_pronoun_or_a_description(words: str, expected: str) -> None:
    assert expected == mention_kind(words)


def test_cue_candidates_are_nearest_first_on_each_side() -> None:
    before = [Cue(0, 4, "said", 1, None, False), Cue(10, 14, "added", 2, None, False), Cue(16, 20, "said", None, None, False)]
    after = [Cue(60, 64, "said", 3, None, True), Cue(70, 74, "said", UNRESOLVED, None, True), Cue(80, 84, "said", 4, None, True)]
    found = cue_candidates(before, after, mark=30, close=50, unresolved=UNRESOLVED)
    assert [("cue_before", 2, 0, 16), ("cue_before", 1, 1, 26), ("cue_after", 3, 0, 10), ("cue_after", 4, 1, 30)] == [
        (c.source, c.actor, c.rank, c.distance) for c in found
    ]


def test_an_unnamed_speaker_before_the_quotation_is_a_candidate_credited_to_nobody() -> None:
    [found] = cue_candidates([Cue(0, 4, "said", UNRESOLVED, None, False)], [], mark=10, close=20, unresolved=UNRESOLVED)
    assert ("cue_before", None) == (found.source, found.actor)


def test_a_label_and_a_signature_name_their_candidates() -> None:
    [label] = named_candidates("Harbour master Tom Ellis:", "")
    [signature] = named_candidates("", "― Ana Ruiz")
    assert ("label", "Tom Ellis") == (label.source, label.name)
    assert ("signature", "Ana Ruiz") == (signature.source, signature.name)
    assert [] == named_candidates("The plan, in short:", "for the record")


def test_the_hand_rule_prefers_the_nearest_cue_before_then_after_then_the_running_speaker() -> None:
    running = SpeakerCandidate("running", 5)
    after = SpeakerCandidate("cue_after", 2)
    far_before = SpeakerCandidate("cue_before", 1, rank=1)
    near_before = SpeakerCandidate("cue_before", 3, rank=0)
    assert near_before == hand_choice([running, after, far_before, near_before])
    assert after == hand_choice([running, after])
    assert hand_choice([]) is None


def test_the_ranker_picks_the_highest_score_and_the_earlier_candidate_on_a_tie() -> None:
    ranker = SpeakerRanker({"source=running": 1.0, "distance": -1.0})
    near, far, running = SpeakerCandidate("cue_after", 1, 10), SpeakerCandidate("cue_after", 2, 200), SpeakerCandidate("running", 3, 100)
    assert running == ranker.choose([near, far, running], False)
    assert near == SpeakerRanker({}).choose([near, far], False)
    assert SpeakerRanker({}).choose([], True) is None


def test_features_name_only_known_features() -> None:
    candidate = SpeakerCandidate("cue_after", 1, 450, 0, kind="person", mention="pronoun", running=True, verb="said")
    features = candidate_features(candidate, opens_paragraph=True)
    assert set(features) <= set(FEATURES)
    assert 3.0 == features["distance"]  # capped: beyond 300 characters distance says no more
    assert 1.0 == features["opening+source=cue_after"]


def test_the_shipped_ranker_has_a_weight_for_every_feature() -> None:
    assert set(FEATURES) == set(shipped_ranker().weights)


def test_a_run_of_quotations_keeps_its_speaker_and_a_new_cue_takes_over() -> None:
    text = (
        "“We will reopen the bridge by spring,” said Tom Ellis, the harbour master.\n"
        "“The ferries will run until then.”\n"
        "“Nobody believes that,” said Ana Ruiz, who runs the cafe on the quay."
    )
    assert ["Tom Ellis", "Tom Ellis", "Ana Ruiz"] == speakers_of(text)


def test_a_participle_of_saying_gives_the_quotation_to_the_sentence_subject() -> None:
    text = "At the pier on Monday, Tom Ellis criticised the ferry company for the delays, saying, “Nobody told us anything.”"
    extraction = extract_quotes(text)
    [quote] = [q for q in extraction.quotes if q.kind == "direct"]
    assert quote.speaker is not None and "Tom Ellis" == extraction.actors[quote.speaker].name
    assert "Tom Ellis" == text[quote.mention_start : quote.mention_end]


def test_the_hand_rule_never_takes_the_sentence_subject() -> None:
    assert hand_choice([SpeakerCandidate("sentence_subject", 1)]) is None


def test_a_name_written_with_the_article_is_never_he_or_she() -> None:
    text = (
        "Ann Bell met reporters on Monday.\n\n"
        "The Green Tower has stood empty for years.\n\n"
        "“We were not told,” she said."
    )
    extraction = extract_quotes(text)
    [quote] = extraction.quotes
    assert quote.speaker is not None and "Ann Bell" == extraction.actors[quote.speaker].name


@pytest.mark.parametrize(
    "introduction",
    [
        "The cafe owner, Ana Ruiz, agreed.\n\n",
        "The cafe owner, Ana Ruiz, was blunt:\n\n",
        "The cafe owner, Ana Ruiz, agreed. ",
    ],
)
def test_a_quotation_after_a_sentence_introducing_a_voice_is_that_voices(introduction: str) -> None:
    text = (
        "“We will reopen the bridge by spring,” said Tom Ellis, the harbour master.\n\n"
        + introduction
        + "“The ferries will run until then, and that is enough.”"
    )
    assert ["Tom Ellis", "Ana Ruiz"] == speakers_of(text, "direct")


def test_a_sentence_that_tells_of_no_speaking_introduces_no_voice() -> None:
    text = (
        "“We will reopen the bridge by spring,” said Tom Ellis, the harbour master.\n\n"
        "The cafe owner, Ana Ruiz, opened early on Monday.\n\n"
        "“The ferries will run until then, and that is enough.”"
    )
    assert ["Tom Ellis", "Tom Ellis"] == speakers_of(text)


def test_the_hand_rule_never_takes_the_previous_sentences_voice() -> None:
    assert hand_choice([SpeakerCandidate("previous_sentence", 1)]) is None


def test_a_name_after_the_sentences_first_cue_is_a_listener_not_the_subject() -> None:
    text = "Ann Bell spoke to Tom Hale. “First and foremost,” she told Hale, “I would never walk away from this harbour.”"
    listed: list[list[SpeakerCandidate]] = []

    def record(candidates: Sequence[SpeakerCandidate], opens_paragraph: bool) -> SpeakerCandidate | None:
        listed.append(list(candidates))
        return shipped_ranker().choose(candidates, opens_paragraph)

    reader = Reader(text, record)
    reader.read()
    assert "sentence_subject" not in [candidate.source for candidate in listed[-1]]
    assert "Ann Bell" == reader.actors[reader.quotes[-1].speaker].name


def test_a_turn_label_in_capitals_names_the_speaker_and_ends_before_the_words() -> None:
    text = '"JAKE TAPPER: Will the pier reopen?'
    assert ("Jake Tapper", (1, 12), 14) == turn_label(text, 1, len(text))
    assert turn_label('"Bottom line: the pier stays shut.', 1, 34) is None
    assert turn_label('"A: Yes.', 1, 8) is None
    assert ("", (1, 6), 8) == turn_label('"VIDEO: They told me it was a protest.', 1, 39)
