"""Provides ExportPrompt: where to export and in which format, with a safe dated default.

The default is a new dated file in an ``exports`` folder of the user's data
folder (beside the default database), never the folder the app was started in,
so a stray Enter cannot drop an export into a project folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from tui.safe_text import plain
from tui.widgets.key_footer import KeyFooter

FORMATS = (("sqlite", "SQLite database (.db)"), ("json", "JSON-LD annotations (.json)"), ("csv", "CSV files (a folder)"))
"""The formats offered, in order; the first is the default."""

SUFFIXES = {"sqlite": ".db", "json": ".json", "csv": ""}
FORMAT_OF_SUFFIX = {
    ".db": "sqlite", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".json": "json", ".jsonld": "json",
    ".qdpx": "qdpx", ".qdc": "qdc",  # REFI-QDA project and codebook, for NVivo, ATLAS.ti, MAXQDA, QualCoder
}  # fmt: skip


def default_export_folder() -> Path:
    """The ``exports`` folder in the user's data folder (platformdirs), where the default database lives too."""
    from platformdirs import user_data_path

    return user_data_path("safeguard-tui", appauthor=False) / "exports"


def dated_name(now: datetime | None = None) -> str:
    """'safeguard-2026-12-02-1405': a name that sorts by date and is new each minute."""
    return f"safeguard-{(now or datetime.now()):%Y-%m-%d-%H%M}"


@dataclass(frozen=True)
class ExportTarget:
    """Where an export goes and in which format (``sqlite``, ``json`` or ``csv``)."""

    path: Path
    format: str
    into_folder: bool = False
    """The path typed was an existing folder and the export goes inside it (the user is asked first)."""


def resolve_target(typed: str, chosen: str, folder: Path) -> ExportTarget:
    """The export a typed path and a chosen format stand for.

    A relative path is taken inside ``folder``. A known suffix names its format
    (.db, .sqlite, .json...); a name without one gets the chosen format's suffix,
    so 'mine' is 'mine.db', and is a folder of CSV files only when CSV was chosen.
    An existing folder given as the path receives a dated file inside it.
    """
    path = Path(typed.strip()).expanduser()
    if not path.is_absolute():
        path = folder / path
    known = FORMAT_OF_SUFFIX.get(path.suffix.lower())
    if known:
        return ExportTarget(path, known)
    if path.is_dir() and chosen != "csv":
        return ExportTarget(path / f"{dated_name()}{SUFFIXES[chosen]}", chosen, into_folder=True)
    return ExportTarget(path.with_name(path.name + SUFFIXES[chosen]) if SUFFIXES[chosen] else path, chosen)


class ExportPrompt(ModalScreen[ExportTarget | None]):
    """A path (pre-filled with a new dated file) and a format; Enter exports, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, folder: Path) -> None:
        super().__init__(classes="dialog")
        self.folder = folder
        self.format = FORMATS[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="export-prompt"):
            yield Label("Export the project to", classes="dialog-title")
            yield Input(value=str(self.folder / f"{dated_name()}{SUFFIXES[self.format]}"), id="export-path")
            with RadioSet(id="export-format"):
                for index, (_format, label) in enumerate(FORMATS):
                    yield RadioButton(label, value=index == 0)
            yield Label(plain("Tab, arrows and Enter choose the format; Enter exports, Escape cancels. A name alone goes in "
                              f"{self.folder}; without an extension it is a .db; .qdpx (a REFI-QDA project) or .qdc"
                              " (its codebook) for NVivo, ATLAS.ti, MAXQDA or QualCoder."), classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Give the path the chosen format's suffix, so what is shown is what will be written."""
        self.format = FORMATS[event.index][0]
        field = self.query_one(Input)
        path = Path(field.value.strip())
        if path.name:
            stem = path.name.removesuffix(path.suffix) if path.suffix.lower() in FORMAT_OF_SUFFIX else path.name
            field.value = str(path.with_name(stem + SUFFIXES[self.format]))
        field.focus()  # back to the path, so the next Enter exports

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(resolve_target(event.value, self.format, self.folder))

    def action_cancel(self) -> None:
        self.dismiss(None)
