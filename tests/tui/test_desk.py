"""The desk driven by real keys: sign-in, tabs, search, help, palette."""

from __future__ import annotations

from typing import Any

import pytest
from peewee import OperationalError
from textual.command import CommandPalette
from textual.widgets import Input, Label, Static, TabbedContent

from deskui.services.context import SYSTEM
from deskui.tui.app import TAB_KEYS, DeskApp
from deskui.tui.dialogs.help import HelpDialog
from deskui.tui.dialogs.sign_in import SignInDialog
from deskui.tui.widgets.paged_table import PagedTable

# The desk is tested on SQLite; the services below it run on both databases.
from tests.tui.pilot_helpers import SIZE, cells, settle, sign_in

pytestmark = pytest.mark.sqlite_only


async def test_sign_in_wrong_then_right_password(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, SignInDialog)
        await pilot.press("down", "enter")  # 小王
        await pilot.press(*"0000", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SignInDialog)
        error = app.screen.query_one("#err-password", Static)
        assert "不正确" in str(error.render())
        assert not app.ready
        await pilot.press(*"5678", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, SignInDialog)
        assert app.ready
        assert app.ctx.actor.username == "xiaowang"
        operator = app.query_one("#hdr-operator", Label)
        assert str(operator.render()) == "小王（录入员）"


async def test_header_shows_the_day(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        text = {w.id: str(w.render()) for w in app.query("DeskHeader Label")}
        assert text["hdr-town"] == "县河镇"
        assert text["hdr-today"] == "2026年11月24日 星期二"
        assert text["hdr-service"] == "今天是服务日（3个村）"
        assert text["hdr-overdue"] == "超期事项 1 件"
        assert text["hdr-calendar"] == "2027年节假日未设置"


async def test_function_keys_switch_tabs(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        tabs = app.query_one(TabbedContent)
        assert tabs.active == "queue"
        assert cells(app.query_one("#queue-table", PagedTable), 1) == ["李秀英", "王建国"]
        for key, tab in [("f3", "archive"), ("f4", "matters"), ("f5", "roster"), ("f2", "queue")]:
            await pilot.press(key)
            await settle(app, pilot)
            assert tabs.active == tab
            assert app.active_pane() is not None and app.active_pane().id == f"{tab}-pane"
        matters = app.query_one("#matters-table", PagedTable)
        assert cells(matters, 2) == ["超期 3 天", "今日到期", "剩 2 天"]
        overdue = matters.get_row_at(0)[0]
        assert overdue.style == matters.get_component_rich_style("paged--error", partial=True)
        assert len(app.query_one("#roster-grid", PagedTable).rows) == 3  # one row a village


async def test_tabs_wait_for_sign_in(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert app.query_one(TabbedContent).active == "queue"
        assert not app.query("ArchivePane")


async def test_archive_search_narrows_as_you_type_and_pages(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        table = app.query_one("#archive-table", PagedTable)
        assert table.row_count == 50 and table.has_more
        await pilot.press(*"zgf")
        await pilot.pause(0.3)  # the debounce
        await settle(app, pilot)
        assert cells(table, 3) == ["曾国藩"]
        assert "共 1 户" in str(app.query_one("#archive-count", Static).render())
        await pilot.press("ctrl+l", *"zzz")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert app.query_one("ArchivePane").is_empty
        note = str(app.query_one("ArchivePane .empty-note", Static).render())
        assert "没有找到与“zzz”相符的农户" in note
        await pilot.press("ctrl+l")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert table.row_count == 50
        await pilot.press("tab")
        assert app.focused is table
        for _ in range(6):
            await pilot.press("pagedown")
            await settle(app, pilot, rounds=1)
        await settle(app, pilot)
        assert table.row_count == 120 and not table.has_more
        assert len(set(cells(table, 2))) == 120  # every household once


async def test_f1_lists_every_binding(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        rows = app.screen.rows
        for row in [
            ("全局", "F1", "帮助"),
            ("全局", "F2", "接访队列"),
            ("全局", "F5", "值班表"),
            ("全局", "Ctrl+R", "刷新"),
            ("全局", "Ctrl+P", "命令面板"),
            ("全局", "Ctrl+Q", "退出"),
            ("代办事项", "F6", "切换状态"),
        ]:
            assert row in rows
        assert all(description for _, _, description in rows)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpDialog)


async def test_f1_on_a_screen_over_the_desk_lists_that_screens_keys(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press("ctrl+u")  # 本月未联系的包联户, a screen of its own
        await settle(app, pilot)
        over = app.screen
        keys = {b.description for _, b in over._bindings if b.description}
        assert keys
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        listed = {d for section, _, d in app.screen.rows if section == "当前画面"}
        assert listed == keys


async def test_f6_cycles_the_matter_state(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        for _ in range(3):  # 未办结 → 待办 → 办理中 → 已办结
            await pilot.press("f6")
            await settle(app, pilot)
        table = app.query_one("#matters-table", PagedTable)
        assert cells(table, 3) == ["已办结"]
        assert cells(table, 2) == ["已办结"]


async def test_palette_offers_the_same_actions(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        titles = [title for title, _, _ in app.palette_commands()]
        tabs = ["切换到接访队列", "切换到民情档案", "切换到代办事项", "切换到值班表", "切换到统计"]
        assert titles[:6] == [*tabs, "刷新"]
        assert titles[-2:] == ["帮助", "退出"]
        # the export dialog, and the active tab's (接访队列) own actions in between
        assert {"导出报表", "取号登记", "叫号"} <= set(titles[6:-2])
        await pilot.press(*"值班表")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.query_one(TabbedContent).active == "roster"


async def test_demo_mode_signs_in_by_itself(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not isinstance(app.screen, SignInDialog)
        assert app.ready and app.ctx.actor.username == "admin"


async def test_context_factory_is_opened_lazily(desk_ctx: Any) -> None:
    calls: list[int] = []

    def factory() -> Any:
        calls.append(1)
        desk_ctx.actor = SYSTEM
        return desk_ctx

    app = DeskApp(factory, demo=True)
    assert calls == []
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert calls == [1] and app.ready


async def test_each_tab_loads_its_first_page_once(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual runs on_mount for every class in a pane's MRO: a pane that also
    # called super().on_mount() fetched its first page twice.
    from deskui.tui.app import PANES, pane_class

    loads: list[str] = []
    for tab in PANES:
        cls = pane_class(tab)
        monkeypatch.setattr(
            cls, "load", lambda self, real=cls.load, tab=tab: (loads.append(tab), real(self))
        )
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        for tab, key in TAB_KEYS.items():
            await pilot.press(key)
            await settle(app, pilot)
            assert loads.count(tab) == 1, loads


async def test_a_database_failure_is_a_message_not_the_end_of_the_desk(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import deskui.tui.tabs.archive.pane as archive

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        monkeypatch.setattr(archive, "search_households", locked)
        await pilot.press(*"zgf")
        await pilot.pause(0.3)  # the debounce
        await settle(app, pilot)
        assert app.is_running and app._exception is None
        pane = app.query_one("ArchivePane")
        assert pane.is_empty
        assert "数据库正忙" in str(app.query_one("ArchivePane .empty-note", Static).render())
        assert app.query_one("#archive-search", Input).value == "zgf"  # what was typed stays


async def test_full_collections_wait_for_a_quiet_moment(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import deskui.tui.app as desk_app

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)  # the queue's first rows arrive
        await settle(app, pilot)
        assert desk_app._heap_settled and gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] == 50
        collected: list[int] = []
        monkeypatch.setattr(desk_app.gc, "collect", lambda *a: collected.append(1) or 0)
        app._rows_at = desk_app.time.monotonic()
        app._collect_when_quiet()
        assert collected == []  # rows just arrived: the clerk is typing
        app._rows_at = desk_app.time.monotonic() - 2
        app._collect_when_quiet()
        app._collect_when_quiet()
        assert collected == [1]  # once a quiet spell


async def test_the_first_tab_arrives_with_the_first_frame_and_later_pages_in_workers(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Signed in by itself on an open database, the desk reads the first tab's
    # page while mounting it (before anything is painted); every later read
    # (refresh, other tabs) goes through the worker.
    from deskui.tui.tabs.base import DeskPane

    workers: list[str] = []
    real = DeskPane._run
    monkeypatch.setattr(
        DeskPane,
        "_run",
        lambda self, *args: (workers.append(type(self).__name__), real(self, *args))[1],
    )
    app = DeskApp(desk_ctx, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.active_pane()
        assert pane is not None and type(pane).__name__ == "QueuePane"
        assert pane._serial == 1 and not pane._loading  # in place at the first frame
        assert workers == []
        # the header too: read while mounting, not by its worker
        assert str(app.query_one("#hdr-operator", Label).render()).endswith("（管理员）")
        assert not [w for w in app.workers if w.group == "header"]
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert workers == ["QueuePane", "ArchivePane"]
        assert app.query_one("ArchivePane PagedTable", PagedTable).row_count > 0


async def test_a_failed_first_read_shows_its_sentence_in_the_tab(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import deskui.tui.tabs.queue.pane as queue

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(queue, "queue_view", locked)
    app = DeskApp(desk_ctx, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running and app._exception is None
        note = app.query_one("QueuePane .empty-note", Static)
        assert "数据库正忙" in str(note.render())


async def test_a_multi_line_paste_into_a_field_is_joined_and_said(desk_ctx: Any) -> None:
    from textual import events

    app = DeskApp(desk_ctx, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        search = app.query_one("#archive-search", Input)
        search.focus()
        await pilot.pause()
        app.post_message(events.Paste("王建国\r\n\n  13912345678 \n桃园村"))
        await settle(app, pilot)
        assert search.value == "王建国 13912345678 桃园村"  # nothing lost
        notes = [str(n.message) for n in app._notifications]
        assert any("3 行已合并为一行" in n for n in notes), notes
        search.value = ""
        app.post_message(events.Paste("张三"))  # one line: as Textual does it
        await settle(app, pilot)
        assert search.value == "张三"
        assert len(app._notifications) == len(notes)
