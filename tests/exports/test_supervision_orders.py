"""督办单: a list sheet and one order a page; issuing records 督办."""

from __future__ import annotations

import datetime as dt
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

    path = write_supervision(sup_ctx, MONDAY, tmp_path / "sup.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["督办单汇总", "XHDB2026-0001", "XHDB2026-0002"]
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
    assert "督办事项清单" in printed.text


@pytest.mark.sqlite_only
def test_cli(sup_ctx: ServiceContext, tmp_path: Path) -> None:
    db = ["--db", sup_ctx.settings.db]
    out = tmp_path / "s.xlsx"
    assert main([*db, "export", "supervision", "--date", "2026-11-23", "--out", str(out)]) == 0
    assert main([*db, "export", "supervision", "--date", "2026-11-23", "--out", str(out)]) == 0
    assert SupervisionOrder.select().count() == 2  # issued once
    assert main([*db, "export", "supervision", "--date", "2026-02-30", "--out", str(out)]) == 2
    assert main([*db, "export", "supervision", "--date", "2026-12-07", "--out", str(out)]) == 2
