"""The holiday calendar service: seeding, overrides, caching, unknown years."""

from __future__ import annotations

import datetime as dt

import pytest

from deskui.domain.errors import PermissionDenied, ValidationError
from deskui.domain.roles import Role
from deskui.services.context import Actor
from deskui.services.town import calendar
from deskui.store.models import AuditLog, CalendarYear, Holiday

D = dt.date


def holiday_log_count() -> int:
    return AuditLog.select().where(AuditLog.table == "holiday").count()


def test_seed_copies_chinesecalendar(ctx) -> None:  # type: ignore[no-untyped-def]
    result = calendar.seed_calendar(ctx)
    assert result.added == Holiday.select().count() > 700
    assert result.years == tuple(range(2004, 2027))
    national = Holiday.get(Holiday.date == D(2026, 10, 1))
    assert (national.kind, national.name, national.source) == ("休", "国庆节", "chinesecalendar")
    makeup = Holiday.get(Holiday.date == D(2026, 10, 10))
    assert (makeup.kind, makeup.name) == ("班", "国庆节")
    names = {h.name for h in Holiday.select(Holiday.name).distinct()}
    assert {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"} <= names
    # the weekend days inside a holiday block are kept
    assert Holiday.get(Holiday.date == D(2026, 10, 3)).kind == "休"
    assert CalendarYear.get(CalendarYear.year == 2026).source == "chinesecalendar"
    # one audit note for the whole batch
    assert holiday_log_count() == 1


def test_seed_is_idempotent(ctx) -> None:  # type: ignore[no-untyped-def]
    calendar.seed_calendar(ctx)
    rows = Holiday.select().count()
    again = calendar.seed_calendar(ctx)
    assert (again.added, again.updated, again.years) == (0, 0, ())
    assert Holiday.select().count() == rows
    assert holiday_log_count() == 1  # nothing changed, nothing logged


def test_seed_preserves_user_and_import_rows(ctx) -> None:  # type: ignore[no-untyped-def]
    calendar.seed_calendar(ctx)
    calendar.set_day(ctx, D(2026, 10, 10), "休", "镇里放假")
    Holiday.update(name="导入的名字", source="import").where(
        Holiday.date == D(2026, 10, 1)
    ).execute()
    Holiday.update(name="被改坏").where(Holiday.date == D(2026, 10, 2)).execute()
    result = calendar.seed_calendar(ctx)
    assert result.updated == 1  # only the library row is restored
    user = Holiday.get(Holiday.date == D(2026, 10, 10))
    assert (user.kind, user.name, user.source) == ("休", "镇里放假", "user")
    assert Holiday.get(Holiday.date == D(2026, 10, 1)).name == "导入的名字"
    assert Holiday.get(Holiday.date == D(2026, 10, 2)).name == "国庆节"


def test_town_setup_seeds_the_calendar(town_ctx) -> None:  # type: ignore[no-untyped-def]
    cal = calendar.load_calendar(town_ctx)
    assert cal.add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert cal.year_known(2026) and not cal.year_known(2027)


def test_load_calendar_is_cached_until_a_change(ctx) -> None:  # type: ignore[no-untyped-def]
    calendar.seed_calendar(ctx)
    first = calendar.load_calendar(ctx)
    assert calendar.load_calendar(ctx) is first
    calendar.set_day(ctx, D(2026, 11, 25), "休", "镇庆")
    second = calendar.load_calendar(ctx)
    assert second is not first
    assert second.holiday_name(D(2026, 11, 25)) == "镇庆"
    assert second.add_workdays(D(2026, 11, 24), 1) == D(2026, 11, 26)
    # an in-place change of an existing row is seen too
    calendar.set_day(ctx, D(2026, 11, 25), "班", "补班")
    third = calendar.load_calendar(ctx)
    assert third.is_makeup_workday(D(2026, 11, 25)) and not third.is_holiday(D(2026, 11, 25))


def test_set_day_and_remove(ctx) -> None:  # type: ignore[no-untyped-def]
    row = calendar.set_day(ctx, D(2027, 1, 1), "休", "元旦")
    assert row == calendar.HolidayRow(D(2027, 1, 1), "休", "元旦", "user")
    assert calendar.set_day(ctx, D(2027, 1, 1), "休", "元旦") == row  # no change, no log
    assert holiday_log_count() == 1
    calendar.set_day(ctx, D(2027, 1, 1), None)
    assert Holiday.get_or_none(Holiday.date == D(2027, 1, 1)) is None
    actions = [a.action for a in AuditLog.select().where(AuditLog.table == "holiday")]
    assert actions == ["新增", "删除"]
    assert calendar.set_day(ctx, D(2027, 1, 2), None) is None
    assert calendar.list_year(ctx, 2027) == []


def test_set_day_refuses_bad_input(ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        calendar.set_day(ctx, D(2027, 1, 1), "假")
    assert info.value.field == "kind"
    with pytest.raises(ValidationError):
        calendar.set_day(ctx, D(2027, 1, 1), "休", "很长" * 11)


def test_only_the_admin_edits_the_calendar(ctx) -> None:  # type: ignore[no-untyped-def]
    clerk = ctx.as_actor(Actor(id=None, username="clerk", display_name="录入", role=Role.CLERK))
    with pytest.raises(PermissionDenied):
        calendar.set_day(clerk, D(2027, 1, 1), "休", "元旦")
    with pytest.raises(PermissionDenied):
        calendar.mark_year_set(clerk, 2027)
    with pytest.raises(PermissionDenied):
        calendar.seed_calendar(clerk)


def test_list_year(ctx) -> None:  # type: ignore[no-untyped-def]
    calendar.seed_calendar(ctx)
    rows = calendar.list_year(ctx, 2026)
    assert rows == sorted(rows, key=lambda r: r.date)
    assert all(r.date.year == 2026 for r in rows)
    assert calendar.HolidayRow(D(2026, 10, 10), "班", "国庆节", "chinesecalendar") in rows


def test_unknown_years_and_mark_year_set(ctx) -> None:  # type: ignore[no-untyped-def]
    calendar.seed_calendar(ctx)
    today = ctx.today()  # frozen: 2026-11-24
    assert calendar.unknown_years(ctx, today) == [2027]
    assert calendar.unknown_years_notice(ctx, today) == "2027年节假日未设置"
    assert calendar.unknown_years(ctx, D(2026, 6, 1)) == []
    assert calendar.unknown_years(ctx, D(2027, 3, 1)) == [2027]
    calendar.mark_year_set(ctx, 2027)
    assert calendar.unknown_years(ctx, today) == []
    assert calendar.unknown_years_notice(ctx, today) == ""
    assert CalendarYear.get(CalendarYear.year == 2027).source == "user"
    assert calendar.load_calendar(ctx).year_known(2027)
    calendar.mark_year_set(ctx, 2026)  # a seeded year confirmed by the admin
    assert CalendarYear.get(CalendarYear.year == 2026).source == "user"
    logged = AuditLog.select().where(AuditLog.table == "calendar_year").count()
    calendar.mark_year_set(ctx, 2026)
    assert AuditLog.select().where(AuditLog.table == "calendar_year").count() == logged == 2
