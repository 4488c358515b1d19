"""Invariants of ingestion on any input: it refuses cleanly or gives a well-formed article."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.ingest.article import IngestError, decode, parse_article

LINES = st.sampled_from(
    [
        "Council apologises for care failings",
        "The council said it had accepted every recommendation in the report and would act on them.",
        "“We are sorry,” said the leader.",
        "Cllr Jones said:",
        "Share this article",
        "Similar Articles",
        "3 Comments",
        "Jane Doe says:",
        "June 4, 2015 at 9:15 am",
        "By Jane Smith",
        "20 January 2015",
        "<p>A paragraph in <b>HTML</b></p>",
        "# A heading",
        "\u00a0\u200b\t",
        "",
    ]
)
TEXTS = st.one_of(st.lists(LINES, max_size=25).map("\n".join), st.text(max_size=400))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_text_gives_a_well_formed_article_or_a_one_line_refusal(text: str, suffix: str) -> None:
    try:
        article = parse_article(text, f"page{suffix}")
    except IngestError as error:
        assert 1 == len(str(error).splitlines())
        return

    body = article.body
    assert body and body == body.strip()
    assert "\n\n\n" not in body
    assert all(paragraph == " ".join(paragraph.split()) for paragraph in body.split("\n\n"))
    assert not any(ch in body for ch in "\u00a0\u200b\x00\r")
    assert "\n" not in article.title


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_decode_or_are_refused_as_one_line(data: bytes) -> None:
    try:
        text = decode(data, "blob")
    except IngestError as error:
        assert str(error).startswith("blob is ")
        return
    assert isinstance(text, str)


@pytest.mark.parametrize("text", ["   ", "\n\n", "\u200b\u200b"])
def test_blank_text_is_empty(text: str) -> None:
    with pytest.raises(IngestError, match="page.txt is empty"):
        parse_article(text, "page.txt")
