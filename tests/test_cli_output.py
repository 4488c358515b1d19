"""What the command line prints: file names and text with control characters escaped, on every path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.models import Article
from storage.store import Store
from tui.__main__ import main
from tui.terminal_text import escaped, json_line

TITLE_CHANGE = "\x1b]0;pwned\x07"
"""An escape sequence that retitles the terminal window."""

ARTICLE = "Council cuts\n\nThe council said on Monday that it would cut the youth budget by a third.\n"


def no_raw_controls(text: str) -> None:
    for unsafe in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert unsafe not in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"a{TITLE_CHANGE}b", "a\\x1b]0;pwned\\x07b"),
        ("two\nlines", "two\\nlines"),
        ("c1\x9b2J", "c1\\x9b2J"),
        ("bidi\u202eevil", "bidi\\u202eevil"),
        ("café [sic] 👩\u200d💻", "café [sic] 👩\u200d💻"),
    ],
)
def test_escaped_shows_controls_as_escapes_and_keeps_the_rest(text: str, shown: str) -> None:
    assert shown == escaped(text)


def test_json_lines_escape_c1_and_bidi_controls_and_still_parse() -> None:
    record = {"text": "x\u202ey\x85z\x1b é"}
    line = json_line(record)
    assert "\\u202e" in line and "\\u0085" in line and "é" in line
    no_raw_controls(line)
    assert record == json.loads(line)


def test_import_prints_a_hostile_file_name_escaped_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / f"report{TITLE_CHANGE}\nsecond line\x9b.txt"
    hostile.write_text(ARTICLE, encoding="utf-8")

    assert 0 == main(["--db", str(tmp_path / "x.db"), "import", str(hostile)])

    out = capsys.readouterr().out
    no_raw_controls(out)
    assert "report\\x1b]0;pwned\\x07\\nsecond line\\x9b.txt" in out
    assert 2 == len(out.splitlines())


def test_an_error_naming_a_hostile_file_is_one_escaped_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / f"gone{TITLE_CHANGE}\nfake: error line.txt"

    assert 2 == main(["--db", str(tmp_path / "x.db"), "import", str(missing)])

    err = capsys.readouterr().err
    no_raw_controls(err)
    assert 1 == len(err.splitlines())
    assert "gone\\x1b]0;pwned\\x07\\nfake" in err


def test_an_argument_error_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "a.txt", f"--bogus{TITLE_CHANGE}"])
    assert 2 == exit_info.value.code
    err = capsys.readouterr().err
    no_raw_controls(err)
    assert "--bogus\\x1b]0;pwned\\x07" in err


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    body = "The council said the youth budget \u202ewould\x9b be cut\x1b[2J by a third."
    with Store.open(path) as store:
        document = store.add_document(Article(title=f"Cuts{TITLE_CHANGE}\u202e", body=body, raw=body), "/a.txt", "h")
        tag = store.add_tag("Funding")
        store.apply_tag(document.id, tag.id, 0, len(body), note=f"check{TITLE_CHANGE}")
    return path


@pytest.mark.parametrize("as_json", [False, True])
def test_search_output_escapes_controls_in_text_titles_and_notes(
    hostile_db: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    assert 0 == main(["--db", str(hostile_db), "search", "youth", "budget", *(["--json"] if as_json else [])])

    out = capsys.readouterr().out
    no_raw_controls(out)
    assert "\\u202e" in out
    if as_json:
        records = [json.loads(line) for line in out.splitlines()]
        assert any("\u202ewould\x9b" in record["text"] for record in records)
