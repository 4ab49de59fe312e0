"""服务群众销号台账: the printed form, style for style.

The ledger streams through a write-only workbook with shared, pre-registered
styles (deskui.exports.workbook); these expectations were read from the
form as it printed before that, so a faster path cannot change its look."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from services.test_figures import build_month

from deskui.exports.ledger import write_ledger

# (font size, bold, horizontal, border, number format): SimSun, vertically
# centred and wrapped everywhere
STYLES = {
    (16.0, True, "center", False, "General"): "T",  # title
    (10.0, False, "left", False, "General"): "n",  # subtitle, signature lines
    (10.0, False, "center", True, "General"): "c",  # body: short words, dates
    (10.0, False, "left", True, "General"): "w",  # body: wrapped text
    (10.0, False, "center", True, "@"): "x",  # body: always text
    (10.0, False, "center", True, "yyyy-mm-dd"): "d",  # body: a date cell
    (10.0, True, "center", True, "yyyy-mm-dd"): "D",
    (10.0, True, "center", True, "General"): "C",  # header; bold: an open overdue matter
    (10.0, True, "left", True, "General"): "W",
    (10.0, True, "center", True, "@"): "X",
}
LINE = "cxdccwxwccccdwccwcccw"  # an open ledger line, 序号 … 备注 (d: a date cell)
MARKED = LINE.upper()
FINISHED = "cxdccwxwccccdwdcwcccw"  # 办结日期 a date too
CLOSED = "cxdccwxwccccdwdcwccdw"  # and 销号日期
# 是否超期 widened to 7 for its marks (▲超期 / ●今日到期 / 超时办结)
WIDTHS = [5, 12, 10.5, 8, 7, 14, 12, 20, 8, 5, 7, 7, 10.5, 18, 10.5, 7, 12, 6, 8, 10.5, 10]
# the town sheet: a 村 column after 序号
TOWN_WIDTHS = [5, 8, *WIDTHS[1:]]


def _town(codes: str) -> str:
    """A town-sheet line: its 村 cell centred, bold with the line."""
    return codes[0] + ("C" if codes[0] == "C" else "c") + codes[1:]


def _codes(ws: Any) -> list[str]:
    rows = []
    for row in ws.iter_rows(max_col=ws.max_column):
        codes = ""
        for c in row:
            if isinstance(c, MergedCell):  # read back without its style
                codes += "-"
                continue
            assert (c.font.name, c.alignment.vertical, c.alignment.wrap_text) == (
                "SimSun",
                "center",
                True,
            ), c.coordinate
            sides = {c.border.left.style, c.border.right.style, c.border.top.style}
            sides.add(c.border.bottom.style)
            assert sides in ({None}, {"thin"}), c.coordinate
            key = (c.font.sz, bool(c.font.b), c.alignment.horizontal, sides == {"thin"})
            codes += STYLES[(*key, c.number_format)]
        rows.append(codes)
    return rows


def _layout(ws: Any) -> dict[str, Any]:
    setup, margins = ws.page_setup, ws.page_margins
    return {
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "heights": [ws.row_dimensions[i].height for i in range(1, ws.max_row + 1)],
        "widths": [ws.column_dimensions[chr(ord("A") + i)].width for i in range(ws.max_column)],
        "print": (
            setup.paperSize,
            setup.orientation,
            setup.fitToWidth,
            setup.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage,
            ws.print_options.horizontalCentered,
            (margins.left, margins.right, margins.top, margins.bottom),
            ws.print_title_rows,
            ws.oddFooter.center.text,
            ws.oddFooter.center.font,
        ),
    }


@pytest.fixture
def ledger(town_ctx: Any, tmp_path: Path) -> Any:
    build_month(town_ctx)
    steps: list[tuple[int, int]] = []
    saved = write_ledger(
        town_ctx, tmp_path / "ledger.xlsx", "2026-11", progress=lambda *a: steps.append(a)
    )
    assert (saved.rows, saved.sheets) == (6, 4)
    assert steps == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    return openpyxl.load_workbook(saved.path)


def test_every_sheet_keeps_its_print_setup(ledger: Any) -> None:
    printed = (
        9,
        "landscape",
        1,
        0,
        True,
        True,
        (0.4, 0.4, 0.6, 0.6),
        "$1:$3",
        "第 &P 页 共 &N 页",
        "SimSun",
    )
    expected = {"全镇": 12, "桃园村": 9, "李家湾村": 8, "石门村": 7}  # sheet rows
    assert ledger.sheetnames == list(expected)
    for name, rows in expected.items():
        layout = _layout(ledger[name])
        assert layout["print"] == printed, name
        assert ledger[name].freeze_panes == "A4", name  # under the column headers
        town = name == "全镇"
        assert layout["widths"] == (TOWN_WIDTHS if town else WIDTHS), name
        last = "V" if town else "U"
        legend = rows - 2  # the legend of the marks, a blank row, the signatures
        assert layout["merged"] == sorted(f"A{r}:{last}{r}" for r in (1, 2, legend, rows)), name
        body = [31.0] * (rows - 6)  # two lines of 10-pt text each
        assert layout["heights"] == [30, 18, 30, *body, 30, None, 24], name


def test_every_cell_keeps_its_style(ledger: Any) -> None:
    town = [_town(c) for c in (CLOSED, FINISHED, MARKED, MARKED, LINE, CLOSED)]
    assert town[0] == "ccxdccwxwccccdwdcwccdw" and town[2] == "CCXDCCWXWCCCCDWCCWCCCW"
    expected = {
        "全镇": town,
        "桃园村": [CLOSED, FINISHED, MARKED],
        "李家湾村": [MARKED, LINE],
        "石门村": [CLOSED],
    }
    for name, body in expected.items():
        width = 22 if name == "全镇" else 21
        merged = "-" * (width - 1)  # the rest of a merged line
        top = ["T" + merged, "n" + merged, "C" * width]
        foot = ["n" + merged, "n" * width, "n" + merged]  # legend, blank, signatures
        assert _codes(ledger[name]) == [*top, *body, *foot], name
