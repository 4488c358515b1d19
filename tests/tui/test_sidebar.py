"""The sidebar: managing the codebook by keyboard, walking an actor's quotes (a tag's segments: test_coded_segments)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from storage.store import Store
from tests.tui.conftest import one_line_text, option_texts, settle
from tui.app import SafeguardApp
from tui.screens.confirm import ConfirmDialog
from tui.screens.main import MainScreen
from tui.widgets.reader import Reader


async def focus_codebook_on(pilot, app: SafeguardApp, name: str) -> None:  # type: ignore[no-untyped-def]
    """Open the first document, focus the codebook and put its cursor on the named tag."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("tab")
    tree = app.screen.query_one("#codebook")
    assert tree.has_focus
    for _ in range(20):
        node = tree.cursor_node  # type: ignore[attr-defined]
        if node is not None and node.data is not None and app.store.tag(node.data).name == name:
            return
        await pilot.press("down")
    raise AssertionError(f"no tag {name!r} in the tree")


async def answer(pilot, app: SafeguardApp, text: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot)


async def test_a_new_tag_from_the_sidebar(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus_codebook_on(pilot, app, "Accountability and blame")
        await pilot.press("a")
        await answer(pilot, app, "Media framing")

        assert app_store.tag_by_name("Media framing") is not None
        assert "0/0 Media framing" in one_line_text(app)


@pytest.mark.parametrize(
    ("key", "typed", "expected"),
    [
        ("r", "Blame game", ("Blame game", "#e06c75", 1)),
        ("c", "#123456", ("Accountability and blame", "#123456", 1)),
        ("k", "", ("Accountability and blame", "#e06c75", None)),
    ],
)
async def test_rename_recolour_and_key_from_the_sidebar(
    app: SafeguardApp, app_store: Store, key: str, typed: str, expected: tuple[str, str, int | None]
) -> None:
    tag_id = app_store.tag_by_shortcut(1).id  # type: ignore[union-attr]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus_codebook_on(pilot, app, "Accountability and blame")
        await pilot.press(key)
        await answer(pilot, app, typed)

        tag = app_store.tag(tag_id)
        assert expected == (tag.name, tag.color, tag.shortcut)
        assert tag.name in one_line_text(app)


async def test_a_bad_colour_is_refused_with_a_reason_and_nothing_changes(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus_codebook_on(pilot, app, "Accountability and blame")
        await pilot.press("c")
        await answer(pilot, app, "reddish")

        assert "#e06c75" == app_store.tag_by_shortcut(1).color  # type: ignore[union-attr]
        assert "'reddish' is not a colour" in one_line_text(app)


async def test_move_under_a_parent_nests_the_tag_in_the_tree(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus_codebook_on(pilot, app, "Funding and resources")
        await pilot.press("m", *"outsourc")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)

        funding = app_store.tag_by_name("Funding and resources")
        assert app_store.tag_by_name("Outsourcing and governance").id == funding.parent_id  # type: ignore[union-attr]
        tree = app.screen.query_one("#codebook")
        parent = next(n for n in tree.root.children if n.data == funding.parent_id)  # type: ignore[attr-defined, union-attr]
        assert [funding.id] == [child.data for child in parent.children]  # type: ignore[union-attr]


async def test_merge_moves_annotations_into_the_chosen_tag(app: SafeguardApp, app_store: Store) -> None:
    blame, partnership = app_store.tag_by_shortcut(1), app_store.tag_by_shortcut(2)
    app_store.apply_tag(1, blame.id, 0, 5)  # type: ignore[union-attr]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus_codebook_on(pilot, app, "Accountability and blame")
        await pilot.press("g", *"partner", "enter")
        await settle(pilot)

        assert app_store.tag_by_name("Accountability and blame") is None
        assert [partnership.id] == [a.tag_id for a in app_store.annotations(1)]  # type: ignore[union-attr]
        assert "Merged 'Accountability and blame': 1 annotation moved" in one_line_text(app)


async def test_delete_asks_first_saying_how_many_annotations_go(app: SafeguardApp, app_store: Store) -> None:
    blame = app_store.tag_by_shortcut(1)
    app_store.apply_tag(1, blame.id, 0, 5)  # type: ignore[union-attr]
    app_store.apply_tag(2, blame.id, 0, 5)  # type: ignore[union-attr]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus_codebook_on(pilot, app, "Accountability and blame")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "This removes its 2 annotations." in one_line_text(app)

        await pilot.press("n")
        await settle(pilot)
        assert app_store.tag_by_name("Accountability and blame") is not None

        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app_store.tag_by_name("Accountability and blame") is None
        assert [] == app_store.annotations()
        assert "Deleted 'Accountability and blame' and 2 annotations" in one_line_text(app)


def add_speaker(store: Store, document_id: int, name: str, role: str, phrases: list[str]) -> list[int]:
    """Make this actor the document's only speaker, with these quotes (the extractor's job, done by hand)."""
    body = store.document(document_id).body
    store.db.execute("DELETE FROM quotes WHERE document_id = ?", [document_id])
    actor_id = store.db.execute("INSERT INTO actors (name, kind, role) VALUES (?, 'person', ?)", [name, role]).lastrowid
    starts = []
    for phrase in phrases:
        start = body.index(phrase)
        starts.append(start)
        store.db.execute(
            'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (?,?,?,?,?,?)',
            [document_id, start, start + len(phrase), phrase, actor_id, "direct"],
        )
    store.db.conn.commit()
    return starts


async def test_choosing_an_actor_walks_through_their_quotes(app: SafeguardApp, app_store: Store) -> None:
    starts = add_speaker(app_store, 1, "Lord Warner", "children's commissioner", ["The NHS has been", "They are there"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [" 2 Lord Warner\n   children's commissioner"] == option_texts(app.screen.query_one("#actors", OptionList))
        await pilot.press("tab", "tab")
        assert "actors" == app.focused.id  # type: ignore[union-attr]
        reader = app.screen.query_one(Reader)

        await pilot.press("enter")
        await settle(pilot)
        assert starts[0] == reader.cursor
        assert "1/2 ❝ Lord Warner, children's commissioner" in one_line_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert starts[1] == reader.cursor
        await pilot.press("n")
        await settle(pilot)
        assert starts[0] == reader.cursor


def codebook_names(app: SafeguardApp) -> list[str]:
    tree = app.screen.query_one("#codebook")
    return [app.store.tag(node.data).name for node in tree.root.children]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("reply", "moved"), [("y", True), ("n", False)])
async def test_a_key_another_tag_has_asks_first_naming_that_tag(
    app: SafeguardApp, app_store: Store, reply: str, moved: bool
) -> None:
    """Pilot: k with a taken key names the tag that would lose it; the codebook keeps its order."""
    blame, funding = app_store.tag_by_shortcut(1), app_store.tag_by_shortcut(3)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus_codebook_on(pilot, app, "Accountability and blame")
        order = codebook_names(app)
        await pilot.press("k")
        await answer(pilot, app, "3")

        assert isinstance(app.screen, ConfirmDialog)
        assert "'Funding and resources' loses it" in app.screen.question
        assert (1, 3) == (app_store.tag(blame.id).shortcut, app_store.tag(funding.id).shortcut)  # type: ignore[union-attr]
        await pilot.press(reply)
        await settle(pilot)

        expected = (3, None) if moved else (1, 3)
        assert expected == (app_store.tag(blame.id).shortcut, app_store.tag(funding.id).shortcut)  # type: ignore[union-attr]
        assert order == codebook_names(app)
