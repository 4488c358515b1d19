"""The writer record names the program holding a database's write lock, only while it holds it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storage.store import Store
from storage.writer_record import current_writer, name_this_program, record_path


@pytest.fixture(autouse=True)
def program_name() -> Iterator[None]:
    name_this_program("safeguard-tui tests")
    yield
    name_this_program("safeguard-tui")


def test_a_transaction_names_its_program_until_it_ends(db_path: Path) -> None:
    with Store.open(db_path) as store:
        with store.atomic():
            store.add_tag("Housing")
            held = current_writer(db_path)
        after = current_writer(db_path)

    assert f"safeguard-tui tests, pid {os.getpid()}" == held
    assert "" == after
    assert not record_path(db_path).exists()


def test_a_record_left_by_a_process_that_ended_is_ignored(db_path: Path) -> None:
    Store.open(db_path).close()
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    record_path(db_path).write_text(f"{ended.stdout.strip()}\tsafeguard-tui import\n", encoding="utf-8")

    assert "" == current_writer(db_path)


def test_control_characters_in_a_record_are_not_passed_on(db_path: Path) -> None:
    record_path(db_path).write_text(f"{os.getpid()}\tsafeguard-tui\x1b[2J import\n", encoding="utf-8")

    assert f"safeguard-tui[2J import, pid {os.getpid()}" == current_writer(db_path)


def test_a_write_that_gives_up_names_the_program_holding_the_lock(
    db_path: Path, lock_holder: Callable[[Path, str], subprocess.Popen[str]]
) -> None:
    Store.open(db_path).close()
    holder = lock_holder(db_path, "safeguard-tui reextract")
    with Store.open(db_path) as store:
        store.write_wait = 0.3
        with pytest.raises(Exception, match=rf"another program is writing .*safeguard-tui reextract, pid {holder.pid}"):
            store.add_tag("Housing")
    holder.communicate("done\n", timeout=30)
