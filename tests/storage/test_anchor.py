"""Re-anchoring: an annotation finds its passage again after the text is corrected, or admits it cannot."""

from __future__ import annotations

import pytest

from storage.exchange.anchor import Selector, find_anchor, map_offset

BODY = (
    "Birmingham's children's services have been rated inadequate for the fourth time. "
    "Lord Warner said the council had failed to protect vulnerable children for years. "
    "The NHS was reluctant to get involved in child protection work, he added. "
    "A council spokesman said improvements were under way and social worker caseloads had fallen."
)
SPAN = "the council had failed to protect vulnerable children"


def selector_for_span(body: str, span: str) -> Selector:
    start = body.index(span)
    end = start + len(span)
    return Selector(span, body[max(0, start - 32) : start], body[end : end + 32], start, end)


def found_text(body: str, selector: Selector) -> str | None:
    anchor = find_anchor(body, selector)
    return None if anchor is None else body[anchor.start : anchor.end]


@pytest.mark.parametrize(
    ("new_body", "expected"),
    [
        pytest.param(BODY, SPAN, id="unchanged"),
        pytest.param("UPDATED: " + BODY, SPAN, id="insertion-before"),
        pytest.param(BODY.replace("for the fourth time. ", ""), SPAN, id="deletion-before"),
        pytest.param(BODY + " More to follow.", SPAN, id="insertion-after"),
        pytest.param(BODY.replace("Lord Warner said", "Lord Norman Warner told the BBC"), SPAN, id="edit-in-prefix"),
        pytest.param(BODY.replace("children for years.", "children over many years."), SPAN, id="edit-in-suffix"),
        pytest.param(
            BODY.replace("had failed to protect", "had repeatedly failed to protect"),
            "the council had repeatedly failed to protect vulnerable children",
            id="insertion-inside",
        ),
        pytest.param(
            BODY.replace("protect vulnerable", "protect"),
            "the council had failed to protect children",
            id="deletion-inside",
        ),
        pytest.param(
            BODY.replace("vulnerable children", "vulnerable young people"),
            "the council had failed to protect vulnerable young people",
            id="edit-at-end-of-span",
        ),
        pytest.param(
            BODY.replace("Lord Warner said the council had failed to protect vulnerable children for years. ", ""),
            None,
            id="passage-deleted",
        ),
        pytest.param(
            BODY.replace("the council had failed to protect vulnerable children", "the NHS was slow to share data"),
            None,
            id="span-rewritten",
        ),
    ],
)
def test_an_annotation_follows_its_passage_through_edits(new_body: str, expected: str | None) -> None:
    assert expected == found_text(new_body, selector_for_span(BODY, SPAN))


def test_an_unchanged_position_is_kept() -> None:
    anchor = find_anchor(BODY, selector_for_span(BODY, SPAN))

    assert anchor is not None
    assert ("position", BODY.index(SPAN)) == (anchor.method, anchor.start)


def test_a_repeated_quote_is_placed_by_its_context() -> None:
    body = "The council said no. Critics said the council had failed. Ministers said the council had acted."
    selector = selector_for_span(body, "Ministers said the council")
    selector = Selector("the council", selector.prefix + "Ministers said ", " had acted.", 80, 91)
    shifted = "Breaking news. " + body

    anchor = find_anchor(shifted, selector)

    assert anchor is not None
    assert shifted.rindex("the council") == anchor.start


def test_a_short_quote_left_only_in_another_sentence_is_orphaned() -> None:
    body = "Ofsted rated the service inadequate. Later, the council said it would appeal the decision."
    selector = selector_for_span(body, "inadequate")
    changed = "Ofsted praised the service. Critics had called it inadequate in 2013, long before the review."

    assert None is find_anchor(changed, selector)


def test_a_long_quote_found_verbatim_needs_no_context() -> None:
    quote = "We will not rest until every child in this city is safe from harm and neglect, he said."
    body = f"Intro paragraph.\n\n{quote}\n\nOutro."
    selector = selector_for_span(body, quote)
    rewritten = f"A wholly different opening, rewritten by the sub-editor.\n\n{quote}"

    assert quote == found_text(rewritten, selector)


@pytest.mark.parametrize(
    ("old", "new", "offset", "side", "expected"),
    [
        ("abcdef", "abcdef", 3, "start", 3),
        ("abcdef", "XXabcdef", 3, "start", 5),
        ("abc|def", "abcZZdef", 3, "start", 5),
        ("abc|def", "abcZZdef", 3, "end", 3),
        ("abcdef", "abef", 4, "end", 2),
    ],
)
def test_offsets_map_through_a_diff_keeping_insertions_outside(
    old: str, new: str, offset: int, side: str, expected: int
) -> None:
    old = old.replace("|", "")
    assert expected == map_offset(old, new, offset, side=side)


@pytest.mark.parametrize("body", ["", "short"])
def test_nothing_is_found_in_a_text_too_short_or_empty(body: str) -> None:
    assert None is find_anchor(body, selector_for_span(BODY, SPAN))
