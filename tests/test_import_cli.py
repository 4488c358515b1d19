"""The import command: exit status per outcome, one line per skipped file, Ctrl+C, busy writers, closed pipes."""

from __future__ import annotations

import os
from collections.abc import Callable
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from storage.ingest import importer
from storage.store import Store
from tui.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Library hours cut to save money\n\n"
    "The county library will close on Mondays from next month, the council said.\n\n"
    "“It is a sad day for readers,” a volunteer said.\n"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_clean_folder_exits_0_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_articles: Callable[[Path, int], list[Path]]
) -> None:
    write_articles(tmp_path / "news", 2)

    code, out, err = run(["import", str(tmp_path / "news"), "--db", str(tmp_path / "a.db")], capsys)

    assert (0, "") == (code, err)
    assert "2 imported, 0 unchanged, 0 revised, 0 skipped" == out.splitlines()[-1]


def test_a_folder_with_a_bad_file_imports_the_rest_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_articles: Callable[[Path, int], list[Path]]
) -> None:
    write_articles(tmp_path / "news", 2)
    (tmp_path / "news" / "scan.txt").write_bytes(b"%PDF-1.4\x00\x00\x01")

    code, out, err = run(["import", str(tmp_path / "news"), "--db", str(tmp_path / "a.db")], capsys)

    assert 1 == code
    assert [f"safeguard-tui: skipped {tmp_path / 'news' / 'scan.txt'} is a binary file, not text"] == err.splitlines()
    assert "2 imported, 0 unchanged, 0 revised, 1 skipped" == out.splitlines()[-1]


def test_a_folder_where_nothing_can_be_imported_exits_2_and_leaves_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b"\x00\x01")

    code, out, err = run(["import", str(folder), "--db", str(tmp_path / "a.db")], capsys)

    assert (2, "") == (code, out)
    assert [
        f"safeguard-tui: skipped {folder / 'a.txt'} is empty",
        f"safeguard-tui: skipped {folder / 'b.txt'} is a binary file, not text",
        "safeguard-tui: error: nothing could be imported (2 files skipped)",
    ] == err.splitlines()
    assert not (tmp_path / "a.db").exists()


def test_strict_refuses_the_whole_folder_for_one_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_articles: Callable[[Path, int], list[Path]]
) -> None:
    write_articles(tmp_path / "news", 2)
    (tmp_path / "news" / "zz.txt").write_bytes(b"")
    db = tmp_path / "a.db"

    code, out, err = run(["import", "--strict", str(tmp_path / "news"), "--db", str(db)], capsys)

    assert (2, "") == (code, out)
    assert [f"safeguard-tui: error: {tmp_path / 'news' / 'zz.txt'} is empty"] == err.splitlines()
    assert not db.exists()


def test_strict_keeps_what_an_existing_database_had(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_articles: Callable[[Path, int], list[Path]]
) -> None:
    [first, *_] = write_articles(tmp_path / "news", 2)
    db = tmp_path / "a.db"
    main(["import", str(first), "--db", str(db)])
    (tmp_path / "news" / "zz.txt").write_bytes(b"")

    code, _, _ = run(["import", "--strict", str(tmp_path / "news"), "--db", str(db)], capsys)

    with Store.open(db) as store:
        assert (2, 1) == (code, len(store.documents()))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: os.mkfifo(tmp / "pipe.txt") or tmp / "pipe.txt", "{path} is not a regular file (a pipe)"),
        (lambda tmp: Path("/dev/zero"), "{path} is not a regular file (a device)"),
        (
            lambda tmp: (tmp / "big.txt").write_text(ARTICLE * 20_000) and tmp / "big.txt",
            "{path} is too big (3.1 MB; the limit is 1 MB)",
        ),
    ],
    ids=["fifo", "device", "too big"],
)
def test_a_single_named_file_that_cannot_be_read_is_one_error_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]

    code, out, err = run(["import", str(path), "--max-size", "1", "--db", str(tmp_path / "a.db")], capsys)

    assert (2, "") == (code, out)
    assert [f"safeguard-tui: error: {message.format(path=path)}"] == err.splitlines()


def test_a_zero_size_limit_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["import", str(tmp_path), "--max-size", "0"], capsys)

    assert (2, ["safeguard-tui: error: --max-size must be more than 0, not 0"]) == (code, err.splitlines())


def test_a_file_name_with_control_characters_is_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_articles: Callable[[Path, int], list[Path]]
) -> None:
    folder = tmp_path / "news"
    write_articles(folder, 1)
    (folder / "evil\x1b]0;owned\x07.txt").write_bytes(b"")

    code, out, err = run(["import", str(folder), "--db", str(tmp_path / "a.db")], capsys)

    assert 1 == code
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert f"safeguard-tui: skipped {folder}/evil\\x1b]0;owned\\x07.txt is empty" in err.splitlines()


def test_ctrl_c_stops_after_the_batch_and_the_same_command_carries_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    write_articles: Callable[[Path, int], list[Path]],
) -> None:
    write_articles(tmp_path / "news", 6)
    db = tmp_path / "a.db"
    argv = ["import", str(tmp_path / "news"), "--db", str(db)]
    monkeypatch.setattr(importer, "BATCH_FILES", 2)
    real_store_prepared = importer.store_prepared
    seen = []

    def interrupt_on_the_first(store: Store, prepared: importer.PreparedFile) -> importer.ImportOutcome:
        seen.append(prepared.path)
        if len(seen) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        return real_store_prepared(store, prepared)

    monkeypatch.setattr(importer, "store_prepared", interrupt_on_the_first)
    handler_before = signal.getsignal(signal.SIGINT)  # not always Python's default: a background job ignores it

    code, out, err = run(argv, capsys)

    assert 130 == code
    assert "safeguard-tui: stopping after the current batch (Ctrl+C again to stop now)" in err
    # The batch being written when Ctrl+C came (two files) is finished and committed, no more.
    assert out.splitlines()[-1].startswith("stopped: 2 imported")
    code, out, _ = run(argv, capsys)
    assert (0, "4 imported, 2 unchanged, 0 revised, 0 skipped") == (code, out.splitlines()[-1])
    assert signal.getsignal(signal.SIGINT) is handler_before


def test_an_import_waits_for_another_writer_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_articles: Callable[[Path, int], list[Path]]
) -> None:
    [article] = write_articles(tmp_path / "news", 1)
    db = tmp_path / "a.db"
    Store.open(db).close()
    other = sqlite3.connect(db, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO app_state VALUES ('other', '1')")
    threading.Timer(1.5, other.commit).start()

    code, out, err = run(["import", str(article), "--db", str(db)], capsys)
    other.close()

    assert 0 == code
    assert ["safeguard-tui: waiting for another writer to finish (Ctrl+C to stop)"] == err.splitlines()
    assert "1 imported, 0 unchanged, 0 revised, 0 skipped" == out.splitlines()[-1]


def test_a_write_that_reads_first_waits_for_another_connection_instead_of_failing(
    tmp_path: Path, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    """A deferred transaction reading before it writes would fail with "database is locked" at once."""
    [article] = write_articles(tmp_path / "news", 1)
    db = tmp_path / "a.db"
    store = Store.open(db)
    other = sqlite3.connect(db, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO app_state VALUES ('other', '1')")
    threading.Timer(0.5, other.commit).start()

    [outcome] = importer.import_paths(store, [article])

    assert "added" == outcome.status
    other.close()
    store.close()


def test_a_write_gives_up_after_its_wait_with_one_clear_reason(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    store = Store.open(db)
    store.write_wait = 0.3
    other = sqlite3.connect(db)
    other.execute("BEGIN IMMEDIATE")

    with pytest.raises(Exception, match="another program is writing to the database"):
        store.add_tag("Housing")

    other.rollback()
    assert "Housing" == store.add_tag("Housing").name
    other.close()
    store.close()


@pytest.mark.parametrize(
    "argv",
    [["search", "council"], ["search", "council", "--json"], ["--help"], ["import", "{corpus}"]],
    ids=["search", "search --json", "help", "import"],
)
def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path, corpus_dir: Path, argv: list[str]) -> None:
    db = tmp_path / "a.db"
    if argv[0] == "search":
        main(["import", str(corpus_dir), "--db", str(db)])
    command = [sys.executable, "-m", "tui", *[arg.format(corpus=corpus_dir) for arg in argv], "--db", str(db)]
    if argv == ["--help"]:
        command = command[:-2]
    read_end, write_end = os.pipe()
    os.close(read_end)  # What `| head -1` leaves once it has its line.
    done = subprocess.run(
        command, stdout=write_end, stderr=subprocess.PIPE, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    os.close(write_end)

    assert (0, "") == (done.returncode, done.stderr.decode())


@pytest.mark.usefixtures("cleaner_finds_nothing")
def test_a_best_guess_page_is_imported_and_flagged_needs_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Harbour wall cracked\n\nHome\n\nEngineers found a crack in the harbour wall.\n")

    code, out, _ = run(["import", str(page), "--db", str(tmp_path / "a.db")], capsys)

    assert 0 == code
    assert [
        f"added     Harbour wall cracked  [needs review]  ({page})",
        "1 imported, 0 unchanged, 0 revised, 0 skipped; 1 flagged 'needs review' (no clear article found)",
    ] == out.splitlines()


ARTICLES = 1500
"""Over 4 s of importing on idle cores, far more than a batch (200 files or half a second)."""


def test_ctrl_c_with_worker_processes_keeps_what_was_committed_and_a_rerun_finishes(
    tmp_path: Path, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    # Enough files that the import cannot finish between its first batch and the signal, even on idle cores.
    write_articles(tmp_path / "news", ARTICLES)
    db = tmp_path / "a.db"
    command = [sys.executable, "-m", "tui", "import", str(tmp_path / "news"), "--db", str(db)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, text=True)
    assert process.stdout is not None
    first = process.stdout.readline()  # The first batch is committed.
    process.send_signal(signal.SIGINT)
    rest, err = process.communicate(timeout=120)

    assert first.startswith("added")
    assert 130 == process.returncode
    assert "stopping after the current batch" in err and "Traceback" not in err
    stopped = rest.splitlines()[-1]
    assert stopped.startswith("stopped: ") and stopped.endswith("run the same command again to carry on")
    with Store.open(db) as store:
        committed = len(store.documents())
    assert 0 < committed < ARTICLES
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert f"{ARTICLES - committed} imported, {committed} unchanged, 0 revised, 0 skipped" == done.stdout.splitlines()[-1]


def write_table(path: Path, rows: list[list[str]], headers: tuple[str, ...] = ("title", "text", "outlet")) -> Path:
    path.write_text(
        "\n".join(",".join([*headers]) if index < 0 else ",".join(cells) for index, cells in enumerate(rows, -1)) + "\n",
        encoding="utf-8",
    )
    return path


def test_a_table_with_a_bad_row_imports_the_rest_names_the_row_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_table(
        tmp_path / "rows.csv",
        [[], ["Quay reopens", "The quay reopened on Friday.", "Island Times"], ["just one cell"],
         ["Ferry late", "The ferry was two hours late.", "Island Times"]],
    )  # fmt: skip

    code, out, err = run(["import", str(table), "--db", str(tmp_path / "a.db")], capsys)

    assert 1 == code
    assert f"safeguard-tui: skipped {table} line 3: 1 cells where the header has 3\n" == err
    assert [f"added     Quay reopens  ({table}#1)", f"added     Ferry late  ({table}#2)",
            "2 imported, 0 unchanged, 0 revised, 1 skipped"] == out.splitlines()  # fmt: skip


def test_column_flags_name_a_tables_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = write_table(
        tmp_path / "rows.csv",
        [[], ["Teaser.", "The quay reopened on Friday.", "Island Times", "2020-06-05"]],
        headers=("text", "story", "paper", "when"),
    )
    db = tmp_path / "a.db"
    argv = ["import", str(table), "--db", str(db), "--text-column", "story", "--outlet-column", "paper"]

    code, out, _ = run([*argv, "--date-column", "when", "--title-column", "text"], capsys)

    assert (0, "1 imported, 0 unchanged, 0 revised, 0 skipped") == (code, out.splitlines()[-1])
    with sqlite3.connect(db) as connection:
        assert [("Teaser.", "The quay reopened on Friday.", "Island Times", "2020-06-05")] == connection.execute(
            "SELECT title, body, publication, published FROM documents"
        ).fetchall()


def test_a_column_flag_naming_no_column_is_one_error_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_table(tmp_path / "rows.csv", [[], ["Quay reopens", "The quay reopened on Friday.", "Island Times"]])

    code, out, err = run(["import", str(table), "--db", str(tmp_path / "a.db"), "--text-column", "story"], capsys)

    assert (2, "") == (code, out)
    assert (
        "safeguard-tui: error: no column named 'story' (the text column); the columns are: title, text, outlet\n"
        == err
    )
    assert not (tmp_path / "a.db").exists()


def test_a_table_with_no_readable_row_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = write_table(tmp_path / "rows.csv", [[], ["just one cell"]])

    code, _, err = run(["import", str(table), "--db", str(tmp_path / "a.db")], capsys)

    assert 2 == code
    assert f"safeguard-tui: error: {table} has no article rows (line 2: 1 cells where the header has 3)\n" == err


def test_a_nexis_uni_download_prints_one_line_per_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import write_nexis_uni

    download = tmp_path / "download.docx"
    write_nexis_uni(download, 3)

    code, out, _ = run(["import", str(download), "--db", str(tmp_path / "a.db")], capsys)

    assert 0 == code
    assert [f"added     Headline number {n} about foster care  ({download}#{n})" for n in (1, 2, 3)] == (
        out.splitlines()[:3]
    )


def test_the_column_flags_are_the_tables_fields() -> None:
    from storage.ingest.tabular import FIELDS
    from tui.__main__ import TABLE_FIELDS

    assert FIELDS == TABLE_FIELDS


def test_progress_counts_the_articles_of_a_table_not_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import __main__ as cli

    monkeypatch.setattr(cli, "PLAIN_PROGRESS_SECONDS", 0.0)
    rows = [[f"Story {n}", f"The ferry sailed {n} times this week.", "Island Times"] for n in range(1, 4)]
    table = write_table(tmp_path / "rows.csv", [[], *rows])

    code, _, err = run(["import", str(table), "--db", str(tmp_path / "a.db")], capsys)

    assert 0 == code
    assert ["1/3 articles", "2/3 articles"] == [line.split(": ")[1].split(",")[0] for line in err.splitlines()]


def test_files_are_prepared_without_holding_the_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    """Another writer (a key pressed in the app) waits only for a batch's writes, never for parsing."""
    write_articles(tmp_path / "news", 3)
    db = tmp_path / "a.db"
    store = Store.open(db)
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    real_prepare = importer.prepare_file
    lock_free = []

    def prepare_and_try_the_lock(path: Path) -> importer.PreparedFile | importer.RefusedFile:
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            lock_free.append(True)
        except sqlite3.OperationalError:
            lock_free.append(False)
        return real_prepare(path)

    monkeypatch.setattr(importer, "prepare_file", prepare_and_try_the_lock)
    outcomes = importer.import_paths(store, [tmp_path / "news"], workers=0)

    assert ["added"] * 3 == [outcome.status for outcome in outcomes]
    assert [True] * 3 == lock_free
    other.close()
    store.close()
