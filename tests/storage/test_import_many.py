"""Importing files that hold many articles: LexisNexis downloads and tables give one document per article."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from storage.exchange.annotation_import import import_annotations
from storage.exchange.export import export_database
from storage.ingest import importer
from storage.ingest.files import IngestError
from storage.ingest.importer import ImportRun, import_paths
from storage.store import Store
from tests.conftest import NEXIS_UNI_OUTLETS, write_nexis_uni

DOWNLOADS = Path(__file__).parent.parent / "fixtures" / "downloads"
HEADERS = ["headline", "body", "source", "publish_date", "byline", "link"]


def row(number: int, text: str = "") -> list[str]:
    """An invented table row: article ``number`` of a scraper's export."""
    body = text or f"The harbour board met on day {number}.\n\n“We will dredge the channel,” said Ann Lee."
    return [f"Harbour story {number}", body, "Harbour Gazette", f"2019-03-{number:02d}", "Priya Raman",
            f"https://example.org/story-{number}"]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], headers: list[str] = HEADERS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def test_a_ten_article_nexis_uni_download_gives_ten_documents_with_their_fields(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "download.docx"
    write_nexis_uni(path, 10)

    outcomes = import_paths(store, [path])

    assert ["added"] * 10 == [outcome.status for outcome in outcomes]
    assert [
        (f"{path}#{n}", f"Headline number {n} about foster care", NEXIS_UNI_OUTLETS[n % 3], f"2016-05-{n:02d}",
         f"Reporter Number{n}", "NEWS", 100 + n)
        for n in range(1, 11)
    ] == [
        (d.source_file, d.title, d.publication, d.published, d.author, d.section, d.stated_words)
        for d in store.documents()
    ]  # fmt: skip
    assert [f"download.docx#{n}" for n in range(1, 11)] == [outcome.shown.split("/")[-1] for outcome in outcomes]


def test_a_download_imported_again_skips_its_unchanged_articles_and_revises_a_changed_one(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "download.docx"
    write_nexis_uni(path, 5)
    import_paths(store, [path])
    fourth = store.documents()[3]
    tag = store.add_tag("Numbers")
    start = fourth.body.index("12 children")
    store.add_annotation(fourth.id, tag.id, start - len("a figure: "), start)

    assert ["unchanged"] * 5 == [outcome.status for outcome in import_paths(store, [path])]
    write_nexis_uni(path, 5, changed=4)
    outcomes = import_paths(store, [path])

    assert ["unchanged"] * 3 + ["revised", "unchanged"] == [outcome.status for outcome in outcomes]
    revised = outcomes[3].document
    assert revised is not None
    assert (fourth.slug, 2, f"{path}#4", 1) == (revised.slug, revised.revision, revised.source_file, outcomes[3].reanchored)
    assert "14 children" in revised.body
    assert 5 == len(store.documents())


def test_a_row_inserted_above_others_is_new_and_revises_none_of_them(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", [row(1), row(2)])
    import_paths(store, [path])

    write_csv(path, [row(3), row(1), row(2)])
    outcomes = import_paths(store, [path])

    assert [("added", 1), ("unchanged", 2), ("unchanged", 3)] == [(o.status, o.part) for o in outcomes]
    assert ["Harbour story 1", "Harbour story 2", "Harbour story 3"] == [d.title for d in store.documents()]


@pytest.mark.parametrize("workers", [0, 2])
def test_an_article_added_above_others_in_a_download_is_new_and_revises_none_of_them(
    store: Store, tmp_path: Path, workers: int
) -> None:
    paths = [tmp_path / f"download-{n}.docx" for n in range(8)]  # Enough files to start the workers.
    for path in paths:
        write_nexis_uni(path, 2, first=2)
    import_paths(store, paths, workers=workers)

    write_nexis_uni(paths[0], 3)
    outcomes = import_paths(store, paths, workers=workers)

    assert [("added", 1), ("unchanged", 2), ("unchanged", 3)] == [(o.status, o.part) for o in outcomes[:3]]
    assert {"Headline number 2 about foster care", "Headline number 3 about foster care"} <= {
        d.title for d in store.documents() if d.source_file.startswith(f"{paths[0]}#")
    }


def test_a_classic_download_gives_one_document_per_article(store: Store) -> None:
    path = DOWNLOADS / "classic_download.TXT"

    outcomes = import_paths(store, [path])

    assert [f"{path.resolve()}#{n}" for n in (1, 2, 3)] == [d.source_file for d in store.documents()]
    assert ("Northfield Courier", "2016-05-04", "NEWS; Pg. 7", 212) == (
        store.documents()[0].publication, store.documents()[0].published,
        store.documents()[0].section, store.documents()[0].stated_words,
    )  # fmt: skip
    assert [False, False, True] == [outcome.ends_file for outcome in outcomes]


def test_a_table_row_becomes_a_document_with_its_metadata_and_url(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", [row(7)])

    [outcome] = import_paths(store, [path])

    document = outcome.document
    assert document is not None
    assert ("Harbour story 7", "Harbour Gazette", "2019-03-07", "Priya Raman", "https://example.org/story-7") == (
        document.title, document.publication, document.published, document.author, document.url
    )
    assert ["Ann Lee"] == [store.actor(q.speaker_id).name for q in store.quotes(document.id) if q.speaker_id]


def test_bad_rows_are_skipped_by_line_number_and_counted(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", [row(1), ["only one cell"], row(2, text=" "), row(3)])

    outcomes = import_paths(store, [path])

    assert [("added", False), ("added", False), ("skipped", True), ("skipped", True)] == [
        (o.status, o.within) for o in outcomes
    ]
    assert [f"{path} line 5: 1 cells where the header has 6", f"{path} line 6: no text in column 'body'"] == [
        o.reason for o in outcomes if o.reason
    ]
    summary = importer.ImportSummary()
    for outcome in outcomes:
        summary.count(outcome)
    assert (2, 2) == (summary.added, summary.skipped)
    assert [False, False, False, True] == [o.ends_file for o in outcomes]


def test_a_strict_import_refuses_a_table_with_a_bad_row_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", [row(1), ["only one cell"]])

    with pytest.raises(IngestError, match="line 5: 1 cells"):
        import_paths(store, [path], strict=True)

    assert [] == store.documents()


def test_named_columns_choose_the_text_and_metadata(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "rows.csv",
        [["Teaser only.", "The ferry sailed at noon after a week in port.", "Island Times"]],
        headers=["text", "full_story", "paper"],
    )

    [outcome] = ImportRun([path], columns={"text": "full_story", "outlet": "paper"}).outcomes(store)

    assert outcome.document is not None
    assert ("The ferry sailed at noon after a week in port.", "Island Times") == (
        outcome.document.body, outcome.document.publication
    )


def test_a_named_column_the_table_lacks_refuses_the_file(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", [row(1)])

    [outcome] = import_paths(store, [path], columns={"text": "story"})

    assert "skipped" == outcome.status
    assert outcome.reason.startswith("no column named 'story' (the text column)")


def test_a_jsonl_file_gives_one_document_per_line_and_skips_a_bad_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "scrape.jsonl"
    lines = [json.dumps({"title": f"Ferry note {n}", "maintext": f"The ferry sailed {n} times.", "authors": ["Bo Chan"]})
             for n in (1, 2)]  # fmt: skip
    path.write_text(lines[0] + "\n{not json\n" + lines[1] + "\n", encoding="utf-8")

    outcomes = import_paths(store, [path])

    assert [("added", 1), ("added", 2), ("skipped", 0)] == [(o.status, o.part) for o in outcomes]
    assert f"{path} line 2: not JSON (Expecting property name enclosed in double quotes)" == outcomes[2].reason
    assert ["Bo Chan", "Bo Chan"] == [d.author for d in store.documents()]


def test_worker_processes_share_a_large_table_and_keep_its_order(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "ROWS_PER_TASK", 4)
    folder = tmp_path / "news"
    folder.mkdir()
    write_csv(folder / "a-rows.csv", [row(n) for n in range(1, 12)])
    write_nexis_uni(folder / "b-download.docx", 3)

    outcomes = import_paths(store, [folder], workers=2)

    assert [("a-rows.csv", n) for n in range(1, 12)] + [("b-download.docx", n) for n in (1, 2, 3)] == [
        (o.path.name, o.part) for o in outcomes
    ]
    assert {"added"} == {o.status for o in outcomes}
    assert [11, 14] == [index + 1 for index, o in enumerate(outcomes) if o.ends_file]


def test_an_export_keeps_the_section_length_and_url_and_a_fresh_database_takes_them_back(
    store: Store, tmp_path: Path
) -> None:
    write_nexis_uni(tmp_path / "download.docx", 1)
    import_paths(store, [tmp_path / "download.docx", write_csv(tmp_path / "rows.csv", [row(2)])])
    export_database(store, tmp_path / "out.db")
    fresh = Store.memory()

    import_annotations(fresh, tmp_path / "out.db")

    assert [("NEWS", 101, ""), ("", 0, "https://example.org/story-2")] == [
        (d.section, d.stated_words, d.url) for d in fresh.documents()
    ]
