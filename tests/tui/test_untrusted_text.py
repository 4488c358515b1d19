"""Untrusted text (titles, article text, tag and actor names, notes) shows literally and runs nothing."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from storage.models import Article
from storage.store import Store
from tests.tui.conftest import one_line_text, screen_text, settle
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
        assert "[@click=app.quit]note[/]" == app.screen.query_one(Input).value
        await pilot.press("escape")
        await pilot.press("x")
        await settle(pilot)
        assert "Removed '[red]tag[/red]'" in one_line_text(app)
        assert app.is_running
