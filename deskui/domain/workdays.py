"""Working days: weekends, statutory holidays and make-up working days.

China's holiday calendar changes every year: a holiday block (放假) may
swallow weekdays, and weekend days nearby become make-up working days
(调休上班). :class:`WorkCalendar` holds one such calendar (loaded by the
calendar service from the editable ``Holiday`` table):

- a make-up working day (``workdays``) is a working day, even on a weekend;
- a holiday (``holidays``) is a day off, even on a weekday;
- otherwise Monday–Friday work and Saturday–Sunday are off.

A year outside ``known_years`` (one whose holidays nobody has entered or
confirmed yet: the ``CalendarYear`` table, seeded from chinesecalendar,
which only knows the years it has shipped) is computed from the rule the
national regulation fixes by date (全国年节及纪念日放假办法, as revised in
2024 and in force from 2025, :data:`FIXED_HOLIDAYS`):

- 元旦 1 January;
- 劳动节 1–2 May;
- 国庆节 1–3 October;

plus weekends, and whatever days the table holds for that year (a day
entered by hand still wins). Left out, because they cannot be fixed by
date: 春节 (除夕 to 初三) and 端午节 and 中秋节 follow the lunar calendar,
清明节 a solar term (4 or 5 April); and the make-up working days (调休)
that the State Council announces each year. So a count through such a year
is **provisional**: the answer is still a date, and
:meth:`WorkCalendar.covers` / :meth:`WorkCalendar.unknown_years` tell the
caller (:func:`deskui.domain.deadlines.due_date_provisional` says it, the
service layer flags it: "2027年节假日未设置").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from deskui.i18n import t

OFF = "休"  # Holiday.kind of a day off
WORK = "班"  # Holiday.kind of a make-up working day

_ONE_DAY = dt.timedelta(days=1)

# (month, day) → the holiday's catalogue key: the statutory days off fixed by
# date (全国年节及纪念日放假办法, 2025), assumed in a year the table lacks.
FIXED_HOLIDAYS: Mapping[tuple[int, int], str] = {
    (1, 1): "holiday.new_year",
    (5, 1): "holiday.labour",
    (5, 2): "holiday.labour",
    (10, 1): "holiday.national",
    (10, 2): "holiday.national",
    (10, 3): "holiday.national",
}


def fixed_holiday(day: dt.date) -> bool:
    """Is ``day`` one of the statutory days off fixed by date (元旦 1-1,
    劳动节 5-1 and 5-2, 国庆节 10-1 to 10-3), whatever the year?"""
    return (day.month, day.day) in FIXED_HOLIDAYS


class WorkCalendar:
    """Which days are working days. Immutable once built."""

    __slots__ = ("_holidays", "_known", "_workdays")

    def __init__(
        self,
        holidays: Mapping[dt.date, str] | None = None,
        workdays: Mapping[dt.date, str] | None = None,
        known_years: Iterable[int] = (),
    ) -> None:
        self._holidays: dict[dt.date, str] = dict(holidays or {})
        self._workdays: dict[dt.date, str] = dict(workdays or {})
        self._known: frozenset[int] = frozenset(known_years)

    def __repr__(self) -> str:
        return (
            f"WorkCalendar({len(self._holidays)} holidays, {len(self._workdays)} make-up days, "
            f"years {sorted(self._known)})"
        )

    @property
    def known_years(self) -> frozenset[int]:
        return self._known

    def year_known(self, year: int) -> bool:
        return year in self._known

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Are all the years from ``start`` to ``end`` (either order) known?"""
        low, high = sorted((start.year, end.year))
        return all(y in self._known for y in range(low, high + 1))

    def unknown_years(self, start: dt.date, end: dt.date) -> list[int]:
        low, high = sorted((start.year, end.year))
        return [y for y in range(low, high + 1) if y not in self._known]

    def _assumed_holiday(self, day: dt.date) -> bool:
        """A fixed-date holiday in a year the table does not cover."""
        return day.year not in self._known and fixed_holiday(day)

    def is_holiday(self, day: dt.date) -> bool:
        """Is ``day`` inside a statutory holiday block (放假)? In a year the
        table does not cover, the fixed-date holidays count (see the module)."""
        if day in self._holidays:
            return True
        return day not in self._workdays and self._assumed_holiday(day)

    def is_makeup_workday(self, day: dt.date) -> bool:
        """Is ``day`` a make-up working day (调休上班)?"""
        return day in self._workdays

    def holiday_name(self, day: dt.date) -> str:
        """The holiday's name (``国庆节``), ``''`` when ``day`` is no holiday."""
        if day in self._holidays:
            return self._holidays[day]
        if day not in self._workdays and self._assumed_holiday(day):
            return t(FIXED_HOLIDAYS[(day.month, day.day)])
        return ""

    def makeup_name(self, day: dt.date) -> str:
        """The holiday a make-up working day belongs to, ``''`` otherwise."""
        return self._workdays.get(day, "")

    def is_workday(self, day: dt.date) -> bool:
        """A make-up day works, a holiday does not (the table first); else
        Monday to Friday work, except a fixed-date holiday in a year the
        table does not cover."""
        if day in self._workdays:
            return True
        if day in self._holidays:
            return False
        return day.weekday() < 5 and not self._assumed_holiday(day)

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (``start`` itself is not
        counted); a negative ``n`` counts back; ``n == 0`` returns ``start``."""
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        day = start
        for _ in range(abs(n)):
            day += step
            while not self.is_workday(day):
                day += step
        return day

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        return self.add_workdays(day, 1)

    def workday_on_or_after(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next one."""
        return day if self.is_workday(day) else self.next_workday(day)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.workdays_between(end, start)
        count, day = 0, start
        while day < end:
            day += _ONE_DAY
            count += self.is_workday(day)
        return count
