"""Properties re-anchoring must keep whatever the text: found spans are real, untouched spans stay put."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.exchange.anchor import MIN_QUOTE_SIMILARITY, Selector, find_anchor, similarity

WORDS = st.sampled_from(
    "the council children services Ofsted NHS said failed social workers Birmingham review inspection "
    "commissioner trust budget".split()
)
TEXTS = st.lists(WORDS, min_size=30, max_size=120).map(" ".join)
EDITS = st.lists(WORDS, min_size=1, max_size=12).map(lambda words: " ".join(words) + " ")


@st.composite
def bodies_with_spans(draw: st.DrawFn) -> tuple[str, Selector]:
    body = draw(TEXTS)
    start = draw(st.integers(0, len(body) - 2))
    end = draw(st.integers(start + 1, min(len(body), start + 80)))
    return body, Selector(body[start:end], body[max(0, start - 32) : start], body[end : end + 32], start, end)


@settings(max_examples=150, deadline=None)
@given(bodies_with_spans())
def test_an_unchanged_text_keeps_every_span(case: tuple[str, Selector]) -> None:
    body, selector = case

    anchor = find_anchor(body, selector)

    assert anchor is not None
    assert (selector.start, selector.end) == (anchor.start, anchor.end)


@settings(max_examples=150, deadline=None)
@given(bodies_with_spans(), EDITS)
def test_text_inserted_at_the_start_only_shifts_the_span(case: tuple[str, Selector], inserted: str) -> None:
    body, selector = case
    changed = inserted + body

    anchor = find_anchor(changed, selector)

    assert anchor is not None
    assert selector.text == changed[anchor.start : anchor.end]


@settings(max_examples=200, deadline=None)
@given(bodies_with_spans(), TEXTS, st.integers(0, 10_000), st.integers(0, 60), EDITS)
def test_any_anchor_found_is_a_real_span_much_like_the_quote(
    case: tuple[str, Selector], other: str, at: int, cut: int, inserted: str
) -> None:
    body, selector = case
    at %= len(body)
    changed = body[:at] + inserted + body[at + cut :] + other

    anchor = find_anchor(changed, selector)

    if anchor is not None:
        assert 0 <= anchor.start < anchor.end <= len(changed)
        assert similarity(selector.text, changed[anchor.start : anchor.end]) >= MIN_QUOTE_SIMILARITY
