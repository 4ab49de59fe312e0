"""接待登记簿: the day's visitor log, read back and printed through LibreOffice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from deskui.cli import main
from deskui.domain.roles import Role
from deskui.exports.visits import write_visits_log
from deskui.services import audit
from deskui.services.context import Actor
from deskui.services.queue import visits as q
from deskui.store.models import Official

TODAY = dt.date(2026, 11, 24)
HEADER = ["序号(号)", "到达时间", "姓名", "村组", "联系电话", "事由", "接待干部", "办理结果",
          "备注/说明", "等候(分钟)"]  # fmt: skip


@pytest.fixture
def day(town_ctx: Any) -> Any:
    ctx = town_ctx
    ctx.write(lambda: audit.create(ctx, Official, town=ctx.town_id, name="刘书记"))
    q.register_visit(ctx, village="桃园村", name="王建国", phone="13912345678", group_no=2,
                     reason="咨询医保报销")  # fmt: skip
    q.register_visit(ctx, village="桃园村", name="李秀英", reason='=HYPERLINK("x")')
    q.register_visit(ctx, village="桃园村", name="张三", reason="宅基地纠纷")
    q.register_visit(ctx, village="石门村", name="赵六", reason="办残疾证")
    first = q.call_next(ctx, village="桃园村", official="刘书记")
    assert first is not None
    q.record_outcome(ctx, first.id, "当场答复", note="讲解了报销比例")
    second = q.call_next(ctx, village="桃园村", official="刘书记")
    assert second is not None
    q.record_outcome(ctx, second.id, "调处纠纷", parties="李秀英与邻居", result="成功")
    return ctx


def test_one_village_reads_back(day: Any, tmp_path: Path) -> None:
    path = write_visits_log(day, tmp_path / "log.xlsx", day=TODAY, village="桃园村")
    ws = load_workbook(path).active
    assert ws.title == "桃园村"
    assert ws["A1"].value == "县河镇桃园村驻村服务日接待登记簿（2026年11月24日）"
    assert "2026年11月24日 星期二" in ws["A2"].value and "刘书记" in ws["A2"].value
    assert [c.value for c in ws[3]] == HEADER
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4, max_row=6)]
    assert rows[0][:8] == [1, "09:30", "王建国", "桃园村2组", "13912345678", "咨询医保报销",
                           "刘书记", "当场答复"]  # fmt: skip
    assert rows[0][8] == "讲解了报销比例；非服务日"  # town_ctx has no roster
    assert rows[0][9] == 0
    assert ws["E4"].data_type == "s"  # a phone is text
    assert rows[1][5] == '=HYPERLINK("x")' and ws["F5"].data_type == "s"  # never a formula
    assert rows[1][7] == "调处纠纷" and rows[1][8].startswith(
        "当事人：李秀英与邻居；调处结果：成功"
    )
    assert rows[2][7] == "等候中" and rows[2][9] is None
    notes = [ws.cell(row=r, column=1).value for r in range(7, ws.max_row + 1)]
    assert any(
        n and n.startswith("当日合计：登记 3 人，接待群众 2 人次，当场答复 1 件") for n in notes
    )
    assert any(n and "填表人" in n for n in notes)
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape"


def test_a_clerk_gets_masked_phones(day: Any, tmp_path: Path) -> None:
    clerk = day.as_actor(Actor(id=None, username="c", display_name="小王", role=Role.CLERK))
    path = write_visits_log(clerk, tmp_path / "log.xlsx", day=TODAY, village="桃园村")
    assert load_workbook(path).active["E4"].value == "139****5678"


def test_the_town_gets_a_sheet_a_village_and_prints(
    day: Any, tmp_path: Path, print_pdf: Any
) -> None:
    path = write_visits_log(day, tmp_path / "town.xlsx", day=TODAY)
    book = load_workbook(path)
    assert book.sheetnames == ["桃园村", "石门村"]
    printed = print_pdf(path)
    assert printed.pages == 2  # one landscape page a village
    text = printed.text
    assert "县河镇桃园村驻村服务日接待登记簿" in text and "县河镇石门村驻村服务日接待登记簿" in text
    assert "当日合计" in text and "第1页共2页" in "".join(text.split())


def test_a_day_without_visitors_says_so(town_ctx: Any, tmp_path: Path) -> None:
    path = write_visits_log(town_ctx, tmp_path / "empty.xlsx", day=TODAY)
    ws = load_workbook(path).active
    assert ws.title == "全镇"
    assert any(c.value == "当日没有来访登记。" for c in ws["A"])


def test_cli_writes_the_log_and_refuses_bad_input(
    day: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(day.settings.db)
    out = tmp_path / "cli.xlsx"
    args = ["--db", db, "export", "visits", "--date", "2026-11-24", "--village", "石门"]
    assert main([*args, "--out", str(out)]) == 0
    assert load_workbook(out).sheetnames == ["石门村"]
    assert "已导出" in capsys.readouterr().out
    assert main([*args[:-1], "不存在村", "--out", str(out)]) == 2
    assert main(["--db", db, "export", "visits", "--date", "2026-13-40"]) == 2
    err = capsys.readouterr().err
    assert "不存在村" in err and err.count("\n") == 2


def test_a_matter_accepted_at_the_desk_shows_its_number(day: Any, tmp_path: Path) -> None:
    from deskui.services.matters.cards import open_matter

    third = q.call_next(day, village="桃园村", official="刘书记")
    assert third is not None
    row = q.record_outcome(day, third.id, "受理代办")
    card = open_matter(day, village="桃园村", name=row.name, content="宅基地确权",
                       level="镇", first_receiver="刘书记", visit_id=row.id)  # fmt: skip
    path = write_visits_log(day, tmp_path / "log.xlsx", day=TODAY, village="桃园村")
    ws = load_workbook(path).active
    cells = {r[2]: r[7] for r in ws.iter_rows(min_row=4, max_row=6, values_only=True)}
    assert cells["张三"] == f"受理代办\n{card.number}"
    assert cells["王建国"] == "当场答复"  # no card: no number
