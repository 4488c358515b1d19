"""A hand-edited or hostile export is refused whole by import-annotations: one line, exit 2, nothing written."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from storage.corpus import seed
from storage.exchange.annotation_import import import_annotations
from storage.exchange.export import ExportError, export_database
from storage.store import Store
from tui.__main__ import main

FIRST_TAG = "(SELECT min(id) FROM tags)"
SECOND_TAG = "(SELECT min(id) FROM tags WHERE id > (SELECT min(id) FROM tags))"
THIRD_TAG = "(SELECT max(id) FROM tags)"

HOSTILE_EDITS = {
    "two tags parent each other": (
        [f"UPDATE tags SET parent_id = {SECOND_TAG} WHERE id = {FIRST_TAG}",
         f"UPDATE tags SET parent_id = {FIRST_TAG} WHERE id = {SECOND_TAG}"],
        "its tags are each other's parents",
    ),
    "three tags in a loop": (
        [f"UPDATE tags SET parent_id = {SECOND_TAG} WHERE id = {FIRST_TAG}",
         f"UPDATE tags SET parent_id = {THIRD_TAG} WHERE id = {SECOND_TAG}",
         f"UPDATE tags SET parent_id = {FIRST_TAG} WHERE id = {THIRD_TAG}"],
        "its tags are each other's parents",
    ),
    "a tag its own parent": ([f"UPDATE tags SET parent_id = id WHERE id = {FIRST_TAG}"], "each other's parents"),
    "a BLOB tag name": ([f"UPDATE tags SET name = X'00ff41' WHERE id = {FIRST_TAG}"], "has a BLOB as its name, not text"),
    "text for an offset": (["UPDATE annotations SET start = 'ten'"], "has text as its start, not a whole number"),
    "a decimal offset": (['UPDATE annotations SET "end" = 12.5'], "has a decimal number as its end"),
    "a BLOB document body": (["UPDATE documents SET body = X'41'"], "has a BLOB as its body"),
    "a colour that is an action": (
        [f"UPDATE tags SET color = '@click=app.quit' WHERE id = {FIRST_TAG}"], "'@click=app.quit' as its colour"
    ),
    "a key out of range": ([f"UPDATE tags SET shortcut = 12 WHERE id = {FIRST_TAG}"], "has key 12, not 1-9"),
    "a span ending before it starts": (['UPDATE annotations SET start = "end" + 5'], "ends before it starts"),
    "an unnamed tag": ([f"UPDATE tags SET name = ' \x07 ' WHERE id = {FIRST_TAG}"], "has no name"),
}


@pytest.fixture(scope="module")
def clean_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = Store.memory()
    seed(store)
    document = store.documents()[0]
    for tag in store.tags()[:3]:
        store.add_annotation(document.id, tag.id, 10, 40, coder="ana")
    out = tmp_path_factory.mktemp("export") / "export.db"
    export_database(store, out, format="sqlite")
    return out


def edited(clean_export: Path, tmp_path: Path, statements: list[str]) -> Path:
    altered = tmp_path / "shared.db"
    shutil.copy(clean_export, altered)
    connection = sqlite3.connect(altered)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return altered


@pytest.mark.parametrize("edit", HOSTILE_EDITS, ids=str)
def test_a_hostile_export_is_refused_and_nothing_is_written(clean_export: Path, tmp_path: Path, edit: str) -> None:
    statements, message = HOSTILE_EDITS[edit]
    target = Store.memory()

    with pytest.raises(ExportError, match=message):
        import_annotations(target, edited(clean_export, tmp_path, statements))
    assert ([], [], []) == (target.documents(), target.tags(), target.annotations())


@pytest.mark.parametrize("edit", ["two tags parent each other", "a BLOB tag name", "text for an offset",
                                  "a colour that is an action"])
def test_the_command_refuses_it_with_one_line_and_exit_2_leaving_the_database_as_it_was(
    clean_export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: str
) -> None:
    statements, message = HOSTILE_EDITS[edit]
    altered = edited(clean_export, tmp_path, statements)
    db = tmp_path / "mine.db"
    Store.open(db).close()

    assert 2 == main(["--db", str(db), "import-annotations", str(altered)])

    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert message in err.replace('"', "'")
    with Store.open(db) as store:
        assert ([], []) == (store.tags(), store.annotations())


def test_a_clean_export_still_imports(clean_export: Path) -> None:
    target = Store.memory()
    report = import_annotations(target, clean_export)
    assert 3 == report.added
