"""Memos are found by `/` and `safeguard-tui search`: fuzzy words, phrases, labels; never under a filter."""

from __future__ import annotations

import pytest

from storage.models import Article, Memo, MemoSubject
from storage.search.memo_index import MemoIndex, memo_words, search_everything
from storage.search.engine import SearchIndex
from storage.store import Store

MEMOS = [
    Memo(MemoSubject("project"), "Project memo", "Research question: who is blamed for the failures?"),
    Memo(MemoSubject("document", 4), "Harbour budget", "Check the budget figures against the council minutes."),
    Memo(MemoSubject("tag", 2), "Blame", "Someone is held responsible.\nNot: mere criticism."),
    Memo(MemoSubject("actor", 9), "Ann Pryce", "Council leader until 2014."),
]


def found(query: str) -> list[tuple[str, str]]:
    return [(hit.memo.kind, hit.document_title) for hit in MemoIndex(MEMOS).search(query) if hit.memo]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("budgt figures", [("document", "Harbour budget")]),
        ("council", [("document", "Harbour budget"), ("actor", "Ann Pryce")]),
        ('"held responsible"', [("tag", "Blame")]),
        ("blame", [("tag", "Blame"), ("project", "Project memo")]),
        ("pryce", [("actor", "Ann Pryce")]),
        ("by:pryce council", []),
        ("tag:blame", []),
        ("zebra", []),
    ],
)
def test_memos_are_found_by_their_words_and_labels(query: str, expected: list[tuple[str, str]]) -> None:
    """The memos expected rank first (others that share a word may follow, as quotes do)."""
    assert sorted(expected) == sorted(found(query)[: len(expected)])
    assert bool(expected) == bool(found(query))


def test_a_hit_highlights_the_words_and_opens_its_subject() -> None:
    (hit,) = MemoIndex(MEMOS).search("minutes")
    assert "memo" == hit.kind
    assert 4 == hit.document_id
    assert [hit.text[start:end] for start, end in hit.highlights] == ["minutes"]


def test_search_opened_again_on_the_same_memos_reuses_their_word_index() -> None:
    """Each `/` reads the memos afresh: equal memos (new objects) are not indexed again."""
    copies = [Memo(memo.subject, memo.label, memo.text) for memo in MEMOS]

    assert memo_words(tuple(copies)) is memo_words(tuple(MEMOS))


def test_an_edited_memo_is_found_by_its_new_words_only() -> None:
    before = MemoIndex(MEMOS)
    edited = [*MEMOS[:3], Memo(MemoSubject("actor", 9), "Ann Pryce", "Harbour master since 2016.")]

    after = MemoIndex(edited)

    assert ["Ann Pryce"] == [hit.document_title for hit in after.search("master")]
    assert [] == [hit.document_title for hit in after.search("leader")]
    assert ["Ann Pryce"] == [hit.document_title for hit in before.search("leader")]
    assert [] == list(before.search("master"))


def test_the_search_of_a_store_lists_memos_in_their_own_group(store: Store) -> None:
    document = store.add_document(Article(title="Harbour", body="The harbour was closed.", raw="x"), "/a", "h")
    store.save_memo(MemoSubject("document", document.id), "Ask the harbour master.")

    results = search_everything(SearchIndex.build(store), MemoIndex(store.memos()), "harbour master")

    assert ["memos"] == [group for group, _ in results.groups if group == "memos"]
    assert ["Ask the harbour master."] == [hit.text for hit in results.memos]
    assert len(results) == len(results.hits)


def test_listing_descriptions_reads_only_the_described_actors(store: Store) -> None:
    """Search lists memos each time it opens; at 100,000 articles reading every actor would freeze it."""
    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id, name, description FROM actors WHERE description <> '' ORDER BY id"
    ).fetchall()

    assert any("actors_described" in str(step[-1]) for step in plan)
