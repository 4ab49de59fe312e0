"""The flat matter ledger: export, import, round trip, bad rows, re-import."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from deskui.cli import main
from deskui.domain.errors import ValidationError
from deskui.exports.matters_flat import write_matters_flat, write_rejects
from deskui.services import audit
from deskui.services.context import ServiceContext, open_context
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.cards import open_matter, refuse_matter, step
from deskui.services.matters.flat import HEADERS, flat_rows, import_rows
from deskui.services.matters.flat import read_ledger as read_table
from deskui.services.town.towns import setup_town
from deskui.store.models import AuditLog, Matter, MatterEvent, Official
from tests.conftest import SAMPLE_VILLAGES


def _officials(ctx: ServiceContext) -> None:
    ctx.write(lambda: audit.create(ctx, Official, town=ctx.town_id, name="王强", unit="党政办"))


@pytest.fixture
def ledger(town_ctx: ServiceContext) -> ServiceContext:
    ctx = town_ctx
    _officials(ctx)
    kw: dict[str, Any] = {"village": "桃园村", "first_receiver": "王强", "phone": "13912345678"}
    a = open_matter(ctx, name="张三", content="=SUM(A1) 办残疾证", level="村", group_no=2,
                    category="证照代办", accepted_on="2026-11-10", **kw)  # fmt: skip
    step(ctx, a.number, "办结", note="已办好", on="2026-11-11")
    step(ctx, a.number, "签字确认", on="2026-11-11")
    step(ctx, a.number, "回访", satisfaction="基本满意", on="2026-11-12")
    step(ctx, a.number, "销号", on="2026-11-13")
    b = open_matter(ctx, name="李四", content="修村道", level="县", promised_on="2026-12-20", **kw)
    step(ctx, b.number, "进展", note="已报县交通局")
    open_matter(ctx, name="王五", content="低保", level="镇", **kw)
    refuse_matter(ctx, name="赵六", content="要求补偿", explanation="不符合政策", **kw)
    open_matter(ctx, name="孙七", content="十月的事", level="村", accepted_on="2026-10-20", **kw)
    return ctx


def _fields(m: Matter) -> tuple[Any, ...]:
    return (
        m.number, m.accepted_on, m.origin, m.group_no, m.applicant, m.phone, m.content,
        m.category, m.level, m.state, m.due_on, m.promised_on, m.progress, m.result,
        m.finished_on, m.return_visit_on, m.satisfaction, m.closed_on, m.refused_reason,
    )  # fmt: skip


@pytest.mark.sqlite_only
def test_round_trip_into_a_fresh_database(ledger: ServiceContext, tmp_path: Path) -> None:
    path, count = write_matters_flat(ledger, tmp_path / "flat.xlsx")
    assert count == 5
    ws = load_workbook(path).worksheets[0]
    header_row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "编号")
    assert tuple(header_row) == HEADERS
    assert any(c.value == "=SUM(A1) 办残疾证" and c.data_type == "s" for c in ws["H"])
    original = [_fields(m) for m in Matter.select().order_by(Matter.number)]
    # The models follow the last database opened: from here on, the fresh one.
    other = open_context(replace(ledger.settings, db=str(tmp_path / "other.db")))
    try:
        setup_town(other, "县河镇", SAMPLE_VILLAGES, code="XH", county="汉滨区")
        _officials(other)
        report = import_rows(other, read_table(path))
        assert (report.total, report.created, report.existing, report.problems) == (5, 5, 0, ())
        assert other.db is not ledger.db
        imported = [_fields(m) for m in Matter.select().order_by(Matter.number)]
        assert imported == original and len(imported) == 5
        closed = get_matter(other, "XH2026-0001")
        assert [e.kind for e in closed.events] == ["受理", "办结", "回访", "销号"]
        # Importing the same file again changes nothing.
        logged = AuditLog.select().count()
        again = import_rows(other, read_table(path))
        assert (again.created, again.existing) == (0, 5)
        assert AuditLog.select().count() == logged
    finally:
        other.close()


def test_month_filter_and_masked_phones(ledger: ServiceContext) -> None:
    rows = list(flat_rows(ledger, (2026, 10)))
    assert [r[5] for r in rows] == ["孙七"]
    from deskui.domain.roles import Role
    from deskui.services.context import Actor

    clerk = ledger.as_actor(Actor(None, "lr", "小刘", Role.CLERK, None))
    assert all("*" in r[6] for r in flat_rows(clerk))


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["代办事项台账"])
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def _row(**kw: str) -> list[str]:
    base = dict.fromkeys(HEADERS, "")
    base.update({"编号": "XH2026-0101", "登记日期": "2026-11-20", "村": "桃园村", "姓名": "周八",
                 "反映问题": "修水渠", "办理层级": "镇", "首办责任人": "王强"})  # fmt: skip
    base.update(kw)
    return [base[h] for h in HEADERS]


def test_bad_rows_reported_good_rows_written_in_one_go(
    town_ctx: ServiceContext, tmp_path: Path
) -> None:
    _officials(town_ctx)
    source = _csv(
        tmp_path / "in.csv",
        [
            _row(),
            _row(编号="XH2026-0102", 登记日期="2026-02-30"),
            _row(编号="XH2026-0103", 办理层级="县"),
            _row(
                编号="XH2026-0104", 群众满意度="还行", 回访日期="2026-11-21", 办结日期="2026-11-20"
            ),
            _row(编号="XH2026-0105", 办结时限="2026-11-01", 办理层级="县"),
            _row(编号="XH2026-0101"),
            _row(编号="XH2026-0106", 首办责任人="不存在"),
            _row(编号="XH2026-0107", 销号日期="2026-11-22"),
        ],
    )
    rows = read_table(source)
    dry = import_rows(town_ctx, rows, dry_run=True)
    assert dry.created == 1 and Matter.select().count() == 0
    report = import_rows(town_ctx, rows)
    reasons = {p.row: p.reason for p in report.problems}
    assert set(reasons) == {4, 5, 6, 7, 8, 9, 10}
    assert "2月" in reasons[4] or "30" in reasons[4]
    assert "承诺" in reasons[5]
    assert "满意" in reasons[6]
    assert "早于" in reasons[7] or "2026-11-01" in reasons[7]
    assert "重复" in reasons[8]
    assert "不存在" in reasons[9]
    assert "办结" in reasons[10]
    assert report.created == 1 and [m.number for m in Matter.select()] == ["XH2026-0101"]
    assert get_matter(town_ctx, "XH2026-0101").due_on == dt.date(2026, 11, 25)
    rejects = write_rejects(source, report.problems)
    ws = load_workbook(rejects).worksheets[0]
    values = [r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [r[0] for r in values] == [4, 5, 6, 7, 8, 9, 10]


def test_unreadable_files_are_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="找不到这个文件"):
        read_table(tmp_path / "none.xlsx")
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        read_table(tmp_path / "x.txt")
    bad = _csv(tmp_path / "h.csv", [])
    bad.write_text("编号,姓名\nXH2026-0001,张三\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="表头缺少"):
        read_table(bad)


@pytest.mark.sqlite_only
def test_cli_import_exit_codes(
    town_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _officials(town_ctx)
    db = ["--db", town_ctx.settings.db]
    good = _csv(tmp_path / "good.csv", [_row()])
    assert main([*db, "import", "matters", str(good), "--dry-run"]) == 0
    assert Matter.select().count() == 0
    assert main([*db, "import", "matters", str(good)]) == 0
    assert main([*db, "import", "matters", str(good)]) == 0
    assert Matter.select().count() == 1 and MatterEvent.select().count() == 1
    bad = _csv(tmp_path / "bad.csv", [_row(编号="XH2026-0108", 登记日期="2026-02-30")])
    assert main([*db, "import", "matters", str(bad)]) == 2
    printed = capsys.readouterr()
    assert "第 3 行" in printed.err and "第 3 行" not in printed.out  # reasons on stderr
    assert "未导入 1 行" in printed.out
    assert (tmp_path / "bad-错误行.xlsx").exists()
    out = tmp_path / "m.xlsx"
    assert main([*db, "export", "matters", "--month", "2026-11", "--out", str(out)]) == 0
    assert main([*db, "export", "matters", "--month", "2026-13", "--out", str(out)]) == 2
