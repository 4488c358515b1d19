"""CSV and JSON-LD exports: the same tables as CSVs with their text, and W3C Web Annotations."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from storage.corpus import seed
from storage.exchange.export import ExportError, export_database
from storage.store import Store


@pytest.fixture
def coded(store: Store) -> Store:
    seed(store)
    store.clear_extraction()
    document = store.documents()[0]
    blame = store.tag_by_name("Accountability and blame")
    assert blame
    store.add_annotation(document.id, blame.id, 100, 180, coder="ana", note='a note, with "quotes"\nand a newline')
    store.add_annotation(document.id, blame.id, 300, 340)
    return store


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_export_is_a_folder_of_every_table_and_view(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "csv"

    export_database(coded, out, format="csv")

    assert [
        "actor_aliases", "actors", "agreement", "annotation_details", "annotations", "attributes", "comments",
        "document_attributes", "document_variables", "documents", "export_info", "memos", "orphaned_annotations",
        "quote_corrections", "quotes", "speech_quotes", "tag_actor_counts", "tag_cooccurrence", "tag_paths", "tags",
    ] == sorted(p.stem for p in out.iterdir())  # fmt: skip


def test_csv_annotations_carry_their_text_and_match_the_bodies(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    export_database(coded, out, format="csv")
    bodies = {row["id"]: row["body"] for row in read_csv(out / "documents.csv")}

    annotations = read_csv(out / "annotations.csv")

    assert 2 == len(annotations)
    assert all(bodies[a["document_id"]][int(a["start"]) : int(a["end"])] == a["text"] for a in annotations)
    assert 'a note, with "quotes"\nand a newline' == annotations[0]["note"]


def test_csv_folder_is_replaced_only_with_force(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    export_database(coded, out, format="csv")

    with pytest.raises(ExportError, match="already exists"):
        export_database(coded, out, format="csv")
    export_database(coded, out, format="csv", force=True)

    assert [out] == [p for p in tmp_path.iterdir() if not p.name.startswith("test.db")]


def test_force_never_replaces_a_folder_that_is_not_a_csv_export(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_text("precious")

    with pytest.raises(ExportError, match="not a CSV export folder"):
        export_database(coded, out, format="csv", force=True)
    assert ["chapter1.docx"] == [p.name for p in out.iterdir()]


def test_json_export_is_a_web_annotation_collection(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    document = coded.documents()[0]

    export_database(coded, out, format="json")

    collection = json.loads(out.read_text(encoding="utf-8"))
    first = collection["first"]["items"][0]
    assert ("http://www.w3.org/ns/anno.jsonld", "AnnotationCollection", 2) == (
        collection["@context"], collection["type"], collection["total"]
    )  # fmt: skip
    assert [
        {"type": "TextQuoteSelector", "exact": document.body[100:180], "prefix": document.body[68:100],
         "suffix": document.body[180:212]},
        {"type": "TextPositionSelector", "start": 100, "end": 180},
    ] == first["target"]["selector"]  # fmt: skip
    assert [
        {"type": "TextualBody", "purpose": "tagging", "value": "Accountability and blame"},
        {"type": "TextualBody", "purpose": "commenting", "value": "a note, with \"quotes\"\nand a newline",
         "format": "text/plain"},
    ] == first["body"]  # fmt: skip
    assert {"type": "Person", "name": "ana"} == first["creator"]
    assert first["id"].startswith("urn:uuid:")
    assert {"created", "modified"} <= first.keys()


def test_json_orphans_keep_only_their_quote(coded: Store, tmp_path: Path) -> None:
    annotation = coded.annotations()[0]
    coded.orphan_annotation(annotation.id)
    out = tmp_path / "out.json"

    export_database(coded, out, format="json")

    items = json.loads(out.read_text(encoding="utf-8"))["first"]["items"]
    orphan = next(item for item in items if item.get("safeguard-tui:orphaned"))
    assert ["TextQuoteSelector"] == [selector["type"] for selector in orphan["target"]["selector"]]
    assert 2 == len(items)
