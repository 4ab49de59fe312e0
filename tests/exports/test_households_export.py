"""民情档案 exports: the flat roll, the household blocks and the
包联户联系情况表, read back with openpyxl and printed through LibreOffice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fixtures.archive_data import add_officials, make_id
from openpyxl import load_workbook

from deskui.domain.roles import Role
from deskui.exports.contacts import export_contacts
from deskui.exports.households import export_blocks, export_roll
from deskui.services.archive.contacts import log_contact
from deskui.services.archive.roll import import_households
from deskui.services.context import Actor
from deskui.store.models import Household, Official

FIXTURE = Path(__file__).parent.parent / "fixtures" / "roll.xlsx"
CLERK = Actor(id=None, username="clerk", display_name="小王", role=Role.CLERK)


@pytest.fixture
def archive_ctx(town_ctx: Any) -> Any:
    add_officials(town_ctx, "陈干事")
    import_households(town_ctx, FIXTURE)
    return town_ctx


def test_roll_keeps_text_cells_and_masks_for_a_clerk(
    archive_ctx: Any, tmp_path: Path, print_pdf: Any
) -> None:
    full = export_roll(archive_ctx, tmp_path / "roll.xlsx")
    ws = load_workbook(full).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 6
    assert rows[0][3] == "王建国" and rows[0][5] == make_id("19650315", 11)
    assert ws.cell(row=3, column=6).data_type == "s"
    # 组 and 家庭年收入 are numbers, 出生日期 a date cell (no green triangles)
    head = [ws.cell(row=3, column=c) for c in (2, 8, 14)]
    assert isinstance(head[0].value, int) and head[0].data_type == "n"
    assert head[1].is_date and head[1].value.date() == dt.date(1965, 3, 15)
    assert head[2].value is None or isinstance(head[2].value, int)
    assert any(isinstance(r[13], int) for r in rows)
    note = next(r for r in rows if r[3] == "张三")[16]
    assert note == "=SUM(A1) 原样保存"
    masked = export_roll(archive_ctx.as_actor(CLERK), tmp_path / "masked.xlsx")
    first = next(load_workbook(masked).active.iter_rows(min_row=3, values_only=True))
    assert "*" in first[5] and first[8] == "139****5678"
    printed = print_pdf(full)
    assert printed.pages == 1 and "农户花名册" in printed.text and "曾国藩" in printed.text


def test_blocks_one_household_a_page(archive_ctx: Any, tmp_path: Path, print_pdf: Any) -> None:
    ids = [h.id for h in Household.select().order_by(Household.id)]
    chen = Official.get(Official.name == "陈干事").id
    log_contact(archive_ctx, ids[0], chen, "2026-11-20", "登门", note="了解低保复核")
    path = export_blocks(archive_ctx, tmp_path / "blocks.xlsx", ids, village="")
    ws = load_workbook(path).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "户主签字（手印）" in values and "了解低保复核" in " ".join(map(str, values))
    assert "年收入（元）" in values
    # 存在困难 / 诉求建议 are blocks across the page, the signature row tall
    merged = {str(r) for r in ws.merged_cells.ranges}
    for label in ("存在困难", "诉求建议"):
        row = next(c.row for c in ws["A"] if c.value == label)
        assert f"B{row}:G{row}" in merged and ws.row_dimensions[row].height >= 54
    sign = next(c.row for c in ws["A"] if c.value == "入户人员签字")
    assert ws.row_dimensions[sign].height >= 60
    printed = print_pdf(path)
    assert printed.pages == len(ids) == 3
    assert "王建国" in printed.text and "入户人员签字" in printed.text
    # the head's ID number on one line, whole
    assert make_id("19650315", 11) in printed.text


def test_contacts_form(archive_ctx: Any, tmp_path: Path, print_pdf: Any) -> None:
    chen = Official.get(Official.name == "陈干事").id
    first = Household.get(Household.code == "TY001").id
    log_contact(archive_ctx, first, chen, "2026-11-03", "登门")
    path = export_contacts(archive_ctx, tmp_path / "contacts.xlsx", 2026, 11)
    book = load_workbook(path)
    cover = list(book.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert cover[0][:7] == ("陈干事", 2, 1, 0, 1, 1, "50.0%")
    pending = list(book.worksheets[1].iter_rows(min_row=3, values_only=True))
    assert pending[0][4] == "曾国藩" and pending[0][7] == "是"
    printed = print_pdf(path)
    assert printed.pages == 2 and "包联户联系情况表" in printed.text
