"""The roster tab: the month grid, sign-in and a substitute from the keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.widgets import Static

from deskui.store.models import DutyAssignment
from deskui.tui.app import DeskApp
from deskui.tui.tabs.roster.duty import DutyDialog
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, cells, settle, sign_in

pytestmark = pytest.mark.sqlite_only


async def pick_liu(modal: Any, pilot: Any) -> None:
    """刘书记 in the duty form's official field, by the initials of his name."""
    modal.query_one("#duty-official", ChoiceField).focus()
    await pilot.pause()
    await pilot.press(*"lsj")


async def open_roster(app: DeskApp, pilot: Any) -> PagedTable:
    await sign_in(app, pilot)
    await pilot.press("f5")
    await settle(app, pilot)
    return app.query_one("#roster-grid", PagedTable)


async def test_grid_is_villages_by_service_days(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        grid = await open_roster(app, pilot)
        assert cells(grid, 0) == ["桃园村", "李家湾村", "石门村"]
        headers = [str(c.label) for c in grid.columns.values()]
        assert headers == ["村", "11-3 二", "11-10 二", "11-24 二"]
        assert cells(grid, 3) == ["刘书记 0/1"] * 3
        today = str(app.query_one("#roster-today", Static).render())
        assert today == "今日值班 3 人：已签到 0，未签到 3"
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert "12月" in str(app.query_one("#roster-pane .empty-note", Static).render())
        await pilot.press("ctrl+t", "v")
        await settle(app, pilot)
        assert cells(grid, 0) == ["刘书记"] and cells(grid, 1) == ["9"]


async def test_sign_in_with_a_time(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        grid = await open_roster(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, DutyDialog)
        modal.query_one("#duty-time").value = "8:5x"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "请先选择" in str(modal.query_one("#err-official", Static).render())
        await pick_liu(modal, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "无法识别" in str(modal.query_one("#err-time", Static).render())
        modal.query_one("#duty-time").value = "08:52"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, DutyDialog)
        signed = DutyAssignment.get(DutyAssignment.signed_in_at.is_null(False))
        assert signed.signed_in_at == dt.datetime(2026, 11, 24, 8, 52)
        assert cells(grid, 3)[0] == "刘书记 1/1"


async def test_substitute_from_the_keys(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        grid = await open_roster(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, DutyDialog)
        await pick_liu(modal, pilot)
        modal.query_one("#duty-substitute").value = "陈干事"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "事由" in str(modal.query_one("#err-reason", Static).render())
        modal.query_one("#duty-reason").focus()
        await pilot.press(*"县里开会", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, DutyDialog)
        assert cells(grid, 3)[0] == "陈干事 0/1"
        today = str(app.query_one("#roster-today", Static).render())
        assert today.startswith("今日值班 3 人：已签到 0，未签到 3")  # no one counted twice
        row = DutyAssignment.get(DutyAssignment.substitute.is_null(False))
        assert row.absent and row.absence_reason == "县里开会"


async def test_generate_from_the_tab(desk_ctx: Any) -> None:
    from deskui.services.roster.teams import MemberSpec, set_team
    from deskui.store.models import DutyDay
    from deskui.tui.tabs.roster.generate import GenerateDialog

    for village in ("桃园村", "李家湾村", "石门村"):
        set_team(desk_ctx, village, [MemberSpec("刘书记", "组长")])
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(app, pilot)
        await pilot.press("right_square_bracket", "g")  # December, then 生成值班表
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, GenerateDialog)
        assert modal.query_one("#gen-start").value == "2026-12-01"  # type: ignore[attr-defined]
        assert modal.query_one("#gen-end").value == "2026-12-31"  # type: ignore[attr-defined]
        modal.query_one("#gen-end").value = "2026-02-30"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "2026-02-30" in str(modal.query_one("#err-end", Static).render())
        assert not DutyDay.select().where(DutyDay.date >= dt.date(2026, 12, 1)).exists()
        modal.query_one("#gen-end").value = "2026-12-31"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, GenerateDialog)
        december = DutyDay.select().where(DutyDay.date >= dt.date(2026, 12, 1))
        assert {d.date.isoformat() for d in december} == {
            "2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29",
        }  # fmt: skip
        grid = app.query_one("#roster-grid", PagedTable)
        assert cells(grid, 0) == ["桃园村", "李家湾村", "石门村"]


async def test_swap_is_refused_for_someone_not_on_duty(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, DutyDialog)
        await pick_liu(modal, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "与谁换班" in str(modal.query_one("#err-other", Static).render())
        modal.query_one("#duty-other").value = "陈干事"  # type: ignore[attr-defined]
        modal.query_one("#duty-other-date").value = "2026-11-10"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DutyDialog)  # refused, the form stays open
        shown = " ".join(str(s.render()) for s in modal.query(".field-error"))
        assert "陈干事" in shown
        assert DutyAssignment.select().where(DutyAssignment.edited == True).count() == 0  # noqa: E712


async def test_absence_on_the_selected_day_and_withdrawn(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        grid = await open_roster(app, pilot)
        grid.focus()
        await pilot.press("left")  # from today's 11-24 to the 11-10 column
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, DutyDialog) and modal.day == dt.date(2026, 11, 10)
        await pick_liu(modal, pilot)
        modal.query_one("#duty-reason").value = "县里开会"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        absent = DutyAssignment.get(DutyAssignment.absent == True)  # noqa: E712
        assert absent.duty_day.date == dt.date(2026, 11, 10)
        await pilot.press("x")  # the official turned up after all
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, DutyDialog) and modal.day == dt.date(2026, 11, 10)
        await pick_liu(modal, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, DutyDialog)
        assert DutyAssignment.select().where(DutyAssignment.absent == True).count() == 0  # noqa: E712


async def test_opens_on_today_with_the_village_column_fixed(desk_ctx: Any) -> None:
    """At 80×24 the grid opens with today's service day under the cursor
    (so in view) and the village column fixed."""
    app = DeskApp(desk_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_roster(app, pilot)
        assert grid.fixed_columns == 1
        assert grid.cursor_coordinate.column == 3  # 11-24, today
