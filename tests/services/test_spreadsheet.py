"""The one spreadsheet reader: every row whatever the file declares, every
sheet, and the cells that cannot be read as meant named, never guessed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from deskui.domain.errors import ValidationError
from deskui.services.archive.roll import import_households
from deskui.services.spreadsheet import read_table, sheets

ROLL = ("村", "组", "户编号", "姓名", "与户主关系", "身份证号", "联系电话")


def _save(path: Path, rows: list[list[object]], *, sheets_: int = 1) -> Path:
    book = Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    for i in range(1, sheets_):
        book.create_sheet(f"第{i + 1}页").append(["另一页"])
    book.save(path)
    return path


def _understate(path: Path, ref: str) -> None:
    """Rewrite the sheet's <dimension> as another program might write it."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
            out.writestr(item, data)
    tmp.replace(path)


def test_every_row_is_read_whatever_the_dimension_says(tmp_path: Path) -> None:
    path = _save(tmp_path / "r.xlsx", [["姓名"], *[[f"人{i}"] for i in range(5)]])
    _understate(path, "A1:A2")
    assert [cells[0] for _, cells in read_table(path)] == [
        "姓名",
        "人0",
        "人1",
        "人2",
        "人3",
        "人4",
    ]


def test_every_sheet_is_read(tmp_path: Path) -> None:
    path = _save(tmp_path / "s.xlsx", [["a"]], sheets_=3)
    assert [s.name for s in sheets(path)] == ["Sheet", "第2页", "第3页"]


def test_a_long_number_and_an_uncomputed_formula_are_named(tmp_path: Path) -> None:
    path = _save(tmp_path / "n.xlsx", [["身份证号", "姓名"], [6.1090219800101e17, '=A1&"x"']])
    rows = dict(read_table(path))
    assert "Excel 只保留 15 位数字" in rows[2].problems[0]
    assert "没有保存计算结果" in rows[2].problems[1]
    assert rows[1].problems == {}


def test_a_roll_with_a_numeric_id_column_says_so(town_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [list(ROLL), ["桃园村", 1, "001", "张三", "户主", 6.1090219800101e17, "13912345678"]]
    result = import_households(town_ctx, _save(tmp_path / "roll.xlsx", rows), dry_run=True)
    assert len(result.rejects) == 1
    assert result.rejects[0].reason.startswith("身份证号：这一格是数字格式")


def test_a_file_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="找不到这个文件"):
        list(read_table(tmp_path / "none.xlsx"))


def test_a_table_that_starts_away_from_a1_keeps_its_lines_and_columns(tmp_path: Path) -> None:
    """calamine starts a sheet's rows at line 1 but its columns at the first
    used one: the reader puts the columns back where the file has them."""
    book = Workbook()
    ws = book.active
    ws["C3"], ws["D3"] = "姓名", "组"
    ws["C5"], ws["D5"], ws["F5"] = "张三", 2, 3.5
    book.save(path := tmp_path / "c3.xlsx")
    table = dict(read_table(path))
    assert table[3][2:4] == ("姓名", "组") and table[3][:2] == ("", "")
    assert table[5][2:6] == ("张三", "2", "", "3.5")
    assert table[4] == ("",) * len(table[4])
    (sheet,) = sheets(path)
    rows = dict(sheet.rows)
    assert rows[5][:6] == (None, None, "张三", 2, None, 3.5)  # openpyxl's forms
    assert isinstance(rows[5][3], int)


def test_only_a_real_formula_sends_a_sheet_to_the_formula_reader(tmp_path: Path) -> None:
    from deskui.services.spreadsheet import _formula_sheets

    book = Workbook()
    ws = book.active
    ws.append(["姓名", "组"])
    ws.append(["张三", 1])
    ws.auto_filter.ref = "A1:B2"  # <autoFilter><filterColumn …>: no formula
    ws.auto_filter.add_filter_column(0, ["张三"])
    book.create_sheet("合计").append(["=1+1"])
    book.save(path := tmp_path / "f.xlsx")
    assert _formula_sheets(path) == {"合计"}
    assert [s.name for s in sheets(path)] == ["Sheet", "合计"]
    assert [cells[0] for _, cells in read_table(path)] == ["姓名", "张三"]


def test_the_streamed_text_is_the_sheet_as_a_clerk_reads_it(tmp_path: Path) -> None:
    """The roll's stream turns calamine's cells into text in one pass a row;
    it must say what ``sheets()`` with :func:`text_cell` says, problems too."""
    import datetime as dt

    from deskui.services.spreadsheet import text_cell

    book = Workbook()
    ws = book.active
    cells: list[object] = [
        "张三", 2, 3.5, -4.0, 0, 6.1090219800101e17, -1e15, 999999999999999, True,
        dt.date(2024, 2, 29), dt.datetime(2024, 3, 1, 8, 30), None, " 空格 ", "1e3",
    ]  # fmt: skip
    for col, value in enumerate(cells, start=2):
        ws.cell(row=2, column=col, value=value)
    ws.cell(row=4, column=3, value=12.0)
    ws.cell(row=4, column=2, value="x")
    book.save(path := tmp_path / "kinds.xlsx")
    from deskui.services.spreadsheet import _formula_sheets

    assert _formula_sheets(path) == set()  # read by calamine, not openpyxl
    (sheet,) = sheets(path)
    expected = {
        line: (tuple(text_cell(v) for v in row), {c: w for (n, c), w in sheet.problems.items() if n == line})
        for line, row in sheet.rows
    }  # fmt: skip
    streamed = {line: (tuple(row), row.problems) for line, row in read_table(path)}
    assert streamed == expected
    assert streamed[2][0][1:5] == ("张三", "2", "3.5", "-4")
    assert set(streamed[2][1]) == {6, 7}  # the two numbers past 15 digits
