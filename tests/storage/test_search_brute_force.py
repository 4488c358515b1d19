"""The index ranks exactly as scoring every entry by brute force would (the invariant the benchmark measures)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.search.query import parse_query, words
from storage.search.token_index import TokenIndex, score_entry, top_entries

VOCABULARY = [
    "warner",
    "warnes",
    "weight",
    "wieght",
    "nhs",
    "has",
    "thresholds",
    "threshold",
    "funding",
    "fund",
    "le",
    "grand",
]
entry_strategy = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=6)
query_strategy = st.lists(st.sampled_from([*VOCABULARY, "warnr", "thresh", "fundin", "grande"]), min_size=1, max_size=3)


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(entry_strategy, min_size=1, max_size=30), query=query_strategy, typing=st.booleans())
def test_index_ranking_equals_brute_force(entries: list[list[str]], query: list[str], typing: bool) -> None:
    parsed = parse_query(" ".join(query) + ("" if typing else " "))
    terms = parsed.match_terms
    index = TokenIndex.from_entries(entries)

    scores, _ = index.score(terms, parsed.prefix_last)
    brute = [score_entry(terms, parsed.prefix_last, entry) for entry in entries]

    assert [round(score, 6) for score in brute] == [round(float(score), 6) for score in scores]
    expected = sorted((entry for entry, score in enumerate(brute) if score > 0), key=lambda e: (-brute[e], e))
    assert expected[:5] == top_entries(scores, 5)


@settings(max_examples=60, deadline=None)
@given(entries=st.lists(entry_strategy, min_size=1, max_size=20), added=entry_strategy, query=query_strategy)
def test_entries_added_one_by_one_score_like_a_bulk_build(
    entries: list[list[str]], added: list[str], query: list[str]
) -> None:
    terms = parse_query(" ".join(query)).match_terms
    bulk = TokenIndex.from_entries([*entries, added])
    incremental = TokenIndex.from_entries(entries)
    incremental.add(added)

    assert bulk.score(terms, True)[0].tolist() == incremental.score(terms, True)[0].tolist()


def test_dead_entries_score_nothing() -> None:
    index = TokenIndex.from_entries([words("NHS weight"), words("NHS")])
    index.remove(0)

    assert [0.0, 100.0] == index.score(["nhs"], False)[0].tolist()
