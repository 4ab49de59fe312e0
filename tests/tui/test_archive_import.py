"""导入花名册 from the archive tab with real keys: a dry run writes nothing, a
real run fills the archive and writes the rejects beside the roll, a bad
path is refused next to the field, a clerk is refused."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, ProgressBar, Static

from deskui.exports.households import rejects_path
from deskui.services.archive.search import search_households
from deskui.tui.app import DeskApp
from deskui.tui.tabs.archive.import_roll import ImportRollDialog
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, cells, settle, sign_in, sign_in_as_clerk

pytestmark = pytest.mark.sqlite_only

FIXTURE = Path(__file__).parent.parent / "fixtures" / "roll.xlsx"
SAMPLE = Path(__file__).parent.parent.parent / "assets" / "sample-roll.xlsx"
NEW_HEADS = ("单田芳", "王小明", "张三")  # people only the roll has


def heads(ctx: Any, text: str) -> list[str]:
    return [r.head_name for r in search_households(ctx, text)]


async def open_import(app: DeskApp, pilot: Pilot[Any]) -> ImportRollDialog:
    await pilot.press("f3")
    await settle(app, pilot)
    await pilot.press("ctrl+o")
    await settle(app, pilot)
    assert isinstance(app.screen, ImportRollDialog)
    return app.screen


def result_text(screen: ImportRollDialog) -> str:
    return str(screen.query_one("#import-result", Static).render())


async def test_dry_run_then_import(desk_ctx: Any, tmp_path: Path) -> None:
    roll = tmp_path / "桃园村花名册.xlsx"
    shutil.copy(FIXTURE, roll)
    rejects = rejects_path(roll)
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        screen = await open_import(app, pilot)
        assert screen.query_one("#f-path", Input).has_focus
        await pilot.press(*str(roll))
        assert screen.query_one("#f-dry", Checkbox).value  # 仅检查 is ticked to begin with
        await pilot.press("ctrl+s")
        await settle(app, pilot, rounds=5)
        assert screen.result is not None and screen.result.dry_run
        text = result_text(screen)
        assert "未写入" in text and "错误 13 行" in text and str(rejects) in text
        assert len(screen.result.rejects) == 13 and rejects.exists()
        rejects.unlink()
        for name in NEW_HEADS:  # nothing written
            assert heads(desk_ctx, name) == []
        bar = screen.query_one("#import-progress", ProgressBar)
        assert bar.total and bar.progress == bar.total

        screen.query_one("#f-dry", Checkbox).focus()
        await pilot.press("space", "ctrl+s")  # untick 仅检查, import for real
        await settle(app, pilot, rounds=5)
        assert screen.result is not None and not screen.result.dry_run
        text = result_text(screen)
        assert "导入 6 行" in text and "新增 3 户" in text and "错误 13 行" in text
        assert str(rejects) in text and rejects.exists()
        assert heads(desk_ctx, "单田芳") == ["曾国藩"]  # a member of 曾国藩's new household
        assert heads(desk_ctx, "张三") == ["张三"]

        headers: list[object] = []  # the header (its checklist: 还没有户籍名册) is read again
        real_header = app._load_header
        app._load_header = lambda ctx: (headers.append(ctx), real_header(ctx))  # type: ignore[method-assign]
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportRollDialog) and headers
        await pilot.press("ctrl+f", *"王建国")
        await pilot.pause(0.3)
        await settle(app, pilot)
        table = app.query_one("#archive-table", PagedTable)
        assert "TY001" in cells(table, 2)  # the roll's household is in the list


async def test_bad_path_is_refused_next_to_the_field(desk_ctx: Any, tmp_path: Path) -> None:
    text = tmp_path / "花名册.txt"
    text.write_text("姓名\n张三\n", encoding="utf-8")
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        screen = await open_import(app, pilot)
        error = screen.query_one("#err-path", Static)
        await pilot.press(*str(tmp_path / "没有这个文件.xlsx"), "enter")
        await settle(app, pilot)
        assert error.has_class("-shown") and "找不到这个文件" in str(error.render())
        screen.query_one("#f-path", Input).value = ""
        await pilot.press(*str(text), "enter")
        await settle(app, pilot)
        assert "只能导入 .xlsx 或 .csv" in str(error.render())
        assert screen.result is None and app.screen is screen
        screen.query_one("#f-path", Input).value = ""
        await pilot.press(*str(SAMPLE))
        screen.query_one("#f-dry", Checkbox).focus()
        await pilot.press("space", "ctrl+s")  # untick 仅检查: the users' sample imports cleanly
        await settle(app, pilot, rounds=5)
        assert not error.has_class("-shown")
        assert screen.result is not None and not screen.result.rejects
        assert "没有退回的行" in result_text(screen)
        assert heads(desk_ctx, "王小明") == ["王建国"]


async def test_a_clerk_may_not_import(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportRollDialog)
        notes = [str(n.message) for n in app._notifications]
        assert any("录入员" in n and "导入" in n for n in notes), notes


async def test_new_keys_are_in_help_and_palette(desk_ctx: Any) -> None:
    from deskui.tui.dialogs.help import HelpDialog

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        titles = [title for title, _, _ in app.palette_commands()]
        assert {"导入花名册", "新建农户"} <= set(titles)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        rows = app.screen.rows
        assert ("民情档案", "Ctrl+O", "导入花名册") in rows
        assert ("民情档案", "Ctrl+N", "新建农户") in rows
