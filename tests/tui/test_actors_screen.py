"""The Actors screen by keyboard: list and filter, rename, kind, role, merge, split, undo after a restart, reextract."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from storage.attribution.extraction import reextract
from storage.store import Store
from tests.tui.conftest import OtherWriter, option_texts, run_command, settle
from tui.app import SafeguardApp
from tui.screens.actors import ActorsScreen
from tui.widgets.actor_table import ActorTable


def actor_named(store: Store, name: str) -> int:
    [actor_id] = [actor.id for actor in store.actors() if actor.name == name]
    return actor_id


async def open_actors(pilot: Pilot[object]) -> ActorTable:
    await run_command(pilot, "Actors")
    assert isinstance(pilot.app.screen, ActorsScreen)
    return pilot.app.screen.query_one(ActorTable)


async def filter_to(pilot: Pilot[object], text: str) -> ActorTable:
    """Type a filter as a user does (f, the text, Enter back to the list)."""
    await pilot.press("f", *text, "enter")
    await settle(pilot)
    return pilot.app.screen.query_one(ActorTable)


async def answer(pilot: Pilot[object], text: str) -> None:
    """Replace what a prompt holds with ``text`` and press Enter."""
    pilot.app.screen.query_one(Input).value = ""
    await pilot.press(*text, "enter")
    await settle(pilot)


async def test_the_palette_lists_every_actor_most_quoted_first(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = await open_actors(pilot)
        await settle(pilot)

        assert len(app_store.actors()) == len(table.rows)
        assert "Lord Norman Warner" == table.rows[0].name
        count = len(app_store.actors())
        assert f"{count} of {count} actors" in str(app.screen.query_one("#actors-pane").border_subtitle)


async def test_the_filter_is_fuzzy_and_typing_in_it_never_runs_a_key(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_actors(pilot)
        table = await filter_to(pilot, "wilshw")

        assert ["Sir Michael Wilshaw"] == [row.name for row in table.rows]
        await pilot.press("f", "ctrl+a")
        await pilot.press(*"mrst")
        await settle(pilot)
        assert all(not actor.curated for actor in app_store.actors())


async def test_the_sidebar_key_opens_the_screen_on_that_actor(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        sidebar = app.screen.query_one("#actors", OptionList)
        sidebar.focus()
        await pilot.press("end", "a")
        await settle(pilot)
        chosen = sidebar.highlighted_option

        table = app.screen.query_one(ActorTable)
        assert chosen is not None and table.current is not None
        assert f"actor-{table.current.actor_id}" == chosen.id


async def test_rename_kind_and_role_are_saved_and_the_sidebar_follows(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await open_actors(pilot)
        await filter_to(pilot, "warner")

        await pilot.press("r")
        await answer(pilot, "Baron Warner")
        await pilot.press("o")
        await answer(pilot, "adviser [to] the board")
        await pilot.press("t", "down", "enter")
        await settle(pilot)

        actor = app_store.actor(actor_named(app_store, "Baron Warner"))
        assert ("organisation", "adviser [to] the board", True) == (actor.kind, actor.role, actor.curated)
        await pilot.press("escape")
        await settle(pilot)
        assert any("Baron Warner" in text for text in option_texts(app.screen.query_one("#actors", OptionList)))


async def test_a_rename_that_waits_for_another_writer_is_saved_after_the_screen_is_closed(
    app: SafeguardApp, app_store: Store, other_writer: OtherWriter
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # a document, so that the sidebar lists its speakers
        await settle(pilot)
        await open_actors(pilot)
        await filter_to(pilot, "warner")
        other_writer.hold()
        await pilot.press("r")
        await answer(pilot, "Baron Warner")
        assert app.writes.waiting
        await pilot.press("escape")  # the screen closes while the rename waits
        await settle(pilot)
        assert not isinstance(app.screen, ActorsScreen)

        other_writer.release()
        app.writes.attempt()
        await settle(pilot)
        assert not app.writes.waiting
        assert any("Baron Warner" in text for text in option_texts(app.screen.query_one("#actors", OptionList)))
    assert app_store.actor(actor_named(app_store, "Baron Warner")).curated


async def test_merge_marked_actors_into_the_one_under_the_cursor(app: SafeguardApp, app_store: Store) -> None:
    robb, jones = actor_named(app_store, "Bridget Robb"), actor_named(app_store, "Brigid Jones")
    quotes = len(app_store.quotes_by_actor(robb)) + len(app_store.quotes_by_actor(jones))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_actors(pilot)
        table = await filter_to(pilot, "jones")
        await pilot.press("space")
        table = await filter_to(pilot, "\b" * 5 + "robb")
        assert "Bridget Robb" == table.current.name  # type: ignore[union-attr]
        await pilot.press("m")
        await settle(pilot)

    assert quotes == len(app_store.quotes_by_actor(robb))
    assert {"Brigid Jones", "Cllr Jones"} <= set(app_store.actor(robb).aliases)
    assert jones not in {actor.id for actor in app_store.actors()}


async def test_split_moves_the_marked_names_to_a_new_actor(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_actors(pilot)
        await filter_to(pilot, "wilshaw")
        await pilot.press("s")
        await settle(pilot)
        # Names come first, in alphabetical order: "Michael Wilshaw", "Sir Michael", "Sir Michael Wilshaw".
        await pilot.press("down", "space", "enter")
        await settle(pilot)
        await answer(pilot, "Sir Michael Tippett")

    new = app_store.actor(actor_named(app_store, "Sir Michael Tippett"))
    assert ("Sir Michael", "Sir Michael Tippett") == new.aliases
    assert "Sir Michael" not in app_store.actor(actor_named(app_store, "Sir Michael Wilshaw")).aliases


async def test_a_split_quote_gets_a_speaker_correction_that_undo_removes(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        wilshaw = actor_named(store, "Sir Michael Wilshaw")
        names = len(store.actor(wilshaw).aliases)
        first = store.quotes_by_actor(wilshaw)[0]
        async with SafeguardApp(store, coder="tester").run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await open_actors(pilot)
            await filter_to(pilot, "wilshaw")
            await pilot.press("s")
            await settle(pilot)
            # The names come first, then the quotes: the first quote is one below the last name.
            await pilot.press(*["down"] * names, "space", "enter")
            await settle(pilot)
            await answer(pilot, "Ofsted Press Office")

        [correction] = store.quote_corrections(first.document_id)
        assert ("speaker", "Ofsted Press Office", "tester") == (correction.action, correction.speaker, correction.coder)
        assert (correction.start, correction.end) == (first.start, first.end)

    with Store.open(seeded_db) as store:
        reextract(store)
        office = actor_named(store, "Ofsted Press Office")
        assert [first.text] == [quote.text for quote in store.quotes_by_actor(office)]
        async with SafeguardApp(store, coder="tester").run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await open_actors(pilot)
            await pilot.press("u")
            await settle(pilot)
        assert [] == store.quote_corrections(first.document_id)
        assert first.text in [quote.text for quote in store.quotes_by_actor(wilshaw)]


async def test_undo_after_a_restart_and_the_change_survives_reextract(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        async with SafeguardApp(store, coder="tester").run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await open_actors(pilot)
            await filter_to(pilot, "timpson")
            await pilot.press("r")
            await answer(pilot, "Ed Timpson MP")

    with Store.open(seeded_db) as store:
        reextract(store)
        renamed = store.actor(actor_named(store, "Ed Timpson MP"))
        assert 5 == len(store.quotes_by_actor(renamed.id))

    with Store.open(seeded_db) as store:
        async with SafeguardApp(store, coder="tester").run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await open_actors(pilot)
            await filter_to(pilot, "timpson")
            await pilot.press("u")
            await settle(pilot)
            assert "Edward Timpson" == pilot.app.screen.query_one(ActorTable).current.name  # type: ignore[union-attr]
        assert "Edward Timpson" == store.actor(renamed.id).name


async def test_search_finds_an_actor_by_its_new_name_at_once(app: SafeguardApp) -> None:
    from tui.screens.search import SearchScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press("escape")
        await open_actors(pilot)
        await filter_to(pilot, "timpson")
        await pilot.press("r")
        await answer(pilot, "Edward Quillington")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"quillington")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, SearchScreen)
        options = screen.query_one("#search-results", OptionList)
        listed = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Edward Quillington" in text for text in listed)


async def test_a_merge_and_a_split_made_in_the_app_survive_reextract(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        robb, jones = actor_named(store, "Bridget Robb"), actor_named(store, "Brigid Jones")
        async with SafeguardApp(store, coder="tester").run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await open_actors(pilot)
            await filter_to(pilot, "jones")
            await pilot.press("space")
            await filter_to(pilot, "\b" * 5 + "robb")
            await pilot.press("m")
            await settle(pilot)
            await filter_to(pilot, "\b" * 4 + "wilshaw")
            await pilot.press("s")
            await settle(pilot)
            await pilot.press("down", "space", "enter")
            await settle(pilot)
            await answer(pilot, "Sir Michael Tippett")
        merged = len(store.quotes_by_actor(robb))

        reextract(store)

        assert jones not in {actor.id for actor in store.actors()}
        assert merged == len(store.quotes_by_actor(robb))
        assert ("Sir Michael", "Sir Michael Tippett") == store.actor(actor_named(store, "Sir Michael Tippett")).aliases


async def test_enter_shows_the_actors_first_quote_in_the_reader(app: SafeguardApp, app_store: Store) -> None:
    from tui.widgets.reader import Reader

    [first] = [q for q in app_store.quotes_by_actor(actor_named(app_store, "Edward Timpson")) if q.comment_id is None][:1]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_actors(pilot)
        await filter_to(pilot, "timpson")
        await pilot.press("enter")
        # Enter reads the document in a worker, then another opens it at the quote: settle until both ran.
        for _ in range(5):
            await settle(pilot)

        assert first.document_id == app.screen.document_id  # type: ignore[attr-defined]
        assert first.start == app.screen.query_one(Reader).cursor
