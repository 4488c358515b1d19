"""Importing folders of untrusted files: only regular files read, a size limit, bad files skipped, resumable."""

from __future__ import annotations

import os
from collections.abc import Callable
import threading
from pathlib import Path

import pytest

from storage.ingest import importer
from storage.ingest.article import IngestError, best_guess, parse_article
from storage.ingest.files import RefusedPath, find_files, read_file, shown_path
from storage.ingest.formats import MarkupPage
from storage.ingest.importer import ImportRun, import_paths
from storage.models import Article
from storage.store import Store

ARTICLE = (
    "Ferry service suspended after storm\n\n"
    "The island's only ferry will not sail until engineers have checked the harbour wall.\n\n"
    "“We cannot risk it,” the harbour master said.\n"
)


def test_a_fifo_is_skipped_without_blocking(
    store: Store, tmp_path: Path, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    write_articles(tmp_path, 1)
    os.mkfifo(tmp_path / "pipe.txt")

    outcomes = import_paths(store, [tmp_path])

    assert [("added", ""), ("skipped", f"{tmp_path / 'pipe.txt'} is not a regular file (a pipe)")] == [
        (outcome.status, outcome.reason) for outcome in outcomes
    ]


def test_a_device_is_refused_before_reading_it() -> None:
    with pytest.raises(IngestError, match=r"^/dev/zero is not a regular file \(a device\)$"):
        read_file(Path("/dev/zero"))


def test_a_file_over_the_size_limit_is_skipped(store: Store, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE + "More text.\n" * 200_000, encoding="utf-8")

    [outcome] = import_paths(store, [big], max_bytes=1024 * 1024)

    assert ("skipped", f"{big} is too big (2.1 MB; the limit is 1 MB)") == (outcome.status, outcome.reason)
    assert [] == store.documents()


def test_a_file_name_that_is_not_utf8_is_skipped_and_shown_escaped(store: Store, tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(ARTICLE, encoding="utf-8")

    [outcome] = import_paths(store, [tmp_path])

    assert "skipped" == outcome.status
    assert f"{tmp_path}/caf\\xe9.txt: the file name is not UTF-8 (rename the file to import it)" == outcome.reason


def test_control_characters_in_a_file_name_are_escaped() -> None:
    assert "news\\x1b]0;owned\\x07\\n.txt" == shown_path("news\x1b]0;owned\x07\n.txt")


def test_a_folder_that_cannot_be_read_says_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)

    with pytest.raises(IngestError, match=f"^cannot read folder {locked}: permission denied$"):
        list(find_files([locked]))
    write_articles(tmp_path, 1)
    assert [tmp_path / "000.txt", RefusedPath(locked, f"cannot read folder {locked}: permission denied")] == sorted(
        find_files([tmp_path]), key=str
    )


def test_a_link_back_up_the_folder_tree_is_not_followed(
    tmp_path: Path, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    [article] = write_articles(tmp_path / "news", 1)
    (tmp_path / "news" / "loop").symlink_to(tmp_path)

    assert [article] == list(find_files([tmp_path / "news"]))


def test_a_page_of_furniture_with_sentences_keeps_them_flagged_for_review() -> None:
    page = MarkupPage(
        paragraphs=["Home", "Sign in", "Harbour wall cracked", "Engineers found a crack in the harbour wall.", "Share"]
    )

    guess = best_guess(page, Article(title="Harbour wall cracked", body="", raw=""))

    assert ("Engineers found a crack in the harbour wall.", True) == (guess.body, guess.needs_review)


@pytest.mark.usefixtures("cleaner_finds_nothing")
def test_a_page_judged_furniture_only_is_imported_flagged_unless_it_has_no_sentence(
    store: Store, tmp_path: Path
) -> None:
    sentences = tmp_path / "a.txt"
    sentences.write_text("Harbour wall cracked\n\nHome\n\nEngineers found a crack in the harbour wall.\n")
    menu = tmp_path / "b.txt"
    menu.write_text("Harbour news\n\nHome\n\nWeather\n\nSport\n")

    outcomes = import_paths(store, [tmp_path])

    assert ["added", "skipped"] == [outcome.status for outcome in outcomes]
    [document] = store.documents()
    assert (True, "Engineers found a crack in the harbour wall.") == (document.needs_review, document.body)
    assert [True] == [summary.needs_review for summary in store.document_summaries()]
    assert outcomes[1].reason.endswith("b.txt has no article text, only page furniture (menus, notices, links)")


def test_a_page_with_a_sentence_is_never_refused() -> None:
    assert parse_article("Home\n\nSign in\n\nThe ferry sails again on Monday.\n", "page.txt").body


def test_stopping_keeps_every_batch_written_and_a_rerun_carries_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    write_articles(tmp_path, 6)
    monkeypatch.setattr(importer, "BATCH_FILES", 2)
    run = ImportRun([tmp_path], workers=0)

    for outcome in run.outcomes(store):
        run.stop.set()  # What Ctrl+C does: the batch being written is finished, then the import stops.

    assert 2 == len(store.documents())
    rerun = import_paths(store, [tmp_path], workers=0)
    assert ["unchanged"] * 2 + ["added"] * 4 == [outcome.status for outcome in rerun]


def test_an_interrupt_inside_a_batch_rolls_back_only_that_batch(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    write_articles(tmp_path, 5)
    monkeypatch.setattr(importer, "BATCH_FILES", 2)
    real_store_prepared = importer.store_prepared
    stored = []

    def interrupted_on_the_fourth(store: Store, prepared: importer.PreparedFile) -> importer.ImportOutcome:
        if len(stored) == 3:
            raise KeyboardInterrupt
        stored.append(prepared.path)
        return real_store_prepared(store, prepared)

    monkeypatch.setattr(importer, "store_prepared", interrupted_on_the_fourth)

    with pytest.raises(KeyboardInterrupt):
        import_paths(store, [tmp_path], workers=0)

    assert 2 == len(store.documents())


def test_worker_processes_import_in_order_and_skip_what_is_stored(
    store: Store, tmp_path: Path, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    paths = write_articles(tmp_path / "news", 12)
    (tmp_path / "news" / "zz-empty.txt").write_bytes(b"")
    import_paths(store, paths[:3], workers=0)

    outcomes = import_paths(store, [tmp_path / "news"], workers=2)

    assert ["unchanged"] * 3 + ["added"] * 9 + ["skipped"] == [outcome.status for outcome in outcomes]
    assert [path.name for path in paths] == [Path(d.source_file).name for d in store.documents()]
    assert all(store.quotes(document.id) for document in store.documents())


def test_a_strict_import_stopped_midway_writes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    write_articles(tmp_path, 4)
    monkeypatch.setattr(importer, "BATCH_FILES", 2)
    run = ImportRun([tmp_path], workers=0, strict=True, stop=threading.Event())

    with pytest.raises(KeyboardInterrupt):
        for _ in run.outcomes(store):
            run.stop.set()

    assert [] == store.documents()
