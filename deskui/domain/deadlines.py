"""Matter deadlines by handling level (办理层级), and how urgent a matter is.

Seed 000's rules (DOMAIN.md):

====== ============== =====================================================
level  label          due date
====== ============== =====================================================
村     一般性事务     the 1st working day after acceptance
镇     需镇研究办理   the 3rd working day after acceptance
县     超出镇职权     the promised date agreed with the applicant: required,
                      not before the day of acceptance
====== ============== =====================================================

For 村 and 镇 the rule fixes the date and a ``promised_on`` is ignored.
Working days come from a :class:`~deskui.domain.workdays.WorkCalendar`
(accepted Tuesday 2026-11-24: 村 → Wed 11-25, 镇 → Fri 11-27; accepted
Wed 2026-09-30: 镇 → Sat 10-10, the make-up day after National Day).

Urgency is counted in calendar days: ``overdue`` (days late), ``due_today``,
``ok`` (days left), or ``done`` once the matter is finished.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import NamedTuple

from deskui.domain.errors import ValidationError
from deskui.domain.workdays import WorkCalendar
from deskui.i18n import t

PROMISED_FIELD = "promised_on"

OVERDUE = "overdue"
DUE_TODAY = "due_today"
OK = "ok"
DONE = "done"


class Level(str, Enum):
    """办理层级, stored as the one-character word the ledger prints."""

    VILLAGE = "村"
    TOWN = "镇"
    COUNTY = "县"

    @property
    def label(self) -> str:
        return t(f"level.{self.name.lower()}")

    @property
    def workdays(self) -> int | None:
        """Working days allowed, ``None`` when a promised date decides."""
        return _WORKDAYS[self]

    @classmethod
    def parse(cls, text: str, *, field: str = "level") -> Level:
        """A level from its word (村/镇/县) or its label (一般性事务 …)."""
        value = (text or "").strip()
        for level in cls:
            if value in (level.value, level.label, level.name.lower()):
                return level
        known = "、".join(f"{lv.value}（{lv.label}）" for lv in cls)
        raise ValidationError(t("level.bad", text=value, known=known), field=field)


_WORKDAYS: dict[Level, int | None] = {Level.VILLAGE: 1, Level.TOWN: 3, Level.COUNTY: None}


def due_date(
    level: Level,
    accepted_on: dt.date,
    calendar: WorkCalendar,
    promised_on: dt.date | None = None,
) -> dt.date:
    """The date a matter accepted on ``accepted_on`` must be done by."""
    days = Level(level).workdays
    if days is not None:
        return calendar.add_workdays(accepted_on, days)
    if promised_on is None:
        raise ValidationError(t("deadline.promised_required"), field=PROMISED_FIELD)
    if promised_on < accepted_on:
        raise ValidationError(
            t(
                "deadline.promised_before",
                promised=promised_on.isoformat(),
                accepted=accepted_on.isoformat(),
            ),
            field=PROMISED_FIELD,
        )
    return promised_on


class Urgency(NamedTuple):
    """(state, days): ``('overdue', 3)``, ``('due_today', 0)``, ``('ok', 2)``, ``('done', 0)``."""

    state: str
    days: int

    @property
    def label(self) -> str:
        """超期 3 天 / 今日到期 / 剩 2 天 / 已办结."""
        if self.state in (OVERDUE, OK):
            return t(f"urgency.{self.state}", days=self.days)
        return t(f"urgency.{self.state}")


def urgency(due_on: dt.date, today: dt.date, done: bool) -> Urgency:
    if done:
        return Urgency(DONE, 0)
    delta = (due_on - today).days
    if delta < 0:
        return Urgency(OVERDUE, -delta)
    if delta == 0:
        return Urgency(DUE_TODAY, 0)
    return Urgency(OK, delta)
