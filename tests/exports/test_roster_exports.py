"""The roster (值班安排表) and contact-card (明白卡) workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from deskui.domain.roles import Role
from deskui.exports.contact_cards import write_contact_cards
from deskui.exports.roster import write_roster, write_roster_list, write_roster_notices
from deskui.services import audit
from deskui.services.context import Actor
from deskui.services.roster import duty as roster
from deskui.services.roster import teams as roster_teams
from deskui.services.roster.teams import MemberSpec
from deskui.store.models import Official, Town, Village

D = dt.date


@pytest.fixture
def rctx(town_ctx: Any) -> Any:
    ctx = town_ctx

    def work() -> None:
        Town.update(liaison_name="党政办小李", liaison_phone="13800001111",
                    supervision_phone="0915-5495185", service_phone="0915-5797926").execute()  # fmt: skip
        Village.update(office_address="村委会二楼会议室").execute()
        for i in range(14):
            audit.create(ctx, Official, town=ctx.town_id, name=f"干部{i:02d}", post="镇干部",
                         phone=f"1390000{i:04d}", duties="政策宣传、代办服务、矛盾调处")  # fmt: skip

    ctx.write(work)
    for k, village in enumerate(["桃园村", "李家湾村", "石门村"]):
        people = [MemberSpec(f"干部{4 * k:02d}", "组长")]
        people += [MemberSpec(f"干部{4 * k + j:02d}", "成员") for j in (1, 2, 3)]
        roster_teams.set_team(ctx, village, people)
    roster.generate(ctx, D(2026, 10, 1), D(2026, 11, 30))
    roster.sign_in(ctx, "干部00", D(2026, 11, 24), dt.time(8, 50))
    roster.substitute(ctx, "干部01", D(2026, 11, 24), "干部13", "县里开会")
    return ctx


def test_roster_grid_is_the_month_at_a_glance(rctx: Any, tmp_path: Path, print_pdf: Any) -> None:
    path = write_roster(rctx, 2026, 10, tmp_path / "roster.xlsx")
    ws = load_workbook(path).active
    assert ws["A1"].value == "县河镇驻村服务日值班表（2026年10月）"
    header = [c.value for c in ws[2]]
    assert header[:3] == ["村（社区）", "10月6日\n星期二", "10月13日\n星期二"]
    assert [ws.cell(row=r, column=1).value for r in (3, 4, 5)] == ["桃园村", "李家湾村", "石门村"]
    # the National Day Tuesday: one merged cell down the column, with its reason
    assert "B3:B5" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["B3"].value == "国庆节放假，服务日取消"
    assert ws["C3"].value == "干部00（组长）\n干部01、干部02、干部03"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=6)]
    assert any(r[0] and "联络员及电话：党政办小李 13800001111" in str(r[0]) for r in rows)
    assert any(r[0] and "监督电话：0915-5495185" in str(r[0]) for r in rows)
    assert ws.page_setup.orientation == "landscape"
    printed = print_pdf(path)
    assert printed.pages == 1
    text = "".join(printed.text.split())
    assert "国庆节放假" in text and "第1页共1页" in text


def test_roster_grid_marks_sign_ins_and_substitutes(rctx: Any, tmp_path: Path) -> None:
    path = write_roster(rctx, 2026, 11, tmp_path / "roster11.xlsx")
    ws = load_workbook(path).active
    dates = [c.value for c in ws[2]]
    col = dates.index("11月24日\n星期二") + 1
    cell = ws.cell(row=3, column=col).value  # 桃园村
    assert cell.startswith("干部00✓（组长）\n")
    assert "干部13（顶）" in cell


def test_thirty_villages_print_on_at_most_three_pages(
    town_ctx: Any, tmp_path: Path, print_pdf: Any
) -> None:
    ctx = town_ctx
    names = [f"第{i:02d}村" for i in range(27)]
    ctx.write(lambda: [audit.create(ctx, Village, town=ctx.town_id, name=n, group_count=6,
                                    sort_order=10 + i) for i, n in enumerate(names)])  # fmt: skip
    ctx.write(lambda: [audit.create(ctx, Official, town=ctx.town_id, name=f"干部{i:02d}", post="镇干部",
                                    phone=f"1390000{i:04d}") for i in range(90)])  # fmt: skip
    for k, village in enumerate(["桃园村", "李家湾村", "石门村", *names]):
        people = [MemberSpec(f"干部{3 * k:02d}", "组长")]
        people += [MemberSpec(f"干部{3 * k + j:02d}", "成员") for j in (1, 2)]
        roster_teams.set_team(ctx, village, people)
    roster.generate(ctx, D(2026, 11, 1), D(2026, 11, 30))
    printed = print_pdf(write_roster(ctx, 2026, 11, tmp_path / "roster30.xlsx"))
    assert printed.pages <= 3


def test_roster_list_folds_a_town_wide_holiday_and_prints_officials_phones(
    rctx: Any, tmp_path: Path
) -> None:
    clerk = rctx.as_actor(Actor(None, "xw", "小王", Role.CLERK))
    path = write_roster_list(clerk, 2026, 10, tmp_path / "list10.xlsx")
    ws = load_workbook(path).active
    assert ws["A1"].value == "县河镇驻村服务日值班安排表（2026年10月）"
    assert [c.value for c in ws[2]][:4] == ["日期", "星期", "村", "时段"]
    assert ws["A3"].value == "2026-10-06 星期二：全镇 3 个村的服务日取消（国庆节放假，服务日取消）"
    path = write_roster_list(clerk, 2026, 11, tmp_path / "list11.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(path).active.iter_rows(min_row=3)]
    day = next(r for r in rows if r[0] == dt.datetime(2026, 11, 24) and r[2] == "桃园村")
    assert day[5] == "干部00\n镇干部"
    assert day[9] == "干部13顶干部01"
    assert day[10] == "干部00 08:50"
    assert "13900000001" in day[8]  # an official's work phone is public, for a clerk too


def test_village_notices_one_a_page(rctx: Any, tmp_path: Path, print_pdf: Any) -> None:
    clerk = rctx.as_actor(Actor(None, "xw", "小王", Role.CLERK))
    path = write_roster_notices(clerk, 2026, 11, tmp_path / "notices.xlsx")
    values = [
        str(c.value) for row in load_workbook(path).active.iter_rows() for c in row if c.value
    ]
    assert values.count("桃园村驻村服务日公告（2026年11月）") == 1
    assert any("干部00（镇干部）13900000000" in v for v in values)
    assert any("监督电话：0915-5495185" in v for v in values)
    printed = print_pdf(path)
    assert printed.pages == 3
    one = write_roster_notices(clerk, 2026, 11, tmp_path / "one.xlsx", village="石门村")
    assert print_pdf(one).pages == 1


def test_contact_cards_six_to_a_page(rctx: Any, tmp_path: Path, print_pdf: Any) -> None:
    path = write_contact_cards(rctx, tmp_path / "cards.xlsx")
    ws = load_workbook(path).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert values.count("县河镇便民服务明白卡") == 12
    assert "接洽→登记→办理→反馈→回访" in values
    assert any("监督电话：0915-5495185" in str(v) for v in values)
    assert any(str(v).startswith("桃园村：每周二 全天 9:00-17:30 村委会二楼会议室") for v in values)
    clerk = rctx.as_actor(Actor(None, "xw", "小王", Role.CLERK))
    shown = [
        str(c.value)
        for row in load_workbook(
            write_contact_cards(clerk, tmp_path / "c2.xlsx")
        ).active.iter_rows()
        for c in row
        if c.value
    ]
    assert "13900000001" in shown  # a card for every household: the phone in full
    printed = print_pdf(path)
    assert printed.pages == 2  # twelve cards, six to a page
    assert "".join(printed.text.split()).count("便民服务明白卡") == 12
