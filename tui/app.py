"""Provides SafeguardApp, the Textual application."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header

from storage.store import Store


class SafeguardApp(App[None]):
    """Read and code news articles by keyboard."""

    TITLE = "safeguard-tui"

    def __init__(self, store: Store, coder: str = "") -> None:
        super().__init__()
        self.store = store
        self.coder = coder

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()
