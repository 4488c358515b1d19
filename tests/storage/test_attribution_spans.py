"""Attribution as a triple: each quote's cue and speaker-mention spans, found, stored, reread and exported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.attribution.quotes import extract_quotes
from storage.exchange.export import export_database
from storage.models import Article
from storage.store import Store

ARTICLE = (
    "Mayor Dana Orrell opened the new bridge on Monday.\n\n"
    "“We built this for the next hundred years,” Orrell said. “It will outlast all of us.”\n\n"
    "The council's engineer, Pat Wen, told reporters that the steel had been tested twice.\n"
)


def spans(text: str) -> list[tuple[str, str, str | None, str | None]]:
    """(quote, kind, cue text, mention text) for every quote of ``text``."""
    found = []
    for quote in extract_quotes(text).quotes:
        cue = text[quote.cue_start : quote.cue_end] if quote.cue_start is not None else None
        mention = text[quote.mention_start : quote.mention_end] if quote.mention_start is not None else None
        found.append((quote.text[:20], quote.kind, cue, mention))
    return found


def test_a_quote_knows_its_cue_and_the_words_naming_its_speaker() -> None:
    assert ("We built this for th", "direct", "said", "Orrell") in spans(ARTICLE)


def test_the_next_quote_in_a_run_is_credited_by_the_same_mention() -> None:
    run = [found for found in spans(ARTICLE) if found[0].startswith("It will")]
    assert ["Orrell"] == [mention for _, _, _, mention in run]


def test_a_pronoun_is_the_mention_of_its_quote() -> None:
    text = "Ann Pike runs the shelter.\n\n“Nobody should sleep outside in winter,” she said.\n"
    assert [("Nobody should sleep ", "direct", "said", "she")] == spans(text)


def test_an_indirect_quote_has_its_cue_and_mention() -> None:
    assert ("the steel had been t", "indirect", "told", "Pat Wen") in spans(ARTICLE)


def test_spans_are_stored_read_back_and_exported(store: Store, tmp_path: Path) -> None:
    document = store.add_document(Article(title="Bridge", body=ARTICLE, raw=ARTICLE), "bridge.txt", "hash")
    store.save_extraction(document.id, extract_quotes(document.body))

    stored = [q for q in store.quotes(document.id) if q.text.startswith("We built")][0]
    assert ("said", "Orrell") == (
        document.body[stored.cue_start : stored.cue_end],  # type: ignore[misc]
        document.body[stored.mention_start : stored.mention_end],  # type: ignore[misc]
    )
    out = tmp_path / "out.db"
    export_database(store, out)
    connection = sqlite3.connect(out)
    row = connection.execute(
        "SELECT cue_start, cue_end, mention_start, mention_end FROM quotes WHERE text LIKE 'We built%'"
    ).fetchone()
    connection.close()
    assert (stored.cue_start, stored.cue_end, stored.mention_start, stored.mention_end) == row


@pytest.mark.parametrize("field", ["cue_start", "cue_end", "mention_start", "mention_end"])
def test_a_quote_without_attribution_has_no_spans(field: str) -> None:
    quote = extract_quotes("“Everything must go,” read the sign on the shop.\n").quotes
    assert all(getattr(q, field) is None for q in quote if q.speaker is None)
