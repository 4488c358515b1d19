"""The index follows the store: new documents, revisions, re-extraction, annotations added, noted, removed."""

from __future__ import annotations

import threading
from pathlib import Path

from conftest import fill_search_corpus

from storage.models import Article
from storage.search.engine import SearchIndex
from storage.store import Store


def add_quote(store: Store, document_id: int, text: str, speaker_id: int | None = None) -> None:
    body = store.document(document_id).body
    start = body.index(text)
    with store.db.atomic():
        store.db.execute(
            'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (?,?,?,?,?,?)',
            [document_id, start, start + len(text), text, speaker_id, "direct"],
        )


def test_a_new_document_is_searchable_after_update(search_store: Store) -> None:
    index = SearchIndex.build(search_store)
    body = "The ombudsman said “Audits were ignored.”"
    document = search_store.add_document(Article("Ombudsman report", body, body), "/new.txt", "new")
    add_quote(search_store, document.id, "Audits were ignored.", speaker_id=2)

    index.update_document(search_store, document.id)

    best = index.search("audits wilshaw").quotes[0]
    assert ("Audits were ignored.", "Ombudsman report", 100.0) == (best.text, best.document_title, best.score)


def test_a_new_revision_replaces_the_old_one(search_store: Store) -> None:
    index = SearchIndex.build(search_store)
    old = search_store.documents()[1]
    body = "Revised. “The NHS is pulling its weight now.”"
    revision = search_store.add_document(Article(old.title, body, body), old.source_file, "revised")
    add_quote(search_store, revision.id, "The NHS is pulling its weight now.", speaker_id=4)

    index.update_document(search_store, revision.id)

    assert ["The NHS is pulling its weight now."] == [hit.text for hit in index.search("by:brigid").quotes]
    assert () == index.search("nobody checked").quotes


def test_re_extraction_replaces_a_documents_quotes(search_store: Store) -> None:
    index = SearchIndex.build(search_store)
    document = search_store.documents()[0]
    with search_store.db.atomic():
        search_store.db.execute("DELETE FROM quotes WHERE document_id = ? AND speaker_id = 2", [document.id])

    index.update_document(search_store, document.id)

    assert ["[bold]Nobody[/bold] checked the thresholds"] == [
        hit.text for hit in index.search("thresholds intervention").quotes
    ]
    assert 2 == len(index.search("by:warner").quotes)


def test_annotations_added_noted_and_removed(search_store: Store) -> None:
    index = SearchIndex.build(search_store)
    document = search_store.documents()[1]
    tag = search_store.tag_by_name("Funding")
    assert tag is not None
    start = document.body.index("pulling our weight")
    added = search_store.add_annotation(document.id, tag.id, start, start + len("pulling our weight"))

    index.update_annotation(search_store, added.id)
    assert ["pulling our weight"] == [hit.text for hit in index.search("tag:funding our").annotations]

    search_store.set_note(added.id, "defensive tone")
    index.update_annotation(search_store, added.id)
    assert [added.id] == [hit.annotation_id for hit in index.search("defensive").annotations]

    search_store.delete_annotation(added.id)
    index.update_annotation(search_store, added.id)
    assert () == index.search("defensive").annotations


def test_remove_annotation_forgets_it(search_store: Store) -> None:
    index = SearchIndex.build(search_store)
    annotation = search_store.annotations()[0]

    index.remove_annotation(annotation.id)

    assert annotation.id not in [hit.annotation_id for hit in index.search("tag:funding tag:blame").annotations]
    assert annotation.id not in [hit.annotation_id for hit in index.search(annotation.text).annotations]


def test_renamed_actor_is_found_by_the_new_name_with_their_quotes(search_store: Store) -> None:
    index = SearchIndex.build(search_store)
    with search_store.db.atomic():
        search_store.db.execute("INSERT INTO actor_aliases (actor_id, alias) VALUES (1, 'Baron Warner of Brockley')")

    index.update_actor(search_store, 1)

    assert ["Lord Warner"] == [hit.speaker for hit in index.search("brockley").actors]
    assert 2 == len(index.search("brockley").quotes)


def test_searches_on_another_thread_survive_updates(search_store: Store) -> None:
    """The overlay searches on a worker thread while the UI thread keeps the index current."""
    index = SearchIndex.build(search_store)
    document = search_store.documents()[0]
    tag = search_store.tags()[0]
    errors: list[BaseException] = []
    done = threading.Event()

    def search_until_done() -> None:
        try:
            while not done.is_set():
                index.search("warnr nhs funding")
        except BaseException as error:  # noqa: BLE001 - the test reports whatever broke
            errors.append(error)

    worker = threading.Thread(target=search_until_done)
    worker.start()
    for start in range(0, 120, 2):
        added = search_store.add_annotation(document.id, tag.id, start, start + 5, note=f"note {start}")
        index.update_annotation(search_store, added.id)
        index.update_document(search_store, document.id)
    done.set()
    worker.join()

    assert [] == errors
    assert 60 == len(index.search("note", limit=100).annotations)


def test_a_worker_can_build_from_the_database_file(db_path: Path) -> None:
    with Store.open(db_path) as store:
        fill_search_corpus(store)
    built: list[SearchIndex] = []

    worker = threading.Thread(target=lambda: built.append(SearchIndex.build_from_file(db_path)))
    worker.start()
    worker.join()

    assert ["Lord Warner"] == [hit.speaker for hit in built[0].search("warnr").actors]
