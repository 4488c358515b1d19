"""Shared fixtures: stores in memory or on disk, and the shipped seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.corpus import shipped_corpus_dir
from storage.store import Store


@pytest.fixture
def store() -> Store:
    """An empty in-memory store with the current schema."""
    return Store.memory()


@pytest.fixture
def corpus_dir() -> Path:
    """The shipped articles and codebook."""
    return shipped_corpus_dir()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database file that does not exist yet."""
    return tmp_path / "test.db"
