"""Provisional due dates (时限暂定): recomputed when the holidays are set.

A matter accepted near the end of a year may be due in a year whose
holidays the town has not entered yet: its due date is then counted with
weekends and the fixed holidays only (:func:`deskui.domain.deadlines.due_date_provisional`)
and marked ``due_provisional``. When the town enters or imports holidays
(:mod:`deskui.services.town.calendar`, :mod:`deskui.services.town.holiday_import`)
:func:`recompute_provisional_dues` counts every open provisional matter again,
in the same transaction; each changed date is a 时限调整 event on the
matter's timeline (old → new) and in the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskui.domain.deadlines import Level, due_date_provisional
from deskui.domain.matter_flow import State
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.town.calendar import load_calendar
from deskui.store.models import Matter, MatterEvent

DUE_RECOMPUTED = "时限调整"  # the timeline event of a recomputed due date
_OPEN = (State.PENDING.value, State.IN_PROGRESS.value)


@dataclass(frozen=True)
class DueChange:
    number: str
    old_due: dt.date | None
    new_due: dt.date
    still_provisional: bool


def recompute_provisional_dues(ctx: ServiceContext) -> list[DueChange]:
    """Count every open matter's provisional due date again with the calendar
    as it is now; run it inside the write that changed the calendar. Returns
    the matters whose date or mark changed."""
    calendar = load_calendar(ctx)
    q = (
        Matter.select()
        .where((Matter.due_provisional == True) & Matter.state.in_(_OPEN))  # noqa: E712
        .order_by(Matter.id)
    )
    changes: list[DueChange] = []
    for m in q:
        if not m.level:
            continue
        deadline = due_date_provisional(Level(m.level), m.accepted_on, calendar, m.promised_on)
        if deadline.due_on == m.due_on and deadline.provisional:
            continue
        old = m.due_on
        note = t(
            "matter.due_recomputed",
            old=old.isoformat() if old else "",
            new=deadline.due_on.isoformat(),
        )
        if not deadline.provisional:
            note += t("matter.due_now_final")
        audit.update(
            ctx,
            m,
            audit_note=note,
            due_on=deadline.due_on,
            due_provisional=deadline.provisional,
        )
        if deadline.due_on != old:
            audit.create(
                ctx,
                MatterEvent,
                audit_note=note,
                matter=m.id,
                kind=DUE_RECOMPUTED,
                on=ctx.today(),
                at=ctx.now(),
                operator=ctx.actor.id,
                new_due=deadline.due_on,
                note=note,
            )
        changes.append(DueChange(m.number, old, deadline.due_on, deadline.provisional))
    return changes
