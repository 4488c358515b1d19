"""Provides MemoIndex: fuzzy search over the project memo, document memos and tag and actor descriptions.

Memos are few beside quotes (one per document at most, and a line or a page
each), so the index is built in memory from a ``Store.memos()`` snapshot each
time search opens, and ranks with the same TokenIndex scoring as quotes. It
holds no connection, so a thread worker may search it.

Building costs about 0.15 ms of CPU per memo of a paragraph (0.15 s for 1,000),
and search opens far more often than memos change (after every tag), so the
word index of the latest snapshot is kept and reused while the memos read the
same; a changed memo costs one build at the next open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from storage.models import Memo
from storage.search.engine import DEFAULT_LIMIT, SearchHit, SearchIndex, SearchResults, has_phrases, word_spans
from storage.search.query import SearchQuery, parse_query, words
from storage.search.token_index import TokenIndex, top_entries

MEMO_KIND_NAMES = {"project": "project memo", "document": "memo", "tag": "tag description", "actor": "actor description"}
"""How each kind of memo is named beside its label in results."""


class MemoIndex:
    """The memos with something in them, searchable by their words and their label (a title or a name)."""

    def __init__(self, memos: Sequence[Memo]) -> None:
        self.memos = list(memos)
        self._words = memo_words(tuple(self.memos))

    def search(self, query: str | SearchQuery, limit: int = DEFAULT_LIMIT) -> tuple[SearchHit, ...]:
        """The best memos for a query, best first; none when the query filters (memos have no speaker or tag)."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.has_filters or not parsed.match_terms or limit <= 0 or not self.memos:
            return ()
        scores, matched = self._words.score(parsed.match_terms, parsed.prefix_last)
        hits = []
        for entry in top_entries(scores, len(self.memos)):
            memo = self.memos[entry]
            if has_phrases(f"{memo.label}\n{memo.text}", parsed.phrases):
                hits.append(memo_hit(memo, round(float(scores[entry]), 1), matched, parsed.phrases))
            if len(hits) == limit:
                break
        return tuple(hits)


@lru_cache(maxsize=1)
def memo_words(memos: tuple[Memo, ...]) -> TokenIndex:
    """The word index of a memo snapshot, entry n being memo n; never changed once built, so instances share it."""
    return TokenIndex.from_entries(words(f"{memo.label}\n{memo.text}") for memo in memos)


def memo_hit(memo: Memo, score: float, matched: set[str], phrases: Sequence[str]) -> SearchHit:
    """A memo as a search hit: its text, with its label where a document title would be."""
    subject = memo.subject
    return SearchHit(
        kind="memo",
        score=score,
        document_id=subject.id if subject.kind == "document" else None,
        document_title=memo.label,
        start=0,
        end=0,
        text=memo.text,
        actor_id=subject.id if subject.kind == "actor" else None,
        highlights=word_spans(memo.text, matched, phrases),
        memo=subject,
    )


def search_everything(
    index: SearchIndex, memos: MemoIndex, query: str, limit: int = DEFAULT_LIMIT
) -> SearchResults:
    """Quotes, actors and annotations from the corpus index, and the memos beside them."""
    return replace(index.search(query, limit), memos=memos.search(query, limit))
