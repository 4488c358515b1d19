"""The storage layer stands alone: no Textual or Rich, so scripts and tests need no terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import storage
import tui

ROOT = Path(__file__).resolve().parent.parent


def test_storage_never_imports_textual_or_rich() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT / "storage").with_suffix("").parts)
        for p in (ROOT / "storage").rglob("*.py")
        if p.stem != "__init__"
    )
    script = (
        "import sys\n"
        + "".join(f"import storage.{name}\n" for name in modules)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)

    assert "[]" == result.stdout.strip()


def test_the_packages_imported_are_this_project() -> None:
    """`storage` and `tui` are common names; make sure no other package shadows ours."""
    assert Path(storage.__file__).resolve().parent.name == "storage"
    assert (Path(storage.__file__).resolve().parent / "store.py").exists()
    assert (Path(tui.__file__).resolve().parent / "__main__.py").exists()


def test_test_modules_have_names_unique_across_folders() -> None:
    # The test folders are not packages, so pytest imports each module by its bare name: two modules of one
    # name in different folders stop the whole run at collection.
    names = [path.name for path in (ROOT / "tests").rglob("test_*.py")]

    assert sorted(name for name in set(names) if names.count(name) > 1) == []
