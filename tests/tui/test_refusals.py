"""Nothing silent: a key that cannot act now says why in the status line,
and what a role may not do is not offered at all."""

from __future__ import annotations

from typing import Any

import pytest

from deskui.tui.app import DeskApp
from deskui.tui.dialogs.matter_form import MatterFormDialog
from deskui.tui.tabs.matters.card import MatterCardDialog
from deskui.tui.tabs.matters.pane import MattersPane
from deskui.tui.tabs.queue.pane import QueuePane
from tests.tui.pilot_helpers import SIZE, settle, sign_in, sign_in_as_clerk

pytestmark = pytest.mark.sqlite_only


def said(app: DeskApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_step_keys_on_an_unfinished_card_say_why(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("x")  # 销号 on the list's first row (待办)
        await settle(app, pilot)
        assert "未办结的事项不能销号" in said(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MatterCardDialog)
        for key, words in (("q", "还未办结，不能签字确认"), ("h", "还未办结，不能回访")):
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, MatterCardDialog)
            assert words in said(app)


async def test_a_clerk_learns_before_filling_a_card_that_they_may_not(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        queue = app.query_one(QueuePane)
        assert queue.check_action("outcome", ("MATTER",)) is False  # not offered
        await pilot.press("f4")
        await settle(app, pilot)
        pane = app.query_one(MattersPane)
        assert pane.check_action("new_matter", ()) is False
        assert pane.check_action("step", ("close",)) is False
        await pilot.press("n")
        await settle(app, pilot)
        assert not isinstance(app.screen, MatterFormDialog)
        assert "当前操作员角色（录入员）无权办理代办事项" in said(app)
        keys = [b.binding.key for b in app.active_bindings.values() if b.enabled]
        assert "n" not in keys and "x" not in keys  # the footer does not offer them


async def test_palette_and_help_list_the_keys_the_bindings_hold(desk_ctx: Any) -> None:
    """No hand-typed key lists: the palette says Ctrl+B for the day's log
    (it used to say Ctrl+E), and neither F1 nor the palette offers a clerk
    what the role may not do."""
    from deskui.tui.dialogs.help import HelpDialog

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        commands = {title: key for title, key, _ in app.palette_commands()}
        assert commands["导出接待登记簿"] == "快捷键 Ctrl+B"
        assert commands["选接待干部"] == "快捷键 Ctrl+O"
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpDialog)
        assert ("当前画面", "Ctrl+D", "同上（村组）") in app.screen.rows

    clerk = DeskApp(desk_ctx)
    async with clerk.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(clerk, pilot)
        titles = {title for title, _, _ in clerk.palette_commands()}
        assert "受理代办" not in titles and "取号登记" in titles
        await pilot.press("f4")
        await settle(clerk, pilot)
        titles = {title for title, _, _ in clerk.palette_commands()}
        assert "受理新事项" not in titles and "销号" not in titles


async def test_not_found_names_the_filters_and_ctrl_l_clears_them_all(desk_ctx: Any) -> None:
    from textual.widgets import Input, Static

    from deskui.tui.tabs.archive.pane import ArchivePane
    from deskui.tui.widgets.choice import ChoiceField

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        pane = app.query_one(ArchivePane)
        await pilot.press("ctrl+t", "1", "enter")  # 1 低保户; Enter on to the search box
        await settle(app, pilot)
        await pilot.press(*"曾国藩")  # 曾国藩 carries no 低保户 tag
        await pilot.pause(0.4)
        await settle(app, pilot)
        note = str(pane.query_one(".empty-note", Static).render())
        assert "没有找到与“曾国藩”相符的农户" in note
        assert "已按标签“低保户”筛选，Ctrl+L 清除全部" in note
        await pilot.press("ctrl+l")
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert pane.query_one("#archive-tag", ChoiceField).value is None
        assert pane.query_one("#archive-search", Input).value == ""
        assert not pane.is_empty and pane.table.row_count > 1


async def test_a_clerk_is_told_the_roster_is_not_theirs_to_generate(desk_ctx: Any) -> None:
    from deskui.tui.tabs.roster.generate import GenerateDialog
    from deskui.tui.tabs.roster.pane import RosterPane

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        pane = app.query_one(RosterPane)
        assert pane.check_action("generate", ()) is False
        await pilot.press("g")
        await settle(app, pilot)
        assert not isinstance(app.screen, GenerateDialog)
        assert "当前操作员角色（录入员）无权编排值班表" in said(app)


async def test_a_filter_alone_that_finds_nobody_says_so_without_an_empty_quote(
    desk_ctx: Any,
) -> None:
    from textual.widgets import Static

    from deskui.tui.tabs.archive.pane import ArchivePane

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        pane = app.query_one(ArchivePane)
        await pilot.press("ctrl+t", "2")  # 2 五保户: no household of the fixture has it
        await pilot.pause(0.4)
        await settle(app, pilot)
        note = str(pane.query_one(".empty-note", Static).render())
        assert note.startswith("没有符合筛选条件的农户。") and "“”" not in note
        assert "已按标签“五保户”筛选，Ctrl+L 清除全部" in note
