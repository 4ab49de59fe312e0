"""The holiday calendar: seeded from chinesecalendar, editable by the admin.

The ``Holiday`` table holds every day off (``休``) and make-up working day
(``班``) with its name and source (``chinesecalendar`` / ``user`` /
``import``); ``CalendarYear`` lists the years whose calendar is set.
chinesecalendar only knows the years it has shipped (2004–2026 in 1.11), so
the desk warns about a year that is not set ("2027年节假日未设置") and the
admin enters or imports it.

- :func:`seed_calendar` copies chinesecalendar into the table: idempotent,
  never touching a row the user entered or imported, one audit note for the
  whole batch (not one row a day).
- :func:`load_calendar` builds the :class:`WorkCalendar` the deadline rules
  use, cached per process and database; the cache is checked against a cheap
  stamp (a random revision token every write here renews, plus the row count
  and the highest id, for rows written by other means) so the table is
  re-read only after a change.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from peewee import Select, fn

from deskui.domain.errors import ValidationError
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.domain.workdays import OFF, WORK, WorkCalendar
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.store.models import CalendarYear, Holiday, Setting

SOURCE_LIBRARY = "chinesecalendar"
SOURCE_USER = "user"
SOURCE_IMPORT = "import"
REVISION_KEY = "calendar_revision"
NAME_MAX = 20
_BATCH = 200
_PK = Holiday._meta.primary_key

# chinesecalendar's English holiday names → catalogue keys.
_NAME_KEYS = {
    "New Year's Day": "holiday.new_year",
    "Spring Festival": "holiday.spring",
    "Tomb-sweeping Day": "holiday.tomb_sweeping",
    "Labour Day": "holiday.labour",
    "Dragon Boat Festival": "holiday.dragon_boat",
    "Mid-autumn Festival": "holiday.mid_autumn",
    "National Day": "holiday.national",
    "Anti-Fascist 70th Day": "holiday.anti_fascist",
}


@dataclass(frozen=True)
class HolidayRow:
    date: dt.date
    kind: str  # 休 / 班
    name: str
    source: str


@dataclass(frozen=True)
class SeedResult:
    added: int
    updated: int
    years: tuple[int, ...]  # years newly marked as set


def holiday_name_zh(english: str) -> str:
    """A chinesecalendar holiday name in Chinese (unknown names kept as given)."""
    key = _NAME_KEYS.get(english)
    return t(key) if key else english[:NAME_MAX]


def library_days() -> dict[dt.date, tuple[str, str]]:
    """chinesecalendar's data: date → (kind, Chinese name), days off and make-up days."""
    from chinese_calendar import constants

    days: dict[dt.date, tuple[str, str]] = {}
    for day, name in constants.holidays.items():
        days[day] = (OFF, holiday_name_zh(str(getattr(name, "value", name))))
    for day, name in constants.workdays.items():
        days[day] = (WORK, holiday_name_zh(str(getattr(name, "value", name))))
    return days


def _bump_revision() -> None:
    """A new random revision token: unique across databases, so a cache of one
    database (or of a wiped and re-seeded one at the same URL) never matches."""
    token = uuid.uuid4().hex
    # an upsert both SQLite and PostgreSQL accept (Model.replace fails on PostgreSQL)
    Setting.insert(key=REVISION_KEY, value=token).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: token}
    ).execute()


def seed_calendar(ctx: ServiceContext) -> SeedResult:
    """Copy chinesecalendar's years into the table (admin; safe to re-run)."""
    ctx.require(Perm.ADMIN)
    wanted = library_days()
    years = sorted({d.year for d in wanted})

    def work() -> SeedResult:
        existing = {
            h.date: h
            for h in Holiday.select().where(
                Holiday.date.between(dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31))
            )
        }
        new_rows: list[dict[str, object]] = []
        updated = 0
        for day, (kind, name) in sorted(wanted.items()):
            row = existing.get(day)
            if row is None:
                new_rows.append({"date": day, "kind": kind, "name": name, "source": SOURCE_LIBRARY})
            elif row.source == SOURCE_LIBRARY and (row.kind, row.name) != (kind, name):
                Holiday.update(kind=kind, name=name).where(Holiday.date == day).execute()
                updated += 1
        for start in range(0, len(new_rows), _BATCH):
            Holiday.insert_many(new_rows[start : start + _BATCH]).execute()
        have = set(_years())
        new_years = tuple(y for y in years if y not in have)
        if new_years:
            CalendarYear.insert_many(
                [{"year": y, "source": SOURCE_LIBRARY, "updated_at": ctx.now()} for y in new_years]
            ).execute()
        if new_rows or updated or new_years:
            _bump_revision()
            note = t("calendar.seeded", added=len(new_rows), years=len(new_years))
            audit.log(ctx, "新增", Holiday._meta.table_name, None, None, note)
        return SeedResult(len(new_rows), updated, new_years)

    return ctx.write(work)


def _calendar_changed(ctx: ServiceContext) -> None:
    """After a change to the table, inside its write: a new revision, and the
    open matters' provisional due dates counted again."""
    from deskui.services.matters.provisional import recompute_provisional_dues

    _bump_revision()
    recompute_provisional_dues(ctx)


def _years(query: Any = None) -> list[int]:
    q = CalendarYear.select(CalendarYear.year) if query is None else query
    return [int(y) for y in q.order_by(CalendarYear.year).scalars()]


_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple[object, ...], WorkCalendar]] = {}


def _stamp_query() -> Select:
    parts = [
        Holiday.select(fn.COUNT(_PK)),
        Holiday.select(fn.MAX(_PK)),
        CalendarYear.select(fn.COUNT(CalendarYear.year)),
        CalendarYear.select(fn.SUM(CalendarYear.year)),
        Setting.select(Setting.value).where(Setting.key == REVISION_KEY),
    ]
    return Select(columns=parts)


_stamp_sql: dict[str, tuple[str, list[Any]]] = {}


def _stamp(ctx: ServiceContext) -> tuple[object, ...]:
    """One query: holiday count and top id, known years, the revision token.
    Its SQL is compiled once per database (peewee's compiling costs ~1 ms,
    the query itself ~0.02 ms)."""
    key = ctx.settings.db
    compiled = _stamp_sql.get(key)
    if compiled is None:
        compiled = ctx.db.get_sql_context().sql(_stamp_query()).query()
        _stamp_sql[key] = compiled
    return tuple(ctx.db.execute_sql(*compiled).fetchone())


def load_calendar(ctx: ServiceContext) -> WorkCalendar:
    """The working-day calendar from the table (cached until it changes)."""
    stamp = _stamp(ctx)
    key = ctx.settings.db
    with _cache_lock:
        hit = _cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    query = Holiday.select(Holiday.date, Holiday.kind, Holiday.name).tuples()
    rows = cast(Iterable[tuple[dt.date, str, str]], query)
    for day, kind, name in rows:
        (workdays if kind == WORK else holidays)[day] = name
    calendar = WorkCalendar(holidays, workdays, _years())
    with _cache_lock:
        _cache[key] = (stamp, calendar)
    return calendar


def _row(h: Holiday) -> HolidayRow:
    return HolidayRow(date=h.date, kind=h.kind, name=h.name, source=h.source)


def set_day(
    ctx: ServiceContext, day: dt.date, kind: str | None, name: str = ""
) -> HolidayRow | None:
    """Mark ``day`` a day off (休) or a make-up working day (班), or remove
    its entry (``kind=None``: an ordinary day again). Admin only; audited.
    Open matters with a provisional due date are counted again (see
    :mod:`deskui.services.matters.provisional`)."""
    ctx.require(Perm.ADMIN)
    if kind not in (OFF, WORK, None):
        raise ValidationError(t("calendar.bad_kind"), field="kind")
    label = clean_text(name, field="name", label=t("calendar.name_label"), max_len=NAME_MAX)

    def work() -> HolidayRow | None:
        row = Holiday.get_or_none(Holiday.date == day)
        if kind is None:
            if row is None:
                return None
            before = audit.snapshot(row)
            row.delete_instance()
            changes = {k: [v, None] for k, v in before.items() if v not in (None, "")}
            audit.log(ctx, "删除", Holiday._meta.table_name, row.get_id(), changes)
            _calendar_changed(ctx)
            return None
        if row is None:
            row = audit.create(ctx, Holiday, date=day, kind=kind, name=label, source=SOURCE_USER)
        elif not audit.update(ctx, row, kind=kind, name=label, source=SOURCE_USER):
            return _row(row)
        _calendar_changed(ctx)
        return _row(row)

    return ctx.write(work)


def list_year(ctx: ServiceContext, year: int) -> list[HolidayRow]:
    """Every day off and make-up day of one year, in date order."""
    q = (
        Holiday.select()
        .where(Holiday.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .order_by(Holiday.date)
    )
    return [_row(h) for h in q]


def known_years(ctx: ServiceContext) -> list[int]:
    return _years()


def unknown_years(ctx: ServiceContext, around: dt.date) -> list[int]:
    """The years the desk needs now whose calendar is not set: this year, and
    next year from November on (the header shows "2027年节假日未设置")."""
    needed = [around.year] + ([around.year + 1] if around.month >= 11 else [])
    have = set(_years(CalendarYear.select(CalendarYear.year).where(CalendarYear.year.in_(needed))))
    return [y for y in needed if y not in have]


def unknown_years_notice(ctx: ServiceContext, around: dt.date) -> str:
    """ "2027年节假日未设置" for each missing year, joined; ``''`` when all set."""
    return "；".join(t("calendar.year_unknown", year=y) for y in unknown_years(ctx, around))


def mark_year_set(ctx: ServiceContext, year: int) -> None:
    """The admin confirms a year's holidays are entered (admin; audited)."""
    ctx.require(Perm.ADMIN)

    def work() -> None:
        row = CalendarYear.get_or_none(CalendarYear.year == year)
        note = t("calendar.year_marked", year=year)
        if row is None:
            audit.create(
                ctx,
                CalendarYear,
                audit_note=note,
                year=year,
                source=SOURCE_USER,
                updated_at=ctx.now(),
            )
        elif row.source != SOURCE_USER:
            audit.update(ctx, row, audit_note=note, source=SOURCE_USER, updated_at=ctx.now())
        else:
            return
        _calendar_changed(ctx)

    ctx.write(work)
