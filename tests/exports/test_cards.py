"""代办事项受理卡: one card a page, masked for a clerk, the receipt part."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from deskui.cli import main
from deskui.domain.errors import NotFound, ValidationError
from deskui.domain.roles import Role
from deskui.exports.cards import write_cards
from deskui.services import audit
from deskui.services.context import Actor, ServiceContext
from deskui.services.matters.cards import open_matter, refuse_matter, step
from deskui.store.models import Household, Official, Resident, Village


@pytest.fixture
def cards_ctx(town_ctx: ServiceContext) -> ServiceContext:
    ctx = town_ctx

    def work() -> int:
        audit.create(ctx, Official, town=ctx.town_id, name="王强", unit="民政办")
        village = Village.get(Village.name == "桃园村")
        h = audit.create(ctx, Household, village=village.id, group_no=2, code="H1",
                         head_name="张三", address="桃园村2组18号")  # fmt: skip
        r = audit.create(ctx, Resident, household=h.id, name="张三", relation="户主",
                         id_number="61090219650101001X", phone="13912345678")  # fmt: skip
        return int(r.id)

    rid = ctx.write(work)
    kw: dict[str, Any] = {"village": "桃园村", "first_receiver": "王强"}
    a = open_matter(ctx, name="张三", content="办理残疾证", level="镇", resident_id=rid, **kw)
    step(ctx, a.number, "办结", note="残疾证已送达")
    step(ctx, a.number, "签字确认")
    step(ctx, a.number, "回访", satisfaction="基本满意")
    b = open_matter(ctx, name="李四", content="=1+1 修村道", level="县", promised_on="2026-12-20",
                    **kw)  # fmt: skip
    step(ctx, b.number, "转办", to="县交通局", note="需县里立项")
    open_matter(ctx, name="王五", content="上周的事", level="村", accepted_on="2026-11-17", **kw)
    refuse_matter(ctx, name="赵六", content="要求补偿", explanation="不符合政策", **kw)
    return ctx


def _text(path: Path, sheet: int = 0) -> list[Any]:
    ws = load_workbook(path).worksheets[sheet]
    return [c for row in ws.iter_rows(values_only=True) for c in row if c not in (None, "")]


def test_cards_of_a_day_one_a_page(
    cards_ctx: ServiceContext, tmp_path: Path, print_pdf: Any
) -> None:
    path, count = write_cards(cards_ctx, tmp_path / "cards.xlsx", day=dt.date(2026, 11, 24))
    assert count == 2  # the refused one and last week's are left out
    wb = load_workbook(path)
    # one sheet, a card a page: one print command prints the day
    assert wb.sheetnames == ["受理卡"]
    ws = wb.worksheets[0]
    assert len(ws.row_breaks.brk) == 1 and ws.oddFooter.center.text == "第 &P 张 共 &N 张"
    assert ws.page_setup.fitToHeight == 0  # never squeezed onto one page
    values = _text(path)
    assert values.count("代办事项受理卡") == 2 and "61090219650101001X" in values
    assert "☐满意　☑基本满意　☐不满意" in values
    assert "申请人签字（手印）" in values and "代办员签字" in values
    assert "桃园村2组 桃园村2组18号" in values
    assert "镇级办理（需镇研究办理）" in values and "县级办理（超出镇职权）" in values
    # the latest step shows, a 转办 included
    assert "最近一步：2026-11-24 转办至县交通局，需县里立项" in values
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+1 修村道")
    assert cell.data_type == "s"
    # each card is stretched to fill its page: well over half of A4
    breaks = [0, ws.row_breaks.brk[0].id, ws.max_row]
    for top, bottom in itertools.pairwise(breaks):
        height = sum(ws.row_dimensions[r].height or 15 for r in range(top + 1, bottom + 1))
        assert 650 <= height <= 760, height
    printed = print_pdf(path)
    assert printed.pages == 2
    assert printed.text.count("代办事项受理卡") == 2
    assert re.search(r"第\s*1\s*张\s*共\s*2\s*张", printed.page(1))
    assert re.search(r"第\s*2\s*张\s*共\s*2\s*张", printed.page(2))
    assert "回执" not in printed.text


def test_card_with_receipt_masked_for_a_clerk(
    cards_ctx: ServiceContext, tmp_path: Path, print_pdf: Any
) -> None:
    clerk = cards_ctx.as_actor(Actor(None, "lr", "小刘", Role.CLERK, None))
    path, count = write_cards(clerk, tmp_path / "one.xlsx", numbers=["xh2026-0001"], receipt=True)
    values = _text(path)
    assert count == 1
    assert "61090219650101001X" not in values and "13912345678" not in values
    assert any("*" in str(v) and str(v).startswith("6109") for v in values)
    assert "代办事项受理回执" in values and any("沿此线剪下" in str(v) for v in values)
    ws = load_workbook(path).worksheets[0]
    cut = next(c for row in ws.iter_rows() for c in row if "沿此线剪下" in str(c.value or ""))
    # the cut line is outside both tables: no border on it, nor on the lines around it
    for r in (cut.row - 1, cut.row, cut.row + 1):
        assert all(c.border.top.style is None and c.border.left.style is None for c in ws[r])
    receipt = [c.value for row in ws.iter_rows(min_row=cut.row) for c in row if c.value]
    assert "张三" in receipt and "2026-11-24" in receipt  # the applicant and the day accepted
    assert "承诺办结日期" in receipt and "便民服务电话" in receipt and "监督电话" in receipt
    printed = print_pdf(path)
    assert printed.pages == 1
    assert "回执" in printed.text and "代办事项受理卡" in printed.text
    lines = printed.text.splitlines()
    cut_at = next(i for i, x in enumerate(lines) if "沿此线剪下" in x)
    receipt_at = next(i for i, x in enumerate(lines) if "代办事项受理回执" in x)
    sign_at = next(i for i, x in enumerate(lines) if "申请人签字" in x)
    assert sign_at < cut_at < receipt_at  # card, cut line, receipt, down the page


def test_bad_requests_are_one_line(cards_ctx: ServiceContext, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        write_cards(cards_ctx, tmp_path / "x.xlsx", day=dt.date(2026, 11, 1))
    with pytest.raises(NotFound, match="XH2026-0099"):
        write_cards(cards_ctx, tmp_path / "x.xlsx", numbers=["XH2026-0099"])
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.sqlite_only
def test_cli(cards_ctx: ServiceContext, tmp_path: Path) -> None:
    db = ["--db", cards_ctx.settings.db]
    out = tmp_path / "c.xlsx"
    assert main([*db, "export", "cards", "--matter", "XH2026-0002", "--out", str(out)]) == 0
    assert load_workbook(out).sheetnames == ["受理卡"]
    assert main([*db, "export", "cards", "--date", "2026-02-30", "--out", str(out)]) == 2
    assert main([*db, "export", "cards", "--matter", "NOPE-1", "--out", str(out)]) == 2
    assert main([*db, "export", "cards", "--out", str(out)]) == 2


def test_two_cards_to_an_a4(cards_ctx: ServiceContext, tmp_path: Path, print_pdf: Any) -> None:
    path, count = write_cards(cards_ctx, tmp_path / "two.xlsx", day=dt.date(2026, 11, 24),
                              two_up=True)  # fmt: skip
    assert count == 2
    ws = load_workbook(path).worksheets[0]
    assert not ws.row_breaks.brk  # both on the first page, a cut line between them
    assert sum(1 for c in ws["A"] if "沿此线剪下" in str(c.value or "")) == 1
    printed = print_pdf(path)
    assert printed.pages == 1 and printed.text.count("代办事项受理卡") == 2
    with pytest.raises(ValidationError, match="两卡一页时不附回执"):
        write_cards(cards_ctx, tmp_path / "x.xlsx", day=dt.date(2026, 11, 24), two_up=True,
                    receipt=True)  # fmt: skip
    assert not (tmp_path / "x.xlsx").exists()
