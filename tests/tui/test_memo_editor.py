"""Memos by keyboard: document memo (m), project memo (M, palette), tag and actor descriptions (i), search."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from storage.models import MemoSubject
from storage.store import Store, StoreError
from tests.tui.conftest import one_line_text, run_command, screen_text, settle
from tests.tui.test_sidebar import focus_codebook_on
from tui.app import SafeguardApp
from tui.screens import memo_editor
from tui.screens.actors import ActorsScreen
from tui.screens.coded_segments import CodedSegmentsScreen
from tui.screens.main import MainScreen
from tui.screens.memo_editor import MemoEditor
from tui.screens.search import SearchScreen
from tui.screens.tag_picker import TagPicker

PROJECT = MemoSubject("project")
HOSTILE = "[bold]not bold[/bold] [sic] \x1b[31mred?"


async def open_first_document(pilot: Pilot[object]) -> int:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen) and screen.document_id is not None
    return screen.document_id


async def until_saved(pilot: Pilot[object], store: Store, subject: MemoSubject, text: str) -> None:
    """Wait (bounded) for the autosave to commit ``text``: a wait on a result, not a fixed sleep."""
    for _ in range(200):
        if store.memo_text(subject) == text:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never saved: {store.memo_text(subject)!r}")


@pytest.fixture
def quick_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo_editor, "AUTOSAVE_SECONDS", 0.05)


async def test_m_in_the_reader_writes_the_documents_memo_as_you_type(
    app: SafeguardApp, app_store: Store, quick_autosave: None
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        document = await open_first_document(pilot)
        subject = MemoSubject("document", document)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)

        await pilot.press(*"Check the date", "enter", *"against the council minutes")
        await until_saved(pilot, app_store, subject, "Check the date\nagainst the council minutes")
        await pilot.pause()
        assert "Saved" in one_line_text(app)

        await pilot.press(*" too", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Check the date\nagainst the council minutes too" == app_store.memo_text(subject)
        assert "✎ memo (m)" in one_line_text(app)

        await pilot.press("m")
        await pilot.pause()
        assert "Check the date\nagainst the council minutes too" == app.screen.query_one(TextArea).text
        await pilot.press("escape")
        await settle(pilot)

        # Every save of that session is one undo step.
        await pilot.press("u")
        await settle(pilot)
        assert "" == app_store.memo_text(subject)
        assert "✎ memo" not in one_line_text(app)


async def test_m_in_the_document_list_opens_the_highlighted_documents_memo(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        highlighted = app.screen.query_one("#document-options").highlighted  # type: ignore[attr-defined]
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"second one", "escape")
        await settle(pilot)

        assert "second one" == app_store.memo_text(MemoSubject("document", highlighted.id))
        assert isinstance(app.screen, MainScreen)


async def test_the_project_memo_from_the_palette_survives_a_restart_and_opens_with_M(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        async with SafeguardApp(store, coder="tester").run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await run_command(pilot, "Project memo")
            assert isinstance(pilot.app.screen, MemoEditor)
            await pilot.press(*"Who is blamed, and by whom?", "escape")
            await settle(pilot)

    with Store.open(seeded_db) as store:
        assert "Who is blamed, and by whom?" == store.memo_text(PROJECT)
        async with SafeguardApp(store, coder="tester").run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("M")
            await pilot.pause()
            assert "Who is blamed, and by whom?" == pilot.app.screen.query_one(TextArea).text
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("u")  # the journal survived the restart too
            await settle(pilot)
        assert "" == store.memo_text(PROJECT)


async def test_i_in_the_codebook_describes_the_tag_and_its_segments_show_it(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await focus_codebook_on(pilot, app, "Partnership working")
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        area = app.screen.query_one(TextArea)
        area.text = ""
        await pilot.press(*"Agencies working together.", "enter", *"Not: one agency alone.", "escape")
        await settle(pilot)

        tag = app_store.tag_by_name("Partnership working")
        assert tag is not None
        assert "Agencies working together.\nNot: one agency alone." == tag.description
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodedSegmentsScreen)
        assert "Agencies working together. Not: one agency alone." in one_line_text(app)


async def test_the_palette_edits_a_tag_description(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Edit tag description")
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"partnership", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MemoEditor)
        app.screen.query_one(TextArea).text = ""
        await pilot.press(*"Joint work.", "ctrl+s")
        await settle(pilot)
        tag = app_store.tag_by_name("Partnership working")
        assert tag is not None and "Joint work." == tag.description
        assert "Saved" in one_line_text(app)


async def test_i_on_the_actors_screen_describes_the_actor(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Actors")
        assert isinstance(app.screen, ActorsScreen)
        await pilot.press("f", *"timpson", "enter")
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        assert "Description of 'Edward Timpson'" in one_line_text(app)
        await pilot.press(*"Children's minister.", "escape")
        await settle(pilot)

        assert isinstance(app.screen, ActorsScreen)
        assert "description: Children's minister." in one_line_text(app)
        [actor] = [a for a in app_store.actors() if a.name == "Edward Timpson"]
        assert "Children's minister." == actor.description
        assert actor.curated


async def test_i_on_a_speaker_in_the_sidebar_describes_them(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_document(pilot)
        actors = app.screen.query_one("#actors")
        actors.focus()
        await pilot.pause()
        option = actors.highlighted_option  # type: ignore[attr-defined]
        actor_id = int(option.id.removeprefix("actor-"))
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"Quoted often.", "escape")
        await settle(pilot)
        assert "Quoted often." == app_store.actor(actor_id).description


async def test_search_finds_a_memo_and_enter_opens_it(app: SafeguardApp, app_store: Store) -> None:
    app_store.save_memo(MemoSubject("document", 2), "Ask the harbour master about the ferry.", coder="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"harbour mastr")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert "1 memo" in one_line_text(app)
        results = app.screen.results
        assert results is not None and ["Ask the harbour master about the ferry."] == [h.text for h in results.memos]
        await pilot.press(*["down"] * (len(results.hits) - 1), "enter")  # to the last hit: the memo group comes last
        await settle(pilot)

        assert isinstance(app.screen, MemoEditor)
        assert "Ask the harbour master about the ferry." == app.screen.query_one(TextArea).text
        await pilot.press("escape")
        await settle(pilot)
        assert 2 == app.screen.document_id  # type: ignore[attr-defined]


async def test_a_save_that_fails_says_so_and_a_second_escape_leaves(
    app: SafeguardApp, app_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise StoreError("the database is busy")

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app_store, "save_memo", refuse)
        await pilot.press("M")
        await pilot.pause()
        await pilot.press(*"lost?", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        assert "Not saved: the database is busy. ctrl+s tries again · Escape again closes without saving" in one_line_text(
            app
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert "" == app_store.memo_text(PROJECT)


async def test_markup_and_escapes_in_a_memo_are_shown_literally(app: SafeguardApp, app_store: Store) -> None:
    app_store.save_memo(PROJECT, HOSTILE, coder="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]not bold[/bold] [sic]" in shown
        assert "\x1b" not in shown
        await pilot.press("escape")
        await settle(pilot)
        assert app_store.memo_text(PROJECT) == HOSTILE.replace("\x1b", "")


async def test_quitting_the_app_over_the_editor_saves_what_was_typed(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("M")
            await pilot.pause()
            await pilot.press(*"typed just before quitting")
            app.exit()
        assert "typed just before quitting" == store.memo_text(PROJECT)
