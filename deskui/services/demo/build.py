"""The demo database: a whole town (or county) of generated, plausible data.

``build_demo`` creates a database at a path or PostgreSQL URL, migrates it
and fills it reproducibly from ``random.Random(seed)``; every date is
relative to ``today`` (the real date never leaks in). Scales:

- ``tiny``: 1 town, 3 villages, ~60 households, ~20 matters (tests);
- ``town``: 县河镇, 29 villages, ~8,000 households / ~25,000 residents,
  three months of service days around ``today`` (DOMAIN.md "one town desk");
- ``county``: 15 towns, ~100,000 households / ~300,000 residents, two years
  of service days, ~200,000 visits and ~100,000 matters.

Rows are written in bulk (``demo_bulk``), one audit note a step. The demo
operators all have the password ``123456`` (:data:`DEMO_PASSWORD`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from deskui.config import Clock, Settings, load_settings
from deskui.domain import passwords
from deskui.domain.errors import ValidationError
from deskui.domain.pinyin import initials_variants
from deskui.domain.workdays import WorkCalendar
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.demo import names
from deskui.services.demo.bulk import BulkWriter, Progress, fast_build
from deskui.services.demo.desk import (
    Seed,
    TownPlan,
    write_contacts,
    write_roster,
    write_visits,
)
from deskui.services.demo.matters import extra_seeds, write_matters
from deskui.services.demo.people import ArchiveMaker, Home, write_archive
from deskui.services.demo.town import make_town, write_operators
from deskui.services.town.calendar import load_calendar, seed_calendar
from deskui.store.database import close_database, is_url, open_database, redact_url
from deskui.store.migrations import migrate_database
from deskui.store.models import Household, Matter, MatterCounter, Operator, Resident, Town, Visit

T = TypeVar("T")

DEMO_PASSWORD = "123456"
SCALE_NAMES = ("tiny", "town", "county")


@dataclass(frozen=True)
class Scale:
    towns: int
    villages: int  # per town
    households: int  # per town
    leaders: int  # 班子成员 per town
    members: int  # other town officials per town
    weeks_back: int  # service days before today
    weeks_ahead: int  # published roster after today
    visits_per_month: int  # per town
    extra_matters: float  # matters not from the desk, per desk matter


SCALES: dict[str, Scale] = {
    "tiny": Scale(1, 3, 60, 2, 4, 12, 4, 20, 0.15),
    "town": Scale(1, 29, 8000, 10, 30, 12, 4, 1500, 0.12),
    "county": Scale(15, 25, 6667, 10, 45, 104, 4, 555, 0.45),
}


@dataclass(frozen=True)
class DemoStats:
    towns: int
    villages: int
    officials: int
    households: int
    residents: int
    search_keys: int
    tags: int
    duty_days: int
    duty_assignments: int
    contacts: int
    visits: int
    matters: int
    matter_events: int
    supervision_orders: int
    operators: int
    seconds: float


def _has_data(db) -> bool:  # type: ignore[no-untyped-def]
    tables = set(db.get_tables())
    for model in (Town, Household, Resident, Operator, Matter, Visit):
        if model._meta.table_name in tables and model.select().limit(1).exists():
            return True
    return False


def _months(today: dt.date) -> list[tuple[dt.date, dt.date, float]]:
    """The contact rounds: two full months before this one, and this one so far."""
    this = today.replace(day=1)
    last = this - dt.timedelta(days=1)
    before = last.replace(day=1) - dt.timedelta(days=1)
    share_now = 0.6 * min(1.0, today.day / 24)
    return [
        (before.replace(day=1), before, 0.9),
        (last.replace(day=1), last, 0.93),
        (this, today, share_now),
    ]


def _hash(rng: random.Random, password: str) -> str:
    """The stored scrypt form of domain.passwords, with a salt from ``rng``
    so the same seed gives the same database."""
    salt = rng.randbytes(passwords.SALT_BYTES)
    n, r, p = passwords.SCRYPT_N, passwords.SCRYPT_R, passwords.SCRYPT_P
    key = hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, maxmem=128 * r * n * p + 2**21,
        dklen=passwords.KEY_BYTES,
    )  # fmt: skip
    return f"{passwords.SCHEME}${n}${r}${p}${salt.hex()}${key.hex()}"


def _town_codes(count: int) -> list[tuple[str, str]]:
    """(name, matter-number code) of the county's first ``count`` towns."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name in names.TOWN_NAMES[:count]:
        base = initials_variants(name.removesuffix("镇").removesuffix("街道办"))[0].upper()[:4]
        code, n = base, 1
        while code in seen:
            n += 1
            code = f"{base}{n}"
        seen.add(code)
        out.append((name, code))
    return out


class _Steps:
    """Runs each bulk step in its own big transaction and reports progress."""

    def __init__(self, ctx: ServiceContext, progress: Progress, total: int) -> None:
        self.ctx, self.progress, self.total, self.done = ctx, progress, total, 0

    def run(self, label_key: str, fn: Callable[..., T], *args: Any) -> T:
        self.progress(t(label_key), self.done, self.total)
        result = self.ctx.write(lambda: fn(*args))
        self.done += 1
        return result


@dataclass
class _Build:
    w: BulkWriter
    rng: random.Random
    scale: Scale
    cal: WorkCalendar
    now: dt.datetime
    span: tuple[dt.date, dt.date]  # the roster's first and last date
    workdays: list[dt.date]  # working days from the first service day to today
    stamp: dt.datetime
    used_ids: set[str]


def _archive(b: _Build, plan: TownPlan, maker: ArchiveMaker) -> None:
    homes = write_archive(b.w, maker, plan.archive_plan, b.stamp, plan.id)
    by_village: dict[int, list[Home]] = {v.id: [] for v in plan.villages}
    for h in homes:
        by_village[h.village].append(h)
    for v in plan.villages:
        v.homes = by_village[v.id]
    b.w.note_step(Household, len(homes), f"{plan.name}·{t('demo.what_archive')}")


def _matters(b: _Build, plan: TownPlan, seeds: list[Seed], home_visits: list) -> None:  # type: ignore[type-arg]
    count = round(len(seeds) * b.scale.extra_matters)
    seeds = seeds + extra_seeds(b.rng, plan, home_visits, b.workdays, count)
    n, _, _ = write_matters(b.w, b.rng, plan, seeds, b.cal, b.now)
    b.w.note_step(Matter, n, f"{plan.name}·{t('demo.what_matters')}")


def _town(b: _Build, steps: _Steps, index: int, town_name: str, code: str) -> None:
    w, rng, today = b.w, b.rng, b.now.date()
    plan = steps.run("demo.step_town", make_town, w, rng, b.scale, town_name, code, index, b.stamp)
    if index == 0:
        # One scrypt hash for the four demo sign-ins (same public password):
        # each costs ~0.2 s, and the tiny scale must build in well under 2 s.
        stored = _hash(rng, DEMO_PASSWORD)
        steps.run("demo.step_operators", write_operators, w, rng, plan, lambda: stored, b.stamp)
    steps.run(
        "demo.step_archive", _archive, b, plan, ArchiveMaker(rng, today, town_name, b.used_ids)
    )
    sessions = steps.run(
        "demo.step_roster", write_roster, w, rng, plan, b.cal, b.span, today, b.now
    )
    home_visits = steps.run("demo.step_contacts", write_contacts, w, rng, plan, _months(today))
    target = b.scale.visits_per_month * b.scale.weeks_back * 7 / 30.44
    per_session = target / max(1, len(sessions))
    seeds = steps.run("demo.step_visits", write_visits, w, rng, sessions, per_session, b.now)
    steps.run("demo.step_matters", _matters, b, plan, seeds, home_visits)


def _fill(
    ctx: ServiceContext, scale: Scale, rng: random.Random, now: dt.datetime, progress: Progress
) -> DemoStats:
    today = now.date()
    seed_calendar(ctx)
    cal = load_calendar(ctx)
    first_day = today - dt.timedelta(weeks=scale.weeks_back)
    span = [first_day + dt.timedelta(days=i) for i in range((today - first_day).days + 1)]
    build = _Build(
        w=BulkWriter(ctx),
        rng=rng,
        scale=scale,
        cal=cal,
        now=now,
        span=(first_day, today + dt.timedelta(weeks=scale.weeks_ahead)),
        workdays=[d for d in span if cal.is_workday(d)],
        stamp=dt.datetime.combine(first_day, dt.time(9)),
        used_ids=set(),
    )
    steps = _Steps(ctx, progress, scale.towns * 6 + 1)
    for index, (town_name, code) in enumerate(_town_codes(scale.towns)):
        _town(build, steps, index, town_name, code)
    build.w.finish()
    progress(t("demo.step_done"), steps.total, steps.total)
    c = build.w.counts
    return DemoStats(
        towns=c["town"],
        villages=c["village"],
        officials=c["official"],
        households=c["household"],
        residents=c["resident"],
        search_keys=c["search_key"],
        tags=c["household_tag"],
        duty_days=c["duty_day"],
        duty_assignments=c["duty_assignment"],
        contacts=c["contact"],
        visits=c["visit"],
        matters=c["matter"],
        matter_events=c["matter_event"],
        supervision_orders=c["supervision_order"],
        operators=c["operator"],
        seconds=0.0,
    )


def _quiet(label: str, done: int, total: int) -> None:
    return None


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def build_demo(
    target: str,
    *,
    scale: str = "town",
    seed: int = 1,
    today: dt.date,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> DemoStats:
    """Create and fill a demo database at ``target`` (a path or a URL).

    Refuses (ValidationError) an unknown scale or a database that holds data.
    A SQLite file is built beside the target and moved into place when done,
    so a failed or interrupted build leaves nothing behind."""
    started = time.perf_counter()
    spec = SCALES.get(scale)
    if spec is None:
        raise ValidationError(
            t("demo.bad_scale", scale=scale, known="、".join(SCALES)), field="scale"
        )
    moment = (
        now if now is not None and now.date() == today else dt.datetime.combine(today, dt.time(10))
    )
    base = settings or load_settings(target)
    report = progress or _quiet
    if is_url(target):
        building, final = target, None
    else:
        final = Path(target).expanduser()
        if final.exists() and final.stat().st_size > 0:
            db = open_database(str(final), migrate=False)
            try:
                if _has_data(db):
                    raise ValidationError(t("demo.not_empty", target=str(final)), field="out")
            finally:
                close_database(db)
        building = str(final.with_name(final.name + ".building"))
        _remove_sqlite(Path(building))
    db = open_database(building, migrate=False)
    try:
        if final is None and _has_data(db):
            raise ValidationError(t("demo.not_empty", target=redact_url(target)), field="out")
        migrate_database(db)
        ctx = ServiceContext(replace(base, db=building, clock=Clock(fixed_now=moment)), db)
        with fast_build(ctx, fresh=True):
            stats = _fill(ctx, spec, random.Random(seed), moment, report)
            # cards written with numbers of their own: the desks' next ones
            # count on from the highest (deskui.services.matters.cards)
            MatterCounter.delete().execute()
    except BaseException:
        close_database(db)
        if final is not None:
            _remove_sqlite(Path(building))
        raise
    close_database(db)
    if final is not None:
        Path(building).replace(final)
    return replace(stats, seconds=round(time.perf_counter() - started, 2))
