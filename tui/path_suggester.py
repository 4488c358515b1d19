"""Provides PathSuggester: completes a file or folder path typed into an Input from what is on disk."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester

MAX_ENTRIES = 5000
"""Entries of one folder looked at per keystroke: a huge folder must not stall typing."""


class PathSuggester(Suggester):
    """Suggest the first entry (by name) of the typed folder that starts with the typed name.

    A folder is suggested with a trailing separator, so accepting it (right arrow)
    and typing on completes the next level. ``~`` stands for the home folder.
    """

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, prefix = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    (entry.name + (os.sep if entry.is_dir() else ""))
                    for _, entry in zip(range(MAX_ENTRIES), entries)
                    if entry.name.startswith(prefix)
                    and entry.name.isprintable()  # a name with control characters is never echoed to the terminal
                    and (prefix.startswith(".") or not entry.name.startswith("."))
                )
        except OSError:
            return None
        completion = next((name for name in names if name != prefix), None)
        if completion is None:
            return None
        return value + completion[len(prefix) :]
