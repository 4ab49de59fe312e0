"""The demo town's service days: the roster (DutyDay + DutyAssignment), the
liaison officials' contacts, and the visitors at the desk.

The roster is planned by :func:`deskui.domain.roster_rules.plan_roster`,
the rule ``roster.generate`` uses: the town's weekday (Tuesday), remote
villages every two weeks, a holiday cancelled (no one on duty) with the
holiday named. Past days are signed in, with a few absences and substitutes
(顶班); today's queue holds visitors still waiting or being served when
``now`` falls in the day's hours.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from deskui.domain.queue_rules import DisputeResult, Outcome, Status
from deskui.domain.roster_rules import (
    Duty,
    Slot,
    TownRule,
    VillageRule,
    VillageTeam,
    halves,
    plan_roster,
)
from deskui.domain.workdays import WorkCalendar
from deskui.i18n import t
from deskui.services.demo import names
from deskui.services.demo.bulk import BulkWriter
from deskui.services.demo.people import Home, Person, VillagePlan
from deskui.store.models import Contact, DutyAssignment, DutyDay, Visit

OUTCOME_WEIGHTS = (
    (Outcome.ANSWERED, 28), (Outcome.POLICY, 24), (Outcome.MATTER, 30),
    (Outcome.DISPUTE, 6), (Outcome.REFUSED, 5), (Outcome.LEFT, 7),
)  # fmt: skip
CONTACT_MODES = (("登门", 55), ("电话", 35), ("微信", 10))
ABSENCE_RATE = 0.04
OPEN_AT = dt.time(8, 30)
CLOSE_AT = dt.time(17, 30)
DEMO_RULE = TownRule()  # Tuesdays; a holiday cancels the day (取消)


@dataclass
class VillageDesk:
    id: int
    name: str
    groups: int
    remote: bool
    cadence: int
    anchor: dt.date | None
    shift: str  # 全天 / 上午 / 下午 / 上下午
    am: str
    pm: str
    office: str
    team: list[tuple[int, str]] = field(default_factory=list)  # (official, 组长/成员/协助)
    homes: list[Home] = field(default_factory=list)

    @property
    def leader(self) -> int:
        return self.team[0][0]


@dataclass
class TownPlan:
    id: int
    name: str
    code: str
    villages: list[VillageDesk]
    officials: list[int]  # town officials (镇干部) who may stand in
    leaders: list[int] = field(default_factory=list)
    official_names: dict[int, str] = field(default_factory=dict)
    archive_plan: list[VillagePlan] = field(default_factory=list)
    clerk_operator: int | None = None
    rule: TownRule = field(default_factory=lambda: DEMO_RULE)


@dataclass
class Session:
    village: VillageDesk
    date: dt.date
    shift: str
    hours: str
    duty_day: int
    present: list[int]


@dataclass
class Seed:
    """A matter to be opened: who asked, when, where, through which channel."""

    village: VillageDesk
    accepted_on: dt.date
    at: dt.datetime
    origin: str
    receiver: int
    home: Home | None
    person: Person | None
    applicant: str
    phone: str
    visit: int | None = None
    contact: int | None = None
    refused: tuple[str, str] | None = None  # (what was asked, explanation)


def _clock(day: dt.date, hours: str) -> tuple[dt.datetime, dt.datetime]:
    start, end = (dt.time.fromisoformat(f"{int(h.split(':')[0]):02d}:{h.split(':')[1]}")
                  for h in hours.split("-"))  # fmt: skip
    return dt.datetime.combine(day, start), dt.datetime.combine(day, end)


def _chunks(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """``[start, end]`` in pieces of at most a year (the planner's range limit
    is two years; the county demo spans more)."""
    out = []
    while start <= end:
        last = min(end, start + dt.timedelta(days=364))
        out.append((start, last))
        start = last + dt.timedelta(days=1)
    return out


def plan_demo_roster(town: TownPlan, cal: WorkCalendar, start: dt.date, end: dt.date) -> list[Duty]:
    """The demo's duty rows, by the same rule as ``roster.generate``."""
    villages = [
        VillageTeam(
            v.id, v.name, VillageRule(v.cadence, v.anchor, v.shift, v.am, v.pm),
            tuple(Slot(official, role) for official, role in v.team),
        )
        for v in town.villages
    ]  # fmt: skip
    plan: list[Duty] = []
    for first, last in _chunks(start, end):
        plan.extend(plan_roster(town.rule, villages, cal, first, last))
    return plan


def write_roster(
    w: BulkWriter,
    rng: random.Random,
    town: TownPlan,
    cal: WorkCalendar,
    span: tuple[dt.date, dt.date],
    today: dt.date,
    now: dt.datetime,
) -> list[Session]:
    """Duty days and assignments from ``span[0]`` to ``span[1]`` (planned as
    ``roster.generate`` plans them); returns the held sessions up to today."""
    day_rows: list[tuple] = []
    duty_rows: list[tuple] = []
    sessions: list[Session] = []
    by_id = {v.id: v for v in town.villages}
    standby: dict[int, list[int]] = {}
    for v in town.villages:
        team_ids = {o for o, _ in v.team}
        standby[v.id] = [o for o in town.officials if o not in team_ids]
    for duty in plan_demo_roster(town, cal, *span):
        v, day = by_id[duty.village], duty.day
        dd = w.take(DutyDay)
        am, pm = halves(duty.shift)
        day_rows.append(
            (dd, v.id, day.date, duty.shift, duty.hours, v.office, day.status, day.reason,
             day.moved_from, day.second_day, False, "", am, pm)
        )  # fmt: skip
        if not day.held:
            continue
        present: list[int] = []
        for official, role in duty.officials:
            signed = absent = None
            substitute = None
            why = ""
            if day.date < today:
                if rng.random() < ABSENCE_RATE:
                    absent, why = True, rng.choice(names.ABSENCES)
                    if standby[v.id] and rng.random() < 0.6:
                        candidate = rng.choice(standby[v.id])
                        if candidate not in present:
                            substitute = candidate
                            present.append(substitute)
                else:
                    signed = dt.datetime.combine(day.date, OPEN_AT) - dt.timedelta(
                        minutes=rng.randrange(0, 20)
                    )
            elif day.date == today and now.time() >= OPEN_AT:
                signed = min(now, dt.datetime.combine(day.date, OPEN_AT)) - dt.timedelta(
                    minutes=rng.randrange(0, 15)
                )
            if not absent:
                present.append(official)
            duty_rows.append(
                (w.take(DutyAssignment), dd, official, role, substitute, signed,
                 bool(absent), why, False, "", None)
            )  # fmt: skip
            if substitute is not None:  # the substitute signs in on a line of their own
                # (no draw from rng: the rest of the demo stays as it was)
                stood_in = dt.datetime.combine(day.date, OPEN_AT) - dt.timedelta(minutes=5)
                duty_rows.append(
                    (w.take(DutyAssignment), dd, substitute, role, None, stood_in,
                     False, "", True, "", official)
                )  # fmt: skip
        if day.date <= today:
            sessions.append(Session(v, day.date, duty.shift, duty.hours, dd, present or [v.leader]))
    w.insert(
        DutyDay,
        ("id", "village", "date", "shift", "hours", "place", "status", "reason",
         "moved_from", "second_day", "edited", "note", "am", "pm"),
        day_rows,
    )  # fmt: skip
    w.insert(
        DutyAssignment,
        ("id", "duty_day", "official", "role", "substitute", "signed_in_at", "absent",
         "absence_reason", "edited", "note", "covers"),
        duty_rows,
    )  # fmt: skip
    w.note_step(DutyDay, len(day_rows), f"{town.name}·{t('demo.what_roster')}")
    return sessions


def write_contacts(
    w: BulkWriter,
    rng: random.Random,
    town: TownPlan,
    months: list[tuple[dt.date, dt.date, float]],
) -> list[tuple[int, Home, int, dt.date]]:
    """Liaison contacts: for each (first day, last day, share) a month's round.
    Returns (contact id, household, official, date) of the home visits."""
    modes = [m for m, _ in CONTACT_MODES]
    weights = [n for _, n in CONTACT_MODES]
    rows: list[tuple] = []
    home_visits: list[tuple[int, Home, int, dt.date]] = []
    for v in town.villages:
        for h in v.homes:
            if h.liaison is None:
                continue
            for first, last, share in months:
                if rng.random() >= share:
                    continue
                day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
                mode = rng.choices(modes, weights)[0]
                kind = rng.choice(names.EVENT_KINDS) if rng.random() < 0.03 else ""
                cid = w.take(Contact)
                at = dt.datetime.combine(day, dt.time(rng.randrange(9, 18), rng.randrange(60)))
                rows.append(
                    (cid, h.id, h.liaison, day, mode, kind, rng.choice(names.CONTACT_NOTES),
                     rng.random() < 0.05, at)
                )  # fmt: skip
                if mode == "登门":
                    home_visits.append((cid, h, h.liaison, day))
    w.insert(
        Contact,
        ("id", "household", "official", "date", "mode", "event_kind", "note", "follow_up",
         "created_at"),
        rows,
    )  # fmt: skip
    w.note_step(Contact, len(rows), t("demo.what_contacts"))
    return home_visits


def _visitor(rng: random.Random, v: VillageDesk, pick: names.NamePicker) -> tuple:
    """(home, person, name, phone, group) of one visitor: mostly from the archive."""
    if v.homes and rng.random() < 0.9:
        home = rng.choice(v.homes)
        person = rng.choice(home.adults())
        return home, person, person.name, person.phone, home.group_no
    male = rng.random() < 0.6
    return None, None, pick.full(male, 1970), names.mobile(rng), rng.randint(1, v.groups)


def write_visits(
    w: BulkWriter,
    rng: random.Random,
    sessions: list[Session],
    per_session: float,
    now: dt.datetime,
) -> list[Seed]:
    """The visitor queue of every held session; returns the matters opened."""
    pick = names.NamePicker(rng)
    outcomes = [o for o, _ in OUTCOME_WEIGHTS]
    weights = [n for _, n in OUTCOME_WEIGHTS]
    rows: list[list] = []
    seeds: list[Seed] = []
    tickets: dict[tuple[int, dt.date], int] = {}
    for s in sessions:
        start, end = _clock(s.date, s.hours)
        count = max(0, round(rng.gauss(per_session, per_session * 0.35)))
        arrived = start - dt.timedelta(minutes=rng.randrange(0, 20))
        live: list[int] = []
        for _ in range(count):
            arrived += dt.timedelta(minutes=rng.randrange(2, 30))
            if arrived >= end or arrived > now:
                break
            key = (s.village.id, s.date)
            tickets[key] = ticket = tickets.get(key, 0) + 1
            home, person, name, phone, group = _visitor(rng, s.village, pick)
            official = rng.choice(s.present)
            called = arrived + dt.timedelta(minutes=rng.randrange(1, 25))
            finished = called + dt.timedelta(minutes=rng.randrange(5, 30))
            outcome = rng.choices(outcomes, weights)[0]
            reason = note = parties = result = ""
            status = Status.DONE
            vid = w.take(Visit)
            if outcome is Outcome.LEFT:
                status, called, official = Status.LEFT, None, None  # type: ignore[assignment]
                reason = rng.choice(names.ANSWERS)[0]
            elif outcome in (Outcome.ANSWERED, Outcome.POLICY):
                reason, note = rng.choice(names.ANSWERS)
            elif outcome is Outcome.DISPUTE:
                reason, note = rng.choice(names.DISPUTES)
                parties = t("demo.parties", a=name, b=pick.full(True, 1965))
                result = rng.choices(list(DisputeResult), (70, 20, 10))[0].value
            elif outcome is Outcome.REFUSED:
                reason, note = rng.choice(names.REFUSALS)
            if s.date == now.date() and finished > now:
                live.append(len(rows))
            rows.append(
                [vid, s.village.id, s.date, ticket, s.duty_day, True, name, phone, group,
                 person.id if person else None, home.id if home else None, reason,
                 status.value, arrived, called, finished if called else None, official,
                 "", outcome.value, note, parties, result]
            )  # fmt: skip
            if outcome in (Outcome.MATTER, Outcome.REFUSED):
                seeds.append(
                    Seed(s.village, s.date, finished, "服务日接待", official or s.present[0], home,
                         person, name, phone, visit=vid,
                         refused=(reason, note) if outcome is Outcome.REFUSED else None)
                )  # fmt: skip
        _still_open(rows, live, now, seeds)
    w.insert(
        Visit,
        ("id", "village", "date", "ticket", "duty_day", "service_day", "name", "phone",
         "group_no", "resident", "household", "reason", "status", "arrived_at", "called_at",
         "finished_at", "official", "desk", "outcome", "outcome_note", "dispute_parties",
         "dispute_result"),
        rows,
    )  # fmt: skip
    w.note_step(Visit, len(rows), t("demo.what_visits"))
    return seeds


def _still_open(rows: list[list], live: list[int], now: dt.datetime, seeds: list[Seed]) -> None:
    """Today's visitors not finished by ``now``: waiting, or being served."""
    for index in live:
        row = rows[index]
        seeds[:] = [s for s in seeds if s.visit != row[0]]
        if row[14] is not None and row[14] <= now:
            row[12], row[15], row[18], row[19], row[20], row[21] = (
                Status.SERVING.value,
                None,
                "",
                "",
                "",
                "",
            )
        else:
            row[12], row[14], row[15], row[16] = Status.WAITING.value, None, None, None
            row[18], row[19], row[20], row[21] = "", "", "", ""
