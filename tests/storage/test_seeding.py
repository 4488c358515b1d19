"""A first launch builds its database completely or not at all, even when killed in the middle."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import storage.corpus
from storage.corpus import create_database
from tui.__main__ import open_store

ROOT = Path(__file__).resolve().parents[2]


def assert_complete(path: Path) -> None:
    with open_store(argparse.Namespace(db=str(path)), seed_if_new=True) as store:
        assert 5 == len(store.documents())
        assert 9 == len(store.tags())


def test_a_failure_mid_seed_leaves_no_database_and_the_next_launch_seeds_it_all(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = storage.corpus.import_paths

    def import_one_then_fail(store, paths):  # type: ignore[no-untyped-def]
        real_import(store, [sorted(Path(paths[0]).glob("*.txt"))[0]])
        raise RuntimeError("power cut")

    monkeypatch.setattr(storage.corpus, "import_paths", import_one_then_fail)
    with pytest.raises(RuntimeError):
        open_store(argparse.Namespace(db=str(db_path)), seed_if_new=True)
    assert [] == sorted(p.name for p in db_path.parent.iterdir())

    monkeypatch.undo()
    assert_complete(db_path)


KILLED_MID_SEED = """
import sys, time
from pathlib import Path
import storage.corpus
real_import = storage.corpus.import_paths
def import_one_then_wait(store, paths):
    real_import(store, [sorted(Path(paths[0]).glob("*.txt"))[0]])
    Path(sys.argv[2]).touch()
    time.sleep(60)
storage.corpus.import_paths = import_one_then_wait
from tui.__main__ import main
main(["--db", sys.argv[1]])  # the app's first launch: seeding comes before the first frame
"""


def test_a_launch_killed_mid_seed_leaves_no_half_built_database(tmp_path: Path) -> None:
    db_path = tmp_path / "first.db"
    marker = tmp_path / "half-way"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_SEED, str(db_path), str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the launch ended before it was half-way"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    assert not db_path.exists()
    assert_complete(db_path)
    assert {"first.db", "half-way"} == {p.name for p in tmp_path.iterdir()}


def test_a_database_finished_by_another_copy_meanwhile_is_kept(db_path: Path) -> None:
    create_database(db_path, with_articles=False)
    first = db_path.read_bytes()
    create_database(db_path, with_articles=True)
    assert first == db_path.read_bytes()
