"""The command line: global options anywhere, first-run seeding, version and help."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tui.__main__ import build_parser, default_database_path, main, open_store


def test_version_names_the_tool(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])

    assert 0 == exit_info.value.code
    assert capsys.readouterr().out.startswith("safeguard-tui ")


def test_help_lists_every_command_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])

    out = capsys.readouterr().out
    assert "agreement between coders per tag: % agreement" in out
    assert "option_strings" not in out  # a stray "%" in a help text makes argparse print its internals


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "x.db", "--coder", "ana", "import", "a.txt"],
        ["import", "a.txt", "--db", "x.db", "--coder", "ana"],
        ["--db", "x.db", "import", "--coder", "ana", "a.txt"],
    ],
)
def test_global_options_work_before_or_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)

    assert ("x.db", "ana", ["a.txt"]) == (args.db, args.coder, args.paths)


def test_the_coder_defaults_to_a_login_name() -> None:
    assert build_parser().parse_args([]).coder


def test_the_default_database_lives_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))

    assert tmp_path / "safeguard-tui" / "safeguard.db" == default_database_path()


def test_first_launch_creates_and_seeds_the_default_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    with open_store(argparse.Namespace(db=None), seed_if_new=True) as store:
        assert 5 == len(store.documents())
        assert 9 == len(store.tags())
    with open_store(argparse.Namespace(db=None), seed_if_new=True) as store:
        assert 5 == len(store.documents())


def test_a_new_database_for_a_command_gets_the_codebook_only(db_path: Path) -> None:
    with open_store(argparse.Namespace(db=str(db_path))) as store:
        assert ([], 9) == (store.documents(), len(store.tags()))


def test_import_prints_what_it_did(capsys: pytest.CaptureFixture[str], corpus_dir: Path, db_path: Path) -> None:
    assert 0 == main(["import", str(corpus_dir), "--db", str(db_path)])
    assert 0 == main(["import", str(corpus_dir), "--db", str(db_path)])

    out = capsys.readouterr().out
    assert "5 imported, 0 unchanged, 0 revised, 0 skipped" in out
    assert "0 imported, 5 unchanged, 0 revised, 0 skipped" in out


def test_reextract_prints_counts_and_keeps_annotations(
    capsys: pytest.CaptureFixture[str], corpus_dir: Path, db_path: Path
) -> None:
    main(["--db", str(db_path), "import", str(corpus_dir)])
    with open_store(argparse.Namespace(db=str(db_path))) as store:
        document = store.documents()[0]
        annotation = store.add_annotation(document.id, store.tags()[0].id, 0, 10, note="mine")
    capsys.readouterr()

    assert 0 == main(["reextract", "--db", str(db_path)])

    out = capsys.readouterr().out
    assert out.endswith("found in 5 documents\n")
    with open_store(argparse.Namespace(db=str(db_path))) as store:
        assert [annotation] == store.annotations()


def test_evaluate_prints_a_table_per_kind(capsys: pytest.CaptureFixture[str], corpus_dir: Path) -> None:
    gold = Path(__file__).parent / "gold" / "seeds.json"

    assert 0 == main(["evaluate", str(gold), "--corpus", str(corpus_dir)])

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["kind", "gold", "pred"]
    assert ["direct", "indirect", "partial", "comment", "all"] == [line.split()[0] for line in lines[1:6]]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["evaluate", "missing.json", "--corpus", "."], "cannot read gold file"),
        (["evaluate", "GOLD", "--corpus", "no-such-folder"], "no such folder"),
        (["evaluate", "GOLD", "--db", "no-such.db"], "no database at"),
    ],
)
def test_evaluate_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    gold = str(Path(__file__).parent / "gold" / "seeds.json")

    assert 2 == main([gold if arg == "GOLD" else arg for arg in argv])

    err = capsys.readouterr().err
    assert message in err and 1 == len(err.splitlines())


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    commands = next(
        action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction)
    )

    assert [] == [name for name in commands.choices if f"`safeguard-tui {name}" not in readme]


def test_every_option_of_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    commands = next(
        action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction)
    )

    assert [] == [
        f"{name} {option}"
        for name, command in commands.choices.items()
        for action in command._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help" and f"{option}" not in readme
    ]
