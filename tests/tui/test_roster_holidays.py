"""The holiday calendar screen (节假日安排), opened from the 值班表 tab."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Label, Static

from deskui.services.town.calendar import known_years, list_year
from deskui.tui.app import DeskApp
from deskui.tui.tabs.roster.holidays import HolidaysDialog
from tests.tui.pilot_helpers import SIZE, settle, sign_in, sign_in_as_clerk

pytestmark = pytest.mark.sqlite_only


def text(screen: HolidaysDialog, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def dates(screen: HolidaysDialog) -> list[str]:
    table = screen.query_one("#hol-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def open_screen(app: DeskApp, pilot: Any) -> HolidaysDialog:
    await pilot.press("f5")
    await settle(app, pilot)
    await pilot.press("h")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, HolidaysDialog)
    return screen


async def test_year_list_edit_and_header_notice(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        assert str(app.query_one("#hdr-calendar", Label).render()) == "2027年节假日未设置"
        screen = await open_screen(app, pilot)
        assert "2026年" in str(screen.query_one("#hol-title", Label).render())
        assert "2026-10-01" in dates(screen)
        row = screen.query_one("#hol-table", DataTable).get_row("2026-10-01")
        assert [str(c) for c in row] == ["2026-10-01", "星期四", "休", "国庆节", "内置"]
        assert text(screen, "#hol-state") == "本年已设置"

        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.year == 2027 and dates(screen) == []
        assert "未设置" in text(screen, "#hol-state")
        assert "2027年还没有" in text(screen, "#hol-count")

        screen.query_one("#hol-date", Input).value = "2027-02-30"
        screen.query_one("#hol-name", Input).value = "元旦"
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert "2月没有30日" in text(screen, "#err-date")
        screen.query_one("#hol-date", Input).value = "2027-01-01"
        screen.query_one("#hol-name", Input).value = ""
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert text(screen, "#err-name") and not text(screen, "#err-date")
        screen.query_one("#hol-name", Input).value = "元旦"
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert dates(screen) == ["2027-01-01"]
        assert "已设为放假" in text(screen, "#hol-message")
        screen.query_one("#hol-date", Input).value = "2027-01-02"
        screen.query_one("#hol-name", Input).value = "元旦调休"
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert [r.kind for r in list_year(desk_ctx, 2027)] == ["休", "班"]
        assert [r.source for r in list_year(desk_ctx, 2027)] == ["user", "user"]

        # the highlighted row fills the fields; Ctrl+L clears that day
        screen.query_one("#hol-table", DataTable).focus()
        await pilot.press("down")
        await settle(app, pilot)
        assert screen.query_one("#hol-date", Input).value == "2027-01-02"
        assert screen.query_one("#hol-name", Input).value == "元旦调休"
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert dates(screen) == ["2027-01-01"]
        assert "恢复为平常日" in text(screen, "#hol-message")

        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert text(screen, "#hol-state") == "本年已设置"
        assert 2027 in known_years(desk_ctx)
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert screen.year == 2026
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, HolidaysDialog)
        assert str(app.query_one("#hdr-calendar", Label).render()) == ""


async def test_import_checks_then_imports(desk_ctx: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型,名称\n2027-01-01,休,元旦\n2027-02-30,休,春节\n", encoding="utf-8")
    good = tmp_path / "2027.csv"
    good.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06,休,春节\n2027-02-07,班,春节\n",
        encoding="utf-8",
    )
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        screen = await open_screen(app, pilot)
        screen.query_one("#hol-file", Input).value = str(bad)
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        assert "第 3 行" in text(screen, "#err-file")
        screen.query_one("#hol-file", Input).value = str(good)
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        assert "检查通过：3 天" in text(screen, "#hol-message")
        assert list_year(desk_ctx, 2027) == []  # only checked
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        assert "新增 3 天" in text(screen, "#hol-message")
        assert screen.year == 2027
        assert dates(screen) == ["2027-01-01", "2027-02-06", "2027-02-07"]
        assert str(screen.query_one("#hol-table", DataTable).get_row_at(2)[4]) == "导入"
        await pilot.press("escape")
        await settle(app, pilot)
        assert str(app.query_one("#hdr-calendar", Label).render()) == ""


async def test_clerk_is_refused_and_palette_opens_it(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"节假日", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HolidaysDialog)
        screen.query_one("#hol-date", Input).value = "2026-11-24"
        screen.query_one("#hol-name", Input).value = "测试"
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        # not offered to the role, and refused at once in the status line
        assert screen.check_action("mark", ("off",)) is False
        assert any("录入员" in str(n.message) for n in app._notifications)
        assert "2026-11-24" not in dates(screen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, HolidaysDialog)
