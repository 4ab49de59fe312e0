"""The 代办事项 tab driven by keys: a new card through the whole loop,
refusals shown next to their fields, greyed-out steps, filters, meeting."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from deskui.services.matters.card_view import get_matter
from deskui.services.matters.supervision import orders_of_day
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.matter_form import MatterFormDialog
from deskui.tui.tabs.matters.card import MatterCardDialog
from deskui.tui.tabs.matters.meeting import MeetingDialog
from deskui.tui.tabs.matters.pane import MattersPane
from deskui.tui.tabs.matters.step import MatterStepDialog
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, cells, settle, sign_in

pytestmark = pytest.mark.sqlite_only


def error_of(app: DeskApp, fid: str) -> str:
    note = app.screen.query_one(f"#err-{fid}", Static)
    return str(note.render()) if note.has_class("-shown") else ""


async def open_tab(app: DeskApp, pilot: Pilot[Any]) -> MattersPane:
    await sign_in(app, pilot)
    await pilot.press("f4")
    await settle(app, pilot)
    return app.query_one(MattersPane)


async def save(app: DeskApp, pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def take_step(app: DeskApp, pilot: Pilot[Any], key: str, **values: str) -> None:
    """From the card: press the step's key, fill its form, save."""
    assert isinstance(app.screen, MatterCardDialog)
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, MatterStepDialog)
    for fid, value in values.items():
        widget = app.screen.query_one(f"#f-{fid}")
        if isinstance(widget, ChoiceField):
            widget.value = value
        else:
            widget.focus()
            await pilot.press(*value)
    await save(app, pilot)
    assert isinstance(app.screen, MatterCardDialog), error_of(app, "form")


async def test_new_card_through_the_whole_loop_by_keys(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MatterFormDialog)
        await pilot.press("enter", *"张三")  # past the archive lookup, to 申请人
        form.query_one("#f-village", ChoiceField).value = "桃园村"
        form.query_one("#f-level", ChoiceField).value = "县"
        form.query_one("#f-content", Input).value = "申请残疾证"
        form.query_one("#f-first_receiver", ChoiceField).focus()
        await pilot.pause()
        await pilot.press(*"cgs")  # 首办 陈干事 by initials
        await save(app, pilot)
        assert "承诺办结日期" in error_of(app, "promised_on")
        form.query_one("#f-promised_on", Input).value = "2026-11-20"
        await save(app, pilot)
        assert "2026-11-20" in error_of(app, "promised_on")
        form.query_one("#f-promised_on", Input).value = "2026-02-30"
        await save(app, pilot)
        assert error_of(app, "promised_on")
        form.query_one("#f-promised_on", Input).value = "2026-12-20"
        await save(app, pilot)
        # The new card opens on its own, with its 受理 event.
        card_screen = app.screen
        assert isinstance(card_screen, MatterCardDialog)
        number = card_screen.number
        assert card_screen.query_one("#mc-events", DataTable).row_count == 1
        # 签字确认 is greyed out before 办结: the key does nothing.
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, MatterCardDialog)

        await take_step(app, pilot, "t", to="民政办")
        assert get_matter(desk_ctx, number).state == "办理中"
        await take_step(app, pilot, "b", note="已办好残疾证")
        await take_step(app, pilot, "q")
        # 回访 without a satisfaction: the message sits next to the field.
        await pilot.press("h")
        await settle(app, pilot)
        await save(app, pilot)
        assert isinstance(app.screen, MatterStepDialog)
        assert "满意" in error_of(app, "satisfaction")
        await pilot.press("escape")
        await settle(app, pilot)
        await take_step(app, pilot, "h", satisfaction="满意")
        await take_step(app, pilot, "x")
        card = get_matter(desk_ctx, number)
        assert card.state == "已销号"
        kinds = [e.kind for e in card.events]
        assert kinds == ["受理", "转办", "办结", "签字确认", "回访", "销号"]
        assert card.first_receiver == "陈干事"
        assert app.screen.query_one("#mc-events", DataTable).row_count == 6
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen.query_one(MattersPane), MattersPane)


async def test_refused_step_shows_its_message_and_changes_nothing(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(app, pilot)
        table = pane.query_one(PagedTable)
        # Most urgent first: XH2026-0001 is 3 days overdue, shown in red.
        assert cells(table, 0)[0] == "XH2026-0001"
        assert "超期 3 天" in cells(table, 2)[0]
        assert "今日到期" in cells(table, 2)[1]
        await pilot.press("y")  # 延期 straight from the list
        await settle(app, pilot)
        assert isinstance(app.screen, MatterStepDialog)
        app.screen.query_one("#f-note", Input).value = "等县局批复"
        app.screen.query_one("#f-new_due", Input).value = "2026-11-01"
        await save(app, pilot)
        assert "须晚于" in error_of(app, "new_due")
        before = get_matter(desk_ctx, "XH2026-0001")
        assert before.extensions == 0 and before.state == "待办"
        await pilot.press("escape")
        await settle(app, pilot)
        # 销号 on an open matter is greyed out in the list.
        assert pane.check_action("step", ("close",)) is None
        assert pane.check_action("step", ("finish",)) is True


async def test_filters_narrow_the_list(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(app, pilot)
        table = pane.query_one(PagedTable)
        assert table.row_count == 3  # the open ones
        shown = [
            pane.query_one(f"#matters-{fid}", ChoiceField).label
            for fid in ("village", "official", "category")
        ]
        assert shown == ["1 全部村", "1 全部干部", "1 全部类别"]  # each box says what it filters
        pane.query_one("#matters-state", ChoiceField).focus()
        await pilot.pause()
        await pilot.press(*"qb")  # 全部 by its initials, no list opened
        await settle(app, pilot)
        assert table.row_count == 4
        await pilot.press("enter", "3")  # Enter moves on to 村; 3: the second village
        await settle(app, pilot)
        assert pane.query_one("#matters-village", ChoiceField).label == "3 李家湾村"
        assert table.row_count == 2  # XH2026-0001 and -0004 (of every state)
        month = pane.query_one("#matters-month", Input)
        month.focus()
        await pilot.press(*"2026-13", "enter")
        await settle(app, pilot)
        note = pane.query_one("#matters-count", Static)
        assert note.has_class("-error") and "月" in str(note.render())
        month.value = ""
        await pilot.press(*"2026-10", "enter")
        await settle(app, pilot)
        assert pane.is_empty


async def test_meeting_issues_orders(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingDialog)
        table = app.screen.query_one("#meeting-table", DataTable)
        assert table.row_count == 1  # the one overdue matter
        await pilot.press("space")  # picked
        assert table.get_row_at(0)[0] == "✓"
        await pilot.press("i")  # the first I only says what will be issued
        await settle(app, pilot)
        assert orders_of_day(desk_ctx, desk_ctx.today()) == []
        note = str(app.screen.query_one("#meeting-note", Static).render())
        assert "将对 1 件事项下发督办单" in note and "XH2026-0001" in note
        await pilot.press("escape")  # steps back, the dialog stays
        assert isinstance(app.screen, MeetingDialog)
        await pilot.press("i", "i")
        await settle(app, pilot)
        orders = orders_of_day(desk_ctx, desk_ctx.today())
        assert [o.matter_number for o in orders] == ["XH2026-0001"]
        assert [e.kind for e in get_matter(desk_ctx, "XH2026-0001").events] == ["督办"]
