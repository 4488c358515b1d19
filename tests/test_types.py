"""The storage layer type-checks: mypy (pinned in the test extras, settings in pyproject.toml) finds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_storage_type_checks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "storage"], capture_output=True, text=True, cwd=ROOT, check=False
    )

    assert 0 == result.returncode, result.stdout + result.stderr
