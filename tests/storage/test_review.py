"""Review of disagreements: what counts as one, and settling into the consensus coder with progress kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.analysis.agreement import store_agreement
from storage.analysis.review import Disagreement, find_disagreements, load_review, settle, settled_choices
from storage.models import Article
from storage.store import Store, StoreError

TEXT = "The council met on Monday. It agreed to review the budget. Nobody objected to the plan."


def test_only_one_coder_edges_differ_and_agreement_are_told_apart() -> None:
    rows = [
        (1, 7, "ann", 0, 26), (1, 7, "bob", 0, 26),  # agreed: no disagreement
        (1, 7, "ann", 27, 58),  # only ann
        (1, 8, "ann", 27, 58), (1, 8, "bob", 30, 58),  # edges differ
        (1, 9, "bob", 59, 87),  # only bob
        (1, 9, "cy", 0, 10),  # a third coder is ignored
    ]  # fmt: skip
    found = find_disagreements(rows, "ann", "bob")
    assert [
        Disagreement(1, 7, ((27, 58),), ()),
        Disagreement(1, 8, ((27, 58),), ((30, 58),)),
        Disagreement(1, 9, (), ((59, 87),)),
    ] == found
    assert ["only first", "edges differ", "only second"] == [d.kind for d in found]


def test_overlaps_chain_into_one_disagreement() -> None:
    rows = [(1, 7, "ann", 0, 10), (1, 7, "bob", 5, 15), (1, 7, "ann", 12, 20), (1, 7, "bob", 30, 40)]
    assert [((0, 10), (12, 20)), ((5, 15),)] == [
        [d.first, d.second] for d in find_disagreements(rows, "ann", "bob")
    ][0]
    assert 2 == len(find_disagreements(rows, "ann", "bob"))


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("first", [(27, 58)]), ("second", [(30, 58)]), ("both", [(27, 58), (30, 58)]), ("drop", [])],
)
def test_each_choice_writes_its_spans_to_the_consensus_coder_only(tmp_path: Path, choice, expected) -> None:
    with Store.open(tmp_path / "team.db") as store:
        document = store.add_document(Article("Council", TEXT, TEXT), "council.txt", "hash")
        tag = store.add_tag("Funding")
        store.add_annotation(document.id, tag.id, 27, 58, coder="ann")
        store.add_annotation(document.id, tag.id, 30, 58, coder="bob")
        review = load_review(store)
        assert not isinstance(review, str) and 1 == len(review.disagreements)

        settle(store, review.disagreements[0], choice, "ann", "bob")

        assert expected == [(a.start, a.end) for a in store.annotations() if a.coder == "consensus"]
        assert [("ann", 27), ("bob", 30)] == sorted((a.coder, a.start) for a in store.annotations() if a.coder != "consensus")
        with pytest.raises(StoreError, match="already settled"):
            settle(store, review.disagreements[0], choice, "ann", "bob")
    with Store.open(tmp_path / "team.db") as reopened:
        review = load_review(reopened)
        assert not isinstance(review, str)
        assert (1, {review.disagreements[0].key: choice}) == (review.settled_count, settled_choices(reopened, "ann", "bob"))
        assert ("ann", "bob") == store_agreement(reopened).coders  # the consensus is left out of agreement


def test_a_review_needs_two_coders() -> None:
    store = Store.memory()
    assert "two coders" in str(load_review(store))


def test_copy_agreed_gives_the_consensus_the_identical_spans_once() -> None:
    from storage.analysis.review import copy_agreed

    store = Store.memory()
    document = store.add_document(Article("Council", TEXT, TEXT), "council.txt", "hash")
    tag = store.add_tag("Funding")
    for coder in ("ann", "bob"):
        store.add_annotation(document.id, tag.id, 0, 26, coder=coder)
    store.add_annotation(document.id, tag.id, 27, 58, coder="ann")

    assert 1 == copy_agreed(store, "ann", "bob")
    assert 0 == copy_agreed(store, "ann", "bob")
    assert [(0, 26)] == [(a.start, a.end) for a in store.annotations() if a.coder == "consensus"]


def test_a_review_of_a_chosen_pair_refuses_unknown_or_equal_coders() -> None:
    store = Store.memory()
    document = store.add_document(Article("Council", TEXT, TEXT), "council.txt", "hash")
    tag = store.add_tag("Funding")
    for coder in ("ann", "bob", "cy"):
        store.add_annotation(document.id, tag.id, 0, 26, coder=coder)
    assert "coder 'zed' has no annotations" == load_review(store, ("ann", "zed"))
    assert "two different coders" in str(load_review(store, ("ann", "ann")))
    review = load_review(store, ("bob", "cy"))
    assert not isinstance(review, str) and ("bob", "cy") == (review.first, review.second)
