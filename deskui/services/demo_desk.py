"""The demo town's service days: the roster (DutyDay + DutyAssignment), the
liaison officials' contacts, and the visitors at the desk.

Service days fall on the town's weekday (Tuesday); remote villages hold one
every two weeks; a day the holiday calendar marks off is cancelled with the
holiday named. Past days are signed in, with a few absences and substitutes
(顶班); today's queue holds visitors still waiting or being served when
``now`` falls in the day's hours.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from deskui.domain.queue_rules import DisputeResult, Outcome, Status
from deskui.domain.workdays import WorkCalendar
from deskui.i18n import t
from deskui.services import demo_names as names
from deskui.services.demo_bulk import BulkWriter
from deskui.services.demo_people import Home, Person, VillagePlan
from deskui.store.models import Contact, DutyAssignment, DutyDay, Visit

OUTCOME_WEIGHTS = (
    (Outcome.ANSWERED, 28), (Outcome.POLICY, 24), (Outcome.MATTER, 30),
    (Outcome.DISPUTE, 6), (Outcome.REFUSED, 5), (Outcome.LEFT, 7),
)  # fmt: skip
CONTACT_MODES = (("登门", 55), ("电话", 35), ("微信", 10))
ABSENCE_RATE = 0.04
OPEN_AT = dt.time(8, 30)
CLOSE_AT = dt.time(17, 30)


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


def _shifts(v: VillageDesk) -> list[tuple[str, str]]:
    """(shift, hours) of one service day of a village."""
    if v.shift == "上下午":
        return [("上午", v.am), ("下午", v.pm)]
    if v.shift == "上午":
        return [("上午", v.am)]
    if v.shift == "下午":
        return [("下午", v.pm)]
    return [("全天", f"{v.am.split('-')[0]}-{v.pm.split('-')[-1]}")]


def _clock(day: dt.date, hours: str) -> tuple[dt.datetime, dt.datetime]:
    start, end = (dt.time.fromisoformat(f"{int(h.split(':')[0]):02d}:{h.split(':')[1]}")
                  for h in hours.split("-"))  # fmt: skip
    return dt.datetime.combine(day, start), dt.datetime.combine(day, end)


def write_roster(
    w: BulkWriter,
    rng: random.Random,
    town: TownPlan,
    cal: WorkCalendar,
    days: list[dt.date],
    today: dt.date,
    now: dt.datetime,
) -> list[Session]:
    """Duty days and assignments for ``days``; returns the held sessions up to today."""
    day_rows: list[tuple] = []
    duty_rows: list[tuple] = []
    sessions: list[Session] = []
    led: dict[int, list[int]] = {}
    for v in town.villages:
        led.setdefault(v.leader, []).append(v.id)
    for v in town.villages:
        team_ids = {o for o, _ in v.team}
        standby = [o for o in town.officials if o not in team_ids]
        for day in days:
            if v.cadence == 2 and v.anchor and ((day - v.anchor).days // 7) % 2:
                continue
            off = not cal.is_workday(day)
            reason = t("demo.holiday_cancel", name=cal.holiday_name(day) or t("demo.holiday"))
            for shift, hours in _shifts(v):
                dd = w.take(DutyDay)
                day_rows.append(
                    (dd, v.id, day, shift, hours, v.office, "取消" if off else "安排",
                     reason if off else "", None, False, False, "")
                )  # fmt: skip
                present: list[int] = []
                turn = led[v.leader][(day.toordinal() // 7) % len(led[v.leader])]
                for official, role in v.team:
                    if role == "组长" and turn != v.id:
                        continue  # a leader leading several villages takes them in turn
                    signed = absent = None
                    substitute = None
                    why = ""
                    if not off and day < today:
                        if rng.random() < ABSENCE_RATE:
                            absent, why = True, rng.choice(names.ABSENCES)
                            if standby and rng.random() < 0.6:
                                substitute = rng.choice(standby)
                                present.append(substitute)
                        else:
                            signed = dt.datetime.combine(day, OPEN_AT) - dt.timedelta(
                                minutes=rng.randrange(0, 20)
                            )
                    elif not off and day == today and now.time() >= OPEN_AT:
                        signed = min(now, dt.datetime.combine(day, OPEN_AT)) - dt.timedelta(
                            minutes=rng.randrange(0, 15)
                        )
                    if not absent:
                        present.append(official)
                    duty_rows.append(
                        (w.take(DutyAssignment), dd, official, role, substitute, signed,
                         bool(absent), why, False, "")
                    )  # fmt: skip
                if not off and day <= today:
                    sessions.append(Session(v, day, shift, hours, dd, present or [v.leader]))
    w.insert(
        DutyDay,
        ("id", "village", "date", "shift", "hours", "place", "status", "reason",
         "moved_from", "second_day", "edited", "note"),
        day_rows,
    )  # fmt: skip
    w.insert(
        DutyAssignment,
        ("id", "duty_day", "official", "role", "substitute", "signed_in_at", "absent",
         "absence_reason", "edited", "note"),
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
