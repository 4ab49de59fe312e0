"""The duty roster (值班表): teams, generating the service days, and the day.

- :func:`set_team` / :func:`team` — a village's fixed team (组长 / 成员 / 协助).
- :func:`generate` — DutyDay + DutyAssignment rows for a date range, by the
  rules of :mod:`deskui.domain.roster_rules`, in ONE transaction: a day
  edited by hand or with a sign-in, absence or substitute is kept as it is;
  every other day in the range is rebuilt, never beside a kept line of the
  same half day. Refuses (before writing) a year without holidays (unless
  forced), a backwards or over-two-year range, a team without a leader and an official
  on two villages in overlapping shifts of one day.
- :func:`sign_in`, :func:`mark_absent`, :func:`withdraw_absence`,
  :func:`substitute` (顶班: the stand-in gets a line of their own, where they
  sign in), :func:`swap` — a given day, days to come included (sign-in
  excepted); the month's attendance per official and the day's counts are in
  :mod:`deskui.services.roster.view`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from deskui.domain import roster_rules as rules
from deskui.domain.errors import NotFound, RuleViolation
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.town.calendar import load_calendar
from deskui.services.town.towns import find_official
from deskui.store.models import DutyAssignment, DutyDay, Official, TeamMember, Town, Village

_BATCH = 200


@dataclass(frozen=True)
class GenerateResult:
    start: dt.date
    end: dt.date
    created: int  # duty days written
    kept: int  # edited / signed days left as they were
    removed: int  # untouched days rebuilt or dropped
    cancelled: int
    moved: int
    unknown_years: tuple[int, ...]


def _town(ctx: ServiceContext) -> Town:
    town = Town.get_or_none(Town.id == ctx.town_id)
    if town is None:
        raise NotFound(t("roster.no_town"))
    return town


# ----------------------------------------------------------------- generate


def _village_rule(v: Village) -> rules.VillageRule:
    return rules.VillageRule(v.cadence_weeks, v.cadence_anchor, v.shift, v.am_hours, v.pm_hours)


def town_rule(town: Town) -> rules.TownRule:
    return rules.TownRule(
        town.service_weekday, town.second_weekday, town.second_week_parity, town.holiday_policy
    )


def _teams(villages: list[Village], start: dt.date) -> dict[int, tuple[rules.Slot, ...]]:
    q = TeamMember.select().where(
        TeamMember.village.in_([v.id for v in villages] or [0])
        & ((TeamMember.until.is_null()) | (TeamMember.until >= start))
    )
    out: dict[int, list[rules.Slot]] = defaultdict(list)
    for m in q.order_by(TeamMember.id):
        out[m.village_id].append(
            rules.Slot(m.official_id, m.role, m.shift, m.odd_week_second_day, m.since, m.until)
        )
    return {v.id: tuple(out[v.id]) for v in villages}


def _plan(ctx: ServiceContext, start: dt.date, end: dt.date):  # type: ignore[no-untyped-def]
    """Every planned (village, PlannedDay, shift, hours, place, [(official, role)])."""
    town = _town(ctx)
    calendar = load_calendar(ctx)
    villages = list(
        Village.select()
        .where((Village.town == town.id) & (Village.archived == False))  # noqa: E712
        .order_by(Village.sort_order, Village.id)
    )
    names = {o.id: o.name for o in Official.select(Official.id, Official.name)}
    teams = _teams(villages, start)
    inputs = [rules.VillageTeam(v.id, v.name, _village_rule(v), teams[v.id]) for v in villages]
    by_id = {v.id: v for v in villages}
    plan = [
        (by_id[d.village], d.day, d.shift, d.hours, by_id[d.village].office_address, d.officials)
        for d in rules.plan_roster(town_rule(town), inputs, calendar, start, end)
    ]
    return plan, names, tuple(calendar.unknown_years(start, end))


def _check_clashes(plan, names: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    seen: dict[tuple[int, dt.date], list[tuple[str, str]]] = defaultdict(list)
    for v, day, shift, _hours, _place, duty in plan:
        for oid, _role in duty:
            for other_village, other_shift in seen[(oid, day.date)]:
                if other_village != v.name and rules.shifts_overlap(shift, other_shift):
                    raise RuleViolation(
                        t("roster.clash", name=names.get(oid, oid), date=day.date,
                          a=other_village, b=v.name, shift=shift),
                        field="team",
                    )  # fmt: skip
            seen[(oid, day.date)].append((v.name, shift))


def generate(
    ctx: ServiceContext, start: dt.date, end: dt.date, *, force: bool = False
) -> GenerateResult:
    """Write the roster from ``start`` to ``end`` (one transaction).

    A duty line with a sign-in, absence, substitute or hand edit is kept as it
    is, and no line is written beside it for the same half day (one line per
    village, date and half day, also enforced by the store). Refuses a range
    in a year whose holidays the town has not set, unless ``force``."""
    ctx.require(Perm.EDIT_ROSTER)
    rules.check_range(start, end)
    plan, names, unknown = _plan(ctx, start, end)
    if unknown and not force:
        years = "、".join(str(y) for y in unknown)
        raise RuleViolation(t("roster.unknown_year_refused", years=years), field="start")
    _check_clashes(plan, names)
    village_ids = sorted({p[0].id for p in plan})

    def work() -> GenerateResult:
        existing = list(
            DutyDay.select().where(
                DutyDay.date.between(start, end + dt.timedelta(weeks=4))
                & DutyDay.village.in_(village_ids or [0])
            )
        )
        touched = {
            a.duty_day_id
            for a in DutyAssignment.select(DutyAssignment.duty_day).where(
                DutyAssignment.duty_day.in_([d.id for d in existing] or [0])
                & (
                    DutyAssignment.signed_in_at.is_null(False)
                    | (DutyAssignment.absent == True)  # noqa: E712
                    | DutyAssignment.substitute.is_null(False)
                    | DutyAssignment.covers.is_null(False)
                    | (DutyAssignment.edited == True)  # noqa: E712
                )
            )
        }
        kept_days = [d for d in existing if d.edited or d.id in touched]
        kept: dict[tuple[int, dt.date], list[str]] = defaultdict(list)
        for d in kept_days:
            kept[(d.village_id, d.date)].append(d.shift)
        kept_count = sum(1 for d in kept_days if start <= d.date <= end)
        # untouched rows of the range (and moved days landing after it) are rebuilt
        stale = [
            d.id
            for d in existing
            if not (d.edited or d.id in touched)
            and (d.date <= end or (d.moved_from is not None and d.moved_from <= end))
        ]
        gen_note = t("roster.generated_day_note", start=start, end=end)
        days_log: list[tuple[str, str, int | None, dict[str, list[Any]] | None, str]] = []
        by_id = {d.id: d for d in existing}
        for i in range(0, len(stale), _BATCH):
            chunk = stale[i : i + _BATCH]
            on_duty: dict[int, list[int]] = defaultdict(list)
            lines = (
                DutyAssignment.select(DutyAssignment.duty_day, DutyAssignment.official)
                .where(DutyAssignment.duty_day.in_(chunk))
                .order_by(DutyAssignment.id)
            )
            for a in lines:
                on_duty[a.duty_day_id].append(a.official_id)
            for day_id in chunk:
                d = by_id[day_id]
                before = _day_fields(d.village_id, d.date, d.shift, d.status, on_duty[d.id])
                changes = {k: [v, None] for k, v in before.items()}
                days_log.append(("删除", DutyDay._meta.table_name, d.id, changes, gen_note))
            DutyAssignment.delete().where(DutyAssignment.duty_day.in_(chunk)).execute()
            DutyDay.delete().where(DutyDay.id.in_(chunk)).execute()
        created = cancelled = moved = 0
        for v, day, shift, hours, place, duty in plan:
            held = kept[(v.id, day.date)]
            if any(rules.shifts_overlap(shift, other) for other in held):
                continue  # a kept line holds this half day: nothing beside it
            am, pm = rules.halves(shift)
            row = DutyDay.create(
                village=v.id, date=day.date, shift=shift, hours=hours, place=place,
                status=day.status, reason=day.reason, moved_from=day.moved_from,
                second_day=day.second_day, am=am, pm=pm,
            )  # fmt: skip
            held.append(shift)
            after = _day_fields(v.id, day.date, shift, day.status, [oid for oid, _ in duty or ()])
            changes = {k: [None, val] for k, val in after.items()}
            days_log.append(("新增", DutyDay._meta.table_name, row.id, changes, gen_note))
            if duty:
                DutyAssignment.insert_many(
                    [{"duty_day": row.id, "official": oid, "role": role} for oid, role in duty]
                ).execute()
            created += 1
            cancelled += day.status == rules.CANCELLED
            moved += day.status == rules.MOVED
        note = t("roster.generated_note", start=start, end=end, created=created,
                 kept=kept_count, removed=len(stale))  # fmt: skip
        audit.log_many(ctx, days_log)  # day by day: each line removed, each line made
        audit.log(ctx, "新增", DutyDay._meta.table_name, None, None, note)
        return GenerateResult(
            start, end, created, kept_count, len(stale), cancelled, moved, unknown
        )

    return ctx.write(work)


def _day_fields(
    village_id: int, date: dt.date, shift: str, status: str, officials: list[int]
) -> dict[str, Any]:
    """A duty line as the audit log shows it, before or after generating."""
    return {
        "village": village_id,
        "date": date.isoformat(),
        "shift": shift,
        "status": status,
        "officials": officials,
    }


# ------------------------------------------------------------------ the day


def _lines(ctx: ServiceContext, oid: int, day: dt.date) -> list[DutyAssignment]:
    """The official's own duty lines on ``day`` (held days), morning first."""
    q = (
        DutyAssignment.select(DutyAssignment, DutyDay)
        .join(DutyDay)
        .join(Village)
        .where(
            (Village.town == ctx.town_id)
            & (DutyDay.date == day)
            & (DutyDay.status != rules.CANCELLED)
            & (DutyAssignment.official == oid)
        )
        .order_by(DutyDay.shift)  # 上午 (U+4E0A) before 下午 (U+4E0B)
    )
    return list(q)


def _duty(ctx: ServiceContext, official: str, day: dt.date) -> DutyAssignment:
    """The official's duty line on ``day`` (their own; a substitute has a
    line of their own): the first one neither signed nor absent, if any."""
    found = _lines(ctx, find_official(ctx, official), day)
    if not found:
        raise RuleViolation(
            t("roster.not_on_duty", name=official.strip(), date=day), field="official"
        )
    waiting = [a for a in found if a.signed_in_at is None and not a.absent]
    unsigned = [a for a in found if a.signed_in_at is None]
    return (waiting or unsigned or found)[0]


def sign_in(
    ctx: ServiceContext, official: str, day: dt.date | None = None, at: dt.time | None = None
) -> dt.datetime:
    """Record the official's sign-in (签到) on ``day`` (default today) at ``at``
    (default now), on their own line: a substitute signs in on the line the
    顶班 gave them. Refuses a day still to come."""
    ctx.require(Perm.SIGN_IN)
    today = ctx.today()
    day = day or today
    duty = _duty(ctx, official, day)
    if day > today:
        raise RuleViolation(t("roster.signin_future", date=day, today=today), field="date")
    moment = dt.datetime.combine(day, at) if at else ctx.now()
    if moment.date() != day:
        moment = dt.datetime.combine(day, ctx.now().time())
    if duty.signed_in_at is not None:
        when = duty.signed_in_at.strftime("%H:%M")
        raise RuleViolation(t("roster.already_signed", name=official.strip(), time=when))
    if duty.absent:
        raise RuleViolation(t("roster.signed_absent", name=official.strip()))
    ctx.write(lambda: audit.update(ctx, duty, signed_in_at=moment))
    return moment


def _reason(reason: str) -> str:
    return clean_text(reason, field="reason", label=t("field.reason"), max_len=200, required=True)


def mark_absent(ctx: ServiceContext, official: str, day: dt.date, reason: str) -> None:
    """The official is absent (缺勤) on ``day`` (today or a day to come), with
    the reason."""
    ctx.require(Perm.SIGN_IN)
    why = _reason(reason)
    duty = _duty(ctx, official, day)
    if duty.signed_in_at is not None:
        raise RuleViolation(t("roster.absent_signed", name=official.strip()))
    if duty.absent:
        raise RuleViolation(t("roster.absent_twice", name=official.strip(), date=day))
    ctx.write(lambda: audit.update(ctx, duty, absent=True, absence_reason=why, edited=True))


def _stand_in_line(duty: DutyAssignment) -> DutyAssignment | None:
    """The substitute's own line for ``duty`` (顶班), if any."""
    if duty.substitute_id is None:
        return None
    return DutyAssignment.get_or_none(
        (DutyAssignment.duty_day == duty.duty_day_id)
        & (DutyAssignment.official == duty.substitute_id)
    )


def substitute(
    ctx: ServiceContext, official: str, day: dt.date, stand_in: str, reason: str
) -> None:
    """``stand_in`` takes ``official``'s duty on ``day`` (顶班, today or a day
    to come): the official is recorded absent with ``reason`` (and the stand-in
    named on their line); the stand-in gets a duty line of their own, where
    they sign in. Naming another stand-in replaces the first (unless the first
    already signed in)."""
    ctx.require(Perm.SIGN_IN)
    why = _reason(reason)
    duty = _duty(ctx, official, day)
    sub = find_official(ctx, stand_in)
    if sub in (duty.official_id, duty.substitute_id):
        raise RuleViolation(t("roster.sub_self", name=stand_in.strip()), field="substitute")
    if duty.signed_in_at is not None:
        raise RuleViolation(t("roster.absent_signed", name=official.strip()))
    previous = _stand_in_line(duty)
    if previous is not None and previous.signed_in_at is not None:
        raise RuleViolation(
            t("roster.sub_already_signed", name=previous.official.name), field="substitute"
        )
    busy = (
        DutyAssignment.select()
        .join(DutyDay)
        .where(
            (DutyDay.date == day)
            & (DutyDay.status != rules.CANCELLED)
            & ((DutyAssignment.official == sub) | (DutyAssignment.substitute == sub))
        )
    )
    for other in busy:
        if rules.shifts_overlap(other.duty_day.shift, duty.duty_day.shift):
            raise RuleViolation(
                t("roster.sub_busy", name=stand_in.strip(), date=day), field="substitute"
            )

    def work() -> None:
        if previous is not None:
            audit.delete(ctx, previous, audit_note=t("roster.sub_replaced_note"))
        audit.update(ctx, duty, absent=True, absence_reason=why, substitute=sub, edited=True)
        audit.create(
            ctx, DutyAssignment, duty_day=duty.duty_day_id, official=sub, role=duty.role,
            covers=duty.official_id, edited=True,
            audit_note=t("roster.sub_note", name=stand_in.strip(), other=official.strip()),
        )  # fmt: skip

    ctx.write(work)


def withdraw_absence(ctx: ServiceContext, official: str, day: dt.date) -> None:
    """Withdraw the official's absence on ``day`` (撤销缺勤): they are on duty
    again, and a substitute named for it loses the line the 顶班 gave them
    (refused when the substitute already signed in)."""
    ctx.require(Perm.SIGN_IN)
    absent = [a for a in _lines(ctx, find_official(ctx, official), day) if a.absent]
    if not absent:
        raise RuleViolation(
            t("roster.not_absent", name=official.strip(), date=day), field="official"
        )
    duty = absent[0]
    stand_in = _stand_in_line(duty)
    if stand_in is not None and stand_in.signed_in_at is not None:
        raise RuleViolation(t("roster.sub_already_signed", name=stand_in.official.name))

    def work() -> None:
        if stand_in is not None:
            audit.delete(ctx, stand_in, audit_note=t("roster.withdraw_note", name=official.strip()))
        audit.update(
            ctx, duty, absent=False, absence_reason="", substitute=None, edited=True,
            audit_note=t("roster.withdraw_note", name=official.strip()),
        )  # fmt: skip

    ctx.write(work)


def swap(
    ctx: ServiceContext, first: str, first_day: dt.date, second: str, second_day: dt.date
) -> None:
    """Two officials exchange duties (换班, on any day, days to come included):
    ``first`` takes ``second``'s duty on ``second_day`` and the other way round."""
    ctx.require(Perm.EDIT_ROSTER)
    a, b = _duty(ctx, first, first_day), _duty(ctx, second, second_day)
    if a.signed_in_at or b.signed_in_at:
        raise RuleViolation(t("roster.swap_signed"))
    if a.absent or b.absent:
        raise RuleViolation(t("roster.swap_absent"))
    a_off, b_off = a.official_id, b.official_id
    for duty, newcomer in ((a, b_off), (b, a_off)):
        twice = DutyAssignment.select().where(
            (DutyAssignment.duty_day == duty.duty_day_id) & (DutyAssignment.official == newcomer)
        )
        if twice.exists():
            raise RuleViolation(t("roster.swap_twice"))

    note = t("roster.swap_note", a=first.strip(), da=first_day, b=second.strip(), db=second_day)

    def work() -> None:
        audit.update(ctx, a, official=b_off, edited=True, audit_note=note)
        audit.update(ctx, b, official=a_off, edited=True, audit_note=note)

    ctx.write(work)


def town_contacts(ctx: ServiceContext) -> tuple[str, str, str]:
    """(联络员, 联络员电话, 监督电话) of the town, for the printed forms."""
    town = _town(ctx)
    return town.liaison_name, town.liaison_phone, town.supervision_phone
