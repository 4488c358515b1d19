"""Provides the writer record: a small file beside a database naming the program that last took its write lock.

The record exists while the lock is held: a program that has to wait for the lock
reads it to say whom it is waiting for ("safeguard-tui import, pid 4321"). SQLite
cannot say: a row written inside the holder's transaction stays invisible to
others until it commits. The record is a convenience: a failure to write or read
it never stops a write, and one left by a process that has ended is ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

SUFFIX = "-writer"
"""Added to the database's file name, as SQLite adds ``-wal`` and ``-shm``."""
MAX_NAME_CHARS = 80

PROGRAM = ["safeguard-tui"]
"""What this process is called in the record (the command line names its command; see name_this_program)."""


def name_this_program(name: str) -> None:
    """Call this process ``name`` in records it writes from now on (``safeguard-tui import``, say)."""
    PROGRAM[0] = name


def record_path(database: Path) -> Path:
    return Path(f"{database}{SUFFIX}")


def record_line() -> str:
    return f"{os.getpid()}\t{PROGRAM[0]}\n"


def record_writer(database: Path) -> None:
    """Name this process as the database's writer (once it holds the write lock, until forget_writer)."""
    try:
        record_path(database).write_text(record_line(), encoding="utf-8")
    except OSError:
        pass  # A read-only folder, a full disk: the waiting side just cannot name the holder.


def current_writer(database: Path) -> str:
    """Who last took the write lock: 'safeguard-tui import, pid 4321', or '' if unknown or gone."""
    try:
        pid_text, _, name = record_path(database).read_text(encoding="utf-8", errors="replace").partition("\t")
        pid = int(pid_text)
    except (OSError, ValueError):
        return ""
    if not process_exists(pid):
        return ""
    printable = "".join(ch for ch in name.strip() if ch.isprintable())[:MAX_NAME_CHARS]
    return f"{printable or 'a program'}, pid {pid}"


def forget_writer(database: Path) -> None:
    """Remove the record if it names this process (when its transaction ends and the lock is released)."""
    path = record_path(database)
    try:
        if path.read_text(encoding="utf-8", errors="replace") == record_line():
            path.unlink()
    except OSError:
        pass


def process_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: it exists
    except OSError:
        return False
    return True
