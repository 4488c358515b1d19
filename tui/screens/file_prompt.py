"""Provides ask_for_file: ask where to write a file, confirm before replacing one, make the default folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.suggester import Suggester

from tui.screens.confirm import ConfirmDialog
from tui.screens.prompt import TextPrompt


def ask_for_file(
    app: App[object],
    title: str,
    default: Path,
    *,
    hint: str,
    what: str,
    write: Callable[[Path, bool], None],
    tell: Callable[[str], None],
    suggester: Suggester | None = None,
) -> None:
    """Ask for a path (``default`` filled in), then ``write(path, force)`` once it is safe to.

    An existing file is replaced only after the user says yes (``force`` is then True).
    The default's folder (the user's exports folder, say) is made when it is missing;
    any other folder must exist, so a typing slip cannot scatter folders about.

    Args:
        app: The app to show the prompt and the question on.
        title: What the prompt asks ("Write a report of these segments to").
        default: The path offered.
        hint: The line under the field.
        what: What is written, for the question and for a failure ("report", "table").
        write: Writes the file (in a worker, typically) and says how it went.
        tell: Shows a one-line failure to the user.
        suggester: Completes the path as it is typed.
    """

    def answered(typed: str | None, force: bool = False) -> None:
        if not typed or not typed.strip():
            return
        target = Path(typed.strip()).expanduser()
        if (target.exists() or target.is_symlink()) and not force:
            app.push_screen(ConfirmDialog(f"{target} exists.\nReplace it with this {what}?"),
                            lambda yes: answered(typed, force=True) if yes else None)
            return
        if target.parent == default.parent:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                tell(f"{what.capitalize()} not written: cannot make {target.parent}: {error.strerror or error}")
                return
        write(target, force)

    app.push_screen(TextPrompt(title, value=str(default), hint=hint, suggester=suggester), answered)
