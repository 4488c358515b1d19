"""Typing ahead: keys typed in one burst after a key that opens a dialog or a filter go into it, in order.

A terminal delivers a fast typist's keys (or a pasted line) all at once. Pilot's
``press`` waits for the app to settle after every key, so these tests hand the
whole burst to the driver first, as the terminal does, and only then wait.
"""

from __future__ import annotations

import threading

import pytest
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input

from storage.store import Store
from tests.tui.conftest import settle
from tests.tui.test_coding import open_first_document, spans
from tui.app import SafeguardApp
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.screens.tag_picker import TagPicker
from tui.type_ahead import HOLD_LIMIT
from tui.widgets.document_list import DocumentRows


async def type_at_once(pilot: Pilot[object], app: App[object], keys: str | list[str]) -> None:
    """Send every key before the app handles the first, then let it settle."""
    assert app._driver is not None
    for key in keys:
        name = key if len(key) > 1 or key.isalnum() else _character_to_key(key)
        event = events.Key(name, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


async def test_f_and_a_filter_typed_at_once_all_reach_the_filter(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sort_before = app.screen.query_one(DocumentRows).sort_by

        await type_at_once(pilot, app, "fmuse")

        assert isinstance(app.focused, Input)
        assert app.focused.value == "muse"
        assert app.screen.query_one(DocumentRows).sort_by == sort_before  # the "s" never reached the list


async def test_slash_and_digits_typed_at_once_search_and_never_tag(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        document_id, _, _ = await open_first_document(pilot, app)

        await type_at_once(pilot, app, "/2014")

        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input", Input).value == "2014"
        assert spans(app_store, document_id) == []


async def test_t_a_tag_name_and_enter_typed_at_once_apply_that_tag(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        document_id, start, end = await open_first_document(pilot, app)

        await type_at_once(pilot, app, ["t", *"partnership", "enter"])

        assert isinstance(app.screen, MainScreen)
        assert spans(app_store, document_id) == [("Partnership working", start, end, "")]


async def test_keys_typed_after_a_dialog_opened_go_in_order(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_document(pilot, app)

        await type_at_once(pilot, app, "tfun")
        await type_at_once(pilot, app, "ding")

        assert isinstance(app.screen, TagPicker)
        assert app.screen.query_one(Input).value == "funding"


async def test_keys_after_an_action_that_opens_nothing_go_to_the_pane(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_document(pilot, app)

        await type_at_once(pilot, app, "n/")  # no annotation under the cursor: no note editor, a notice

        assert isinstance(app.screen, SearchScreen)


async def test_a_query_typed_while_the_index_is_first_opened_waits_for_the_overlay(
    app: SafeguardApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the index can take longer than keys are held by default; the query must not reach the panes."""
    import storage.search.saved_index as saved_index

    opened = threading.Event()
    real_open = saved_index.open_index

    def slow_open(store: Store) -> object:
        opened.wait(HOLD_LIMIT * 2)  # released by the test, never by the clock
        return real_open(store)

    monkeypatch.setattr(saved_index, "open_index", slow_open)
    async with app.run_test(size=(120, 40)) as pilot:
        document_id, _, _ = await open_first_document(pilot, app)

        await type_at_once(pilot, app, "/2014")
        await pilot.pause(HOLD_LIMIT + 0.5)  # past the default hold: the keys are still held
        opened.set()
        await app.workers.wait_for_complete()
        await settle(pilot)

        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input", Input).value == "2014"
        assert spans(app.store, document_id) == []
