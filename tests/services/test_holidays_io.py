"""Importing a holiday file: CSV and XLSX, per-row errors, nothing half-written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from deskui.domain.errors import PermissionDenied, ValidationError, ValidationErrors
from deskui.domain.roles import Role
from deskui.services.context import Actor
from deskui.services.town.calendar import list_year, load_calendar
from deskui.services.town.holiday_import import import_holidays
from deskui.store.models import CalendarYear, Holiday


def test_csv_import_marks_the_year_and_feeds_the_calendar(ctx: Any, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(
        "名称,日期,类型\n元旦,2027-01-01,休\n春节,2027年2月6日,休\n春节,2027/2/14,班\n",
        encoding="utf-8-sig",
    )
    result = import_holidays(ctx, path)
    assert (result.added, result.updated, result.years) == (3, 0, (2027,))
    assert [(r.date, r.kind, r.name) for r in list_year(ctx, 2027)] == [
        (dt.date(2027, 1, 1), "休", "元旦"), (dt.date(2027, 2, 6), "休", "春节"),
        (dt.date(2027, 2, 14), "班", "春节"),
    ]  # fmt: skip
    cal = load_calendar(ctx)
    assert cal.year_known(2027) and cal.is_workday(dt.date(2027, 2, 14))
    assert not cal.is_workday(dt.date(2027, 1, 1))
    path.write_text("日期,类型,名称\n2027-01-01,班,元旦调休\n", encoding="utf-8")
    assert import_holidays(ctx, path).updated == 1


def test_xlsx_import_and_dry_run(ctx: Any, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["日期", "类型", "名称"])
    wb.active.append([dt.datetime(2027, 10, 1), "休", "国庆节"])
    wb.save(tmp_path / "h.xlsx")
    result = import_holidays(ctx, tmp_path / "h.xlsx", dry_run=True)
    assert result.dry_run and len(result.rows) == 1 and Holiday.select().count() == 0
    import_holidays(ctx, tmp_path / "h.xlsx")
    assert Holiday.get(Holiday.date == dt.date(2027, 10, 1)).source == "import"


def test_bad_rows_refuse_the_whole_file(ctx: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027-13-01,休,x\n2027-02-01,放假了,春节\n2027-01-01,休,重复\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationErrors) as err:
        import_holidays(ctx, path)
    lines = [e.message for e in err.value.errors]
    assert lines[0].startswith("第 3 行：") and "第 4 行：类型“放假了”无效" in lines[1]
    assert lines[2] == "第 5 行：日期 2027-01-01 在文件中重复（第 2 行已有）"
    assert (
        Holiday.select().count() == 0
        and not CalendarYear.select().where(CalendarYear.year == 2027).exists()
    )


def test_file_problems(ctx: Any, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"只能导入 \.xlsx 或 \.csv"):
        import_holidays(ctx, tmp_path / "a.txt")
    (tmp_path / "cols.csv").write_text("日子,名称\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="缺少列：日期、类型"):
        import_holidays(ctx, tmp_path / "cols.csv")
    with pytest.raises(ValidationError, match="无法读取"):
        import_holidays(ctx, tmp_path / "missing.csv")
    clerk = ctx.as_actor(Actor(None, "xw", "小王", Role.CLERK))
    with pytest.raises(PermissionDenied):
        import_holidays(clerk, tmp_path / "cols.csv")


def test_an_import_is_audited_day_by_day_with_before_and_after(ctx: Any, tmp_path: Path) -> None:
    import json

    from deskui.store.models import AuditLog

    path = tmp_path / "h.csv"
    path.write_text("日期,类型,名称\n2027-01-01,休,元旦\n2027-02-14,班,春节\n", encoding="utf-8")
    import_holidays(ctx, path)
    path.write_text(
        "日期,类型,名称\n2027-01-01,班,元旦调休\n2027-02-14,班,春节\n", encoding="utf-8"
    )
    import_holidays(ctx, path)
    rows = [
        (r.action, r.record_id is not None, json.loads(r.changes) if r.changes else {})
        for r in AuditLog.select().where(AuditLog.table == "holiday").order_by(AuditLog.id)
    ]
    days = [(a, c) for a, has_id, c in rows if has_id]
    assert [a for a, _ in days] == ["新增", "新增", "修改"]
    assert days[0][1]["date"] == [None, "2027-01-01"] and days[0][1]["kind"] == [None, "休"]
    assert days[2][1] == {
        "date": ["2027-01-01", "2027-01-01"],
        "kind": ["休", "班"],
        "name": ["元旦", "元旦调休"],
    }
