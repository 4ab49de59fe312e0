"""Lists that say what they hide: the matters tab names its filters when
nothing passes them and Ctrl+L clears them all; its count is the true one
while it shows the first page."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from textual.widgets import Input, Static

from deskui.tui.app import DeskApp
from deskui.tui.tabs.matters.pane import ANY, STATES, MattersPane
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only


async def test_matters_not_found_names_the_filters_and_ctrl_l_clears_them(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        pane = app.query_one(MattersPane)
        shown = pane.table.row_count
        assert shown > 0
        category: Any = pane.query_one("#matters-category")
        options = [v for _, v in category._options if v != ANY]
        category.value = options[0]  # no matter of the fixture has a category
        pane._filter = replace(pane._filter, category=options[0])
        pane.load()
        await settle(app, pilot)
        month = pane.query_one("#matters-month", Input)
        month.focus()
        month.value = "2026-11"
        await pilot.press("enter")
        await settle(app, pilot)
        assert pane.is_empty
        note = str(pane.query_one(".empty-note", Static).render())
        assert f"类别“{options[0]}”" in note and "受理月份 2026-11" in note
        assert "Ctrl+L 清除全部" in note
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert category.value == ANY and month.value == ""
        assert pane.query_one("#matters-state").value == STATES[0]  # type: ignore[attr-defined]
        assert not pane.is_empty and pane.table.row_count == shown
        app.clear_notifications()
        await pilot.press("ctrl+l")  # nothing left to clear: it says so
        await settle(app, pilot)
        assert "没有要清除的搜索或筛选" in [str(n.message) for n in app._notifications]


async def test_matters_count_is_the_true_one_when_a_page_is_shown(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        pane = app.query_one(MattersPane)
        pane.PAGE = 1  # a page of one: the fixture's open matters do not fit
        pane.load()
        await settle(app, pilot)
        count = str(pane.query_one("#matters-count", Static).render())
        # (the table asks for the next page as its cursor nears the end)
        assert count == f"共 3 件，显示前 {pane.table.row_count} 件（向下翻页显示更多）"
        assert pane.table.row_count < 3


async def test_queue_filter_says_it_filters_and_ctrl_l_clears_it(desk_ctx: Any) -> None:
    from deskui.tui.tabs.queue.pane import QueuePane

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        pane = app.query_one(QueuePane)
        await pilot.press("ctrl+f", *"李秀")
        await settle(app, pilot)
        assert pane.table.row_count == 1
        count = str(pane.query_one("#queue-count", Static).render())
        assert "筛选后显示 1 人（Ctrl+L 清除全部）" in count
        await pilot.press(*"英英")
        await settle(app, pilot)
        note = str(pane.query_one(".empty-note", Static).render())
        assert "已按“李秀英英”筛选，Ctrl+L 清除全部" in note
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert pane.table.row_count == 2 and not pane.is_empty
        assert pane.query_one("#queue-filter", Input).value == ""


async def test_a_household_file_says_how_much_history_it_holds(desk_ctx: Any) -> None:
    import datetime as dt

    from deskui.services import audit
    from deskui.store.models import Contact, Household, Official
    from deskui.tui.tabs.archive.household import HouseholdDialog

    zeng = Household.get(Household.head_name == "曾国藩")
    official = Official.get(Official.name == "陈干事")

    def work() -> None:
        for day in range(1, 8):  # seven contacts, the file shows five
            audit.create(
                desk_ctx, Contact, household=zeng.id, official=official.id,
                date=dt.date(2026, 11, day), mode="电话", note=f"第{day}次",
            )  # fmt: skip

    desk_ctx.write(work)
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3", *"zgf")
        await pilot.pause(0.4)
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HouseholdDialog)
        history = str(app.screen.query_one("#hh-history", Static).render())
        assert "最近联系（共 7 条，显示最近 5 条）：" in history
