"""The visitor queue (接访队列): register, call, record the outcome.

- :func:`register_visit` gives the visitor the next ticket of their village
  and day (max + 1 inside one write transaction, taken in turn: SQLite's
  ``BEGIN IMMEDIATE`` runs one writer at a time, and on PostgreSQL the
  village's row is locked first); the unique index (village, date, ticket)
  makes a duplicate impossible, and no desk ever loses a race to retry.
- :func:`call_next` / :func:`call_visitor` move a waiting visitor to an
  official with a conditional ``UPDATE … WHERE status = '等候'`` inside one
  immediate transaction, so two desks calling at once never get the same
  visitor; an official still serving someone is refused.
- :func:`record_outcome` / :func:`mark_left` finish a visit. 受理代办 only
  records the outcome: the returned row carries what the matter card needs.
- the reads (:func:`list_day`, :func:`day_figures`, the poll :func:`waiting_since`,
  同上 :func:`last_visit_place`) live in :mod:`deskui.services.queue.rows`.
``Visit.desk`` is the registering desk (同上 follows it); a call from another
desk names its desk in the audit note.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from peewee import fn

from deskui.domain import queue_rules as rules
from deskui.domain.errors import NotFound, RuleViolation
from deskui.domain.phone import normalise_phone
from deskui.domain.queue_rules import Outcome, Status
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.queue.rows import (
    Ticket,
    VisitRow,
    resolve_village,
    visit_row,
)
from deskui.store.models import DutyDay, Household, Official, Resident, Village, Visit

DUTY_ARRANGED = "安排"


# ------------------------------------------------------------------ register


def _duty_day(village_id: int, day: dt.date, now: dt.datetime) -> int | None:
    """Today's arranged duty day of the village, the shift matching the hour first."""
    rows = list(
        DutyDay.select(DutyDay.id, DutyDay.shift)
        .where(
            (DutyDay.village == village_id)
            & (DutyDay.date == day)
            & (DutyDay.status == DUTY_ARRANGED)
        )
        .order_by(DutyDay.id)
    )
    if not rows:
        return None
    wanted = ("下午" if now.hour >= 12 else "上午", "全天")
    for shift in wanted:
        for row in rows:
            if row.shift == shift:
                return int(row.id)
    return int(rows[0].id)


def _links(resident_id: int | None, household_id: int | None) -> int | None:
    """Check the archive links; a resident's household fills a missing one."""
    if resident_id is not None:
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None:
            raise NotFound(t("queue.unknown_resident", id=resident_id), field="resident")
        if household_id is None:
            return int(resident.household_id)
    if household_id is not None and Household.get_or_none(Household.id == household_id) is None:
        raise NotFound(t("queue.unknown_household", id=household_id), field="household")
    return household_id


def register_visit(
    ctx: ServiceContext,
    *,
    village: int | str,
    name: str,
    reason: str = "",
    phone: str = "",
    group_no: int | str | None = None,
    resident_id: int | None = None,
    household_id: int | None = None,
    day: dt.date | None = None,
    desk: str | None = None,
) -> Ticket:
    """Put a visitor in the queue and return their ticket.

    The visit is linked to the village's arranged duty day when there is one;
    otherwise it is marked 非服务日 (``service_day=False``), which is allowed.
    ``day`` (default today) may be an earlier day, to enter a paper record
    afterwards, but never a later one.
    """
    ctx.require(Perm.QUEUE)
    clean_name = rules.clean_visitor_name(name)
    place = resolve_village(ctx, village)
    clean_phone = normalise_phone(phone)
    clean_reason = rules.clean_reason(reason)
    group = rules.clean_group(group_no, group_count=place.group_count, village=place.name)
    today = ctx.today()
    day = day or today
    if day > today:
        raise RuleViolation(t("queue.future_day", day=day.isoformat()), field="date")
    now = ctx.now()
    arrived = now if day == today else dt.datetime.combine(day, now.time())
    where_desk = clean_text(
        ctx.desk if desk is None else desk, field="desk", label=t("queue.desk_label"), max_len=20
    )
    household_id = _links(resident_id, household_id)

    def work() -> int:
        if ctx.postgres:  # one ticket counter per village: take them in turn
            list(Village.select(Village.id).where(Village.id == place.id).for_update())
        last = (
            Visit.select(fn.MAX(Visit.ticket))
            .where((Visit.village == place.id) & (Visit.date == day))
            .scalar()
        )
        duty = _duty_day(place.id, day, arrived)
        visit = audit.create(
            ctx,
            Visit,
            village=place.id,
            date=day,
            ticket=int(last or 0) + 1,
            duty_day=duty,
            service_day=duty is not None,
            name=clean_name,
            phone=clean_phone,
            group_no=group,
            resident=resident_id,
            household=household_id,
            reason=clean_reason,
            status=Status.WAITING.value,
            arrived_at=arrived,
            desk=where_desk,
        )
        return int(visit.id)

    visit_id = ctx.write(work)
    row = Visit.get_by_id(visit_id)
    return Ticket(
        id=visit_id,
        village_id=place.id,
        village=place.name,
        date=row.date,
        ticket=row.ticket,
        name=row.name,
        phone=row.phone,
        group_no=row.group_no,
        reason=row.reason,
        service_day=bool(row.service_day),
        duty_day_id=row.duty_day_id,
        arrived_at=row.arrived_at,
        desk=row.desk,
    )


# ---------------------------------------------------------------------- call


def _official_id(ctx: ServiceContext, official: int | str | None) -> int:
    if official is None or (isinstance(official, str) and not official.strip()):
        if ctx.actor.official_id is None:
            raise RuleViolation(t("queue.need_official"), field="official")
        return int(ctx.actor.official_id)
    if isinstance(official, str):
        from deskui.services.town.towns import find_official

        return find_official(ctx, official)
    row = Official.get_or_none((Official.id == official) & (Official.town == ctx.town_id))
    if row is None:
        raise NotFound(t("queue.unknown_official_id", id=official), field="official")
    return int(row.id)


def _refuse_if_serving(
    ctx: ServiceContext, official_id: int, village_id: int, day: dt.date
) -> None:
    """One visitor at a time per official: record the outcome first."""
    if ctx.postgres:  # serialise two desks calling for the same official
        list(Official.select(Official.id).where(Official.id == official_id).for_update())
    busy = (
        Visit.select(Visit.ticket, Visit.name, Visit.village)
        .where(
            (Visit.official == official_id)
            & (Visit.date == day)
            & (Visit.status == Status.SERVING.value)
        )
        .first()
    )
    if busy is None:
        return
    who = t("queue.who", ticket=busy.ticket, name=busy.name)
    if busy.village_id != village_id:
        who = t("queue.who_elsewhere", village=busy.village.name, who=who)
    raise RuleViolation(t("queue.still_serving", who=who), field="official")


def _conditional_update(
    ctx: ServiceContext, visit: Visit, expected: Status, values: dict[str, Any], note: str = ""
) -> bool:
    """``UPDATE visit SET … WHERE id = ? AND status = expected``, audited;
    False when another desk changed the visit first."""
    changed = (
        Visit.update(**values)
        .where((Visit.id == visit.id) & (Visit.status == expected.value))
        .execute()
    )
    if changed != 1:
        return False
    before = audit.snapshot(visit)
    changes = {
        k: [before.get(k), v.isoformat() if isinstance(v, dt.datetime) else v]
        for k, v in values.items()
        if before.get(k) != v
    }
    audit.log(ctx, "修改", Visit._meta.table_name, int(visit.id), changes, note)
    return True


def _call_values(ctx: ServiceContext, official_id: int) -> dict[str, Any]:
    return {
        "status": Status.SERVING.value,
        "called_at": ctx.now(),
        "official": official_id,
    }


def _call_note(desk: str) -> str:
    return t("queue.audit_call", desk=desk) if desk else ""


def call_next(
    ctx: ServiceContext, *, village: int | str, official: int | str | None = None, desk: str = ""
) -> VisitRow | None:
    """Call the first waiting visitor of the village today (by ticket) to the
    official (named, or the operator's own); None when nobody is waiting."""
    ctx.require(Perm.QUEUE)
    place = resolve_village(ctx, village)
    official_id = _official_id(ctx, official)
    day = ctx.today()
    where_desk = desk or ctx.desk

    def work() -> int | None:
        _refuse_if_serving(ctx, official_id, place.id, day)
        while True:
            nxt = (
                Visit.select()
                .where(
                    (Visit.village == place.id)
                    & (Visit.date == day)
                    & (Visit.status == Status.WAITING.value)
                )
                .order_by(Visit.ticket)
                .first()
            )
            if nxt is None:
                return None
            values = _call_values(ctx, official_id)
            if _conditional_update(ctx, nxt, Status.WAITING, values, _call_note(where_desk)):
                return int(nxt.id)

    visit_id = ctx.write(work)
    return None if visit_id is None else visit_row(ctx, visit_id)


def _visit_for_update(ctx: ServiceContext, visit_id: int) -> Visit:
    visit = (
        Visit.select(Visit)
        .join(Village, on=Visit.village)
        .where((Visit.id == visit_id) & (Village.town == ctx.town_id))
        .first()
    )
    if visit is None:
        raise NotFound(t("queue.unknown_visit", id=visit_id), field="visit")
    return visit


def _refuse_changed(ctx: ServiceContext, visit_id: int) -> NoReturn:
    """Another desk changed the visit between our read and our update."""
    fresh = _visit_for_update(ctx, visit_id)
    if Status(fresh.status) in (Status.DONE, Status.LEFT):
        key = "queue.already_finished"
    else:
        key = "queue.changed_meanwhile"
    raise RuleViolation(t(key, ticket=fresh.ticket, name=fresh.name, status=fresh.status))


def call_visitor(
    ctx: ServiceContext, visit_id: int, *, official: int | str | None = None, desk: str = ""
) -> VisitRow:
    """Call a chosen waiting visitor (out of turn) to the official."""
    ctx.require(Perm.QUEUE)
    official_id = _official_id(ctx, official)
    where_desk = desk or ctx.desk

    def work() -> None:
        visit = _visit_for_update(ctx, visit_id)
        rules.check_call(visit.status, ticket=visit.ticket, name=visit.name)
        _refuse_if_serving(ctx, official_id, visit.village_id, visit.date)
        values = _call_values(ctx, official_id)
        if not _conditional_update(ctx, visit, Status.WAITING, values, _call_note(where_desk)):
            _refuse_changed(ctx, visit_id)

    ctx.write(work)
    return visit_row(ctx, visit_id)


# ------------------------------------------------------------------- outcome


def record_outcome(
    ctx: ServiceContext,
    visit_id: int,
    outcome: Outcome | str,
    *,
    note: str = "",
    parties: str = "",
    result: str = "",
) -> VisitRow:
    """Record how the visit ended (see :mod:`deskui.domain.queue_rules`).

    For 受理代办 the returned row (name, phone, village, group, reason,
    resident, household, visit id) is what the matter card is opened with.
    """
    ctx.require(Perm.QUEUE)
    chosen = rules.parse_outcome(outcome)

    def work() -> None:
        visit = _visit_for_update(ctx, visit_id)
        record = rules.check_outcome(
            visit.status,
            chosen,
            ticket=visit.ticket,
            name=visit.name,
            note=note,
            parties=parties,
            result=result,
        )
        values: dict[str, Any] = {
            "status": record.status.value,
            "outcome": record.outcome.value,
            "outcome_note": record.note,
            "dispute_parties": record.parties,
            "dispute_result": record.result,
            "finished_at": ctx.now(),
        }
        if not _conditional_update(ctx, visit, Status(visit.status), values):
            _refuse_changed(ctx, visit_id)

    ctx.write(work)
    return visit_row(ctx, visit_id)


def mark_left(ctx: ServiceContext, visit_id: int, *, note: str = "") -> VisitRow:
    """The visitor left before being served (离开未办)."""
    return record_outcome(ctx, visit_id, Outcome.LEFT, note=note)
