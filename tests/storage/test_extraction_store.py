"""Extraction in the Store: run at import, rebuilt by reextract, never touching the user's annotations."""

from __future__ import annotations

from pathlib import Path

from storage.attribution.extraction import reextract
from storage.ingest.importer import import_paths
from storage.store import Store


def test_import_stores_quotes_with_valid_offsets_and_speakers(corpus_dir: Path, store: Store) -> None:
    import_paths(store, [corpus_dir])

    quotes = store.quotes()
    assert len(quotes) > 50
    for quote in quotes:
        source = store.document(quote.document_id).body
        if quote.comment_id is not None:
            source = next(c.text for c in store.comments(quote.document_id) if c.id == quote.comment_id)
        assert source[quote.start : quote.end] == quote.text
        if quote.speaker_id is not None:
            store.actor(quote.speaker_id)


def test_actor_quote_counts_rank_speakers(corpus_dir: Path, store: Store) -> None:
    import_paths(store, [corpus_dir])

    actor, count = store.actor_quote_counts()[0]
    assert "Lord Norman Warner" == actor.name
    assert count == len(store.quotes_by_actor(actor.id))


def test_reextract_rebuilds_the_same_result_and_keeps_annotations(corpus_dir: Path, store: Store) -> None:
    import_paths(store, [corpus_dir])
    document = store.documents()[0]
    tag = store.tags()[0] if store.tags() else store.add_tag("Blame")
    annotation = store.add_annotation(document.id, tag.id, 0, 20, coder="ana", note="keep me")
    before = ([(q.document_id, q.start, q.end, q.kind) for q in store.quotes()], [a.name for a in store.actors()])

    counts = reextract(store)

    after = ([(q.document_id, q.start, q.end, q.kind) for q in store.quotes()], [a.name for a in store.actors()])
    assert before == after
    speech = [kind for _, _, _, kind in after[0] if kind != "term"]
    assert (5, len(speech), len(after[1])) == (counts.documents, counts.quotes, counts.actors)
    assert [annotation] == store.annotations()
    assert tag == store.tag(tag.id)


def test_a_failed_reextract_leaves_everything_as_it_was(corpus_dir: Path, store: Store, monkeypatch) -> None:
    import storage.attribution.extraction

    import_paths(store, [corpus_dir])
    before = store.quotes()

    def broken(text: str):  # type: ignore[no-untyped-def]
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(storage.attribution.extraction, "extract_quotes", broken)
    try:
        reextract(store)
    except RuntimeError:
        pass
    assert before == store.quotes()


def test_reextract_upgrades_quotes_stored_before_attribution_spans(corpus_dir: Path, store: Store) -> None:
    import_paths(store, [corpus_dir])
    document = store.documents()[0]
    tag = store.tags()[0] if store.tags() else store.add_tag("Blame")
    annotation = store.add_annotation(document.id, tag.id, 0, 20, coder="ana", note="keep me")
    with store.atomic():
        # What a database written before the spans and terms existed holds after its migration.
        store.conn.execute("UPDATE quotes SET cue_start = NULL, cue_end = NULL, mention_start = NULL, mention_end = NULL")
        store.conn.execute("UPDATE quotes SET kind = 'partial' WHERE kind = 'term'")

    reextract(store)

    quotes = store.quotes()
    assert any(quote.kind == "term" for quote in quotes)
    spans = [quote for quote in quotes if quote.cue_start is not None and quote.mention_start is not None]
    assert len(spans) > len(quotes) // 2
    for quote in spans:
        body = store.document(quote.document_id).body
        assert body[quote.cue_start : quote.cue_end].strip()  # type: ignore[misc]
        assert body[quote.mention_start : quote.mention_end].strip()  # type: ignore[misc]
    assert [annotation] == store.annotations()
