"""The footer: the keys that work where the focus is, on one line, drawn with the first frame."""

from __future__ import annotations

import pytest
from conftest import SIZE, screen_text, settle

from tui.app import SafeguardApp
from tui.screens.help import HelpScreen
from tui.widgets.key_footer import KeyFooter


def footer_line(app: SafeguardApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_keys_are_in_the_first_frame(app: SafeguardApp) -> None:
    async with app.run_test(size=SIZE):
        # No pause: whatever the first refresh drew is what a user sees first.
        footer = app.screen.query_one(KeyFooter)
        assert ["enter", "s", "f"] == [key.key for key in footer.placed][:3]


async def test_a_group_of_keys_shares_one_description(app: SafeguardApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        line = footer_line(app)
        assert line.startswith(" 1-9 Tag by shortcut  t Tag…  n Note  x Delete  j k Sentence  ] [ Quote")
        assert "Next sentence" not in line


async def test_when_keys_do_not_fit_the_help_and_palette_keys_stay_on_the_right(app: SafeguardApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        line = footer_line(app)
        assert line.endswith(" ? Keys  ^p palette ")
        assert 80 == len(line)
        # Keys that do not fit are left out whole, never cut in the middle of a word.
        shown = line.removesuffix("? Keys  ^p palette ").rstrip()
        assert shown.endswith("x Delete")


async def test_when_keys_fit_the_help_key_keeps_its_place(app: SafeguardApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = footer_line(app)
        assert " / Search  ? Keys  q Quit " in line
        assert line.endswith(" ^p palette ")


async def test_clicking_a_key_presses_it(app: SafeguardApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        help_key = next(key for key in footer.placed if key.key == "question_mark")
        await pilot.click(KeyFooter, offset=(help_key.start + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)



@pytest.mark.parametrize(("keys", "expected"), [(["slash"], "esc Close"), (["t"], "esc Cancel"), (["question_mark"], "esc Close")])
async def test_a_modal_shows_its_own_keys_not_the_readers(app: SafeguardApp, keys: list[str], expected: str) -> None:
    """Pilot: search, the tag picker and help each put their keys in the footer."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        line = footer_line(app)
        assert expected in line
        assert "Sentence" not in line and "Tag by shortcut" not in line


async def test_at_80_columns_the_reader_footer_starts_with_the_tagging_keys(app: SafeguardApp) -> None:
    """Pilot: 1-9 and t come first, so a narrow footer keeps them."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        line = footer_line(app)
        assert line.startswith(" 1-9 Tag by shortcut  t Tag… ")


async def test_help_lists_each_thing_once_without_textual_noise(app: SafeguardApp) -> None:
    """Pilot: one '1-9 Tag by shortcut' line, no 'Tag by shortcut 2', no 'Scroll Left'; the legend explains 16q 2a and 0/1."""
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        sheet = str(app.screen.query_one("#help-keys").render())
        assert 1 == sheet.count("Tag by shortcut")
        assert "1-9  Tag by shortcut" in sheet
        assert "Scroll Left" not in sheet and "Scroll Home" not in sheet
        assert "16q 2a" in sheet and "0/1" in sheet


async def test_theme_is_listed_once_in_the_palette(app: SafeguardApp) -> None:
    """Pilot: the palette's own Theme entry only, not a second one."""
    from textual.command import CommandPalette

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await settle(pilot)  # the palette matches in a worker
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        prompts = [str(option.prompt) for option in palette.query_one("CommandList").options]  # type: ignore[attr-defined]
        assert 1 == sum(prompt.split("\n")[0].strip().startswith("Theme") for prompt in prompts), prompts


async def test_long_tag_names_end_with_an_ellipsis(app: SafeguardApp) -> None:
    """Pilot: a codebook name wider than the pane is cut with '…'."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Workforce recruitment a…" in screen_text(app)
