"""驻村服务日工作月统计表: headers, totals, formulas, dashes, the 80% mark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from services.test_figures import build_month

from deskui.exports.stats import write_stats

HEADERS = [
    "服务日次数", "接待群众人次", "当场答复", "入户走访户次", "受理代办件数", "办结件数",
    "按时办结", "超时办结", "未办结", "超期未办结", "办结率", "按时办结率", "回访件数",
    "满意", "基本满意", "不满意", "满意率", "调处纠纷", "调处成功", "调处成功率",
    "包联户数", "本月已联系户数", "包联户联系率",
]  # fmt: skip


@pytest.fixture
def month(town_ctx: Any) -> tuple[Any, dict[str, int]]:
    return town_ctx, build_month(town_ctx)


def _rows(ws: Any) -> dict[str, tuple[Any, ...]]:
    return {
        str(r[0]): r for r in ws.iter_rows(min_row=3, values_only=True) if isinstance(r[1], int)
    }


def test_sheets_headers_totals_and_formulas(month: Any, tmp_path: Path) -> None:
    ctx, _ = month
    saved = write_stats(ctx, tmp_path / "stats.xlsx", "2026-11")
    wb = openpyxl.load_workbook(saved.path)
    assert wb.sheetnames == ["按村", "按干部"]
    village = wb["按村"]
    assert village["A1"].value == "县河镇驻村服务日工作月统计表·按村（2026年11月）"
    assert [c.value for c in village[2]] == ["单位", *HEADERS]
    assert [c.value for c in wb["按干部"][2]] == ["姓名", *HEADERS]
    rows = _rows(village)
    assert list(rows) == ["桃园村", "李家湾村", "石门村", "合计"]
    taoyuan = rows["桃园村"]
    assert taoyuan[5] == 3 and taoyuan[11] == "66.7%" and taoyuan[12] == "33.3%"
    assert taoyuan[17] == "50.0%"
    shimen = rows["石门村"]
    assert shimen[11] == shimen[12] == shimen[17] == shimen[20] == shimen[23] == "—"
    total = rows["合计"]
    assert total[5] == 4 and total[6] == 2 and total[11] == "50.0%"
    assert isinstance(total[1], int)
    notes = [str(r[0]) for r in village.iter_rows(values_only=True) if r[0] and "=" in str(r[0])]
    assert [n.split(" =")[0] for n in notes] == ["办结率", "按时办结率", "满意率", "调处成功率",
                                                "包联户联系率"]  # fmt: skip
    assert village.page_setup.orientation == "landscape" and village.page_setup.fitToWidth == 1


def test_officials_under_eighty_percent_are_marked(month: Any, tmp_path: Path) -> None:
    ctx, _ = month
    saved = write_stats(ctx, tmp_path / "stats.xlsx", "2026-11")
    ws = openpyxl.load_workbook(saved.path)["按干部"]
    rows = _rows(ws)
    assert list(rows) == ["刘书记", "陈干事▲", "合计"]
    marked = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "陈干事▲")
    assert marked[0].font.b
    assert any("低于80%" in str(r[0]) for r in ws.iter_rows(values_only=True) if r[0])


def test_an_empty_month_is_a_valid_form(month: Any, tmp_path: Path) -> None:
    ctx, _ = month
    saved = write_stats(ctx, tmp_path / "aug.xlsx", "2026-08")
    rows = _rows(openpyxl.load_workbook(saved.path)["按村"])
    assert rows["合计"][5] == 0 and rows["合计"][11] == "—"


@pytest.mark.slow
def test_libreoffice_prints_it(month: Any, tmp_path: Path, print_pdf: Any) -> None:
    ctx, _ = month
    printed = print_pdf(write_stats(ctx, tmp_path / "stats.xlsx", "2026-11").path)
    assert printed.pages == 2  # one page a sheet
    assert "驻村服务日工作月统计表" in printed.text and "按时办结率 = 按时办结" in printed.text


def test_rates_print_by_the_domain_rule(tmp_path: Path) -> None:
    """65/80 → 81.3% and 1/16 → 6.3% (exact half up, never the float's 81.2%),
    a zero denominator → —: the sheet, the CLI's table and its JSON agree."""
    from deskui.cli.stats import as_dict, cells
    from deskui.domain.rates import STAT_COLUMNS, Counts
    from deskui.exports.stats import columns, values
    from deskui.exports.workbook import FormBook

    counts = Counts(accepted=80, done=65, return_visits=16, satisfied=1)
    book = FormBook()
    sheet = book.sheet("按村", "统计", columns("单位"))
    sheet.append(values("桃园村", counts))
    ws = openpyxl.load_workbook(book.save(tmp_path / "r.xlsx")).active
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "桃园村")
    printed = dict(zip(["单位", *HEADERS], row, strict=True))
    assert (printed["办结率"], printed["满意率"], printed["调处成功率"]) == ("81.3%", "6.3%", "—")
    table = dict(zip(HEADERS, cells(counts), strict=True))
    assert (table["办结率"], table["满意率"], table["调处成功率"]) == ("81.3%", "6.3%", "—")
    data = as_dict("桃园村", counts)
    assert (data["办结率"], data["满意率"], data["调处成功率"]) == (81.3, 6.3, None)
    assert [c.header for c in STAT_COLUMNS] == HEADERS
