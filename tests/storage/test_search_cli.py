"""`safeguard-tui search`: the same ranked hits as the overlay, as lines or JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import fill_search_corpus

from storage.store import Store
from tui.__main__ import main


@pytest.fixture
def search_db(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        fill_search_corpus(store)
    return db_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_lines_carry_the_span_and_speaker(search_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["search", "warnr", "nhs", "--json", "--db", str(search_db)], capsys)

    records = [json.loads(line) for line in out.splitlines()]
    quote = next(record for record in records if record["group"] == "quotes")
    assert 0 == status
    assert {
        "group": "quotes",
        "kind": "direct",
        "document": "Birmingham children's services still failing, says Ofsted",
        "text": "The NHS must pull its weight in Birmingham.",
        "speaker": "Lord Warner",
    }.items() <= quote.items()
    assert {"document_id", "start", "end", "score"} <= quote.keys()


def test_plain_output_groups_hits(search_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--db", str(search_db), "search", "tag:funding"], capsys)

    assert 0 == status
    assert ["quotes (1)", "annotations (1)"] == [line for line in out.splitlines() if not line.startswith(" ")]


def test_limit_caps_each_group(search_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["search", "the", "--limit", "1", "--json", "--db", str(search_db)], capsys)

    groups = [json.loads(line)["group"] for line in out.splitlines()]
    assert len(groups) == len(set(groups))


@pytest.mark.parametrize(
    "query",
    ['"', "AND", "NEAR(", "*", "-", "^$.*[", "a" * 10_000, "社会福祉", "zzzzqqq", "by:nobody", "\x1b[31m"],
)
def test_bad_queries_print_no_matches_or_hits_never_an_error(
    search_db: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    status, out, err = run(["search", query, "--db", str(search_db)], capsys)

    assert (0, "") == (status, err)
    assert out.strip()
    assert "\x1b" not in out


def test_nothing_found_says_no_matches(search_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (0, "no matches\n", "") == run(["search", "zzzzqqq", "--db", str(search_db)], capsys)


@pytest.mark.parametrize("make", ["missing", "folder", "not-sqlite"])
def test_a_bad_database_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str) -> None:
    path = tmp_path / "x.db"
    if make == "folder":
        path.mkdir()
    elif make == "not-sqlite":
        path.write_text("hello")

    status, out, err = run(["search", "nhs", "--db", str(path)], capsys)

    assert (2, "") == (status, out)
    assert 1 == len(err.splitlines()) and err.startswith("safeguard-tui: error: ")
    assert make == "folder" or not path.exists() or path.read_text() == "hello"


def test_a_bad_limit_is_a_usage_error(search_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["search", "nhs", "--limit", "0", "--db", str(search_db)], capsys)

    assert 2 == status
    assert "--limit" in err


def test_the_command_is_documented() -> None:
    root = Path(__file__).resolve().parents[2]

    assert "`safeguard-tui search" in (root / "README.md").read_text(encoding="utf-8")
    assert "safeguard-tui search" in (root / "docs" / "search.md").read_text(encoding="utf-8")


def test_the_shell_builds_the_index_once_and_then_follows_changes(
    search_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.search import saved_index

    builds: list[Path] = []
    original = saved_index.build_index

    def counting(store: Store, *, save: bool = True) -> object:
        builds.append(search_db)
        return original(store, save=save)

    monkeypatch.setattr(saved_index, "build_index", counting)
    run(["search", "nhs", "--db", str(search_db)], capsys)
    with Store.open(search_db) as store:
        document = store.documents()[1]
        tag = store.tags()[0]
        store.apply_tag(document.id, tag.id, 0, 9, note="quixotic aside")
    status, out, _ = run(["search", "quixotic", "--db", str(search_db)], capsys)

    assert 0 == status
    assert "annotations (1)" in out and "Reporting [Funding]" in out
    assert 1 == len(builds)


def test_memos_are_listed_in_their_own_group(search_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from storage.models import MemoSubject

    with Store.open(search_db) as store:
        store.save_memo(MemoSubject("project"), "Compare the inspectorate's thresholds with the council's.")
    status, out, _ = run(["search", "inspectorate", "--db", str(search_db)], capsys)
    assert 0 == status
    assert "memos (1)" in out
    assert "Compare the inspectorate's thresholds with the council's. (project memo)" in out

    status, out, _ = run(["search", "inspectorate", "--json", "--db", str(search_db)], capsys)
    [record] = [json.loads(line) for line in out.splitlines() if '"memos"' in line]
    assert ("memos", "project memo") == (record["group"], record["kind"])
