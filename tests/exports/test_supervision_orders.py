"""督办单: a list sheet and one order a page; issuing records 督办."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from deskui.cli import main
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.cards import open_matter
from deskui.store.models import Official, SupervisionOrder

MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def sup_ctx(town_ctx: ServiceContext) -> ServiceContext:
    ctx = town_ctx
    ctx.write(lambda: audit.create(ctx, Official, town=ctx.town_id, name="王强", unit="党政办"))
    kw: dict[str, Any] = {"village": "桃园村", "first_receiver": "王强", "phone": "13912345678"}
    open_matter(ctx, name="张三", content="修村道", level="镇", accepted_on="2026-11-17", **kw)
    open_matter(ctx, name="李四", content="办低保", level="县", promised_on="2026-12-20",
                accepted_on="2026-11-17", **kw)  # fmt: skip
    open_matter(
        ctx, name="王五", content="下周的事", level="村", **kw
    )  # not yet accepted on Monday
    return ctx


def test_orders_one_a_page_with_a_list(
    sup_ctx: ServiceContext, tmp_path: Path, print_pdf: Any
) -> None:
    from deskui.exports.supervision import write_supervision
    from deskui.services.matters.supervision import issue_orders

    issue_orders(sup_ctx, MONDAY)
    path = write_supervision(sup_ctx, MONDAY, tmp_path / "sup.xlsx")
    wb = load_workbook(path)
    # the list and the orders (one a page on one sheet), both selected for one print
    assert wb.sheetnames == ["督办单汇总", "督办单"]
    assert all(ws.sheet_view.tabSelected for ws in wb.worksheets)
    assert len(wb.worksheets[1].row_breaks.brk) == 1
    listing = [r for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert listing[0][0] == "县河镇党政联席会议督办事项清单（2026-11-23）"
    body = [r for r in listing if isinstance(r[0], int)]
    assert [r[2] for r in body] == ["XH2026-0001", "XH2026-0002"]
    order = [c for row in wb.worksheets[1].iter_rows(values_only=True) for c in row if c]
    for label in ("牵头单位", "责任领导", "责任人", "办结时限", "办理要求", "签收人", "签收时间",
                  "办理情况", "延期申请", "办结日期", "审核意见", "是否销号", "交办人",
                  "单位负责人签字（盖章）"):  # fmt: skip
        assert label in order
    assert "党政办" in order and "王强" in order
    assert [e.kind for e in get_matter(sup_ctx, "XH2026-0001").events] == ["受理", "督办"]
    printed = print_pdf(path)
    assert printed.pages == 3
    assert printed.text.count("县河镇督办单") == 2
    # the orders' sheet counts its own pages, with no total (LibreOffice would
    # count the list's page in it)
    assert re.search(r"第\s*2\s*张", printed.page(3)) and "共" not in printed.page(3)
    assert "督办事项清单" in printed.text


@pytest.mark.sqlite_only
def test_cli_issues_then_exports(
    sup_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", sup_ctx.settings.db]
    out = tmp_path / "s.xlsx"
    export = [*db, "export", "supervision", "--out", str(out), "--date"]
    assert main([*export, "2026-11-23"]) == 2  # nothing issued yet: a clear message
    assert "还没有交办督办单" in capsys.readouterr().err and not out.exists()
    assert SupervisionOrder.select().count() == 0
    issue = [*db, "supervision", "issue", "--meeting", "2026-11-23"]
    assert main([*issue, "--matter", "xh2026-0002"]) == 0
    assert "XHDB2026-0001" in capsys.readouterr().out
    assert main([*issue, "--matter", "XH2026-0002"]) == 2  # already issued at that meeting
    assert "不能重复交办" in capsys.readouterr().err
    assert main([*issue, "--matter", "XH2026-0003"]) == 2  # not on the agenda
    assert "不在 2026-11-23 联席会议的议题中" in capsys.readouterr().err
    assert main(issue) == 0  # the rest of the agenda
    assert "交办督办单 1 份" in capsys.readouterr().out
    assert main(issue) == 0
    assert "没有尚未交办的议题" in capsys.readouterr().out
    assert SupervisionOrder.select().count() == 2  # each matter once
    assert main([*export, "2026-11-23"]) == 0
    assert main([*export, "2026-11-23"]) == 0
    assert SupervisionOrder.select().count() == 2  # exporting never issues
    assert [e.kind for e in get_matter(sup_ctx, "XH2026-0001").events] == ["受理", "督办"]
    assert main([*export, "2026-02-30"]) == 2
    assert main([*issue[:-1], "2026-12-07"]) == 2  # a meeting still to come
