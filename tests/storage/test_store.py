"""The Store: documents, revisions, tags, annotations and app state round-trip through SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.models import Article, ParsedComment
from storage.store import Store, StoreError, slugify

ARTICLE = Article(
    title="Birmingham commissioner slams NHS",
    body="First paragraph of the article.\n\nHe said: “It takes two to tango.”",
    raw="raw page text",
    publication="CYP Now",
    author="Derren Hayes",
    published="2015-01-20",
    comments=(ParsedComment(author="Philip Measures", posted="2014-04-03", text="Oh dear!"),),
)


def test_add_document_round_trips_every_field(store: Store) -> None:
    document = store.add_document(ARTICLE, "/corpus/a.txt", "hash-1")

    assert store.document(document.id) == document
    assert (ARTICLE.title, ARTICLE.body, ARTICLE.raw) == (document.title, document.body, document.raw)
    assert ("CYP Now", "Derren Hayes", "2015-01-20") == (
        document.publication,
        document.author,
        document.published,
    )
    assert "birmingham-commissioner-slams-nhs" == document.slug
    assert 1 == document.revision
    assert document.is_current


def test_comments_are_stored_apart_from_the_body(store: Store) -> None:
    document = store.add_document(ARTICLE, "/corpus/a.txt", "hash-1")

    comments = store.comments(document.id)

    assert [("Philip Measures", "2014-04-03", "Oh dear!")] == [(c.author, c.posted, c.text) for c in comments]
    assert "Oh dear" not in document.body


def test_a_changed_file_becomes_a_new_revision_of_the_same_document(store: Store) -> None:
    first = store.add_document(ARTICLE, "/corpus/a.txt", "hash-1")
    corrected = Article(title=ARTICLE.title, body=ARTICLE.body + " Corrected.", raw="raw 2")

    second = store.add_document(corrected, "/corpus/a.txt", "hash-2")

    assert (first.slug, 2) == (second.slug, second.revision)
    assert second.id == store.document(first.id).superseded_by
    assert [second.id] == [d.id for d in store.documents()]
    assert {first.id, second.id} == {d.id for d in store.documents(include_superseded=True)}
    assert first.body == store.document(first.id).body


def test_slugs_stay_unique_across_documents(store: Store) -> None:
    one = store.add_document(ARTICLE, "/corpus/a.txt", "hash-1")
    two = store.add_document(ARTICLE, "/corpus/b.txt", "hash-2")

    assert one.slug + "-2" == two.slug


def test_a_title_in_use_takes_the_number_after_its_copies_highest(store: Store) -> None:
    """A longer title that begins with a copy's slug ("letters-7-to-...") is not a copy."""
    def slug_of(title: str, number: int) -> str:
        article = Article(title=title, body=f"Letter {number}.", raw="x")
        return store.add_document(article, f"/letters/{number}.txt", f"hash-{number}").slug

    slugs = [slug_of(title, number) for number, title in enumerate(["Letters", "Letters", "Letters 7 to the editor"])]
    store.conn.execute("UPDATE documents SET slug = 'letters-9' WHERE slug = 'letters-2'")

    assert ["letters", "letters-2", "letters-7-to-the-editor"] == slugs
    assert "letters-10" == slug_of("Letters", 3)
    assert "letters-7-to-the-editor-2" == slug_of("Letters 7 to the editor", 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NHS in Birmingham", "nhs-in-birmingham"),
        ("‘Our children are safer’, bosses warn", "our-children-are-safer-bosses-warn"),
        ("", ""),
        ("a" * 100, ""),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert expected == slugify(text)


def test_document_summaries_count_quotes_and_annotations(store: Store) -> None:
    document = store.add_document(ARTICLE, "/corpus/a.txt", "hash-1")
    tag = store.add_tag("Funding", shortcut=3)
    store.add_annotation(document.id, tag.id, 0, 5, coder="ana")

    [summary] = store.document_summaries()

    assert (document.id, ARTICLE.title, 0, 1) == (
        summary.id,
        summary.title,
        summary.quote_count,
        summary.annotation_count,
    )


def test_tags_round_trip_and_names_are_unique_ignoring_case(store: Store) -> None:
    parent = store.add_tag("Governance", color="#56b6c2", description="Who runs it", shortcut=7)
    child = store.add_tag("Outsourcing", parent_id=parent.id)

    assert parent == store.tag_by_name("governance")
    assert parent == store.tag_by_shortcut(7)
    assert parent.id == child.parent_id
    with pytest.raises(StoreError, match="already a tag"):
        store.add_tag("GOVERNANCE")
    with pytest.raises(StoreError, match="shortcut 7"):
        store.add_tag("Other", shortcut=7)


@pytest.mark.parametrize("name", ["", "   ", "\x1b\x07"])
def test_a_tag_needs_a_printable_name(store: Store, name: str) -> None:
    with pytest.raises(StoreError, match="needs a name"):
        store.add_tag(name)


def test_tag_names_lose_control_characters(store: Store) -> None:
    assert "Red[31m alert" == store.add_tag("Red\x1b[31m\talert\n").name


def test_annotation_keeps_its_text_and_context(store: Store) -> None:
    document = store.add_document(ARTICLE, "/corpus/a.txt", "hash-1")
    tag = store.add_tag("Partnership")
    start = document.body.index("It takes")
    end = start + len("It takes two to tango.")

    annotation = store.add_annotation(document.id, tag.id, start, end, coder="ana", note="key quote")

    assert "It takes two to tango." == annotation.text
    assert document.body[:start].endswith(annotation.prefix)
    assert document.body[end:].startswith(annotation.suffix)
    assert ("ana", "key quote", False) == (annotation.coder, annotation.note, annotation.orphaned)
    assert [annotation] == store.annotations(document.id)
    assert [annotation] == store.annotations(tag_id=tag.id)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2), (0, 10_000)])
def test_annotation_spans_must_lie_inside_the_document(store: Store, start: int, end: int) -> None:
    document = store.add_document(ARTICLE, "/corpus/a.txt", "hash-1")
    tag = store.add_tag("Partnership")

    with pytest.raises(StoreError, match="outside the document"):
        store.add_annotation(document.id, tag.id, start, end)
    assert [] == store.annotations()


def test_notes_and_deletes_are_saved(store: Store) -> None:
    document = store.add_document(ARTICLE, "/corpus/a.txt", "hash-1")
    tag = store.add_tag("Partnership")
    annotation = store.add_annotation(document.id, tag.id, 0, 5)

    assert "revisit" == store.set_note(annotation.id, "revisit").note
    assert annotation.id == store.delete_annotation(annotation.id).id
    assert [] == store.annotations()


def test_app_state_round_trips_json(store: Store) -> None:
    store.set_state("last", {"document": 3, "cursor": 120})
    store.set_state("last", {"document": 4, "cursor": 0})

    assert {"document": 4, "cursor": 0} == store.get_state("last")
    assert "fallback" == store.get_state("missing", "fallback")


def test_codebook_loads_tags_with_shortcuts(store: Store, corpus_dir: Path) -> None:
    added = store.load_codebook(corpus_dir / "codebook.toml")

    assert list(range(1, 10)) == [tag.shortcut for tag in added]
    assert all(tag.color.startswith("#") and tag.description for tag in added)
    assert [] == store.load_codebook(corpus_dir / "codebook.toml")


def test_a_file_store_uses_wal_and_foreign_keys(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert "wal" == store.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert 1 == store.db.execute("PRAGMA foreign_keys").fetchone()[0]


def test_writes_are_committed_when_the_method_returns(db_path: Path) -> None:
    writer = Store.open(db_path)
    writer.add_tag("Funding")

    with Store.open(db_path) as reader:
        assert ["Funding"] == [tag.name for tag in reader.tags()]
    writer.close()


def test_every_kind_of_write_is_committed_before_it_returns(db_path: Path) -> None:
    """Reads bypass sqlite-utils; a write that bypassed its transaction too would stay uncommitted."""
    with Store.open(db_path) as store:
        document = store.add_document(ARTICLE, "a.txt", "hash-a")
        funding, blame = store.add_tag("Funding", shortcut=1), store.add_tag("Blame")
        end = len("First paragraph")
        writes = [
            lambda: store.apply_tag(document.id, funding.id, 0, end, coder="ann"),
            lambda: store.toggle_tag(document.id, blame.id, 0, end, coder="ann"),
            lambda: store.edit_note(store.annotations(document.id)[0].id, "note", coder="ann"),
            lambda: store.rename_tag(blame.id, "Blame and fault", coder="ann"),
            lambda: store.recolor_tag(blame.id, "#ff0000", coder="ann"),
            lambda: store.set_tag_shortcut(blame.id, 2, coder="ann"),
            lambda: store.move_tag(blame.id, funding.id, coder="ann"),
            lambda: store.merge_tags(blame.id, funding.id, coder="ann"),
            lambda: store.undo(coder="ann"),
            lambda: store.redo(coder="ann"),
            lambda: store.create_tag("Risk", coder="ann"),
            lambda: store.delete_tag(funding.id, coder="ann"),
            lambda: store.set_state("pane", "#reader"),
        ]
        for write in writes:
            write()
            assert not store.conn.in_transaction
        with Store.open(db_path) as reader:
            assert ["Risk"] == [tag.name for tag in reader.tags()]
            assert "#reader" == reader.get_state("pane")


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError):
        with store.atomic():
            store.add_tag("Funding")
            raise RuntimeError("disk on fire")

    assert [] == store.tags()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"junk", "not an SQLite database"), (b"SQLite format 3\x00" + b"\x00" * 200, "cannot open database")],
)
def test_open_refuses_files_that_are_not_databases(db_path: Path, content: bytes, message: str) -> None:
    db_path.write_bytes(content)

    with pytest.raises(StoreError, match=message):
        Store.open(db_path)
    assert content == db_path.read_bytes()


def test_open_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "x.db")
