"""Importing a table of articles in the app: one document per row, a bad row named by its line."""

from __future__ import annotations

from pathlib import Path

from storage.store import Store
from tests.tui.conftest import import_in_app, one_line_text, settle
from tui.app import SafeguardApp
from tui.widgets.document_list import DocumentRows

TABLE = (
    "headline,body,source,publish_date\n"
    'Quay reopens,"The quay reopened on Friday.\n\n“It took a year,” the harbour master said.",Island Times,2020-06-05\n'
    "a row with one cell\n"
    "Ferry late,The ferry was two hours late.,Island Times,2020-06-06\n"
)


async def test_a_csv_imported_in_the_app_gives_a_document_per_row_and_names_the_bad_row(tmp_path: Path) -> None:
    table = tmp_path / "scrape.csv"
    table.write_text(TABLE, encoding="utf-8")
    store = Store.open(tmp_path / "a.db")
    app = SafeguardApp(store, coder="tester")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot)
        await import_in_app(pilot, table)

        shown = one_line_text(app)
        assert "Imported: 2 imported, 0 unchanged, 0 revised, 1 skipped" in shown
        assert "Skipped:" in shown and "scrape.csv line 5: 1 cells where the header has 4" in shown
        assert ["Quay reopens", "Ferry late"] == [line.split("  ")[0].strip() for line in
                                                  app.screen.query_one(DocumentRows).lines_text()]  # fmt: skip
    assert [("Island Times", "2020-06-05", f"{table}#1"), ("Island Times", "2020-06-06", f"{table}#2")] == [
        (d.publication, d.published, d.source_file) for d in store.documents()
    ]
