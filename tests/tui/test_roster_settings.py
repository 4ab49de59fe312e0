"""服务日设置 (O on the roster tab): the weekday, a second weekday and the
holiday policy, saved through the service; a refusal stays in the modal."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from deskui.services.roster.teams import MemberSpec, set_team
from deskui.store.models import DutyDay, Town
from deskui.tui.app import DeskApp
from deskui.tui.tabs.roster.generate import GenerateDialog
from deskui.tui.tabs.roster.settings import RosterSettingsDialog
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only


async def open_settings(app: DeskApp, pilot: Any) -> RosterSettingsDialog:
    await sign_in(app, pilot)
    await pilot.press("f5")
    await settle(app, pilot)
    await pilot.press("o")
    await settle(app, pilot)
    modal = app.screen
    assert isinstance(modal, RosterSettingsDialog)
    return modal


def town() -> tuple[Any, ...]:
    row = Town.get()
    return (row.service_weekday, row.second_weekday, row.second_week_parity, row.holiday_policy)


async def test_change_the_policy_and_the_weekday(desk_ctx: Any) -> None:
    for village in ("桃园村", "李家湾村", "石门村"):
        set_team(desk_ctx, village, [MemberSpec("刘书记", "组长")])
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_settings(app, pilot)
        assert modal.query_one("#set-weekday", ChoiceField).value == 2
        assert modal.query_one("#set-policy", ChoiceField).value == "取消"
        note = " ".join(str(s.render()) for s in modal.query(".set-note"))
        assert "不会改动已生成的值班安排" in note
        # by keys, no list opened: 3 is 周三; Enter moves on; 顺延 by initials
        assert app.focused is modal.query_one("#set-weekday", ChoiceField)
        await pilot.press("3", "enter")
        assert modal.query_one("#set-weekday", ChoiceField).value == 3
        assert app.focused is modal.query_one("#set-second", ChoiceField)
        await pilot.press("enter", "enter", *"sy")
        assert modal.query_one("#set-policy", ChoiceField).value == "顺延"
        await pilot.press("enter")  # Enter on the last choice saves
        await settle(app, pilot)
        assert not isinstance(app.screen, RosterSettingsDialog)
        assert town() == (3, None, None, "顺延")
        grid = app.query_one("#roster-grid", PagedTable)
        headers = [str(c.label) for c in grid.columns.values()]
        assert headers == ["村", "11-3 二", "11-10 二", "11-24 二"]  # not rewritten
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, GenerateDialog)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        headers = [str(c.label) for c in grid.columns.values()]
        assert headers == ["村", "11-4 三", "11-11 三", "11-18 三", "11-25 三"]
        assert (
            not DutyDay.select()
            .where(DutyDay.date.month == 11)
            .where(DutyDay.date.day == 24)
            .exists()
        )


async def test_a_second_weekday_equal_to_the_first_is_refused(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_settings(app, pilot)
        await pilot.press("enter", "2", "enter", *"dz", "ctrl+s")  # 第二服务日 周二, 单周
        await settle(app, pilot)
        assert isinstance(app.screen, RosterSettingsDialog)
        error = str(modal.query_one("#err-settings", Static).render())
        assert "第二服务日不能与服务日相同（都是周二）" in error
        assert modal.query_one("#err-settings", Static).has_class("-shown")
        assert town() == (2, None, None, "取消")
        modal.query_one("#set-second", ChoiceField).focus()
        await pilot.pause()
        await pilot.press("4", "ctrl+s")  # 周四
        await settle(app, pilot)
        assert not isinstance(app.screen, RosterSettingsDialog)
        assert town() == (2, 4, "单周", "取消")
        await pilot.press("o")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, RosterSettingsDialog)
        assert again.query_one("#set-second", ChoiceField).value == 4
        assert again.query_one("#set-parity", ChoiceField).value == "单周"
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, RosterSettingsDialog)
