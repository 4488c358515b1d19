"""Provides the shipped corpus: the seed articles and starter codebook that travel in the wheel."""

from __future__ import annotations

from pathlib import Path

from storage.ingest.importer import import_paths
from storage.store import Store


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
