"""The segment list's measure of a block agrees with the rows it draws, for any text and width."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.exchange.segments import CodedSegment
from tui.widgets.segment_view import block_height, block_rows

TEXTS = st.text(alphabet=st.sampled_from("ab cd\n\t[]é漢字👍🏽\x1b\u200b-"), max_size=120)


@settings(max_examples=300, deadline=None)
@given(title=TEXTS, text=TEXTS, note=TEXTS, speakers=st.lists(TEXTS, max_size=2), width=st.integers(1, 60))
def test_a_block_is_measured_as_tall_as_it_is_drawn(
    title: str, text: str, note: str, speakers: list[str], width: int
) -> None:
    segment = CodedSegment(1, 1, 0, 1, text, note, "ana", 1, "Tag", title, "2014-01-01", "Post", "", tuple(speakers))

    assert len(block_rows(segment, width)) == block_height(segment, width)
