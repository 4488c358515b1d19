"""Provides intercoder agreement per tag: % agreement, Cohen's kappa, Krippendorff's alpha and alpha_u.

Two kinds of unit are compared. **Sentence units** (as :func:`split_sentences`
cuts them, so the reader's sentences): for each tag, each coder either coded a
sentence with the tag (an annotation of theirs overlaps it) or did not; on these
binary values we compute percentage agreement, Cohen's kappa (exactly two coders)
and Krippendorff's nominal alpha (any number). Every chosen coder is taken to
have read every chosen document, so not coding a sentence is a "no".

**Character spans** themselves: Krippendorff's unitizing alpha (alpha_u, Krippendorff
2004, "Measuring the reliability of qualitative text analysis data", Quality &
Quantity 38) compares where each coder's spans begin and end. Each document is its
own stretch of the continuum (a gap never runs from one document into the next),
and one coder's overlapping spans of one tag are merged first, since alpha_u
assumes a coder's units of one category never overlap. The figure over all tags
is Krippendorff's joint alpha_u: one minus the summed observed over the summed
expected disagreement.

Everything here is plain data in, numbers out; :func:`store_agreement` reads a
Store and hands its documents and annotations to :func:`compute_agreement`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storage.attribution.text import split_sentences

if TYPE_CHECKING:
    from storage.store import Store

ALL_TAGS = "(all tags)"
"""The name the overall row carries."""
CONSENSUS = "consensus"
"""The coder a review settles disagreements into; left out of agreement unless named."""


class AgreementError(ValueError):
    """The coders, tags or documents asked for cannot be compared."""


@dataclass(frozen=True)
class CodedSpan:
    """One coder's tag on ``text[start:end]`` of a document."""

    document_id: int
    tag: str
    coder: str
    start: int
    end: int


@dataclass(frozen=True)
class TagAgreement:
    """Agreement on one tag (or on all tags pooled, under :data:`ALL_TAGS`).

    A figure is None where it is undefined: kappa unless there are exactly two
    coders, and any chance-corrected figure when the data hold a single value
    (nobody ever used the tag), so that chance agreement is total.
    """

    tag: str
    units: int
    spans: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    alpha_u: float | None

    def as_dict(self) -> dict[str, object]:
        """The row as plain JSON-ready data."""
        return {
            "tag": self.tag,
            "units": self.units,
            "spans": self.spans,
            "percent": self.percent,
            "kappa": self.kappa,
            "alpha": self.alpha,
            "alpha_u": self.alpha_u,
        }


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of some coders over some documents: a row per tag and one overall."""

    coders: tuple[str, ...]
    documents: int
    tags: tuple[TagAgreement, ...]
    overall: TagAgreement

    def rows(self) -> list[TagAgreement]:
        """The tag rows, then the overall row."""
        return [*self.tags, self.overall]


def format_coefficient(value: float | None) -> str:
    """A coefficient to three places for tables, or "-" where it is undefined."""
    return "-" if value is None else f"{value:.3f}"


# -- the coefficients ------------------------------------------------------------


def nominal_alpha(value_counts: np.ndarray, weights: np.ndarray | None = None) -> float | None:
    """Krippendorff's alpha for nominal data from a units x values table of counts.

    ``value_counts[u, v]`` is how many coders gave unit ``u`` value ``v``. Units
    with fewer than two values are not pairable and are left out, as in
    Krippendorff (2011), "Computing Krippendorff's alpha-reliability".

    Args:
        value_counts: Units x values counts.
        weights: How many units each row stands for (default one each), so that
            many units with the same counts can be passed as one row.

    Returns:
        Alpha, or None when fewer than two values occur in pairable units
        (expected disagreement is zero and alpha undefined).
    """
    counts, per_unit, weight = _pairable(value_counts, weights)
    if weight.sum() <= 0:
        return None
    totals = (counts * weight[:, None]).sum(axis=0)
    n = totals.sum()
    # Coincidences off the diagonal: sum over c != k of n_uc n_uk / (m_u - 1), unit by unit.
    observed_off = (weight * (per_unit * per_unit - (counts * counts).sum(axis=1)) / (per_unit - 1)).sum()
    expected_off = n * n - (totals * totals).sum()
    if expected_off <= 0:
        return None
    return float(1.0 - (n - 1.0) * observed_off / expected_off)


def percent_agreement(value_counts: np.ndarray, weights: np.ndarray | None = None) -> float | None:
    """The share of agreeing coder pairs over all pairs in all units (two coders: units agreed on).

    Arguments as for :func:`nominal_alpha`.
    """
    counts, per_unit, weight = _pairable(value_counts, weights)
    pairs = (weight * per_unit * (per_unit - 1)).sum()
    if pairs <= 0:
        return None
    return float((weight * (counts * (counts - 1)).sum(axis=1)).sum() / pairs)


def _pairable(value_counts: np.ndarray, weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts, values per unit and weights of the units that at least two coders valued."""
    counts = np.asarray(value_counts, dtype=float).reshape(len(value_counts), -1)
    weight = np.ones(len(counts)) if weights is None else np.asarray(weights, dtype=float)
    per_unit = counts.sum(axis=1)
    keep = per_unit >= 2
    return counts[keep], per_unit[keep], weight[keep]


def cohen_kappa(first: np.ndarray, second: np.ndarray) -> float | None:
    """Cohen's kappa of two coders' values on the same units.

    Returns:
        Kappa, or None when chance agreement is total (both coders used one
        and the same value throughout) or there are no units.
    """
    values, coded = np.unique(np.concatenate([first, second]), return_inverse=True)
    size = len(first)
    table = np.zeros((len(values), len(values)))
    np.add.at(table, (coded[:size], coded[size:]), 1)
    return kappa_from_table(table)


def kappa_from_table(table: np.ndarray) -> float | None:
    """Cohen's kappa from a contingency table: ``table[a, b]`` units the first coder gave a, the second b."""
    total = table.sum()
    if total <= 0:
        return None
    observed = float(np.trace(table)) / total
    chance = float((table.sum(axis=1) * table.sum(axis=0)).sum()) / (total * total)
    if chance >= 1.0:
        return None
    return (observed - chance) / (1.0 - chance)


@dataclass(frozen=True)
class UnitizingDisagreement:
    """The two halves of alpha_u for one category: observed and expected disagreement."""

    observed: float
    expected: float

    @property
    def alpha(self) -> float | None:
        """``1 - observed / expected``; None when nothing is expected to differ."""
        return None if self.expected <= 0 else 1.0 - self.observed / self.expected


def unitizing_disagreement(
    units: Mapping[str, Mapping[int, Sequence[tuple[int, int]]]],
    lengths: Mapping[int, int],
) -> UnitizingDisagreement:
    """Krippendorff's observed and expected unitizing disagreement for one category.

    Args:
        units: For each coder, for each stretch (document) id, their units as
            sorted, non-overlapping ``(start, end)`` spans. Every coder is taken
            to have unitized every stretch in ``lengths``.
        lengths: The length of each stretch; the continuum is their sum.

    Returns:
        The disagreements (Krippendorff 2004, section 5): observed is the sum of
        squared edge differences of overlapping units, plus the squared length
        of each unit facing only a gap, over m(m-1)L^2; expected follows the
        paper's closed form from unit and gap lengths.
    """
    coders = list(units)
    m = len(coders)
    total = float(sum(lengths.values()))
    if m < 2 or total <= 0:
        return UnitizingDisagreement(0.0, 0.0)
    observed = 0.0
    for i, first in enumerate(coders):
        for second in coders[i + 1 :]:
            # Stretches where neither coder has a unit add nothing.
            for stretch in units[first].keys() | units[second].keys():
                observed += _pair_disagreement(units[first].get(stretch, ()), units[second].get(stretch, ()))
    observed = 2.0 * observed / (m * (m - 1) * total * total)

    unit_lengths = np.array(
        [end - start for spans in units.values() for stretch in spans.values() for start, end in stretch], dtype=float
    )
    if unit_lengths.size == 0:
        return UnitizingDisagreement(observed, 0.0)
    gaps = np.sort(np.array([gap for coder in coders for gap in _gap_lengths(units[coder], lengths)], dtype=float))
    # For each unit length l: sum over gaps g with g >= l of (g - l + 1).
    above = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
    first_fit = np.searchsorted(gaps, unit_lengths, side="left")
    fits = gaps.size - first_fit
    gap_term = above[first_fit] - (unit_lengths - 1.0) * fits
    count = unit_lengths.size
    ls = unit_lengths
    numerator = (2.0 / total) * float(
        ((count - 1.0) / 3.0 * (2 * ls**3 - 3 * ls**2 + ls) + ls**2 * gap_term).sum()
    )
    denominator = m * total * (m * total - 1.0) - float((ls * (ls - 1.0)).sum())
    return UnitizingDisagreement(observed, numerator / denominator if denominator > 0 else 0.0)


def _pair_disagreement(first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]]) -> float:
    """Squared differences between two coders' units in one stretch (one order of the pair)."""
    total = 0.0
    matched_second = [False] * len(second)
    j = 0
    for start, end in first:
        while j < len(second) and second[j][1] <= start:
            j += 1
        matched = False
        k = j
        while k < len(second) and second[k][0] < end:
            other_start, other_end = second[k]
            total += (start - other_start) ** 2 + (end - other_end) ** 2
            matched = matched_second[k] = True
            k += 1
        if not matched:
            total += (end - start) ** 2
    total += sum((end - start) ** 2 for (start, end), matched in zip(second, matched_second) if not matched)
    return total


def _gap_lengths(spans: Mapping[int, Sequence[tuple[int, int]]], lengths: Mapping[int, int]) -> Iterable[int]:
    """The lengths of the stretches between one coder's units: a stretch without units is one gap."""
    yield from (length for stretch, length in lengths.items() if stretch not in spans)
    for stretch, stretch_spans in spans.items():
        length, position = lengths[stretch], 0
        for start, end in stretch_spans:
            if start > position:
                yield start - position
            position = end
        if length > position:
            yield length - position


# -- from annotations to units ---------------------------------------------------------


def compute_agreement(
    texts: Mapping[int, str],
    spans: Iterable[CodedSpan],
    coders: Sequence[str],
    tags: Sequence[str],
) -> AgreementReport:
    """Agreement of ``coders`` on ``tags`` over the documents in ``texts``.

    Args:
        texts: Document id to its text; spans on other documents are ignored.
        spans: The coders' tagged spans (others' spans and other tags are ignored).
        coders: At least two distinct coder names.
        tags: The tags to report, in order.

    Raises:
        AgreementError: Fewer than two coders.
    """
    coders = list(dict.fromkeys(coders))
    if len(coders) < 2:
        raise AgreementError("agreement needs at least two coders")
    sentences = {doc: split_sentences(text) for doc, text in texts.items()}
    first_index, offset = {}, 0
    for doc, doc_sentences in sentences.items():
        first_index[doc] = offset
        offset += len(doc_sentences)
    sentence_count = offset
    by_tag = _merged_spans(spans, set(texts), set(coders), set(tags))
    lengths = {doc: len(text) for doc, text in texts.items()}
    starts = {doc: [s for s, _ in doc_sentences] for doc, doc_sentences in sentences.items()}
    ends = {doc: [e for _, e in doc_sentences] for doc, doc_sentences in sentences.items()}

    rows = []
    yes_total = np.zeros(len(coders) + 1)
    pairs_total = np.zeros((2, 2))
    observed_total = expected_total = 0.0
    for tag in tags:
        coder_spans = by_tag.get(tag, {})
        values = np.zeros((len(coders), sentence_count), dtype=np.int8)
        for row, coder in enumerate(coders):
            for doc, doc_spans in coder_spans.get(coder, {}).items():
                base = first_index[doc]
                for start, end in doc_spans:
                    low = bisect_right(ends[doc], start)
                    high = bisect_left(starts[doc], end)
                    values[row, base + low : base + high] = 1
        # Binary units differ only in how many coders said yes: count units by that number.
        yes = np.bincount(values.sum(axis=0), minlength=len(coders) + 1).astype(float)
        pairs = np.bincount(2 * values[0] + values[1], minlength=4).reshape(2, 2).astype(float)
        disagreement = unitizing_disagreement({coder: coder_spans.get(coder, {}) for coder in coders}, lengths)
        span_count = sum(len(s) for docs in coder_spans.values() for s in docs.values())
        rows.append(_row(tag, sentence_count, yes, pairs, span_count, disagreement.alpha))
        yes_total += yes
        pairs_total += pairs
        observed_total += disagreement.observed
        expected_total += disagreement.expected
    joint = UnitizingDisagreement(observed_total, expected_total).alpha
    units = sentence_count * len(tags)
    overall = _row(ALL_TAGS, units, yes_total, pairs_total, sum(r.spans for r in rows), joint)
    return AgreementReport(tuple(coders), len(texts), tuple(rows), overall)


def _merged_spans(
    spans: Iterable[CodedSpan], documents: set[int], coders: set[str], tags: set[str]
) -> dict[str, dict[str, dict[int, list[tuple[int, int]]]]]:
    """Tag -> coder -> document -> sorted spans, a coder's overlapping spans of a tag merged."""
    raw: dict[str, dict[str, dict[int, list[tuple[int, int]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for span in spans:
        if span.document_id in documents and span.coder in coders and span.tag in tags and span.end > span.start:
            raw[span.tag][span.coder][span.document_id].append((span.start, span.end))
    merged: dict[str, dict[str, dict[int, list[tuple[int, int]]]]] = {}
    for tag, per_coder in raw.items():
        merged[tag] = {
            coder: {doc: _merge(doc_spans) for doc, doc_spans in per_doc.items()}
            for coder, per_doc in per_coder.items()
        }
    return merged


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined (touching ones stay apart: they are two units)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _row(
    tag: str, units: int, yes: np.ndarray, pairs: np.ndarray, spans: int, alpha_u: float | None
) -> TagAgreement:
    """A table row from the count of units by how many coders said yes, and the first two coders' 2x2 table."""
    coders = len(yes) - 1
    patterns = np.array([[coders - k, k] for k in range(coders + 1)])
    return TagAgreement(
        tag=tag,
        units=units,
        spans=spans,
        percent=percent_agreement(patterns, yes),
        kappa=kappa_from_table(pairs) if coders == 2 else None,
        alpha=nominal_alpha(patterns, yes),
        alpha_u=alpha_u,
    )


# -- from a Store ----------------------------------------------------------------------


def store_coders(store: Store) -> list[str]:
    """Every coder with an anchored annotation on a current document, by name."""
    return sorted({coder for _, _, coder, _, _ in store.coded_spans()})


def store_agreement(
    store: Store,
    *,
    coders: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    document_ids: Sequence[int] | None = None,
) -> AgreementReport:
    """Agreement between coders of a Store's anchored annotations on its current documents.

    Args:
        store: The open Store.
        coders: The coders to compare (default: every coder who has coded, but the consensus).
        tags: Tag names (default: every tag); matched without regard to case.
        document_ids: The documents (default: every current document).

    Raises:
        AgreementError: An unknown tag, document or coder, or fewer than two coders.
    """
    documents = {document.id: document for document in store.documents()}
    if document_ids is not None:
        unknown = [d for d in document_ids if d not in documents]
        if unknown:
            raise AgreementError(f"no current document with id {unknown[0]}")
        documents = {d: documents[d] for d in document_ids}
    known_tags = {tag.id: tag.name for tag in store.tags()}
    if tags is None:
        tag_names = list(known_tags.values())
    else:
        by_name = {name.casefold(): name for name in known_tags.values()}
        missing = [name for name in tags if name.strip().casefold() not in by_name]
        if missing:
            raise AgreementError(f"no tag named {missing[0]!r}")
        tag_names = [by_name[name.strip().casefold()] for name in tags]
    annotations = [row for row in store.coded_spans() if row[0] in documents]
    present = sorted({coder for _, _, coder, _, _ in annotations})
    if coders is None:
        coders = [coder for coder in present if coder != CONSENSUS]
    else:
        absent = [c for c in coders if c not in present]
        if absent:
            raise AgreementError(f"coder {absent[0]!r} has no annotations on these documents")
    spans = [CodedSpan(doc, known_tags[tag], coder, start, end) for doc, tag, coder, start, end in annotations]
    texts = {doc: document.body for doc, document in documents.items()}
    return compute_agreement(texts, spans, coders, tag_names)
