"""Provides SafeguardApp, the Textual application: its bindings, styles and command providers."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from storage.store import Store, StoreError
from tui.commands import SafeguardCommands
from tui.screens.main import MainScreen
from tui.type_ahead import TypeAhead, hold_typing


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
        self.coder = coder
        # Set before the first frame: changing the theme later restyles every widget.
        theme = self.store.get_state("theme")
        if theme in self.available_themes:
            self.theme = theme

    def get_default_screen(self) -> MainScreen:
        """The main screen is the app's base screen: no blank default screen is drawn and replaced first."""
        return MainScreen(self.store, self.coder)

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
