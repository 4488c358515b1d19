"""Corrections of the extractor's quotes: stored apart, applied on every save, journaled, re-anchored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.attribution.corrections import correction_target
from storage.attribution.extraction import reextract
from storage.exchange.annotation_import import import_annotations
from storage.exchange.export import export_database
from storage.ingest.importer import import_paths
from storage.models import Document, Quote
from storage.store import Store, StoreError

ARTICLE = (Path(__file__).parents[1] / "fixtures" / "harbour_quotes.txt").read_text(encoding="utf-8")
"""An invented article: two direct quotes, an indirect one, a partial one, and a sentence nobody is quoted in."""

MISSED = "The board meets again in June."


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def store(article: Path, tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "project.db") as store:
        import_paths(store, [article])
        yield store


def document(store: Store) -> Document:
    return store.documents()[0]


def quote_with(store: Store, words: str) -> Quote:
    return next(q for q in store.quotes(document(store).id) if words in q.text)


def where(quote: Quote) -> tuple[int, int, int]:
    return quote.document_id, quote.start, quote.end


def speaker_of(store: Store, quote: Quote) -> str:
    return store.actor(quote.speaker_id).name if quote.speaker_id is not None else ""


def test_a_new_speaker_is_recorded_with_coder_and_time_and_the_quote_says_corrected(store: Store) -> None:
    quote = quote_with(store, "rushed")

    correction = store.correct_speaker(*where(quote), "Ann Pryce", "person", coder="ana")

    assert correction is not None
    assert ("speaker", "Ann Pryce", "ana") == (correction.action, correction.speaker, correction.coder)
    assert correction.created
    corrected = quote_with(store, "rushed")
    assert ("Ann Pryce", "corrected") == (speaker_of(store, corrected), corrected.origin)
    assert "auto" == quote_with(store, "decade").origin


def test_a_speaker_correction_uses_an_existing_actor_named_so(store: Store) -> None:
    quote = quote_with(store, "rushed")

    store.correct_speaker(*where(quote), "maria okonkwo", "person", coder="ana")

    assert quote_with(store, "decade").speaker_id == quote_with(store, "rushed").speaker_id


def test_no_speaker_clears_the_speaker(store: Store) -> None:
    store.correct_speaker(*where(quote_with(store, "decade")), "", coder="ana")

    assert quote_with(store, "decade").speaker_id is None


def test_a_kind_correction_changes_the_kind_and_refuses_unknown_kinds(store: Store) -> None:
    store.correct_kind(*where(quote_with(store, "gift")), "term", coder="ana")

    assert ("term", "corrected") == (quote_with(store, "gift").kind, quote_with(store, "gift").origin)
    with pytest.raises(StoreError):
        store.correct_kind(*where(quote_with(store, "gift")), "shouted", coder="ana")


def test_not_a_quote_removes_it_and_undo_brings_it_back(store: Store) -> None:
    before = len(store.quotes())
    store.reject_quote(*where(quote_with(store, "gift")), coder="ana")

    assert before - 1 == len(store.quotes())
    assert not [q for q in store.quotes() if "gift" in q.text]
    assert store.undo(coder="ana")
    assert "auto" == quote_with(store, "gift").origin


def test_an_added_quote_is_manual_replaces_the_quotes_it_overlaps_and_can_be_removed(store: Store) -> None:
    doc = document(store)
    start = doc.body.index("Local traders")
    end = doc.body.index(" in the letter")

    store.add_quote(doc.id, start, end, kind="indirect", speaker="Local traders", speaker_kind="group", coder="ana")

    added = quote_with(store, "Local traders")
    assert ("indirect", "manual", "Local traders") == (added.kind, added.origin, speaker_of(store, added))
    assert not [q for q in store.quotes(doc.id) if q.text == "a gift to developers"]
    store.correct_kind(*where(added), "partial", coder="ana")
    assert ("partial", "manual") == (quote_with(store, "Local traders").kind, quote_with(store, "Local traders").origin)
    assert 1 == len(store.quote_corrections(doc.id))

    assert store.reject_quote(*where(quote_with(store, "Local traders")), coder="ana") is None
    assert [] == store.quote_corrections(doc.id)
    assert "auto" == quote_with(store, "gift").origin


def test_a_quote_added_outside_the_text_is_refused(store: Store) -> None:
    doc = document(store)
    with pytest.raises(StoreError):
        store.add_quote(doc.id, 10, len(doc.body) + 5, kind="direct", coder="ana")


def test_correcting_a_quote_twice_keeps_one_correction_and_undo_goes_back_a_step(store: Store) -> None:
    quote = quote_with(store, "rushed")
    store.correct_speaker(*where(quote), "Ann Pryce", coder="ana")
    store.correct_speaker(*where(quote_with(store, "rushed")), "Bo Lind", coder="ana")

    assert ["Bo Lind"] == [c.speaker for c in store.quote_corrections(document(store).id)]
    store.undo(coder="ana")
    assert "Ann Pryce" == speaker_of(store, quote_with(store, "rushed"))
    store.undo(coder="ana")
    assert "Councillor Tom Bexley" == speaker_of(store, quote_with(store, "rushed"))
    store.redo(coder="ana")
    assert "Ann Pryce" == speaker_of(store, quote_with(store, "rushed"))


def test_undo_of_a_correction_survives_a_restart(tmp_path: Path, store: Store) -> None:
    store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana")
    store.close()

    with Store.open(tmp_path / "project.db") as reopened:
        assert "Ann Pryce" == speaker_of(reopened, quote_with(reopened, "rushed"))
        assert reopened.undo(coder="ana")
        assert "Councillor Tom Bexley" == speaker_of(reopened, quote_with(reopened, "rushed"))


def test_corrections_survive_reextract(store: Store) -> None:
    doc = document(store)
    store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana")
    store.reject_quote(*where(quote_with(store, "gift")), coder="ana")
    store.correct_kind(*where(quote_with(store, "quay belongs")), "indirect", coder="ana")
    start = doc.body.index(MISSED)
    store.add_quote(doc.id, start, start + len(MISSED), kind="direct", speaker="Maria Okonkwo", coder="ana")
    before = [(q.start, q.end, q.kind, speaker_of(store, q), q.origin) for q in store.quotes(doc.id)]

    reextract(store)

    after = [(q.start, q.end, q.kind, speaker_of(store, q), q.origin) for q in store.quotes(doc.id)]
    assert before == after
    assert store.undo(coder="ana")
    assert not [q for q in store.quotes(doc.id) if q.text == MISSED]


def test_corrections_follow_a_revised_article_and_are_orphaned_when_their_passage_is_gone(
    store: Store, article: Path
) -> None:
    store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana")
    store.reject_quote(*where(quote_with(store, "gift")), coder="ana")
    revised = ("A correction: an earlier version misnamed the board.\n\n" + ARTICLE).replace(
        'Local traders wrote to the board on Monday. They described the plan as "a gift to developers" in the letter.\n', ""
    )
    article.write_text(revised, encoding="utf-8")

    [outcome] = import_paths(store, [article])

    assert ("revised", 1, 1) == (outcome.status, outcome.corrections_reanchored, outcome.corrections_orphaned)
    current = document(store)
    assert current.id == outcome.document.id
    assert "Ann Pryce" == speaker_of(store, quote_with(store, "rushed"))
    [moved] = store.quote_corrections(current.id)
    assert current.body[moved.start : moved.end] == moved.text
    [orphan] = store.quote_corrections(orphaned=True)
    assert "reject" == orphan.action


def test_two_stores_on_one_database_see_each_others_corrections(tmp_path: Path, store: Store) -> None:
    with Store.open(tmp_path / "project.db") as other:
        store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana")
        assert "Ann Pryce" == speaker_of(other, quote_with(other, "rushed"))
        other.correct_kind(*where(quote_with(other, "decade")), "partial", coder="ben")
    assert "partial" == quote_with(store, "decade").kind


def test_origin_and_corrections_survive_export_and_import_into_a_fresh_database(
    store: Store, tmp_path: Path
) -> None:
    doc = document(store)
    store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana")
    store.reject_quote(*where(quote_with(store, "gift")), coder="ana")
    start = doc.body.index(MISSED)
    store.add_quote(doc.id, start, start + len(MISSED), kind="direct", speaker="Maria Okonkwo", coder="ana")
    out = tmp_path / "out.db"
    export_database(store, out)

    with Store.open(tmp_path / "fresh.db") as fresh:
        report = import_annotations(fresh, out)
        again = import_annotations(fresh, out)
        copy = fresh.documents()[0]
        quotes = [(q.text, q.kind, speaker_of(fresh, q), q.origin) for q in fresh.quotes(copy.id)]
        corrections = [(c.action, c.speaker, c.coder) for c in fresh.quote_corrections(copy.id)]

    assert (3, 3) == (report.corrections_added, again.corrections_present)
    assert [(q.text, q.kind, speaker_of(store, q), q.origin) for q in store.quotes(doc.id)] == quotes
    assert ("the scheme was rushed and would cost too much", "indirect", "Ann Pryce", "corrected") in quotes
    assert (MISSED, "direct", "Maria Okonkwo", "manual") in quotes
    assert [("speaker", "Ann Pryce", "ana"), ("reject", "", "ana"), ("add", "Maria Okonkwo", "ana")] == corrections


def test_imported_corrections_apply_to_the_same_article_already_in_the_database(
    store: Store, article: Path, tmp_path: Path
) -> None:
    store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana")
    out = tmp_path / "out.db"
    export_database(store, out)

    with Store.open(tmp_path / "other.db") as other:
        import_paths(other, [article])
        report = import_annotations(other, out)
        assert 1 == report.corrections_added
        assert ("Ann Pryce", "corrected") == (
            speaker_of(other, quote_with(other, "rushed")),
            quote_with(other, "rushed").origin,
        )


@pytest.mark.parametrize(
    ("spans", "start", "end", "expected"),
    [
        ([(10, 20), (30, 40)], 30, 40, (30, 40)),
        ([(10, 20), (30, 42)], 30, 40, (30, 42)),
        ([(10, 20), (30, 40)], 19, 31, None),
        ([(10, 20), (25, 60)], 24, 40, (25, 60)),
        ([], 0, 5, None),
    ],
)
def test_a_correction_lands_on_the_quote_sharing_most_of_its_passage(
    spans: list[tuple[int, int]], start: int, end: int, expected: tuple[int, int] | None
) -> None:
    quotes = [Quote(i, 1, s, e, "", None, "direct", "") for i, (s, e) in enumerate(spans)]

    target = correction_target(quotes, start, end)

    assert expected == ((target.start, target.end) if target else None)


def test_a_quote_is_named_by_its_span_so_a_copy_read_before_another_correction_still_works(store: Store) -> None:
    read_before = quote_with(store, "rushed")
    store.correct_kind(*where(quote_with(store, "gift")), "term", coder="ben")

    store.correct_speaker(*where(read_before), "Ann Pryce", coder="ana")

    assert "Ann Pryce" == speaker_of(store, quote_with(store, "rushed"))


def test_correcting_a_quote_that_is_no_longer_there_says_so(store: Store) -> None:
    gift = quote_with(store, "gift")
    store.reject_quote(*where(gift), coder="ben")

    with pytest.raises(StoreError, match="no quote there"):
        store.correct_speaker(*where(gift), "Ann Pryce", coder="ana")


def test_every_correction_is_committed_before_it_returns(store: Store, tmp_path: Path) -> None:
    doc = document(store)
    start = doc.body.index(MISSED)
    writes = [
        lambda: store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana"),
        lambda: store.correct_kind(*where(quote_with(store, "decade")), "partial", coder="ana"),
        lambda: store.reject_quote(*where(quote_with(store, "gift")), coder="ana"),
        lambda: store.add_quote(doc.id, start, start + len(MISSED), kind="direct", coder="ana"),
        lambda: store.undo(coder="ana"),
        lambda: store.redo(coder="ana"),
    ]
    for write in writes:
        write()
        assert not store.conn.in_transaction
    with Store.open(tmp_path / "project.db") as reader:
        assert 4 == len(reader.quote_corrections(doc.id))
        assert "manual" == quote_with(reader, "meets again").origin


def test_redo_after_a_revision_puts_the_correction_on_the_current_text(store: Store, article: Path) -> None:
    store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana")
    store.undo(coder="ana")
    article.write_text("A correction: an earlier version misnamed the board.\n\n" + ARTICLE, encoding="utf-8")
    import_paths(store, [article])

    store.redo(coder="ana")

    current = document(store)
    [correction] = store.quote_corrections(current.id)
    assert current.body[correction.start : correction.end] == correction.text
    assert "Ann Pryce" == speaker_of(store, next(q for q in store.quotes(current.id) if "rushed" in q.text))


def test_a_database_from_before_corrections_keeps_its_quotes_as_the_extractors_at_the_first_correction(
    store: Store,
) -> None:
    store.conn.execute("DELETE FROM quote_baselines")  # as a database migrated from before corrections
    store.conn.commit()
    before = [(q.start, q.end, q.kind, q.speaker_id) for q in store.quotes()]

    store.correct_speaker(*where(quote_with(store, "rushed")), "Ann Pryce", coder="ana")
    store.undo(coder="ana")

    assert before == [(q.start, q.end, q.kind, q.speaker_id) for q in store.quotes()]
