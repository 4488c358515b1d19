"""The saved search index answers as a fresh build does after every kind of write, without being rebuilt."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import fill_search_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.attribution.extraction import reextract
from storage.ingest.importer import import_paths
from storage.models import Article
from storage.search import saved_index
from storage.search.engine import SearchIndex, SearchResults
from storage.search.saved_index import open_index
from storage.store import Store

QUERIES = [
    "nhs",
    "warnr nhs",
    "pull weight",
    "thresholds",
    "by:wilshaw",
    "tag:funding",
    "tag:blame nhs",
    "in:birmingham council",
    "kind:indirect",
    '"pulling its weight"',
    "money",
    "fundin",
    "commissioner",
    "audits",
    "inspector",
    "wholly",
]
FIXTURES = Path(__file__).parent.parent / "fixtures"


def answers(results: SearchResults) -> dict[str, list[tuple[object, ...]]]:
    """Every hit of each group as comparable tuples, in score order with ties put in a fixed order.

    Entries re-added after a change are numbered after the others, so hits with
    equal scores may come in another order than in a fresh build; what was
    found and how it scored must be the same.
    """
    return {
        name: sorted(
            ((-hit.score, hit.kind, hit.text, hit.document_id, hit.start, hit.end, hit.speaker, hit.tags, hit.note)
             for hit in hits),
            key=repr,
        )
        for name, hits in (("actors", results.actors), ("quotes", results.quotes), ("annotations", results.annotations))
    }


def assert_same_as_fresh(store: Store) -> None:
    saved = open_index(store)
    fresh = SearchIndex.build(store)
    for query in QUERIES:
        assert answers(fresh.search(query, limit=500)) == answers(saved.search(query, limit=500)), query


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts whole builds made through the saved index."""
    count: list[int] = []
    original = saved_index.build_index

    def counting(store: Store, *, save: bool = True) -> SearchIndex:
        count.append(1)
        return original(store, save=save)

    monkeypatch.setattr(saved_index, "build_index", counting)
    return count


@pytest.fixture
def saved_db(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        fill_search_corpus(store)
        open_index(store)
    return db_path


def test_the_first_open_builds_and_later_opens_load(db_path: Path, builds: list[int]) -> None:
    with Store.open(db_path) as store:
        fill_search_corpus(store)
        first = open_index(store).search("warnr nhs")
        second = open_index(store).search("warnr nhs")

    assert 1 == len(builds)
    assert first == second
    assert "The NHS must pull its weight in Birmingham." == second.quotes[0].text


def test_tags_notes_and_deletes_are_taken_in_without_a_build(saved_db: Path, builds: list[int]) -> None:
    with Store.open(saved_db) as store:
        second = store.documents()[1]
        start = second.body.index("Nobody")
        blame = store.tag_by_name("Blame")
        assert blame is not None
        added = store.apply_tag(second.id, blame.id, start, start + 20)
        assert_same_as_fresh(store)
        store.edit_note(added.id, "wholly unconvincing")
        assert_same_as_fresh(store)
        funding = store.annotations()[0]
        store.remove_annotation(funding.id)
        assert_same_as_fresh(store)
        store.rename_tag(blame.id, "Accountability")
        assert_same_as_fresh(store)
        assert "wholly unconvincing" == open_index(store).search("wholly").annotations[0].note

    assert [] == builds


def test_actors_renamed_and_documents_revised_are_taken_in(saved_db: Path, builds: list[int]) -> None:
    with Store.open(saved_db) as store:
        with store.atomic():
            store.db.execute("UPDATE actors SET name = 'Dame Audrey Inspector' WHERE id = 2")
        assert_same_as_fresh(store)
        old = store.documents()[1]
        body = "Revised. “Audits were ignored, the NHS said.”"
        revision = store.add_document(Article(old.title, body, body), old.source_file, "revised")
        with store.atomic():
            store.db.execute(
                'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (?,?,?,?,?,?)',
                [revision.id, 10, 44, "Audits were ignored, the NHS said.", 4, "direct"],
            )
        assert_same_as_fresh(store)

    assert [] == builds


def test_an_annotation_given_a_deleted_ones_id_replaces_it_in_the_index(saved_db: Path) -> None:
    with Store.open(saved_db) as store:
        last = max(store.annotations(), key=lambda note: note.id)
        store.remove_annotation(last.id)
        old = next(document for document in store.documents() if document.id != last.document_id)
        body = "Revised. " + old.body
        revision = store.add_document(Article(old.title, body, body), old.source_file, "revised")
        tag = store.tags()[0]
        added = store.apply_tag(revision.id, tag.id, 1, 9)

        assert last.id == added.id  # SQLite reuses the id of the deleted last row
        assert_same_as_fresh(store)


def test_reextract_and_import_are_followed_document_by_document(db_path: Path, builds: list[int]) -> None:
    with Store.open(db_path) as store:
        import_paths(store, [FIXTURES / "national_daily.txt"])
        open_index(store)
        import_paths(store, [FIXTURES / "regional_daily.txt", FIXTURES / "wire_story.txt"])
        assert_same_as_fresh(store)
        reextract(store)
        assert_same_as_fresh(store)
        quote = store.quotes()[0]
        assert quote.text in [hit.text for hit in open_index(store).search(quote.text, limit=100).quotes]

    assert 1 == len(builds)


def test_a_saved_index_is_searched_from_another_thread(saved_db: Path) -> None:
    with Store.open(saved_db) as store:
        index = open_index(store)
    found: list[SearchResults] = []
    thread = threading.Thread(target=lambda: found.append(index.search("thresholds")))
    thread.start()
    thread.join()

    assert "The thresholds for intervention were set far too high [sic]." == found[0].quotes[0].text


def test_an_index_saved_in_another_format_is_rebuilt(saved_db: Path, builds: list[int]) -> None:
    with Store.open(saved_db) as store:
        store.set_search_state({"format": saved_index.FORMAT + 1})
        assert open_index(store).search("nhs").quotes
        assert open_index(store).search("nhs").quotes

    assert 1 == len(builds)


WRITES = st.lists(
    st.tuples(st.sampled_from(["tag", "note", "delete", "rename", "actor", "revise"]), st.integers(0, 50)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(writes=WRITES)
def test_any_sequence_of_writes_leaves_the_saved_index_equal_to_a_fresh_one(writes: list[tuple[str, int]]) -> None:
    store = Store.memory()
    fill_search_corpus(store)
    open_index(store)
    for step, (write, number) in enumerate(writes):
        apply_write(store, write, number, step)
        if number % 3 == 0:
            open_index(store)
    assert_same_as_fresh(store)


def apply_write(store: Store, write: str, number: int, step: int) -> None:
    documents = store.documents()
    document = documents[number % len(documents)]
    notes = store.annotations()
    tags = store.tags()
    if write == "tag":
        start = number % max(1, len(document.body) - 12)
        store.apply_tag(document.id, tags[number % len(tags)].id, start, start + 12)
    elif write == "note" and notes:
        store.edit_note(notes[number % len(notes)].id, f"wholly checked {number}")
    elif write == "delete" and notes:
        store.remove_annotation(notes[number % len(notes)].id)
    elif write == "rename":
        store.rename_tag(tags[number % len(tags)].id, f"Inspector {step} {number}")
    elif write == "actor":
        with store.atomic():
            store.db.execute("UPDATE actors SET name = ? WHERE id = ?", [f"Audrey Wholly {number}", number % 4 + 1])
    elif write == "revise":
        body = f"Revised {step}. “Audits of the NHS were ignored.” " + document.body
        store.add_document(Article(document.title, body, body), document.source_file, f"rev-{step}-{number}")


def test_an_index_left_mostly_dead_by_re_extraction_is_rebuilt(db_path: Path, builds: list[int]) -> None:
    with Store.open(db_path) as store:
        import_paths(store, [FIXTURES / "national_daily.txt", FIXTURES / "wire_story.txt"])
        open_index(store)
        for _ in range(2):
            reextract(store)
            open_index(store)
        assert 1 == len(builds)
        reextract(store)
        assert_same_as_fresh(store)

    assert 2 == len(builds)
