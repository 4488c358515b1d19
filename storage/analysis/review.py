"""Provides the review of disagreements between two coders, settled into a consensus coder.

A disagreement is a group of overlapping spans of one tag in one document where
the two coders' spans differ: a span only one coder tagged, or spans whose edges
differ. (The same span under two different tags is two disagreements, one per
tag.) Settling one writes the chosen spans as the consensus coder's annotations
and records the choice in the database in the same transaction, so progress
survives a restart and the coders' own annotations are never touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from storage.analysis.agreement import CONSENSUS
from storage.store import Store, StoreError

CHOICES = ("first", "second", "both", "drop")
"""Accept the first coder's version, the second's, keep both, or drop the spans."""

Span = tuple[int, int]


@dataclass(frozen=True)
class Disagreement:
    """One tag's overlapping spans in one document on which two coders differ."""

    document_id: int
    tag_id: int
    first: tuple[Span, ...]
    second: tuple[Span, ...]

    @property
    def key(self) -> str:
        """Identifies the disagreement in the saved progress; it changes if either coder's spans change."""
        return f"{self.document_id}:{self.tag_id}:{list(self.first)}:{list(self.second)}"

    @property
    def kind(self) -> str:
        """``only first``, ``only second`` or ``edges differ``."""
        if not self.second:
            return "only first"
        if not self.first:
            return "only second"
        return "edges differ"

    def spans_for(self, choice: str) -> tuple[Span, ...]:
        """The spans the consensus gets for a choice (see :data:`CHOICES`)."""
        if choice not in CHOICES:
            raise ValueError(f"unknown choice {choice!r}")
        chosen = {"first": self.first, "second": self.second, "both": self.first + self.second, "drop": ()}[choice]
        return tuple(sorted(set(chosen)))


def find_disagreements(
    spans: Iterable[tuple[int, int, str, int, int]], first: str, second: str
) -> list[Disagreement]:
    """Every disagreement between two coders, by document, then position, then tag.

    Args:
        spans: ``(document_id, tag_id, coder, start, end)`` rows (``Store.coded_spans``).
        first: One coder.
        second: The other.
    """
    grouped: dict[tuple[int, int], list[tuple[int, int, bool]]] = defaultdict(list)
    for document_id, tag_id, coder, start, end in spans:
        if coder in (first, second) and end > start:
            grouped[(document_id, tag_id)].append((start, end, coder == first))
    found = []
    for (document_id, tag_id), group in grouped.items():
        for cluster in _overlapping_clusters(sorted(set(group))):
            mine = tuple(sorted((s, e) for s, e, is_first in cluster if is_first))
            theirs = tuple(sorted((s, e) for s, e, is_first in cluster if not is_first))
            if mine != theirs:
                found.append(Disagreement(document_id, tag_id, mine, theirs))
    return sorted(found, key=lambda d: (d.document_id, min(d.first + d.second), d.tag_id))


def _overlapping_clusters(spans: list[tuple[int, int, bool]]) -> Iterable[list[tuple[int, int, bool]]]:
    """Runs of spans (sorted by start) that overlap one another, transitively."""
    cluster: list[tuple[int, int, bool]] = []
    reach = -1
    for span in spans:
        if cluster and span[0] >= reach:
            yield cluster
            cluster, reach = [], -1
        cluster.append(span)
        reach = max(reach, span[1])
    if cluster:
        yield cluster


def progress_key(first: str, second: str, consensus: str) -> str:
    """The app-state key under which the choices of one review are kept."""
    return f"review:{first}\x1f{second}\x1f{consensus}"


def settled_choices(store: Store, first: str, second: str, consensus: str = CONSENSUS) -> dict[str, str]:
    """Disagreement key -> choice, for the disagreements already settled in this review."""
    value = store.get_state(progress_key(first, second, consensus), {})
    return dict(value) if isinstance(value, dict) else {}


def settle(
    store: Store, disagreement: Disagreement, choice: str, first: str, second: str, consensus: str = CONSENSUS
) -> int:
    """Write the chosen spans as the consensus coder's and record the choice, in one transaction.

    A span the consensus coder already has with this tag is not added twice.

    Returns:
        How many annotations were added.

    Raises:
        StoreError: The disagreement was settled already, or the consensus coder is one of the two.
    """
    if consensus in (first, second):
        raise StoreError(f"the consensus coder must not be {consensus!r}, one of the coders compared")
    spans = disagreement.spans_for(choice)
    added = 0
    with store.atomic():
        choices = settled_choices(store, first, second, consensus)
        if disagreement.key in choices:
            raise StoreError(f"already settled ({choices[disagreement.key]})")
        existing = {
            (a.start, a.end)
            for a in store.annotations(disagreement.document_id, tag_id=disagreement.tag_id)
            if a.coder == consensus
        }
        for start, end in spans:
            if (start, end) not in existing:
                store.add_annotation(disagreement.document_id, disagreement.tag_id, start, end, coder=consensus)
                added += 1
        choices[disagreement.key] = choice
        store.set_state(progress_key(first, second, consensus), choices)
    return added


def copy_agreed(store: Store, first: str, second: str, consensus: str = CONSENSUS) -> int:
    """Give the consensus coder every span both coders tagged identically, in one transaction.

    Returns:
        How many annotations were added (spans the consensus already has are skipped).
    """
    if consensus in (first, second):
        raise StoreError(f"the consensus coder must not be {consensus!r}, one of the coders compared")
    rows = store.coded_spans()
    by_coder: dict[str, set[tuple[int, int, int, int]]] = defaultdict(set)
    for document_id, tag_id, coder, start, end in rows:
        by_coder[coder].add((document_id, tag_id, start, end))
    missing = sorted((by_coder[first] & by_coder[second]) - by_coder[consensus])
    with store.atomic():
        for document_id, tag_id, start, end in missing:
            store.add_annotation(document_id, tag_id, start, end, coder=consensus)
    return len(missing)


@dataclass(frozen=True)
class Review:
    """Two coders' disagreements and what is settled so far."""

    first: str
    second: str
    consensus: str
    disagreements: tuple[Disagreement, ...]
    settled: dict[str, str]

    @property
    def settled_count(self) -> int:
        return sum(d.key in self.settled for d in self.disagreements)


def load_review(store: Store, pair: tuple[str, str] | None = None, consensus: str = CONSENSUS) -> Review | str:
    """The review of two coders, or why there is none.

    Args:
        store: The open Store.
        pair: The two coders (default: the first two by name, the consensus coder left out).
        consensus: The coder settled spans go to.
    """
    rows = store.coded_spans()
    coders = sorted({coder for _, _, coder, _, _ in rows} - {consensus})
    if pair is None:
        if len(coders) < 2:
            return "a review needs two coders' annotations"
        pair = (coders[0], coders[1])
    unknown = [coder for coder in pair if coder not in coders]
    if unknown:
        return f"coder {unknown[0]!r} has no annotations"
    if pair[0] == pair[1]:
        return "a review needs two different coders"
    first, second = pair
    disagreements = tuple(find_disagreements(rows, first, second))
    return Review(first, second, consensus, disagreements, settled_choices(store, first, second, consensus))
