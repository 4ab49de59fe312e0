"""The shared workbook module: safe cells, print setup, streaming, saving."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from deskui.exports.workbook import Column, ExportError, FormBook, format_rate

COLUMNS = [
    Column("序号", 6, "int"),
    Column("姓名", 10, "center"),
    Column("身份证号", 20, "code"),
    Column("联系电话", 14, "code"),
    Column("反映问题", 40, "text"),
    Column("登记日期", 12, "date"),
    Column("满意率", 10, "rate"),
]
HOSTILE = [
    (1, "张三", "610902196503150012", "13912345678", "=HYPERLINK(\"http://x\",\"点我\")", dt.date(2026, 11, 24), (1, 2)),
    (2, "+李四", "61090219650315001X", "0915-3212345", "-1+2 @SUM(A1) 正常文字", dt.date(2026, 11, 25), None),
    (3, "王五\x07", "610902196503150012", "13800001111", "带控制字符\x00\x1f的备注😀", None, (1, 1)),
    (4, "@赵六", "", "", "长" * 40_000, dt.date(2026, 11, 26), (7, 8)),
]  # fmt: skip


def _book(streaming: bool, tmp_path: Path) -> Path:
    book = FormBook(streaming=streaming)
    sheet = book.sheet("桃园村", "县河镇桃园村驻村服务日群众诉求办理销号台账（2026年11月）",
                       COLUMNS, landscape=True)  # fmt: skip
    sheet.extend(HOSTILE)
    sheet.note("满意率 = （满意 + 基本满意）÷ 回访件数")
    sheet.signatures()
    return book.save(tmp_path / ("s.xlsx" if streaming else "n.xlsx"))


@pytest.mark.parametrize("streaming", [False, True], ids=["normal", "streaming"])
def test_cells_are_safe_and_print_setup_is_set(streaming: bool, tmp_path: Path) -> None:
    path = _book(streaming, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["桃园村"]
    assert ws["A1"].value.startswith("县河镇桃园村")
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == [c.header for c in COLUMNS]
    row = {c.header: ws.cell(row=3, column=i + 1) for i, c in enumerate(COLUMNS)}
    assert (
        row["反映问题"].value == '=HYPERLINK("http://x","点我")'
        and row["反映问题"].data_type == "s"
    )
    assert row["身份证号"].value == "610902196503150012" and row["身份证号"].data_type == "s"
    assert row["满意率"].value == "50.0%"
    assert ws["B4"].value == "+李四" and ws["B4"].data_type == "s"
    assert ws["G4"].value == "—"
    assert ws["B5"].value == "王五" and ws["E5"].value == "带控制字符的备注😀"
    assert ws["B6"].value == "@赵六" and len(ws["E6"].value) <= 32_767
    assert all(c.font.name == "SimSun" for c in ws[3])
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert any("审核人" in str(c.value) for c in ws["A"] if c.value)


def test_libreoffice_prints_it_one_page_wide(tmp_path: Path, print_pdf) -> None:  # type: ignore[no-untyped-def]
    printed = print_pdf(_book(True, tmp_path))
    assert "县河镇桃园村驻村服务日群众诉求办理销号台账" in printed.text.replace(" ", "")
    assert "填表人" in printed.text
    # the 40,000-character note wraps down the page; it must not spread sideways
    assert 1 <= printed.pages <= 40


def test_format_rate() -> None:
    assert format_rate(None) == "—"
    assert format_rate((0, 5)) == "0.0%"
    assert format_rate((2, 3)) == "66.7%"
    assert format_rate((65, 80)) == "81.3%"  # half up, exactly: not 81.2%
    assert format_rate((1, 16)) == "6.3%"
    assert format_rate((3, 0)) == "—"
    with pytest.raises(TypeError):
        format_rate(0.8125)  # type: ignore[arg-type]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="不存在"):
        FormBook().save(tmp_path / "nope" / "x.xlsx")


def test_file_open_in_excel(tmp_path: Path) -> None:
    (tmp_path / "~$台账.xlsx").write_text("owner")
    with pytest.raises(ExportError, match="正被占用"):
        FormBook().save(tmp_path / "台账.xlsx")


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == tmp_path else real(p, m))
    with pytest.raises(ExportError, match="不可写"):
        FormBook().save(tmp_path / "x.xlsx")


def test_a_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old")
    book = FormBook()
    book.sheet("表", "标题", COLUMNS[:2]).append([1, "张三"])

    def boom(path: str) -> None:
        Path(path).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(book.wb, "save", boom)
    with pytest.raises(ExportError, match="disk full"):
        book.save(target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


@pytest.mark.parametrize(
    ("subtitle", "header_rows", "frozen"),
    [("", [], "A3"), ("截至 2026-11-30", [["基本情况"] * len(COLUMNS)], "A5")],
    ids=["plain", "subtitle-and-header-rows"],
)
def test_a_streamed_sheet_freezes_its_header_like_a_normal_one(
    subtitle: str, header_rows: list[list[str]], frozen: str, tmp_path: Path
) -> None:
    # write-only mode writes the sheet view with the first row: a pane set
    # after that never reaches the file
    panes = {}
    for streaming in (False, True):
        book = FormBook(streaming=streaming)
        sheet = book.sheet("表", "标题", COLUMNS, subtitle=subtitle, header_rows=header_rows)
        sheet.extend(HOSTILE[:2])
        sheet.signatures()
        ws = openpyxl.load_workbook(book.save(tmp_path / f"{streaming}.xlsx"))["表"]
        pane = ws.sheet_view.pane
        panes[streaming] = (ws.freeze_panes, pane.state if pane else None, ws.print_title_rows)
    assert panes[False] == (frozen, "frozen", f"$1:${int(frozen[1:]) - 1}")
    assert panes[True] == panes[False]


SAME_STYLE = [Column("甲", 12, "center"), Column("乙", 12, "center"), Column("丙", 12, "center")]


@pytest.mark.parametrize(
    ("values", "formats"),
    [
        ((dt.date(2026, 11, 24), "桃园村", 5), ("yyyy-mm-dd", "General", "General")),
        (("桃园村", 5, dt.date(2026, 11, 24)), ("General", "General", "yyyy-mm-dd")),
        (
            (dt.date(2026, 11, 24), dt.datetime(2026, 11, 24, 9, 30), 1.5),
            ("yyyy-mm-dd", "yyyy-mm-dd h:mm:ss", "General"),
        ),
    ],
    ids=["date-first", "date-last", "date-then-datetime"],
)
def test_a_streamed_cell_takes_the_number_format_of_its_own_value(
    values: tuple[object, ...], formats: tuple[str, ...], tmp_path: Path
) -> None:
    # same font, alignment and border in every cell: one style-cache key
    # unless the value's own number format is part of it
    for streaming in (False, True):
        book = FormBook(streaming=streaming)
        sheet = book.sheet("表", "标题", SAME_STYLE)
        sheet.append(values)
        sheet.append(values[::-1])
        ws = openpyxl.load_workbook(book.save(tmp_path / f"{streaming}.xlsx"))["表"]
        assert tuple(c.number_format for c in ws[3]) == formats, streaming
        assert tuple(c.number_format for c in ws[4]) == formats[::-1], streaming
        assert [c.value for c in ws[3]] == [
            dt.datetime.combine(v, dt.time()) if type(v) is dt.date else v for v in values
        ], streaming


TYPED = [
    Column("登记日期", 12, "date"),
    Column("办结日期", 12, "date"),
    Column("组", 4, "int"),
    Column("年收入", 8, "int"),
    Column("户编号", 8, "code"),
]


def _typed(streaming: bool, tmp_path: Path) -> Path:
    book = FormBook(streaming=streaming)
    sheet = book.sheet("表", "标题", TYPED)
    sheet.append([dt.date(2026, 11, 24), "2026-11-03", "3", "36000", "007"])
    sheet.append([dt.datetime(2026, 11, 2, 9, 30), "", 12, "", 7])
    sheet.append(["2026-02-30", "待定", "03", "3.5万", "08"])
    return book.save(tmp_path / f"typed-{streaming}.xlsx")


@pytest.mark.parametrize("streaming", [False, True], ids=["normal", "streaming"])
def test_dates_are_date_cells_and_counts_are_numbers(streaming: bool, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_typed(streaming, tmp_path))["表"]
    first, second, odd = ws[3], ws[4], ws[5]
    for cell, day in (
        (first[0], (2026, 11, 24)),
        (first[1], (2026, 11, 3)),
        (second[0], (2026, 11, 2)),
    ):
        assert cell.is_date and cell.number_format == "yyyy-mm-dd", cell.coordinate
        assert cell.value == dt.datetime(*day), cell.coordinate
    assert (first[2].value, first[2].data_type) == (3, "n")
    assert (first[3].value, first[3].data_type) == (36000, "n")
    assert (second[2].value, second[4].value) == (12, "7")
    assert first[4].value == "007" and first[4].data_type == "s"
    # what is not a day or a whole number stays as written, never a crash
    assert [c.value for c in odd] == ["2026-02-30", "待定", "03", "3.5万", "08"]
    assert not any(c.is_date for c in odd)


def test_libreoffice_reads_a_date_column_as_dates(tmp_path: Path, lo_convert) -> None:  # type: ignore[no-untyped-def]
    again = openpyxl.load_workbook(lo_convert(_typed(True, tmp_path), "xlsx"))["表"]
    column = [again.cell(row=r, column=1) for r in (3, 4)]
    # a number with a date format: openpyxl reads it back as a datetime
    assert all(c.is_date and isinstance(c.value, dt.datetime) for c in column)
    assert [c.value.date() for c in column] == [dt.date(2026, 11, 24), dt.date(2026, 11, 2)]
    assert again.cell(row=3, column=3).value == 3 and again.cell(row=3, column=3).data_type == "n"
