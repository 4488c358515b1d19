"""Correcting quotes by keyboard in the app: speaker, kind, not a quote, a new quote; undo, restart, rebuilds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, OptionList, Static

from storage.attribution.extraction import reextract
from storage.ingest.importer import import_paths
from storage.models import Quote
from storage.store import Store
from tests.storage.test_quote_corrections import ARTICLE
from tests.tui.conftest import import_in_app, one_line_text, option_texts, run_command, settle
from tui.app import SafeguardApp
from tui.screens.actor_picker import ActorPicker
from tui.screens.kind_picker import KindPicker
from tui.screens.main import MainScreen
from tui.widgets.reader import Reader

@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def database(tmp_path: Path, article: Path) -> Path:
    path = tmp_path / "project.db"
    with Store.open(path) as store:
        import_paths(store, [article])
    return path


@pytest.fixture
def store(database: Path) -> Iterator[Store]:
    with Store.open(database) as store:
        yield store


def quote_with(store: Store, words: str) -> Quote:
    return next(q for q in store.quotes() if words in q.text)


def speaker_of(store: Store, quote: Quote) -> str:
    return store.actor(quote.speaker_id).name if quote.speaker_id is not None else ""


async def open_at(pilot, app: SafeguardApp, words: str) -> None:  # type: ignore[no-untyped-def]
    """Open the document and put the cursor on the quote holding ``words``, by ] presses."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    reader = app.screen.query_one(Reader)
    body = reader.document.body
    target = next(q for q in reader.document.quotes if words in body[q.start : q.end])
    for _ in reader.document.quotes:
        if reader.cursor == target.start:
            break
        await pilot.press("right_square_bracket")
    assert target.start == reader.cursor


async def give_speaker(pilot, app: SafeguardApp, words: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Open the document, go to the quote holding ``words`` and give it the speaker ``name`` (Enter on the first option)."""
    await open_at(pilot, app, words)
    await pilot.press("s")
    await settle(pilot)
    await type_in(pilot, name)
    await pilot.press("enter")
    await settle(pilot)


def status(app: SafeguardApp) -> str:
    """The reader's status line without its key hints: what is under the cursor (notifications may cover it)."""
    return str(app.screen.query_one("#status-line", Static).render()).split("  · ")[0].strip()


async def type_in(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(Input).value = text
    await pilot.pause()


async def test_s_gives_the_quote_a_speaker_chosen_from_the_actors_by_fuzzy_name(store: Store) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_at(pilot, app, "rushed")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ActorPicker)
        await type_in(pilot, "okonkwo")
        assert "Maria Okonkwo" in option_texts(app.screen.query_one(OptionList))[0]
        await pilot.press("enter")
        await settle(pilot)

        quote = quote_with(store, "rushed")
        assert ("Maria Okonkwo", "corrected") == (speaker_of(store, quote), quote.origin)
        [correction] = store.quote_corrections()
        assert ("ana", "speaker") == (correction.coder, correction.action)
        shown = one_line_text(app)
        assert "Speaker of" in shown
        assert "❝ Maria Okonkwo (indirect, corrected)" == status(app)


async def test_a_new_actor_typed_in_the_picker_becomes_the_speaker(store: Store) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_at(pilot, app, "rushed")
        await pilot.press("s")
        await settle(pilot)
        await type_in(pilot, "Ann [sic] Pryce")
        assert option_texts(app.screen.query_one(OptionList))[0].startswith("+ new person")
        await pilot.press("down", "enter")
        await settle(pilot)

        quote = quote_with(store, "rushed")
        assert "Ann [sic] Pryce" == speaker_of(store, quote)
        assert "organisation" == store.actor(quote.speaker_id or 0).kind
        assert status(app).startswith("❝ Ann [sic] Pryce")


async def test_escape_in_the_picker_changes_nothing(store: Store) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_at(pilot, app, "rushed")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert [] == store.quote_corrections()


async def test_c_changes_the_kind_and_a_term_is_then_passed_over(store: Store) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_at(pilot, app, "gift")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, KindPicker)
        await pilot.press("t")
        await settle(pilot)

        assert ("term", "corrected") == (quote_with(store, "gift").kind, quote_with(store, "gift").origin)
        reader = app.screen.query_one(Reader)
        await pilot.press("g", "right_square_bracket", "right_square_bracket", "right_square_bracket")
        body = reader.document.body
        assert body[reader.cursor :].startswith("The quay belongs") or body[reader.cursor :].startswith('"The quay')


async def test_shift_x_marks_not_a_quote_and_u_brings_it_back_and_ctrl_r_removes_it_again(store: Store) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_at(pilot, app, "gift")
        await pilot.press("X")
        await settle(pilot)
        assert not [q for q in store.quotes() if "gift" in q.text]
        reader = app.screen.query_one(Reader)
        assert not [q for q in reader.document.quotes if "gift" in reader.document.body[q.start : q.end]]
        assert "Not a quote" in one_line_text(app)

        await pilot.press("u")
        await settle(pilot)
        assert "auto" == quote_with(store, "gift").origin
        assert [q for q in reader.document.quotes if "gift" in reader.document.body[q.start : q.end]]

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not [q for q in store.quotes() if "gift" in q.text]


async def test_a_adds_the_selection_as_a_quote_with_its_speaker_and_kind(store: Store) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("G")  # the last sentence, which nobody is quoted in
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActorPicker)
        await type_in(pilot, "maria")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KindPicker)
        await pilot.press("i")
        await settle(pilot)

        added = quote_with(store, "meets again")
        assert ("indirect", "manual", "Maria Okonkwo") == (added.kind, added.origin, speaker_of(store, added))
        assert "❝ Maria Okonkwo (indirect, manual)" == status(app)


async def test_s_with_no_quote_under_the_cursor_says_so(store: Store) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("G", "s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "No quote under the cursor" in one_line_text(app)


async def test_a_correction_can_be_undone_after_a_restart(database: Path) -> None:
    with Store.open(database) as store:
        app = SafeguardApp(store, coder="ana")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await open_at(pilot, app, "gift")
            await pilot.press("X")
            await settle(pilot)
            await pilot.press("q")

    with Store.open(database) as store:
        assert not [q for q in store.quotes() if "gift" in q.text]
        app = SafeguardApp(store, coder="ana")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert "Undid not a quote" in one_line_text(app)
            assert "auto" == quote_with(store, "gift").origin


async def test_corrections_made_in_the_app_survive_reextract(database: Path) -> None:
    with Store.open(database) as store:
        app = SafeguardApp(store, coder="ana")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await give_speaker(pilot, app, "rushed", "Ann Pryce")
            await pilot.press("q")
        reextract(store)

    with Store.open(database) as store:
        app = SafeguardApp(store, coder="ana")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            assert "❝ Ann Pryce (indirect, corrected)" == status(app)


async def test_corrections_follow_a_revised_article_imported_in_the_app(store: Store, article: Path) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await give_speaker(pilot, app, "rushed", "Ann Pryce")
        article.write_text(ARTICLE.replace("The harbour board will", "Correction: the harbour board will"))

        await import_in_app(pilot, article)

        current = store.documents()[0]
        assert 2 == current.revision
        quote = next(q for q in store.quotes(current.id) if "rushed" in q.text)
        assert ("Ann Pryce", "corrected") == (speaker_of(store, quote), quote.origin)


async def test_another_copy_of_the_app_sees_a_correction_when_it_is_focused_again(
    store: Store, database: Path
) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_at(pilot, app, "gift")
        with Store.open(database) as other:
            gift = quote_with(other, "gift")
            other.reject_quote(gift.document_id, gift.start, gift.end, coder="ben")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.post_message(events.AppFocus())
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert not [q for q in reader.document.quotes if "gift" in reader.document.body[q.start : q.end]]


async def test_a_correction_whose_passage_is_gone_is_listed_with_the_orphans(store: Store, article: Path) -> None:
    app = SafeguardApp(store, coder="ana")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_at(pilot, app, "gift")
        await pilot.press("X")
        await settle(pilot)
        article.write_text(ARTICLE.replace('Local traders wrote to the board on Monday. They described the plan as "a gift to developers" in the letter.', ""))

        await import_in_app(pilot, article)
        assert "1 quote correction" in one_line_text(app)
        await run_command(pilot, "Orphaned")

        shown = one_line_text(app)
        assert "Orphaned annotations: 0, quote corrections: 1" in shown
        assert "quote correction: not a quote" in shown
