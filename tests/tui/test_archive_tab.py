"""The archive driven by real keys: search, filters, the household file,
editing with validation next to the field, contact logging, and the
not-yet-contacted view."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static

from deskui.services.archive.contacts import list_contacts
from deskui.services.archive.household_view import get_household
from deskui.store.models import Household
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.contact_log import ContactLogDialog
from deskui.tui.dialogs.field_form import FieldFormDialog
from deskui.tui.tabs.archive.household import HouseholdDialog
from deskui.tui.tabs.archive.liaison import LiaisonScreen
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, settle

pytestmark = pytest.mark.sqlite_only


async def open_archive(app: DeskApp, pilot: Pilot[Any]) -> None:
    await settle(app, pilot)
    await pilot.press("enter", *"1234", "enter")  # 管理员甲
    await settle(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)


async def open_zeng(app: DeskApp, pilot: Pilot[Any]) -> HouseholdDialog:
    await open_archive(app, pilot)
    await pilot.press(*"zgf")
    await pilot.pause(0.3)
    await settle(app, pilot)
    await pilot.press("enter")  # to the list
    await pilot.press("enter")  # open the household
    await settle(app, pilot)
    assert isinstance(app.screen, HouseholdDialog)
    return app.screen


async def test_enter_opens_the_household_file(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_zeng(app, pilot)
        assert "曾国藩" in str(screen.query_one("#hh-title", Label).render())
        assert screen.query_one("#hh-members", DataTable).row_count == 1
        await pilot.press("escape")
        assert not isinstance(app.screen, HouseholdDialog)


async def test_add_member_shows_errors_next_to_the_field(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_zeng(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FieldFormDialog)
        await pilot.press(*"曾小", "tab", *"子", "tab", *"610902199001011230", "ctrl+s")
        await settle(app, pilot)
        error = form.query_one("#err-id_number", Static)
        assert error.has_class("-shown") and "校验" in str(error.render())
        ident = form.query_one("#f-id_number", Input)
        assert ident.has_focus
        await pilot.press("ctrl+u", "backspace", *"610902199001011239"[:0])  # clear the field
        ident.value = ""
        await pilot.press(*"61090219900101123X"[:-1])
        from fixtures.archive_data import make_id

        ident.value = ""
        await pilot.press(*make_id("19900101", 123), "tab", *"13912345678", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        table = screen.query_one("#hh-members", DataTable)
        assert table.row_count == 2
        assert str(table.get_row_at(1)[2]) == "男"


async def test_edit_household_refuses_words_for_income(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_zeng(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FieldFormDialog)
        form.query_one("#f-income", Input).focus()
        await pilot.press(*"两万", "ctrl+s")
        await settle(app, pilot)
        error = form.query_one("#err-income", Static)
        assert "两万" in str(error.render()) and error.has_class("-shown")
        form.query_one("#f-income", Input).value = ""
        await pilot.press(*"20000", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert get_household(desk_ctx, screen.household_id).income == 20000


async def test_contact_logged_in_a_few_keys(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_zeng(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactLogDialog)
        await pilot.press(*"询问医保", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        rows = list_contacts(desk_ctx, screen.household_id)
        assert [(r.mode, r.note, r.date.isoformat()) for r in rows] == [
            ("登门", "询问医保", "2026-11-24")
        ]
        assert "询问医保" in str(screen.query_one("#hh-history", Static).render())


async def test_not_contacted_view_and_filters(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_archive(app, pilot)
        pane = app.query_one("ArchivePane")
        official = pane.query_one("#archive-official", ChoiceField)
        await pilot.press("ctrl+g")
        assert official.has_focus
        await pilot.press("2")  # 1 刘书记, 2 陈干事: the number picks, no list to open
        assert official.label == "2 陈干事"
        await settle(app, pilot)
        table = app.query_one("#archive-table", PagedTable)
        assert set(str(table.get_row_at(i)[7]) for i in range(table.row_count)) == {"陈干事"}
        await pilot.press("ctrl+u")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LiaisonScreen)
        liaison = screen.query_one("#liaison-table", DataTable)
        assert liaison.row_count == 60
        assert "陈干事 0/60" in str(screen.query_one("#liaison-coverage", Static).render())
        first = int(liaison.coordinate_to_cell_key(liaison.cursor_coordinate).row_key.value or 0)
        assert Household.get_by_id(first).liaison_id is not None
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactLogDialog)
        await pilot.press(*"电话回访", "ctrl+s")
        await settle(app, pilot, rounds=5)
        assert app.screen is screen
        assert liaison.row_count == 59
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert "10月" in str(screen.query_one("#liaison-title", Label).render())
        assert liaison.row_count == 60
        await pilot.press("escape")
        assert not isinstance(app.screen, LiaisonScreen)
