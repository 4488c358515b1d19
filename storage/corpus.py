"""Provides the shipped corpus: the seed articles and starter codebook that travel in the wheel."""

from __future__ import annotations

import os
from pathlib import Path

from storage.exchange.export import sync_file
from storage.ingest.importer import import_paths
from storage.store import Store, StoreError, remove_database_files

BUILDING = ".{name}.building-"
"""How a database being built beside ``name`` is called; the id of the building process follows."""


def shipped_corpus_dir() -> Path:
    """The folder of shipped articles: inside the installed package, or ``corpus/`` in a checkout."""
    installed = Path(__file__).parent / "corpus_data"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "corpus"


def seed(store: Store) -> None:
    """Fill an empty store with the shipped codebook and articles."""
    folder = shipped_corpus_dir()
    store.load_codebook(folder / "codebook.toml")
    import_paths(store, [folder])


def create_database(path: Path, *, with_articles: bool) -> None:
    """Make the database at ``path`` with the starter codebook (and the shipped articles), all or nothing.

    Seeding takes a second or so, many transactions: a crash or a kill in the
    middle used to leave a half-built database that was never finished. So it is
    built in a file beside ``path`` and renamed into place only when complete;
    a later launch finds no database and builds it again. Files left by builds
    whose process is gone are removed first.
    """
    remove_abandoned_builds(path)
    building = path.with_name(BUILDING.format(name=path.name) + str(os.getpid()))
    remove_database_files(building)
    try:
        with Store.open(building) as store:
            if with_articles:
                seed(store)
            else:
                store.load_codebook(shipped_corpus_dir() / "codebook.toml")
            # Back to a rollback journal: the write-ahead log is folded into the file, so one file is renamed.
            store.conn.execute("PRAGMA journal_mode = DELETE")
        sync_file(building)
        if path.exists() and path.stat().st_size > 0:
            remove_database_files(building)  # Another copy of the app finished first: keep its database.
            return
        # A log left beside an empty file would be replayed onto the new database.
        remove_database_files(path)
        os.replace(building, path)
        sync_file(path.parent)  # the rename itself
    except StoreError as error:
        remove_database_files(building)
        raise StoreError(str(error).replace(str(building), str(path))) from None  # the name the user gave
    except BaseException:
        remove_database_files(building)
        raise


def remove_abandoned_builds(path: Path) -> None:
    """Remove the files of builds of ``path`` whose process no longer runs (killed mid-seed)."""
    prefix = BUILDING.format(name=path.name)
    for leftover in path.parent.glob(f"{prefix}*"):
        pid = leftover.name.removeprefix(prefix).split("-")[0]
        if pid.isdigit() and not process_exists(int(pid)):
            leftover.unlink(missing_ok=True)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # Another user's process: alive, and not ours to judge.
    return True
