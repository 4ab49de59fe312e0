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

A due date counted through a year whose holidays are not set is
**provisional** (:func:`due_date_provisional`): the calendar then skips
weekends and the fixed-date statutory holidays only (元旦, 劳动节 1–2 May,
国庆节 1–3 October; see :mod:`deskui.domain.workdays`), so 春节 and the
other lunar holidays, and any 调休, are not known yet. With 2027 unset, a
村 matter accepted Thu 2026-12-31 is due Mon 2027-01-04, provisional. The
days counted are those after the day of acceptance up to the due date; a
县 matter's promised date is agreed, not counted, so it is never
provisional.

Meeting the deadline, one definition each (rules over the card's fields
``state``, ``due_on``, ``finished_on``, ``closed_on``, judged as of a date
``:as_of``; :mod:`deskui.domain.predicates` evaluates them in Python and
prints them as SQL, so a query says exactly the same):

================ =============================================================
rule             SQL
================ =============================================================
IS_FINISHED      ``finished_on IS NOT NULL AND finished_on <= :as_of``
IS_OPEN          ``state <> '不予受理' AND (finished_on IS NULL OR finished_on
                 > :as_of) AND (closed_on IS NULL OR closed_on > :as_of)``
IS_OVERDUE       IS_OPEN ``AND due_on IS NOT NULL AND due_on < :as_of`` (超期)
IS_DUE_TODAY     IS_OPEN ``AND due_on IS NOT NULL AND due_on = :as_of`` (临期)
FINISHED_ON_TIME IS_FINISHED ``AND (due_on IS NULL OR finished_on <= due_on)``
                 (按时办结; a card without a due date counts as on time)
FINISHED_LATE    IS_FINISHED ``AND due_on IS NOT NULL AND finished_on >
                 due_on`` (超时办结)
================ =============================================================

A card records only its latest completion: 重办 sets ``finished_on`` back to
NULL (and may set a new ``due_on``), 延期 replaces ``due_on``. So "finished
as of a past date" reads the card as it is now: a matter finished before
that date and reopened after it reads as open then (重办: it was not truly
done). A crossed-off card always has ``finished_on`` on or before
``closed_on``; a refused card (不予受理) has neither and is never open.

:func:`urgency` is the same rule for one matter on a desk list (counted in
calendar days: ``overdue`` days late, ``due_today``, ``ok`` days left, or
``done``); :func:`urgency_of` and :func:`timeliness` apply the rules above to
a card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple, Protocol

from deskui.domain.errors import ValidationError
from deskui.domain.matter_flow import State
from deskui.domain.predicates import (
    Compare,
    Const,
    Field,
    IsNull,
    Param,
    Predicate,
    all_of,
    any_of,
    holds,
    not_null,
)
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


class Deadline(NamedTuple):
    """A due date, and the years it was counted through whose holidays are not
    set (``(2027,)``): then the date is provisional."""

    due_on: dt.date
    unknown_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        """Counted through a year the holiday table does not cover."""
        return bool(self.unknown_years)


def due_date_provisional(
    level: Level,
    accepted_on: dt.date,
    calendar: WorkCalendar,
    promised_on: dt.date | None = None,
) -> Deadline:
    """The date a matter accepted on ``accepted_on`` must be done by, and
    whether it is provisional: any day counted (after ``accepted_on``, up to
    the due date) lies in a year ``calendar`` does not cover."""
    days = Level(level).workdays
    if days is None:
        return Deadline(_promised(accepted_on, promised_on))
    due = calendar.add_workdays(accepted_on, days)
    first_counted = accepted_on + dt.timedelta(days=1)
    return Deadline(due, tuple(calendar.unknown_years(first_counted, due)))


def due_date(
    level: Level,
    accepted_on: dt.date,
    calendar: WorkCalendar,
    promised_on: dt.date | None = None,
) -> dt.date:
    """The date a matter accepted on ``accepted_on`` must be done by
    (:func:`due_date_provisional` without the flag)."""
    return due_date_provisional(level, accepted_on, calendar, promised_on).due_on


def _promised(accepted_on: dt.date, promised_on: dt.date | None) -> dt.date:
    """A 县 matter's promised date: required, not before acceptance."""
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
    """How urgent a matter due on ``due_on`` is on ``today``; ``done`` when it
    is not IS_OPEN (finished, crossed off). ``overdue`` is exactly
    IS_OVERDUE (``due_on < today``), ``due_today`` exactly IS_DUE_TODAY."""
    if done:
        return Urgency(DONE, 0)
    delta = (due_on - today).days
    if delta < 0:
        return Urgency(OVERDUE, -delta)
    if delta == 0:
        return Urgency(DUE_TODAY, 0)
    return Urgency(OK, delta)


class DatedMatter(Protocol):
    """The card fields the rules read (a Peewee ``Matter`` has them)."""

    @property
    def state(self) -> str: ...
    @property
    def accepted_on(self) -> dt.date: ...
    @property
    def due_on(self) -> dt.date | None: ...
    @property
    def finished_on(self) -> dt.date | None: ...
    @property
    def closed_on(self) -> dt.date | None: ...


@dataclass(frozen=True)
class MatterDates:
    """A card's dates and state, as plain values (:class:`DatedMatter`)."""

    accepted_on: dt.date
    due_on: dt.date | None = None
    finished_on: dt.date | None = None
    closed_on: dt.date | None = None
    state: str = State.PENDING.value


STATE, ACCEPTED_ON, DUE_ON, FINISHED_ON, CLOSED_ON = (
    Field("state"),
    Field("accepted_on"),
    Field("due_on"),
    Field("finished_on"),
    Field("closed_on"),
)
AS_OF = Param("as_of")

IS_FINISHED: Predicate = all_of(not_null(FINISHED_ON), Compare(FINISHED_ON, "<=", AS_OF))
IS_OPEN: Predicate = all_of(
    Compare(STATE, "<>", Const(State.REFUSED.value)),
    any_of(IsNull(FINISHED_ON), Compare(FINISHED_ON, ">", AS_OF)),
    any_of(IsNull(CLOSED_ON), Compare(CLOSED_ON, ">", AS_OF)),
)
IS_OVERDUE: Predicate = all_of(IS_OPEN, not_null(DUE_ON), Compare(DUE_ON, "<", AS_OF))
IS_DUE_TODAY: Predicate = all_of(IS_OPEN, not_null(DUE_ON), Compare(DUE_ON, "=", AS_OF))
FINISHED_ON_TIME: Predicate = all_of(
    IS_FINISHED, any_of(IsNull(DUE_ON), Compare(FINISHED_ON, "<=", DUE_ON))
)
FINISHED_LATE: Predicate = all_of(IS_FINISHED, not_null(DUE_ON), Compare(FINISHED_ON, ">", DUE_ON))


class Timeliness(str, Enum):
    """Where a card stands against its deadline on a date (是否超期)."""

    PENDING = "pending"  # open, not yet due (or no due date)
    DUE_TODAY = "due_today"  # open, due that day (临期)
    OVERDUE = "overdue"  # open, past its due date (超期)
    ON_TIME = "on_time"  # finished by its due date (按时办结)
    LATE = "late"  # finished after its due date (超时办结)

    @property
    def past_due(self) -> bool:
        """The ledger's 是否超期: overdue, or finished late."""
        return self in (Timeliness.OVERDUE, Timeliness.LATE)


def as_of_params(as_of: dt.date) -> Mapping[str, dt.date]:
    """The params of the deadline rules."""
    return {"as_of": as_of}


def timeliness(matter: DatedMatter, as_of: dt.date) -> Timeliness | None:
    """The card against its deadline on ``as_of``; ``None`` for a card that is
    neither open nor finished (不予受理)."""
    params = as_of_params(as_of)
    for rule, value in (
        (IS_OVERDUE, Timeliness.OVERDUE),
        (IS_DUE_TODAY, Timeliness.DUE_TODAY),
        (IS_OPEN, Timeliness.PENDING),
        (FINISHED_ON_TIME, Timeliness.ON_TIME),
        (FINISHED_LATE, Timeliness.LATE),
    ):
        if holds(rule, matter, params):
            return value
    return None


def urgency_of(matter: DatedMatter, as_of: dt.date) -> Urgency | None:
    """:func:`urgency` of a card on ``as_of``, ``done`` when it is not IS_OPEN;
    ``None`` for an open card without a due date (nothing to count)."""
    is_open = holds(IS_OPEN, matter, as_of_params(as_of))
    if not is_open:
        return Urgency(DONE, 0)
    if matter.due_on is None:
        return None
    return urgency(matter.due_on, as_of, done=False)
