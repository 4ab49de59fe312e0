"""Which matters a month's ledger (服务群众销号台账) lists, and how each row stands.

The month's ledger is re-sorted by the month's end (seed 003): matters
crossed off, new ones listed, unfinished ones carried over. Judged as of a
date ``as_of`` on or after the month's first day (:func:`ledger_window`):

- ``start`` = the month's first day;
- ``end`` = the month's last day, or ``as_of`` if earlier;
- everything after ``as_of`` is ignored: a matter accepted later is absent,
  one crossed off later still counts as not crossed off.

A matter is **on the month's ledger** iff it is not refused (不予受理 is no
matter of the ledger), it was accepted by ``end``, and it was not crossed
off (销号) before ``start``. That is the same set as "accepted in the month;
or accepted before it and not crossed off before it began; or finished or
crossed off during it" (a finish or a crossing-off falls on or after the
acceptance, and nothing moves out of 已销号). A matter never crossed off
stays on every month's ledger from its acceptance month on, carried over
each month with its progress; a matter finished but not yet crossed off
(awaiting 签字 / 回访) is carried over too.

Each row is **new this month** (accepted on or after ``start``) or **carried
over** (accepted before: the ledger notes 上月结转), and may be **crossed off
this month** (``closed_on`` in [start, end]); its finish and its deadline are
judged as of ``as_of`` by :mod:`deskui.domain.deadlines` (IS_FINISHED,
IS_OVERDUE, FINISHED_ON_TIME, FINISHED_LATE; 是否超期 is
:attr:`~deskui.domain.deadlines.Timeliness.past_due`).

How a query mirrors it. The rules are trees of
:mod:`deskui.domain.predicates` over the card's columns ``state``,
``accepted_on``, ``finished_on``, ``closed_on``, ``due_on`` with the params
``:start``, ``:end``, ``:as_of`` (:meth:`MonthWindow.params`). A store or
service query either builds its WHERE clause with
:func:`deskui.domain.predicates.build` and a Builder for its ORM, or says
exactly the text :func:`deskui.domain.predicates.sql_text` prints::

    ON_LEDGER      state <> '不予受理' AND accepted_on <= :end
                   AND (closed_on IS NULL OR closed_on >= :start)
    NEW_IN_MONTH   ON_LEDGER AND accepted_on >= :start
    CARRIED_OVER   ON_LEDGER AND accepted_on < :start
    CROSSED_OFF_IN_MONTH
                   ON_LEDGER AND closed_on IS NOT NULL
                   AND closed_on >= :start AND closed_on <= :end
    FINISHED_IN_MONTH
                   ON_LEDGER AND finished_on IS NOT NULL
                   AND finished_on >= :start AND finished_on <= :end

``:end`` is never the month's last day blindly: it is
``min(last day, as_of)``. NEW_IN_MONTH is also the month's intake the
figures count (受理代办件数). The ``(accepted_on, id)`` index serves
``accepted_on <= :end``; nothing else needs one.

What the card cannot tell: it keeps only the latest completion and the
latest due date (重办 clears ``finished_on``, 延期 and 重办 replace
``due_on``; see :mod:`deskui.domain.deadlines`). Membership and the
new / carried / crossed-off classification read only ``accepted_on``
(locked), ``closed_on`` (final) and the refused state, so they are exact for
any ``as_of``; whether a row reads finished or overdue as of a past date is
exact unless the matter was reopened or extended after that date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from deskui.domain.dates import month_bounds
from deskui.domain.deadlines import (
    ACCEPTED_ON,
    CLOSED_ON,
    FINISHED_ON,
    STATE,
    DatedMatter,
    Timeliness,
    timeliness,
)
from deskui.domain.errors import ValidationError
from deskui.domain.matter_flow import State
from deskui.domain.predicates import (
    Compare,
    Const,
    IsNull,
    Param,
    Predicate,
    all_of,
    any_of,
    holds,
    not_null,
)
from deskui.i18n import t

START, END = Param("start"), Param("end")


class MonthWindow(NamedTuple):
    """A month judged as of a date: ``start`` its first day, ``end`` its last
    day or ``as_of`` if earlier (the last day a matter may be accepted)."""

    start: dt.date
    end: dt.date
    as_of: dt.date

    def params(self) -> dict[str, dt.date]:
        """``{'start': …, 'end': …, 'as_of': …}``: the rules' params."""
        return {"start": self.start, "end": self.end, "as_of": self.as_of}


def ledger_window(year: int, month: int, as_of: dt.date) -> MonthWindow:
    """The month ``year-month`` as of ``as_of``; an ``as_of`` before the
    month's first day is refused (field ``as_of``)."""
    first, last = month_bounds(year, month)
    if as_of < first:
        raise ValidationError(
            t("stats.as_of_before", as_of=as_of.isoformat(), year=year, month=month),
            field="as_of",
        )
    return MonthWindow(first, min(last, as_of), as_of)


ON_LEDGER: Predicate = all_of(
    Compare(STATE, "<>", Const(State.REFUSED.value)),
    Compare(ACCEPTED_ON, "<=", END),
    any_of(IsNull(CLOSED_ON), Compare(CLOSED_ON, ">=", START)),
)
NEW_IN_MONTH: Predicate = all_of(ON_LEDGER, Compare(ACCEPTED_ON, ">=", START))
CARRIED_OVER: Predicate = all_of(ON_LEDGER, Compare(ACCEPTED_ON, "<", START))
CROSSED_OFF_IN_MONTH: Predicate = all_of(
    ON_LEDGER,
    not_null(CLOSED_ON),
    Compare(CLOSED_ON, ">=", START),
    Compare(CLOSED_ON, "<=", END),
)
FINISHED_IN_MONTH: Predicate = all_of(
    ON_LEDGER,
    not_null(FINISHED_ON),
    Compare(FINISHED_ON, ">=", START),
    Compare(FINISHED_ON, "<=", END),
)


class Intake(str, Enum):
    """How a row came onto the month's ledger."""

    NEW = "new"  # 本月新增: accepted in the month
    CARRIED = "carried"  # 上月结转: accepted before the month, not yet crossed off


@dataclass(frozen=True)
class LedgerEntry:
    """How one matter stands on the month's ledger."""

    intake: Intake
    crossed_off: bool  # 本月销号: crossed off in [start, end]
    # against its deadline on as_of; None only for a card crossed off with no
    # completion date, which the loop never writes
    timeliness: Timeliness | None

    @property
    def carried(self) -> bool:
        return self.intake is Intake.CARRIED


def on_ledger(matter: DatedMatter, window: MonthWindow) -> bool:
    """Is the matter a row of the month's ledger? (ON_LEDGER)"""
    return holds(ON_LEDGER, matter, window.params())


def ledger_entry(matter: DatedMatter, window: MonthWindow) -> LedgerEntry | None:
    """The row's standing, or ``None`` when the matter is not on the ledger."""
    params = window.params()
    if not holds(ON_LEDGER, matter, params):
        return None
    return LedgerEntry(
        intake=Intake.CARRIED if holds(CARRIED_OVER, matter, params) else Intake.NEW,
        crossed_off=holds(CROSSED_OFF_IN_MONTH, matter, params),
        timeliness=timeliness(matter, window.as_of),
    )
