"""Document attributes as a user meets them: define one, set it with `i`, filter and sort by it, undo."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select

from storage.store import Store
from tests.tui.conftest import OtherWriter, one_line_text, option_texts, settle
from tui.app import SafeguardApp
from tui.screens.attribute_definition import AttributeDefinition
from tui.screens.attribute_editor import AttributeEditor
from tui.screens.main import MainScreen
from tui.widgets.document_list import DocumentRows


def titles(app: SafeguardApp) -> list[str]:
    return app.screen.query_one(DocumentRows).lines_text()


async def define_in_palette(pilot, name: str, kind: str, allowed: str = "") -> None:  # type: ignore[no-untyped-def]
    """Ctrl+p, "Define attribute", then name, kind and allowed values as typed."""
    await pilot.press("ctrl+p", *"Define attribute")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, AttributeDefinition)
    await pilot.press(*name)
    dialog.query_one(Select).value = kind
    dialog.query_one("#attribute-allowed", Input).value = allowed
    dialog.query_one("#attribute-name", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_define_a_choice_attribute_set_it_filter_and_undo(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await define_in_palette(pilot, "region", "choice", "north, West")
        assert ["north", "West"] == list(app_store.attribute_by_name("region").choices)  # type: ignore[union-attr]

        first = app.screen.query_one(DocumentRows).highlighted
        assert first is not None
        app.screen.query_one(DocumentRows).focus()
        await pilot.press("i")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, AttributeEditor)
        listed = option_texts(editor.query_one("#attribute-options", OptionList))
        assert listed[0].startswith("outlet") and first.publication in listed[0]
        assert listed[-1].split() == ["region", "—", "choice"]

        await pilot.press("enter")  # the first attribute of one's own: region
        assert ["north", "West", "(no value)"] == option_texts(editor.query_one("#attribute-choices", OptionList))
        await pilot.press("down", "enter")
        assert {"region": "West"}.items() <= app_store.document_attributes(first.id).items()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

        await pilot.press("f", *"region:west")
        await pilot.pause()
        assert [first.title] == titles(app)
        assert "1 of 5" in one_line_text(app)

        await pilot.press("escape", "escape", "u")
        await settle(pilot)
        assert "" == app_store.document_attributes(first.id)["region"]
        assert 5 == len(titles(app))


async def test_an_attribute_defined_from_the_editor_while_another_program_writes_is_saved_once_it_is_done(
    app: SafeguardApp, app_store: Store, other_writer: OtherWriter
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(DocumentRows).focus()
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, AttributeEditor)
        other_writer.hold()
        await pilot.press("n", *"region")
        app.screen.query_one(Select).value = "text"
        app.screen.query_one("#attribute-name", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.writes.waiting
        await pilot.press("escape")  # the editor closes while the definition waits
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

        other_writer.release()
        app.writes.attempt()
        await settle(pilot)
        assert app_store.attribute_by_name("region") is not None


async def test_a_typed_value_is_checked_and_the_list_sorts_by_it(app: SafeguardApp, app_store: Store) -> None:
    circulation = app_store.define_attribute("circulation", "number")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(DocumentRows)
        rows.focus()
        await pilot.press("end")
        last = rows.highlighted
        assert last is not None
        await pilot.press("i", "enter", *"lots", "enter")
        editor = app.screen
        assert isinstance(editor, AttributeEditor)
        assert "Not saved: 'lots' is not a number" in one_line_text(app)
        await pilot.press(*["backspace"] * 4, *"12.50", "enter", "escape")
        await settle(pilot)
        assert "12.5" == app_store.document_attributes(last.id)["circulation"]
        assert circulation.id is not None

        await pilot.press("s", "s", "s", "s", "s")  # from date: title, outlet, author, section, then circulation
        await pilot.pause()
        assert "by circulation" in one_line_text(app)
        assert last.title == titles(app)[0]

        await pilot.press("f", *"circulation:10..20")
        await pilot.pause()
        assert [last.title] == titles(app)
        await pilot.press(*["backspace"] * 6, *"13..")
        await pilot.pause()
        assert "no documents match" in one_line_text(app)


async def test_n_in_the_editor_defines_an_attribute_and_starts_on_its_value(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(DocumentRows).focus()
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AttributeDefinition)
        await pilot.press(*"page", "tab")
        app.screen.query_one(Select).value = "number"
        app.screen.query_one("#attribute-name", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttributeEditor)
        assert app.screen.query_one("#attribute-value", Input).has_focus
        await pilot.press(*"4", "enter")
        assert "page" in [a.name for a in app_store.attributes()]


async def test_filter_by_outlet_and_date_range(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"outlet:care")
        await pilot.pause()
        assert 1 == len(titles(app)) and titles(app)[0].startswith("Ministers consider outsourcing")
        await pilot.press("ctrl+u", *"date:2015-02..2015")
        await pilot.pause()
        assert 1 == len(titles(app)) and titles(app)[0].startswith("‘Our children are safer")


async def test_the_coded_segments_screen_filters_by_an_attribute(app: SafeguardApp, app_store: Store) -> None:
    from tests.tui.test_coded_segments import open_blame
    from tui.widgets.segment_view import SegmentView

    blame = app_store.tag_by_shortcut(1)
    assert blame is not None
    app_store.apply_tag(1, blame.id, 0, 40, coder="ana")
    app_store.apply_tag(3, blame.id, 0, 30, coder="ana")
    region = app_store.define_attribute("region", "choice", ["North", "West"])
    assert region.id is not None
    app_store.set_document_attribute(3, region.id, "North")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_blame(pilot, app)
        assert 2 == len(app.screen.query_one(SegmentView).segments)
        await pilot.press("f", *"region:north", "enter")
        await settle(pilot)
        assert [3] == [segment.document_id for segment in app.screen.query_one(SegmentView).segments]
        await pilot.press("f", "ctrl+u", *"regions:north", "enter")
        await settle(pilot)
        assert "unknown filter regions:" in one_line_text(app)


async def test_undoing_the_attribute_the_list_is_sorted_by_puts_it_back_in_date_order(
    app: SafeguardApp, app_store: Store
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await define_in_palette(pilot, "wave", "number")
        app.screen.query_one(DocumentRows).focus()
        await pilot.press("s", "s", "s", "s", "s")
        await pilot.pause()
        assert "by wave" in one_line_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert [] == app_store.attributes()
        assert "by date" in one_line_text(app)
