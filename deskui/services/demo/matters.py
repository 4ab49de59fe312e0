"""Demo matter cards (代办事项) with their closed-loop events and a few
supervision orders (督办单).

Each seed (a visitor's request, a home visit, a phone call) becomes a card
numbered ``XH2026-0001`` in acceptance order, due by the working-day rule
(:func:`deskui.domain.deadlines.due_date`). Its state follows from the
dates as of ``today``: finished on time or late, signed, visited back,
crossed off — or still open, and then overdue when its due date has passed.
Every state appears, with at least one overdue card and one due today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from deskui.domain.deadlines import Level, due_date
from deskui.domain.matter_flow import REFUSED_EVENT, Satisfaction, State, Step, format_number
from deskui.domain.workdays import WorkCalendar
from deskui.i18n import t
from deskui.services.demo import names
from deskui.services.demo.bulk import BulkWriter
from deskui.services.demo.desk import Seed, TownPlan, VillageDesk
from deskui.services.demo.people import Home
from deskui.store.models import Matter, MatterEvent, SupervisionOrder

_CATEGORY_NAMES = list(names.CATEGORIES)
_MATTER_FIELDS = (
    "id", "town", "number", "year", "seq", "origin", "visit", "contact", "village", "group_no",
    "resident", "household", "applicant", "id_number", "phone", "address", "content",
    "materials", "category", "level", "state", "accepted_on", "due_on", "promised_on",
    "first_receiver", "handler", "handler_unit", "leader", "progress", "result", "demand_met",
    "feedback", "finished_on", "signed", "signed_on", "return_visit_on", "return_visitor",
    "satisfaction", "closed_on", "refused_reason", "extensions", "reopened", "note",
    "created_at",
)  # fmt: skip
_EVENT_FIELDS = (
    "id", "matter", "kind", "on", "at", "operator", "official", "to_whom", "new_due",
    "satisfaction", "note",
)  # fmt: skip


@dataclass
class Plan:
    seed: Seed
    category: str
    content: str
    materials: str
    unit: str
    result: str
    level: Level
    due: dt.date | None
    promised: dt.date | None = None
    state: State = State.PENDING
    extended: dt.date | None = None  # the due date before an extension
    finished: dt.date | None = None
    signed: dt.date | None = None
    visited: dt.date | None = None
    satisfaction: str = ""
    closed: dt.date | None = None
    reopened: int = 0
    events: list[tuple] = field(default_factory=list)


def extra_seeds(
    rng: random.Random,
    town: TownPlan,
    home_visits: list[tuple[int, Home, int, dt.date]],
    workdays: list[dt.date],
    count: int,
) -> list[Seed]:
    """Matters not opened at the desk: on a home visit, by phone, otherwise."""
    by_village = {h.id: v for v in town.villages for h in v.homes}
    seeds: list[Seed] = []
    for _ in range(count):
        if home_visits and rng.random() < 0.6:
            cid, home, official, day = rng.choice(home_visits)
            v: VillageDesk = by_village[home.id]
            person = home.members[0]
            at = dt.datetime.combine(day, dt.time(rng.randrange(9, 17), rng.randrange(60)))
            seeds.append(
                Seed(v, day, at, "入户走访", official, home, person, person.name, person.phone,
                     contact=cid)
            )  # fmt: skip
            continue
        v = rng.choice(town.villages)
        if not v.homes:
            continue
        home = rng.choice(v.homes)
        person = rng.choice(home.adults())
        day = rng.choice(workdays)
        at = dt.datetime.combine(day, dt.time(rng.randrange(8, 18), rng.randrange(60)))
        origin = "电话" if rng.random() < 0.75 else "其他"
        receiver = rng.choice(v.team)[0]
        seeds.append(Seed(v, day, at, origin, receiver, home, person, person.name, person.phone))
    return seeds


def _plan(rng: random.Random, seed: Seed, cal: WorkCalendar) -> Plan:
    category = rng.choices(_CATEGORY_NAMES, names.CATEGORY_WEIGHTS)[0]
    content, materials, unit, result = rng.choice(names.MATTERS[category])
    if seed.refused:
        content, result = seed.refused
        return Plan(
            seed, category, content, "", "", result, Level.VILLAGE, None, state=State.REFUSED
        )
    roll = rng.random()
    if unit.startswith("区") and roll < 0.6:
        level = Level.COUNTY
    else:
        level = Level.TOWN if roll < 0.45 else Level.VILLAGE
    promised = None
    if level is Level.COUNTY:
        promised = cal.add_workdays(seed.accepted_on, rng.randint(7, 20))
    due = due_date(level, seed.accepted_on, cal, promised)
    return Plan(seed, category, content, materials, unit, result, level, due, promised)


def _settle(rng: random.Random, p: Plan, cal: WorkCalendar, today: dt.date) -> None:
    """The card's state as of ``today`` from when it was finished, signed …"""
    assert p.due is not None
    accepted = p.seed.accepted_on
    if p.level is Level.COUNTY and rng.random() < 0.25:
        p.extended, p.due = p.due, cal.add_workdays(p.due, rng.randint(5, 10))
    if rng.random() < 0.88:  # on time
        span = max(0, (p.due - accepted).days)
        finished = accepted + dt.timedelta(days=rng.randint(0, span))
    else:
        finished = p.due + dt.timedelta(days=rng.randint(1, 8))
    if finished > today:
        p.state = State.PENDING if rng.random() < 0.4 else State.IN_PROGRESS
        return
    p.state, p.finished = State.FINISHED, finished
    if rng.random() < 0.95:
        p.signed = min(today, finished + dt.timedelta(days=rng.randint(0, 2)))
    visited = finished + dt.timedelta(days=rng.randint(1, 7))
    if visited > today or rng.random() >= 0.92:
        return
    p.visited = visited
    p.satisfaction = rng.choices(list(Satisfaction), (80, 15, 5))[0].value
    if p.satisfaction == Satisfaction.UNSATISFIED.value:
        if rng.random() < 0.5:
            p.state, p.reopened = State.IN_PROGRESS, 1
        return
    closed = visited + dt.timedelta(days=rng.randint(0, 3))
    if closed <= today and rng.random() < 0.9:
        p.state, p.closed = State.CLOSED, closed


def _force(p: Plan, state: State, today: dt.date) -> None:
    """Make ``p`` an example of ``state`` with consistent dates."""
    assert p.due is not None
    p.finished = p.signed = p.visited = p.closed = None
    p.satisfaction, p.reopened, p.state = "", 0, state
    if state in (State.FINISHED, State.CLOSED):
        finished = min(p.due, today)
        p.finished = p.signed = finished
        if state is State.CLOSED:
            p.visited = p.closed = min(today, finished + dt.timedelta(days=1))
            p.satisfaction = Satisfaction.SATISFIED.value


def _ensure_examples(rng: random.Random, plans: list[Plan], today: dt.date) -> None:
    """Every state, an overdue card and a card due today (the tiny scale too)."""
    loop = [p for p in plans if p.state is not State.REFUSED]
    if not loop:
        return
    oldest = sorted(loop, key=lambda p: p.seed.accepted_on)
    used: set[int] = set()

    def take(candidates: list[Plan]) -> Plan:
        for p in candidates:
            if id(p) not in used:
                used.add(id(p))
                return p
        return candidates[0]

    open_states = (State.PENDING, State.IN_PROGRESS)
    if not any(p.state in open_states and p.due and p.due < today for p in loop):
        _force(
            take([p for p in oldest if p.due and p.due < today] or oldest), State.IN_PROGRESS, today
        )
    if not any(p.state in open_states and p.due == today for p in loop):
        p = take(oldest[::-1])
        _force(p, State.IN_PROGRESS, today)
        p.level, p.promised, p.due = Level.COUNTY, today, max(today, p.seed.accepted_on)
        p.extended = None
    present = {p.state for p in plans}
    for state in (State.CLOSED, State.FINISHED, State.IN_PROGRESS, State.PENDING):
        if state not in present:
            pool = oldest if state in (State.CLOSED, State.FINISHED) else oldest[::-1]
            _force(take(pool), state, today)
    if State.REFUSED not in {p.state for p in plans}:
        p = take(oldest[::-1])
        p.state, p.due, p.level = State.REFUSED, None, Level.VILLAGE
        p.content, p.result = rng.choice(names.REFUSALS)


def _events(
    rng: random.Random, p: Plan, cal: WorkCalendar, now: dt.datetime, clerk: int | None
) -> None:
    """The card's loop events, in order, from the dates settled on it."""
    s = p.seed
    receiver, leader = s.receiver, s.village.leader
    today = now.date()

    def add(kind: str, on: dt.date, official: int | None, **extra: object) -> None:
        at = dt.datetime.combine(on, dt.time(9)) + dt.timedelta(
            minutes=40 * len(p.events) + rng.randrange(40)
        )
        if kind in (Step.ACCEPT.value, REFUSED_EVENT):
            at = s.at
        if p.events:  # recorded in order: never before the previous step
            at = max(at, p.events[-1][2] + dt.timedelta(minutes=1))
        at = min(at, now)
        p.events.append(
            (kind, on, at, clerk if kind == Step.ACCEPT.value else None, official,
             extra.get("to_whom", ""), extra.get("new_due"), extra.get("satisfaction", ""),
             extra.get("note", ""))
        )  # fmt: skip

    if p.state is State.REFUSED:
        add(REFUSED_EVENT, s.accepted_on, receiver, note=p.result)
        return
    add(Step.ACCEPT.value, s.accepted_on, receiver, note=p.content)
    end = p.finished or today
    if p.state is State.PENDING:
        if p.due and p.due < today:
            add(Step.REMIND.value, min(today, p.due + dt.timedelta(days=1)), leader,
                note=t("demo.remind"))  # fmt: skip
        return
    if p.level is not Level.VILLAGE:
        add(Step.TRANSFER.value, s.accepted_on, receiver, to_whom=p.unit,
            note=t("demo.transfer", unit=p.unit))  # fmt: skip
    if p.extended:
        add(Step.EXTEND.value, min(end, p.extended), receiver, new_due=p.due,
            note=t("demo.extend"))  # fmt: skip
    if (end - s.accepted_on).days >= 2 or p.finished is None:
        mid = s.accepted_on + dt.timedelta(days=max(1, (end - s.accepted_on).days // 2))
        add(Step.PROGRESS.value, min(mid, end), receiver, note=rng.choice(names.PROGRESS))
    if p.finished is None and p.due and p.due < today:
        add(Step.REMIND.value, min(today, p.due + dt.timedelta(days=1)), leader,
            note=t("demo.remind"))  # fmt: skip
    if p.finished is None and not p.reopened:
        return
    finished = p.finished
    assert finished is not None
    add(Step.FINISH.value, finished, receiver, note=p.result)
    if p.signed:
        add(Step.SIGN.value, p.signed, receiver)
    if p.visited:
        add(Step.RETURN_VISIT.value, p.visited, leader, satisfaction=p.satisfaction,
            note=t("demo.return_visit"))  # fmt: skip
    if p.reopened:
        add(Step.REDO.value, p.visited or finished, leader, note=t("demo.redo"))
    if p.closed:
        add(Step.CLOSE.value, p.closed, leader)


def _row(mid: int, town: TownPlan, seq: int, p: Plan) -> tuple:
    s = p.seed
    home, person = s.home, s.person
    done = p.state in (State.FINISHED, State.CLOSED)
    # 重办 clears the completion, the signature and the return visit (as the
    # service's step does); the events keep the history.
    signed, visited = (None, None) if p.reopened else (p.signed, p.visited)
    satisfaction = "" if p.reopened else p.satisfaction
    return (
        mid, town.id, format_number(town.code, s.accepted_on.year, seq), s.accepted_on.year, seq,
        s.origin, s.visit, s.contact, s.village.id, home.group_no if home else None,
        person.id if person else None, home.id if home else None, s.applicant,
        person.id_number if person else "", s.phone, home.address if home else "", p.content,
        p.materials, p.category, p.level.value, p.state.value, s.accepted_on, p.due, p.promised,
        s.receiver, s.receiver, p.unit if p.level is not Level.VILLAGE else "",
        s.village.leader, p.events[-1][8] if p.state is State.IN_PROGRESS else "",
        p.result if done else "", True if done else None,
        t("demo.feedback") if done else "", p.finished if done else None, bool(signed),
        signed, visited, s.village.leader if visited else None, satisfaction, p.closed,
        p.result if p.state is State.REFUSED else "", 1 if p.extended else 0, p.reopened, "",
        s.at,
    )  # fmt: skip


def write_matters(
    w: BulkWriter,
    rng: random.Random,
    town: TownPlan,
    seeds: list[Seed],
    cal: WorkCalendar,
    now: dt.datetime,
) -> tuple[int, int, int]:
    """Insert the cards, events and orders; returns their counts."""
    today = now.date()
    seeds.sort(key=lambda s: (s.accepted_on, s.at))
    plans = [_plan(rng, s, cal) for s in seeds]
    for p in plans:
        if p.state is not State.REFUSED:
            _settle(rng, p, cal, today)
    _ensure_examples(rng, plans, today)
    matter_rows: list[tuple] = []
    event_rows: list[tuple] = []
    order_rows: list[tuple] = []
    seqs: dict[int, int] = {}
    for p in plans:
        _events(rng, p, cal, now, town.clerk_operator if p.seed.origin == "服务日接待" else None)
        year = p.seed.accepted_on.year
        seqs[year] = seq = seqs.get(year, 0) + 1
        mid = w.take(Matter)
        matter_rows.append(_row(mid, town, seq, p))
        event_rows.extend((w.take(MatterEvent), mid, *e) for e in p.events)
        monday = p.seed.accepted_on + dt.timedelta(days=7 - p.seed.accepted_on.weekday())
        if p.level is Level.TOWN and monday <= today and rng.random() < 0.2 and p.due:
            oid = w.take(SupervisionOrder)
            order_rows.append(
                (oid, mid, f"{town.code}DB{year}-{oid:04d}", monday, "会议", p.unit,
                 p.seed.village.leader, p.seed.receiver, p.due, t("demo.order_requirements"),
                 t("demo.order_issuer"), p.closed is not None or p.finished is not None)
            )  # fmt: skip
    w.insert(Matter, _MATTER_FIELDS, matter_rows)
    w.insert(MatterEvent, _EVENT_FIELDS, event_rows)
    w.insert(
        SupervisionOrder,
        ("id", "matter", "number", "issued_on", "source", "lead_unit", "leader", "responsible",
         "deadline", "requirements", "issuer", "closed"),
        order_rows,
    )  # fmt: skip
    return len(matter_rows), len(event_rows), len(order_rows)
