"""新建农户 from the archive tab with real keys: a wrong ID number stays next
to its field with everything typed kept, the fixed form saves, the new
household's file opens and search finds it."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures.archive_data import make_id
from textual.widgets import DataTable, Input, Label, Static

from deskui.services.archive.household_view import get_household
from deskui.services.archive.search import search_households
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.field_form import FieldFormDialog
from deskui.tui.tabs.archive.household import HouseholdDialog
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, cells, settle, sign_in

pytestmark = pytest.mark.sqlite_only

GOOD_ID = make_id("19900101", 123)  # odd sequence: a man born 1990-01-01
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")  # wrong check character


async def new_household_form(app: DeskApp, pilot: Any) -> FieldFormDialog:
    """Signed in, the archive tab, Ctrl+N: the new-household form."""
    await sign_in(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)
    await pilot.press("ctrl+n")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, FieldFormDialog)
    return form


async def test_new_household_with_keys(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_household_form(app, pilot)
        village = form.query_one("#f-village", ChoiceField)
        assert village.has_focus and village.value is not None
        await pilot.press("2")  # 桃园村 → 李家湾村, by its number
        await pilot.press("tab", "3", "tab", *"LJ900", "tab", *"贾宝玉")
        await pilot.press("tab", *BAD_ID, "tab", *"13912345678", "ctrl+s")
        await settle(app, pilot)

        assert app.screen is form
        error = form.query_one("#err-id_number", Static)
        assert error.has_class("-shown") and "校验" in str(error.render())
        ident = form.query_one("#f-id_number", Input)
        assert ident.has_focus and ident.value == BAD_ID
        kept = {name: form.query_one(f"#f-{name}", Input).value for name in
                ("group_no", "code", "name", "phone")}  # fmt: skip
        assert kept == {"group_no": "3", "code": "LJ900", "name": "贾宝玉", "phone": "13912345678"}
        assert str(village.value) == str(form.values()["village"])
        assert search_households(desk_ctx, "贾宝玉") == []

        await pilot.press("end", "backspace", GOOD_ID[-1], "ctrl+s")
        await settle(app, pilot, rounds=5)
        screen = app.screen
        assert isinstance(screen, HouseholdDialog)
        title = str(screen.query_one("#hh-title", Label).render())
        assert "李家湾村" in title and "3组" in title and "LJ900" in title and "贾宝玉" in title
        members = screen.query_one("#hh-members", DataTable)
        assert members.row_count == 1
        assert [str(c) for c in members.get_row_at(0)[:3]] == ["贾宝玉", "户主", "男"]
        detail = get_household(desk_ctx, screen.household_id)
        assert detail.head is not None and detail.head.birth_date is not None
        assert detail.head.birth_date.isoformat() == "1990-01-01"
        assert detail.liaison_id is None

        await pilot.press("e")  # no liaison yet: the form opens with none chosen
        await settle(app, pilot)
        edit = app.screen
        assert isinstance(edit, FieldFormDialog)
        assert edit.query_one("#f-liaison_id", ChoiceField).value is None
        edit.query_one("#f-address", Input).focus()
        await pilot.press(*"李家湾村3组8号", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert get_household(desk_ctx, screen.household_id).address == "李家湾村3组8号"

        await pilot.press("escape")
        await settle(app, pilot)
        assert [r.head_name for r in search_households(desk_ctx, "jby")] == ["贾宝玉"]
        await pilot.press("ctrl+f", *"jby")
        await pilot.pause(0.3)
        await settle(app, pilot)
        table = app.query_one("#archive-table", PagedTable)
        assert cells(table, 3) == ["贾宝玉"] and cells(table, 2) == ["LJ900"]


async def test_a_code_already_taken_is_refused_on_its_field(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_household_form(app, pilot)
        await pilot.press("tab", "tab", *"H0000", "tab", *"王新户", "ctrl+s")  # 桃园村 H0000
        await settle(app, pilot)
        assert app.screen is form
        error = form.query_one("#err-code", Static)
        assert error.has_class("-shown") and "H0000" in str(error.render())
        assert form.query_one("#f-code", Input).has_focus
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, FieldFormDialog)
        assert search_households(desk_ctx, "王新户") == []
