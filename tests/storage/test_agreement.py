"""Agreement between coders: the coefficients against references, worked examples and hand-worked cases."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.analysis.agreement import (
    ALL_TAGS,
    AgreementError,
    CodedSpan,
    cohen_kappa,
    compute_agreement,
    nominal_alpha,
    percent_agreement,
    store_agreement,
    unitizing_disagreement,
)
from storage.models import Article
from storage.store import Store


def counts_from(data: np.ndarray, values: int) -> np.ndarray:
    """Units x values counts from a coders x units table with NaN for a missing value."""
    return np.stack([(data == value).sum(axis=0) for value in range(values)], axis=1)


@st.composite
def reliability_data(draw: st.DrawFn) -> np.ndarray:
    coders = draw(st.integers(2, 5))
    units = draw(st.integers(2, 30))
    values = draw(st.integers(2, 4))
    cells = draw(
        st.lists(
            st.one_of(st.integers(0, values - 1).map(float), st.just(float("nan"))),
            min_size=coders * units,
            max_size=coders * units,
        )
    )
    data = np.array(cells).reshape(coders, units)
    # The reference needs at least two values in pairable units; so does alpha.
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    present = np.unique(pairable[~np.isnan(pairable)])
    if present.size < 2:
        data[0, 0], data[1, 0], data[0, 1], data[1, 1] = 0.0, 1.0, 1.0, 1.0
    return data


@settings(max_examples=200, deadline=None)
@given(reliability_data())
def test_nominal_alpha_equals_the_krippendorff_package(data: np.ndarray) -> None:
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    actual = nominal_alpha(counts_from(data, 4))
    assert actual == pytest.approx(expected, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=60))
def test_two_coder_binary_alpha_equals_the_package_and_percent_is_the_share_agreed(pairs) -> None:
    data = np.array(pairs, dtype=float).T
    counts = counts_from(data, 2)
    assert percent_agreement(counts) == pytest.approx(float(np.mean(data[0] == data[1])), abs=1e-12)
    if len(np.unique(data)) < 2:
        assert nominal_alpha(counts) is None
    else:
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert nominal_alpha(counts) == pytest.approx(expected, abs=1e-9)


def test_nominal_alpha_on_krippendorffs_published_example() -> None:
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 coders,
    12 units, missing values; nominal alpha = 0.743."""
    nan = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
        ]
    )
    assert nominal_alpha(counts_from(data, 6)) == pytest.approx(0.743, abs=5e-4)


def test_cohen_kappa_worked_by_hand() -> None:
    # 10 units: both yes 3, both no 5, A-only 1, B-only 1. p_o = .8; p_e = .4*.4 + .6*.6 = .52.
    first = np.array([1, 1, 1, 0, 0, 0, 0, 0, 1, 0])
    second = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 1])
    assert cohen_kappa(first, second) == pytest.approx((0.8 - 0.52) / (1 - 0.52), abs=1e-12)


def test_kappa_and_alpha_are_undefined_when_only_one_value_occurs() -> None:
    zeros = np.zeros(5, dtype=int)
    assert cohen_kappa(zeros, zeros) is None
    assert nominal_alpha(np.array([[2, 0]] * 5)) is None
    assert percent_agreement(np.array([[2, 0]] * 5)) == 1.0


def test_alpha_u_on_krippendorffs_2004_example() -> None:
    """Krippendorff (2004), "Measuring the reliability of qualitative text analysis data",
    Quality & Quantity 38: 787-800, worked example: two coders on a continuum of 300 (150-450),
    category c: i = [225,295) [370,400), j = [220,300) [355,375) [400,420); category k: both
    [180,240) [300,350). Values to four places as in DKPro Statistics' test of that example
    (de.tudarmstadt.ukp.dkpro.statistics.unitizing.AlphaUnitizedAgreementTest): cDo = .0144,
    cDe = .0532, kDe = .0490, c alpha_u = .7285, k alpha_u = 1, joint alpha_u = .8587."""
    lengths = {0: 300}
    c = unitizing_disagreement({"i": {0: [(75, 145), (220, 250)]}, "j": {0: [(70, 150), (205, 225), (250, 270)]}}, lengths)
    k = unitizing_disagreement({"i": {0: [(30, 90), (150, 200)]}, "j": {0: [(30, 90), (150, 200)]}}, lengths)
    assert c.observed == pytest.approx(0.0144, abs=1e-4)
    assert c.expected == pytest.approx(0.0532, abs=1e-4)
    assert k.observed == 0.0
    assert k.expected == pytest.approx(0.0490, abs=1e-4)
    assert c.alpha == pytest.approx(0.7285, abs=1e-4)
    assert k.alpha == 1.0
    joint = 1 - (c.observed + k.observed) / (c.expected + k.expected)
    assert joint == pytest.approx(0.8587, abs=1e-4)


def test_alpha_u_observed_disagreement_worked_by_hand() -> None:
    # Continuum 10. Coder a: [2,5); coder b: [3,5) and [7,9).
    # Overlap (2,5)/(3,5): 1^2 + 0^2 = 1. b's [7,9) faces a gap of a: 2^2 = 4. Sum 5, both orders 10,
    # over m(m-1)L^2 = 2*1*100: observed = 0.05.
    result = unitizing_disagreement({"a": {0: [(2, 5)]}, "b": {0: [(3, 5), (7, 9)]}}, {0: 10})
    assert result.observed == pytest.approx(0.05, abs=1e-12)


def test_alpha_u_is_the_same_whether_a_stretch_is_cut_in_documents_or_not_when_no_gap_crosses() -> None:
    one = unitizing_disagreement({"a": {0: [(0, 4), (10, 14)]}, "b": {0: [(1, 4), (10, 13)]}}, {0: 20})
    two = unitizing_disagreement({"a": {0: [(0, 4)], 1: [(0, 4)]}, "b": {0: [(1, 4)], 1: [(0, 3)]}}, {0: 10, 1: 10})
    assert one.observed == pytest.approx(two.observed)


TEXT = "One sentence here. Another one follows. A third ends it."
#       0                 19                    40


def test_sentence_units_count_a_sentence_coded_when_a_span_touches_it() -> None:
    spans = [
        CodedSpan(1, "risk", "ann", 0, 5),  # sentence 1
        CodedSpan(1, "risk", "bob", 4, 25),  # sentences 1 and 2
        CodedSpan(1, "help", "ann", 45, 50),  # sentence 3
        CodedSpan(1, "help", "bob", 45, 50),
    ]
    report = compute_agreement({1: TEXT}, spans, ["ann", "bob"], ["risk", "help"])
    risk, helping = report.tags
    assert (risk.tag, risk.units, risk.spans) == ("risk", 3, 2)
    assert risk.percent == pytest.approx(2 / 3)
    # ann: 1 0 0, bob: 1 1 0 -> p_o 2/3, p_e = 1/3*2/3 + 2/3*1/3 = 4/9.
    assert risk.kappa == pytest.approx((2 / 3 - 4 / 9) / (1 - 4 / 9))
    assert risk.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=[[1, 0, 0], [1, 1, 0]], level_of_measurement="nominal")
    )
    assert helping.percent == 1.0 and helping.kappa == 1.0 and helping.alpha == 1.0 and helping.alpha_u == 1.0
    assert report.overall.tag == ALL_TAGS and report.overall.units == 6
    assert report.overall.alpha == pytest.approx(
        krippendorff.alpha(
            reliability_data=[[1, 0, 0, 0, 0, 1], [1, 1, 0, 0, 0, 1]], level_of_measurement="nominal"
        )
    )


def test_a_coders_overlapping_spans_of_one_tag_count_once() -> None:
    twice = [CodedSpan(1, "t", "ann", 0, 10), CodedSpan(1, "t", "ann", 5, 15), CodedSpan(1, "t", "bob", 0, 15)]
    report = compute_agreement({1: TEXT}, twice, ["ann", "bob"], ["t"])
    assert report.tags[0].alpha_u == 1.0


def test_three_coders_have_no_kappa_but_alpha() -> None:
    spans = [CodedSpan(1, "t", coder, 0, 5) for coder in ("a", "b")] + [CodedSpan(1, "t", "c", 20, 25)]
    row = compute_agreement({1: TEXT}, spans, ["a", "b", "c"], ["t"]).tags[0]
    assert row.kappa is None
    expected = krippendorff.alpha(reliability_data=[[1, 0, 0], [1, 0, 0], [0, 1, 0]], level_of_measurement="nominal")
    assert row.alpha == pytest.approx(expected)


def test_one_coder_is_refused() -> None:
    with pytest.raises(AgreementError):
        compute_agreement({1: TEXT}, [], ["ann", "ann"], ["t"])


def coded_store() -> Store:
    store = Store.memory()
    document = store.add_document(Article("Title", TEXT, TEXT), "a.txt", "hash-a")
    risk = store.add_tag("Risk")
    store.add_annotation(document.id, risk.id, 0, 5, coder="ann")
    store.add_annotation(document.id, risk.id, 0, 5, coder="bob")
    store.add_annotation(document.id, risk.id, 20, 30, coder="bob")
    return store


def test_store_agreement_reads_coders_tags_and_documents() -> None:
    report = store_agreement(coded_store())
    assert report.coders == ("ann", "bob")
    assert [row.tag for row in report.tags] == ["Risk"]
    assert report.tags[0].percent == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"tags": ["nope"]}, "no tag named 'nope'"),
        ({"coders": ["ann", "zed"]}, "coder 'zed' has no annotations"),
        ({"coders": ["ann"]}, "at least two coders"),
        ({"document_ids": [99]}, "no current document with id 99"),
    ],
)
def test_store_agreement_refuses_bad_choices(options, message) -> None:
    with pytest.raises(AgreementError, match=message):
        store_agreement(coded_store(), **options)


def test_the_sqlite_export_carries_the_agreement_table(tmp_path) -> None:
    import sqlite3

    from storage.exchange.export import export_database

    store = coded_store()
    export_database(store, tmp_path / "out.db")
    rows = sqlite3.connect(tmp_path / "out.db").execute("SELECT * FROM agreement ORDER BY rowid").fetchall()
    expected = store_agreement(store)
    assert [("ann, bob", r.tag, r.units, r.spans, r.percent, r.kappa, r.alpha, r.alpha_u) for r in expected.rows()] == rows


def test_the_export_of_one_coder_has_an_empty_agreement_table(tmp_path) -> None:
    import sqlite3

    from storage.exchange.export import export_database

    store = Store.memory()
    document = store.add_document(Article("Title", TEXT, TEXT), "a.txt", "hash-a")
    store.add_annotation(document.id, store.add_tag("Risk").id, 0, 5, coder="ann")
    export_database(store, tmp_path / "out.db", format="csv")
    assert (tmp_path / "out.db" / "agreement.csv").read_text().startswith("coders,tag,units")
    export_database(store, tmp_path / "one.db")
    assert [] == sqlite3.connect(tmp_path / "one.db").execute("SELECT * FROM agreement").fetchall()


def test_orphaned_annotations_do_not_count() -> None:
    store = coded_store()
    bobs_second = [a for a in store.annotations() if a.coder == "bob" and a.start == 20][0]
    store.orphan_annotation(bobs_second.id)
    assert store_agreement(store).tags[0].percent == 1.0
