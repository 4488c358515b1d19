"""Importing a changed file: its annotations move to the new revision, or are kept as orphans."""

from __future__ import annotations

from pathlib import Path

from storage.ingest.importer import import_paths
from storage.models import Annotation, Document
from storage.store import Store

ARTICLE = """Council told to share blame for children's services

Lord Warner said the council had failed to protect vulnerable children for years.

The NHS was reluctant to get involved in child protection work, he added.

A council spokesman said improvements were under way and caseloads had fallen.
"""


def import_annotated(store: Store, path: Path, *passages: str) -> tuple[Document, list[Annotation]]:
    """Import ARTICLE from ``path`` and tag each of ``passages`` in it."""
    path.write_text(ARTICLE, encoding="utf-8")
    [outcome] = import_paths(store, [path])
    document, tag = outcome.document, store.add_tag("Blame")
    starts = [document.body.index(passage) for passage in passages]
    return document, [
        store.add_annotation(document.id, tag.id, start, start + len(passage))
        for start, passage in zip(starts, passages, strict=True)
    ]


def test_a_revised_file_carries_its_annotations_to_the_new_revision(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    first, (kept, lost) = import_annotated(
        store, path, "the council had failed to protect vulnerable children", "The NHS was reluctant"
    )
    path.write_text(
        ARTICLE.replace("Lord Warner said", "UPDATE: corrected.\n\nLord Norman Warner said").replace(
            "The NHS was reluctant to get involved in child protection work, he added.\n\n", ""
        ),
        encoding="utf-8",
    )

    [outcome] = import_paths(store, [path])

    new = outcome.document
    assert ("revised", 1, 1) == (outcome.status, outcome.reanchored, outcome.orphaned)
    assert [(new.id, kept.text)] == [(a.document_id, new.body[a.start : a.end]) for a in store.annotations(new.id)]
    orphan = store.annotation(lost.id)
    assert (True, first.id, lost.text) == (orphan.orphaned, orphan.document_id, orphan.text)
    assert [orphan] == store.annotations(orphaned=True)


def test_an_orphan_comes_back_when_a_revision_restores_its_passage(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    _, [annotation] = import_annotated(store, path, "The NHS was reluctant to get involved")
    path.write_text(ARTICLE.replace("The NHS was reluctant to get involved in child protection work", "X"))
    assert (0, 1) == (import_paths(store, [path])[0].reanchored, store.annotation(annotation.id).orphaned)
    path.write_text(ARTICLE + "\nMore to follow.\n", encoding="utf-8")

    [outcome] = import_paths(store, [path])

    assert (1, 0) == (outcome.reanchored, outcome.orphaned)
    restored = store.annotation(annotation.id)
    assert (False, outcome.document.id, annotation.text) == (restored.orphaned, restored.document_id, restored.text)
