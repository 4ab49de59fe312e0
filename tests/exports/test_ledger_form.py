"""服务群众销号台账: read back with openpyxl, printed through LibreOffice."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from services.test_figures import build_month

from deskui.domain.errors import ValidationError
from deskui.exports.ledger import write_ledger
from deskui.exports.workbook import ExportError
from deskui.services import audit
from deskui.store.models import Matter, Official, TeamMember, Village

HEADERS = [
    "序号", "编号", "登记日期", "来源", "姓名", "村组住址", "联系电话", "反映问题", "问题类别",
    "办理层级", "首办责任人", "责任领导", "办结时限", "办理情况", "办结日期", "是否超期",
    "回访情况", "群众满意度", "申办人签字", "销号日期", "备注",
]  # fmt: skip
TOWN_HEADERS = [HEADERS[0], "村", *HEADERS[1:]]
HEADER_ROW = 3  # title, subtitle, header


@pytest.fixture
def month(town_ctx: Any) -> tuple[Any, dict[str, int]]:
    return town_ctx, build_month(town_ctx)


def _body(ws: Any) -> list[tuple[Any, ...]]:
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    return [r for r in rows if isinstance(r[0], int)]


def test_town_ledger_reads_back(month: Any, tmp_path: Path) -> None:
    ctx, _ = month
    saved = write_ledger(ctx, tmp_path / "ledger.xlsx", "2026-11")
    assert (saved.rows, saved.sheets) == (6, 4)
    wb = openpyxl.load_workbook(saved.path)
    assert wb.sheetnames == ["全镇", "桃园村", "李家湾村", "石门村"]
    town = wb["全镇"]
    assert town["A1"].value == "县河镇驻村服务日群众诉求办理销号台账（2026年11月）"
    assert wb["桃园村"]["A1"].value == "县河镇桃园村驻村服务日群众诉求办理销号台账（2026年11月）"
    assert [c.value for c in town[HEADER_ROW]] == TOWN_HEADERS
    assert [c.value for c in wb["桃园村"][HEADER_ROW]] == HEADERS
    assert [r[1] for r in _body(town)] == ["桃园村"] * 3 + ["李家湾村"] * 2 + ["石门村"]
    assert [len(_body(wb[n])) for n in wb.sheetnames] == [6, 3, 2, 1]
    first = _body(wb["桃园村"])[0]
    assert first[0] == 1 and first[1] == "XH2026-0001" and first[2] == dt.datetime(2026, 11, 3)
    assert first[6] == "13912345678" and isinstance(first[6], str)  # a text cell
    assert first[15] == "否" and first[18] is None  # the signature is left blank
    carried = [r for r in _body(wb["李家湾村"]) if r[20] and "上月结转" in r[20]]
    assert len(carried) == 1 and carried[0][13] == "已转县局"
    ws = wb["石门村"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"$1:${HEADER_ROW}"
    foot = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and "填表人" in str(r[0])]
    assert foot and "审核人" in foot[0]


def test_one_village_and_an_empty_month(month: Any, tmp_path: Path) -> None:
    ctx, _ = month
    one = write_ledger(ctx, tmp_path / "one.xlsx", "2026-11", village="桃园村")
    wb = openpyxl.load_workbook(one.path)
    assert wb.sheetnames == ["桃园村"] and len(_body(wb["桃园村"])) == 3
    empty = write_ledger(ctx, tmp_path / "aug.xlsx", "2026-08")
    wb = openpyxl.load_workbook(empty.path)
    assert empty.rows == 0 and all(_body(wb[n]) == [] for n in wb.sheetnames)
    assert [c.value for c in wb["全镇"][HEADER_ROW]] == TOWN_HEADERS


def test_marks_legend_team_leader_and_original_number(month: Any, tmp_path: Path) -> None:
    ctx, ids = month

    def work() -> None:
        wang = audit.create(ctx, Official, town=ctx.town_id, name="王镇长", is_leader=True)
        li = Village.get(Village.name == "李家湾村").id
        audit.create(ctx, TeamMember, village=li, official=wang.id, role="组长")
        audit.update(ctx, Matter.get_by_id(ids["m4"]), leader=None)
        audit.update(ctx, Matter.get_by_id(ids["m1"]), original_number="桃-2026-017")

    ctx.write(work)
    # as of 11-24: m3 (due 11-18, open) overdue, m4 (due 11-25) pending; as of
    # 11-18: m3 due that very day
    wb = openpyxl.load_workbook(write_ledger(ctx, tmp_path / "a.xlsx", "2026-11").path)
    rows = {r[1].split("\n")[0]: r for r in _body(wb["桃园村"]) + _body(wb["李家湾村"])}
    assert rows["XH2026-0003"][15] == "▲超期" and rows["XH2026-0002"][15] == "超时办结"
    assert rows["XH2026-0001"][15] == "否"
    assert rows["XH2026-0001"][1] == "XH2026-0001\n原编号 桃-2026-017"
    assert rows["XH2026-0004"][11] == "王镇长"  # none on the card: the team's 组长
    assert rows["XH2026-0005"][11] == "刘书记"  # the card's own leader stays
    legend = [c for r in wb["桃园村"].iter_rows(values_only=True) for c in r if c]
    assert any("▲超期" in str(c) and "●今日到期" in str(c) for c in legend[-3:])
    early = write_ledger(ctx, tmp_path / "b.xlsx", "2026-11", as_of="2026-11-18")
    town = _body(openpyxl.load_workbook(early.path)["全镇"])
    m3 = next(r for r in town if r[2] == "XH2026-0003")
    assert m3[1] == "桃园村" and m3[16] == "●今日到期"


def test_formulas_control_characters_and_long_text(month: Any, tmp_path: Path) -> None:
    ctx, ids = month
    long_note = "很长的备注" * 1000  # 5,000 characters

    def work() -> None:
        m = Matter.get_by_id(ids["m3"])
        audit.update(ctx, m, content='=HYPERLINK("http://x","点我")', applicant="@王\x07五",
                     progress="+1-2\x1f进展", note=long_note)  # fmt: skip

    ctx.write(work)
    saved = write_ledger(ctx, tmp_path / "nasty.xlsx", "2026-11", village="桃园村")
    wb = openpyxl.load_workbook(saved.path)
    row = next(
        r for r in wb["桃园村"].iter_rows(min_row=HEADER_ROW + 1) if r[1].value == "XH2026-0003"
    )
    assert row[7].value == '=HYPERLINK("http://x","点我")' and row[7].data_type == "s"
    assert row[4].value == "@王五" and row[4].data_type == "s"
    assert row[13].value.startswith("+1-2进展")
    assert row[20].value == long_note


def test_bad_month_and_bad_folders(
    month: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, _ = month
    with pytest.raises(ValidationError, match="还没有到"):
        write_ledger(ctx, tmp_path / "x.xlsx", "2026-12")
    with pytest.raises(ExportError, match="不存在"):
        write_ledger(ctx, tmp_path / "missing" / "x.xlsx", "2026-11")
    folder = tmp_path / "ro"
    folder.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == folder else real(p, m))
    with pytest.raises(ExportError, match="不可写"):
        write_ledger(ctx, folder / "x.xlsx", "2026-11")
    assert list(folder.iterdir()) == []
    (tmp_path / "~$busy.xlsx").write_text("")  # Excel holds busy.xlsx open
    with pytest.raises(ExportError, match="正被占用"):
        write_ledger(ctx, tmp_path / "busy.xlsx", "2026-11")


@pytest.mark.slow
def test_libreoffice_prints_it(month: Any, tmp_path: Path, print_pdf: Any) -> None:
    ctx, _ = month
    saved = write_ledger(ctx, tmp_path / "ledger.xlsx", "2026-11", village="桃园村")
    printed = print_pdf(saved.path)
    assert printed.pages == 1  # three lines: one landscape page, one page wide
    assert "销号台账" in printed.text and "XH2026-0001" in printed.text
    assert "申办人签字" in printed.text
