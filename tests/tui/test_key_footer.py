"""The footer: the keys that work where the focus is, on one line, drawn with the first frame."""

from __future__ import annotations

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
        assert line.startswith(" j k Sentence  ] [ Quote  v Extend mode  1-9 Tag by shortcut")
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
        assert shown.endswith("v Extend mode")


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

