"""The Review screen: every key settles into the consensus coder, and progress survives a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.store import Store
from tui.app import SafeguardApp
from tui.screens.review import ReviewScreen

from tests.tui.conftest import one_line_text, run_command, settle


def disagree(store: Store) -> None:
    """ann and bob differ on three spans of document 1: ann only, edges, bob only."""
    tag = store.tag_by_shortcut(1)
    assert tag is not None
    store.add_annotation(1, tag.id, 0, 20, coder="ann")
    store.add_annotation(1, tag.id, 40, 60, coder="ann")
    store.add_annotation(1, tag.id, 45, 60, coder="bob")
    store.add_annotation(1, tag.id, 80, 100, coder="bob")


def consensus(store: Store) -> list[tuple[int, int]]:
    return [(a.start, a.end) for a in store.annotations(1) if a.coder == "consensus"]


async def open_review(app: SafeguardApp, pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await run_command(pilot, "Review disagreements")
    await settle(pilot)
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


@pytest.mark.parametrize(
    ("key", "expected"),
    [("a", [(40, 60)]), ("b", [(45, 60)]), ("k", [(40, 60), (45, 60)]), ("d", [])],
)
async def test_each_key_settles_the_disagreement_it_shows(app: SafeguardApp, app_store: Store, key, expected) -> None:
    disagree(app_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(app, pilot)
        assert "Review: 0 of 3 settled" in one_line_text(app)
        await pilot.press("n")  # the second disagreement: the edges differ
        assert "2 of 3" in one_line_text(app) and "edges differ" in one_line_text(app)

        await pilot.press(key)

        assert expected == consensus(app_store)
        assert "Review: 1 of 3 settled" in one_line_text(app)
        assert [("ann", 0), ("ann", 40), ("bob", 45), ("bob", 80)] == sorted(
            (a.coder, a.start) for a in app_store.annotations(1) if a.coder != "consensus"
        )


async def test_progress_survives_a_restart(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        disagree(store)
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await open_review(app, pilot)
            await pilot.press("a", "b")
    with Store.open(seeded_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_review(app, pilot)
            assert "Review: 2 of 3 settled" in one_line_text(app)
            assert 2 == screen.index  # opens at the first unsettled disagreement
            assert [(0, 20), (45, 60)] == consensus(store)


async def test_c_copies_the_spans_both_coders_agree_on(app: SafeguardApp, app_store: Store) -> None:
    disagree(app_store)
    tag = app_store.tag_by_shortcut(1)
    assert tag is not None
    for coder in ("ann", "bob"):
        app_store.add_annotation(1, tag.id, 120, 140, coder=coder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(app, pilot)
        await pilot.press("c")
        assert [(120, 140)] == consensus(app_store)


async def test_with_three_coders_the_pair_is_asked_for(app: SafeguardApp, app_store: Store) -> None:
    from textual.widgets import Input

    disagree(app_store)
    tag = app_store.tag_by_shortcut(1)
    assert tag is not None
    app_store.add_annotation(1, tag.id, 0, 20, coder="cy")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Review disagreements")
        prompt = app.screen.query_one(Input)
        assert "ann,bob" == prompt.value
        prompt.value = "ann,cy"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "A = ann, B = cy" in one_line_text(app)
        assert "Review: 0 of 1 settled" in one_line_text(app)  # ann and cy differ only on ann's 40-60
