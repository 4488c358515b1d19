"""Opening the app stays quick: what only some commands need is not imported at launch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

DEFERRED = ["sqlite_utils", "numpy", "rapidfuzz", "storage.attribution.quotes", "storage.ingest.article", "storage.search.engine", "storage.exchange.export", "importlib.metadata"]
EDITORS = ["textual.widgets._text_area", "textual.widgets._radio_set", "tomllib", "hashlib"]
"""What only a note, an export or a codebook file needs: a multi-line editor, radio buttons, TOML, hashing."""


def test_launching_defers_search_ingestion_export_and_numpy() -> None:
    script = (
        "import sys, tui.__main__, tui.app\n"
        f"print(sorted(name for name in {DEFERRED!r} if name in sys.modules))\n"
        "from storage.search.engine import SearchIndex\n"
        "import numpy\n"
        "print(numpy.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)

    assert ["[]", "numpy"] == result.stdout.split()


def test_launching_defers_the_note_editor_the_export_form_and_codebook_files() -> None:
    script = "import sys, tui.__main__, tui.app\n" f"print(sorted(name for name in {EDITORS!r} if name in sys.modules))\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)

    assert "[]" == result.stdout.strip()
