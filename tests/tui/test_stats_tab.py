"""The 统计 tab and the export dialog, driven by real keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from textual.widgets import Input, Static, TabbedContent

from deskui.tui.app import DeskApp
from deskui.tui.dialogs.export import ExportDialog
from deskui.tui.tabs.stats.pane import StatsPane
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only


async def test_stats_tab_shows_figures_and_chart(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")  # leave the queue tab (its own keys)
        await settle(app, pilot)
        await pilot.press("f7")
        await settle(app, pilot)
        assert app.query_one(TabbedContent).active == "stats"
        pane = app.query_one(StatsPane)
        table = pane.query_one(PagedTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names == ["桃园村", "李家湾村", "石门村", "合计"]
        heading = str(pane.query_one("#stats-heading", Static).render())
        assert "2026年11月" in heading and "按村" in heading
        chart = str(pane.query_one("#stats-chart", Static).render())
        assert "11-03 星期二" in chart and "█" in chart
        await pilot.press("v")
        await settle(app, pilot)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "陈干事" in names and names[-1] == "合计"
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert "2026年10月" in str(pane.query_one("#stats-heading", Static).render())
        await pilot.press("right_square_bracket", "right_square_bracket")  # not past today
        await settle(app, pilot)
        assert pane.month == (2026, 11)


async def test_export_dialog_writes_and_remembers(desk_ctx: Any, tmp_path: Path) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-folder", Input).value = str(tmp_path / "missing")
        await pilot.press("enter")  # from the month field
        await settle(app, pilot)
        assert "不存在" in str(dialog.query_one("#err-folder", Static).render())
        dialog.query_one("#export-month", Input).value = "2026-12"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "还没有到" in str(dialog.query_one("#err-month", Static).render())
        dialog.query_one("#export-month", Input).value = "2026-11"
        dialog.query_one("#export-folder", Input).value = str(tmp_path)
        await pilot.press("enter")
        await settle(app, pilot)
        files = list(tmp_path.glob("*.xlsx"))
        assert len(files) == 1 and "销号台账" in files[0].name
        assert str(files[0]) in str(dialog.query_one("#export-result", Static).render())
        assert openpyxl.load_workbook(files[0]).sheetnames[0] == "全镇"
        settings = desk_ctx.settings.config_dir / "settings.toml"
        assert str(tmp_path) in settings.read_text(encoding="utf-8")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)


async def test_name_column_stays_when_scrolled_right(desk_ctx: Any) -> None:
    """At 80 columns the figures are wider than the screen: scrolled to the
    right edge, each row still starts with its village."""
    app = DeskApp(desk_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("f7")
        await settle(app, pilot)
        table = app.query_one(StatsPane).query_one(PagedTable)
        assert table.max_scroll_x > 0  # wider than the screen
        table.scroll_to(x=table.max_scroll_x, animate=False)
        await settle(app, pilot)
        painted = "".join(seg.text for seg in table.render_line(1))
        assert "桃园村" in painted, painted
