"""The agreement command: a table or JSON per tag, and one line with status 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.store import Store
from tui.__main__ import main


def agreement_database(path: Path) -> None:
    from storage.models import Article

    with Store.open(path) as store:
        text = "One sentence here. Another one follows. A third ends it."
        document = store.add_document(Article("Title", text, text), "a.txt", "hash-a")
        risk = store.add_tag("Agreement risk")
        store.add_annotation(document.id, risk.id, 0, 5, coder="ann")
        store.add_annotation(document.id, risk.id, 0, 5, coder="bob")
        store.add_annotation(document.id, risk.id, 20, 30, coder="bob")


def test_agreement_prints_a_row_per_tag_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "team.db"
    agreement_database(db)

    assert 0 == main(["--db", str(db), "agreement", "--coders", "ann,bob", "--tag", "agreement risk", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert ["ann", "bob"] == report["coders"]
    assert [("Agreement risk", 3)] == [(row["tag"], row["units"]) for row in report["tags"]]
    assert 2 / 3 == pytest.approx(report["tags"][0]["percent"])

    assert 0 == main(["--db", str(db), "agreement"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].startswith("Agreement risk") and "66.7" in lines[2]
    assert lines[-1].startswith("(all tags)")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["agreement", "--coders", "ann"], "at least two names"),
        (["agreement", "--coders", "ann,zed"], "coder 'zed' has no annotations"),
        (["agreement", "--tag", "nope"], "no tag named 'nope'"),
    ],
)
def test_agreement_bad_input_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    db = tmp_path / "team.db"
    agreement_database(db)

    assert 2 == main(["--db", str(db), *argv])
    err = capsys.readouterr().err
    assert message in err and 1 == len(err.splitlines())


def test_agreement_on_a_missing_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["--db", str(tmp_path / "none.db"), "agreement"])
    assert "no database at" in capsys.readouterr().err
