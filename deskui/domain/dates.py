"""Dates and months as clerks type them, and weekday names.

Accepted dates (full-width digits too, surrounding spaces ignored, month and
day may have one digit): ``2026-11-24``, ``2026/11/24``, ``2026.11.24``,
``20261124``, ``2026年11月24日`` (the 日 may be left off). The year must lie
in 1900–2099. A date that does not exist (2026-02-30, 0000-00-00) or text
that is not a date is refused with a message naming the field's label.

Months: ``2026-11``, ``2026/11``, ``2026.11``, ``202611``, ``2026年11月``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from deskui.domain.errors import ValidationError
from deskui.i18n import t

YEAR_LOW = 1900
YEAR_HIGH = 2099

_DATE_SEP = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_SEP = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})")
_MONTH_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月?")
_MONTH_COMPACT = re.compile(r"(\d{4})(\d{2})")


def _normalise(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _split(text: str, patterns: tuple[re.Pattern[str], ...]) -> tuple[int, ...] | None:
    for pattern in patterns:
        match = pattern.fullmatch(text)
        if match and all(g.isascii() for g in match.groups()):
            return tuple(int(g) for g in match.groups())
    return None


def _check_year_month(year: int, month: int, *, field: str, label: str, text: str) -> None:
    if not YEAR_LOW <= year <= YEAR_HIGH:
        raise ValidationError(
            t("date.bad_year", label=label, text=text, low=YEAR_LOW, high=YEAR_HIGH), field=field
        )
    if not 1 <= month <= 12:
        raise ValidationError(t("date.bad_month", label=label, text=text), field=field)


def parse_optional_date(text: str | None, *, field: str, label: str) -> dt.date | None:
    """Like :func:`parse_date`, but empty text is ``None`` (an optional field)."""
    value = _normalise(text)
    if not value:
        return None
    parts = _split(value, (_DATE_SEP, _DATE_CN, _DATE_COMPACT))
    if parts is None:
        raise ValidationError(t("date.garbage", label=label, text=value), field=field)
    year, month, day = parts
    _check_year_month(year, month, field=field, label=label, text=value)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValidationError(
            t("date.bad_day", label=label, text=value, year=year, month=month, day=day),
            field=field,
        )
    return dt.date(year, month, day)


def parse_date(text: str | None, *, field: str, label: str) -> dt.date:
    """A date the clerk typed; ValidationError(field=field) naming ``label`` if wrong."""
    day = parse_optional_date(text, field=field, label=label)
    if day is None:
        raise ValidationError(t("date.required", label=label), field=field)
    return day


def parse_month(
    text: str | None, *, field: str = "month", label: str | None = None
) -> tuple[int, int]:
    """(year, month) from ``2026-11`` and its variants (see the module doc)."""
    name = label or t("date.month_label")
    value = _normalise(text)
    if not value:
        raise ValidationError(t("date.required", label=name), field=field)
    parts = _split(value, (_MONTH_SEP, _MONTH_CN, _MONTH_COMPACT))
    if parts is None:
        raise ValidationError(t("date.month_garbage", label=name, text=value), field=field)
    year, month = parts
    _check_year_month(year, month, field=field, label=name, text=value)
    return year, month


def weekday_name(day: dt.date) -> str:
    """``星期一`` … ``星期日``."""
    return t(f"weekday.{day.weekday()}")


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
