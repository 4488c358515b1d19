"""The search overlay: results while typing, grouped and highlighted; Enter returns a hit, Escape None."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from storage.search.engine import SearchHit, SearchIndex, SearchResults
from storage.store import Store
from tui.screens.search import SearchScreen, hit_prompt


class SearchHost(App[None]):
    """A bare app that opens the search screen and keeps what it returned."""

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        self.index = index
        self.returned: list[SearchHit | None] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(SearchScreen(self.index.search), self.returned.append)


async def type_query(app: SearchHost, pilot: Pilot[None], text: str) -> SearchScreen:
    await pilot.press(*text)
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


def listed(screen: SearchScreen) -> list[str]:
    options = screen.query_one("#search-results", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_typing_a_misspelt_name_lists_the_actor_and_their_quotes(search_store: Store) -> None:
    app = SearchHost(SearchIndex.build(search_store))
    async with app.run_test() as pilot:
        screen = await type_query(app, pilot, "warnr nhs")

        shown = listed(screen)
        assert "Actors (1)" == shown[0]
        assert any("The NHS must pull its weight in Birmingham." in line for line in shown)
        assert "1 actor · 3 quotes · 2 annotations" == str(screen.query_one("#search-status", Static).content)


async def test_enter_returns_the_highlighted_hit_and_down_moves_while_typing(search_store: Store) -> None:
    app = SearchHost(SearchIndex.build(search_store))
    async with app.run_test() as pilot:
        await type_query(app, pilot, "weight")
        assert isinstance(app.focused, Input)
        await pilot.press("down", "enter")
        await pilot.pause()

    assert 1 == len(app.returned)
    hit = app.returned[0]
    assert hit is not None
    assert ("quote", "Brigid Jones") == (hit.kind, hit.speaker)
    assert "We are pulling our weight; the NHS is not pulling its weight." == hit.text


async def test_escape_returns_none(search_store: Store) -> None:
    app = SearchHost(SearchIndex.build(search_store))
    async with app.run_test() as pilot:
        await type_query(app, pilot, "nhs")
        await pilot.press("escape")
        await pilot.pause()

    assert [None] == app.returned


async def test_no_matches_is_said_plainly(search_store: Store) -> None:
    app = SearchHost(SearchIndex.build(search_store))
    async with app.run_test() as pilot:
        screen = await type_query(app, pilot, "zzzzqqq")

        assert [] == listed(screen)
        assert "no matches" == str(screen.query_one("#search-status", Static).content)


async def test_digits_and_letters_go_into_the_search_box(search_store: Store) -> None:
    app = SearchHost(SearchIndex.build(search_store))
    async with app.run_test() as pilot:
        screen = await type_query(app, pilot, "1tx9 ")

        assert "1tx9 " == screen.query_one("#search-input", Input).value
        assert [] == app.returned


async def test_stale_results_are_dropped() -> None:
    """Results arriving for an earlier keystroke never replace those of the latest one."""
    index = SearchIndex()
    app = SearchHost(index)
    async with app.run_test() as pilot:
        screen = await type_query(app, pilot, "ab")
        late = SearchResults(query="a", quotes=(SearchHit("quote", 1.0, 1, "doc", 0, 1, "stale"),))
        screen.post_message(SearchScreen.ResultsFound(1, late))
        await pilot.pause()

        assert screen.results is not None
        assert "ab" == screen.results.query
        assert [] == listed(screen)


@pytest.mark.parametrize("text", ["[sic]", "[bold]Nobody[/bold] checked", "a [/] b", "[link=x]y"])
def test_brackets_in_untrusted_text_show_literally(text: str) -> None:
    hit = SearchHit("quote", 50.0, 1, "[b]Title[/b]", 0, len(text), text, speaker="[i]x", highlights=((0, 1),))

    prompt = str(hit_prompt(hit))

    assert text in prompt
    assert "[b]Title[/b]" in prompt and "[i]x" in prompt


async def test_matched_words_are_highlighted(search_store: Store) -> None:
    app = SearchHost(SearchIndex.build(search_store))
    async with app.run_test() as pilot:
        screen = await type_query(app, pilot, "thresholds")
        options = screen.query_one("#search-results", OptionList)
        prompt = options.get_option_at_index(1).prompt

        styled = [str(prompt)[span.start : span.end] for span in prompt.spans if "reverse" in str(span.style)]
        assert "thresholds" in styled
