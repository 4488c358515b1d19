"""Untrusted text (titles, article text, tag and actor names, notes) shows literally and runs nothing."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from storage.models import Article
from storage.store import Store
from tests.tui.conftest import one_line_text, option_texts, screen_text, settle
from tui.app import SafeguardApp
from tui.safe_text import clean, plain
from tui.screens.main import MainScreen

HOSTILE = "[@click=app.quit]x[/] [bold red]alarm [sic] [/] \x1b[31mred\x1b[0m\x07 [involvement in the MASH]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[bold]x[/]", "[bold]x[/]"),
        ("a\x1b[2Jb", "a[2Jb"),
        ("bell\x07 and\rreturn", "bell and return"),
        ("tab\there", "tab here"),
        ("rtl\u202eoverride", "rtloverride"),
        ("line\nbreak", "line break"),
    ],
)
def test_plain_keeps_brackets_and_drops_control_characters(text: str, expected: str) -> None:
    assert expected == plain(text).plain
    assert expected == clean(text)


def test_clean_keeps_newlines_when_asked() -> None:
    assert "one\ntwo" == clean("one\ntwo\x1b", keep_newlines=True)


@pytest.fixture
def hostile_store(app_store: Store) -> Store:
    """The seeded store plus a document, tag, actor and note made of markup and escape sequences."""
    body = f"{HOSTILE}. The end."
    document = app_store.add_document(Article(title=HOSTILE, body=body, raw=body, publication="[b]Pub[/b]"),
                                      "/evil.txt", "evil")
    tag = app_store.add_tag("[red]tag[/red]", shortcut=None)
    app_store.apply_tag(document.id, tag.id, 0, len(HOSTILE), note="[@click=app.quit]note[/]", coder="[b]me[/b]")
    actor_id = app_store.db.execute(
        "INSERT INTO actors (name, kind, role) VALUES ('[b]Boss[/b]', 'person', '[i]chief[/i]')"
    ).lastrowid
    app_store.db.execute(
        'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (?, 0, 10, ?, ?, ?)',
        [document.id, body[:10], actor_id, "direct"],
    )
    app_store.db.conn.commit()
    return app_store


async def test_hostile_text_shows_literally_everywhere_and_runs_nothing(hostile_store: Store) -> None:
    app = SafeguardApp(hostile_store, coder="[b]me[/b]")
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f", *"alarm", "enter")
        await settle(pilot)
        assert app.is_running
        shown = one_line_text(app)
        assert "[@click=app.quit]x[/]" in shown
        assert "[bold red]alarm [sic]" in shown
        assert "[red]tag[/red]" in shown
        assert "[b]Boss[/b]" in shown
        assert "\x1b" not in screen_text(app)

        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert "─ [@click=app.quit]x[/] [bold red]alarm" in screen_text(app).splitlines()[0]
        await pilot.click("#document-options")
        await pilot.click("#reader")
        assert app.is_running

        await pilot.press("n")
        await pilot.pause()
        assert "[@click=app.quit]note[/]" == app.screen.query_one(TextArea).text
        await pilot.press("escape")
        await pilot.press("x")
        await settle(pilot)
        assert "Removed '[red]tag[/red]'" in one_line_text(app)
        assert app.is_running


async def click_every_cell_of(pilot, widget, row: int) -> None:  # type: ignore[no-untyped-def]
    """Click each cell of one row of a widget, as a user clicking around a swatch might."""
    for x in range(min(widget.region.width, 40)):
        await pilot.click(widget, offset=(x, row))
        await pilot.pause()
        if not pilot.app.is_running:
            return


async def test_a_colour_that_is_an_action_runs_nothing_when_its_swatch_is_clicked(app_store: Store) -> None:
    """A colour written into the database by another tool is never used as a style (it used to quit the app)."""
    app_store.db.execute("INSERT INTO tags (name, color) VALUES ('Clickable', '@click=app.quit')")
    app_store.db.conn.commit()
    tag = app_store.tag_by_name("Clickable")
    assert tag is not None
    app_store.apply_tag(app_store.document_summaries()[0].id, tag.id, 0, 200)
    app = SafeguardApp(app_store, coder="tester")
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "■ Clickable" in one_line_text(app)
        await click_every_cell_of(pilot, app.screen.query_one("#status-line"), 0)
        assert app.is_running

        tree = app.screen.query_one("#codebook")
        line = next(line for line in range(tree.last_line + 1) if tree.get_node_at_line(line).data == tag.id)
        await click_every_cell_of(pilot, tree, line - tree.scroll_offset.y)
        assert app.is_running

        await pilot.click("#reader")
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"Clickab")
        await pilot.pause()
        await click_every_cell_of(pilot, app.screen.query_one("#tag-options"), 0)
        assert app.is_running


async def test_a_colour_that_is_an_action_is_refused_by_the_colour_prompt(app: SafeguardApp, app_store: Store) -> None:
    from tests.tui.test_sidebar import answer, focus_codebook_on

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus_codebook_on(pilot, app, "Accountability and blame")
        await pilot.press("c")
        await answer(pilot, app, "@click=app.quit")

        assert app.is_running
        assert "#e06c75" == app_store.tag_by_shortcut(1).color  # type: ignore[union-attr]
        assert "is not a colour" in one_line_text(app)


async def test_prompts_prefilled_with_stored_text_show_it_without_control_characters(app_store: Store) -> None:
    """A note, colour and tag name written by another tool hold escape sequences; no prompt passes them on."""
    from tests.tui.test_sidebar import focus_codebook_on

    title_change, clear_screen = "\x1b]0;pwned\x07", "\x1b[2J"
    document = app_store.document_summaries()[0]
    tag = app_store.tag_by_shortcut(1)
    assert tag is not None
    note = f"first line{title_change}\nsecond{clear_screen} line"
    app_store.apply_tag(document.id, tag.id, 0, 200, note=note, coder="tester")
    app_store.db.execute("UPDATE annotations SET note = ?", [note])
    app_store.db.execute("UPDATE tags SET name = ?, color = ? WHERE id = ?",
                         [f"Blame{title_change}", f"{clear_screen}#e06c75", tag.id])
    app_store.db.conn.commit()
    app = SafeguardApp(app_store, coder="tester")
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        shown = app.screen.query_one(TextArea).text
        assert "first line]0;pwned\nsecond[2J line" == shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Saved untouched: the line break stays, the control characters go (as for every note saved).
        assert ["first line]0;pwned\nsecond[2J line"] == [a.note for a in app_store.annotations(document.id)]

        await focus_codebook_on(pilot, app, f"Blame{title_change}")
        for key, expected in (("r", "Blame]0;pwned"), ("c", "[2J#e06c75")):
            await pilot.press(key)
            await pilot.pause()
            assert expected == app.screen.query_one(Input).value
            assert "\x1b" not in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("d")  # the confirm dialog names the tag
        await settle(pilot)
        assert "Delete tag 'Blame" in one_line_text(app)
        assert "\x1b" not in screen_text(app) and "\x07" not in screen_text(app)
        await pilot.press("n")
        await pilot.click("#reader")
        await pilot.press("t")  # the tag picker lists it
        await settle(pilot)
        assert "Blame]0;pwned" in option_texts(app.screen.query_one("#tag-options"))[0]
        assert "\x1b" not in screen_text(app) and "\x07" not in screen_text(app)
        assert app.is_running
