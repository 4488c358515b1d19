"""Provides SafeguardApp, the Textual application: its bindings, styles and command providers."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from storage.store import Store, StoreError
from tui.commands import SafeguardCommands
from tui.notices import tell
from tui.screens.main import MainScreen
from tui.type_ahead import TypeAhead, hold_typing
from tui.writes import WriteQueue


class SafeguardApp(TypeAhead):
    """Read and code news articles by keyboard."""

    TITLE = "safeguard-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {SafeguardCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, store: Store, coder: str = "") -> None:
        """Build the app.

        Args:
            store: The open database; the app writes through it and never closes it.
            coder: The name recorded on each annotation and journal entry.
        """
        super().__init__()
        self.store = store
        # The UI thread never waits for another program's write lock: the write queue tries again later.
        self.store.write_wait = 0
        self.writes = WriteQueue(self)
        self.coder = coder
        # Set before the first frame: changing the theme later restyles every widget.
        theme = self.store.get_state("theme")
        if theme in self.available_themes:
            self.theme = theme

    def get_default_screen(self) -> MainScreen:
        """The main screen is the app's base screen: no blank default screen is drawn and replaced first."""
        return MainScreen(self.store, self.coder, self.writes)

    async def action_quit(self) -> None:
        """Quit, but not before the changes waiting for another program's write are saved (a memo being typed too)."""
        from tui.screens.memo_editor import MemoEditor  # loaded already if one is open

        if isinstance(self.screen, MemoEditor):
            self.screen.save_now()  # before its autosave: the quit then waits for it like any change
        if self.writes.waiting:
            tell(self, "Quitting once your changes are saved (another program is writing)…", severity="warning")
        self.writes.after_saving(self.exit)

    def watch_theme(self, theme: str) -> None:
        if self.is_running and not self.store.read_only:
            try:
                self.store.set_state("theme", theme)
            except StoreError:
                pass  # The theme is a convenience: a database that cannot take it keeps working.

    def action_command_palette(self) -> None:
        hold_typing(self)
        super().action_command_palette()

    @property
    def main_screen(self) -> MainScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, MainScreen))
