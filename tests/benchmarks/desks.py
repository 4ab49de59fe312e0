"""The load mode of the benchmark: several desks on one service day.

    uv run python tests/benchmarks/run.py --db URL|PATH --desks 16 [--actions 40]

Each desk is its own OS process running the desk's services (not a Textual
screen: the services are what touch the database, and N headless apps
would measure N renderers fighting for two cores). All desks work in the
same town on a throw-away copy of the county (a database made from the
county's as a template on PostgreSQL, a file copy on SQLite), on one service
day, at a human pace. Each desk, for a fixed number of actions, in a random
but seeded order:

- registers a visitor in one of the town's first three villages (so desks
  share ticket counters);
- searches the archive as a clerk types: one search per keystroke, 150 ms
  apart, each keystroke timed;
- opens a matter card by its number;
- calls the next visitor of a village to its own official, and records the
  outcome; every third called visitor's matter is accepted (a numbered card,
  so desks share the town's matter-number counter).

Afterwards the database is checked: every ticket a desk was given is there
once, each village's tickets of the day run 1..n without a gap or a
duplicate, and likewise the town's matter numbers of the year. Reported:
per-action p50 / p95 / max, errors a desk saw, lost and duplicated numbers,
and the CPU the database server spent (PostgreSQL: the desks' own backend
processes, read from /proc; SQLite has no server, so the desks' own CPU).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import platform
import random
import resource
import statistics
import time
import traceback
from typing import Any

from tests.benchmarks.run import NOW, _settings, drop_copy, is_url, p95, redact, scratch_copy

KEYSTROKE_S = 0.15
PAUSE_S = (0.3, 1.0)  # between two actions: a clerk reads, types, asks
WORDS = ["zhang", "zsf", "wang", "lixl", "chen", "13912", "5678", "liu", "zgf", "张伟", "王芳"]
VILLAGES_SHARED = 3


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) of a process, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _plan(db: str, desks: int) -> dict[str, Any]:
    """What the desks work on: the town, villages, one official a desk
    (none serving now), and matter numbers to open."""
    from deskui.services.context import open_context
    from deskui.store.models import Matter, Official, Village, Visit

    ctx = open_context(_settings(db))
    town = ctx.town_id
    villages = [
        (v.id, v.name) for v in Village.select().where(Village.town == town).order_by(Village.id)
    ][:VILLAGES_SHARED]
    busy = {
        v.official_id
        for v in Visit.select(Visit.official).where(
            (Visit.date == NOW.date()) & (Visit.status == "接待中")
        )
    }
    officials = [
        o.id
        for o in Official.select(Official.id)
        .where((Official.town == town) & (Official.left_on.is_null()))
        .order_by(Official.id)
        if o.id not in busy
    ][:desks]
    if len(officials) < desks:
        raise SystemExit(f"the town has only {len(officials)} free officials for {desks} desks")
    numbers = [
        m.number
        for m in Matter.select(Matter.number).where(Matter.town == town).order_by(Matter.id)
    ]
    ctx.close()
    return {"town": town, "villages": villages, "officials": officials, "numbers": numbers}


def _desk(index: int, db: str, plan: dict[str, Any], actions: int, start: Any, out: Any) -> None:
    """One desk process: its actions, timed; the result put on ``out``."""
    try:
        out.put(_desk_work(index, db, plan, actions, start))
    except BaseException:  # the parent reports it; a desk never dies silently
        out.put({"desk": index, "crash": traceback.format_exc()})


def _desk_work(index: int, db: str, plan: dict[str, Any], actions: int, start: Any) -> dict:  # type: ignore[type-arg]
    from deskui.domain.errors import DomainError
    from deskui.services.archive.search import search_households
    from deskui.services.context import open_context
    from deskui.services.matters.card_view import get_matter
    from deskui.services.matters.cards import open_matter
    from deskui.services.queue.visits import call_next, record_outcome, register_visit
    from deskui.services.town.auth import demo_actor

    rng = random.Random(index)
    ctx = open_context(_settings(db), migrate=False)
    ctx.actor = demo_actor(ctx)
    ctx.desk = f"窗口{index + 1}"
    backend = None
    if ctx.postgres:
        (backend,) = ctx.db.execute_sql("SELECT pg_backend_pid()").fetchone()
    official = plan["officials"][index]
    times: dict[str, list[float]] = {}
    errors: list[str] = []
    tickets: list[tuple[int, int]] = []
    matters: list[str] = []
    called = 0

    def timed(action: str, fn: Any, *args: Any, **kw: Any) -> Any:
        began = time.perf_counter()
        try:
            return fn(*args, **kw)
        except DomainError as exc:  # a Chinese message the clerk would see
            errors.append(f"{action}: {exc}")
            return None
        finally:
            times.setdefault(action, []).append((time.perf_counter() - began) * 1000)

    start.wait()
    cpu0 = _cpu_of(backend) if backend else 0.0
    for n in range(actions):
        time.sleep(rng.uniform(*PAUSE_S))
        village_id, _village_name = rng.choice(plan["villages"])
        kind = ("register", "search", "register", "card", "call", "search")[n % 6]
        if kind == "register":
            ticket = timed(
                "register", register_visit, ctx, village=village_id,
                name=f"来访{index:02d}{n:03d}", reason="咨询低保政策", phone="13912345678",
            )  # fmt: skip
            if ticket is not None:
                tickets.append((ticket.village_id, ticket.ticket))
        elif kind == "search":
            word = rng.choice(WORDS)
            for i in range(1, len(word) + 1):
                timed("search_keystroke", search_households, ctx, word[:i])
                time.sleep(KEYSTROKE_S)
        elif kind == "card":
            timed("open_card", get_matter, ctx, rng.choice(plan["numbers"]))
        else:
            row = timed("call_next", call_next, ctx, village=village_id, official=official)
            if row is None:
                continue
            called += 1
            if called % 3:
                timed("outcome", record_outcome, ctx, row.id, "当场答复", note="已答复")
                continue
            done = timed("outcome", record_outcome, ctx, row.id, "受理代办")
            if done is None:
                continue
            card = timed(
                "open_matter", open_matter, ctx, village=done.village, name=done.name,
                content=f"{done.reason}（窗口{index + 1}受理）", level="镇", visit_id=done.id,
                phone="13912345678", handler=official, first_receiver=official,
            )  # fmt: skip
            if card is not None:
                matters.append(card.number)
    server_cpu = (_cpu_of(backend) - cpu0) if backend else 0.0
    ctx.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "desk": index,
        "times": times,
        "errors": errors,
        "tickets": tickets,
        "matters": matters,
        "server_cpu_s": server_cpu,
        "desk_cpu_s": usage.ru_utime + usage.ru_stime,
    }


def _check(db: str, plan: dict[str, Any], before: dict[str, Any], desks: list[dict]) -> dict:  # type: ignore[type-arg]
    """Lost and duplicated tickets and matter numbers, read back."""
    from peewee import fn

    from deskui.services.context import open_context
    from deskui.store.models import Matter, Visit

    ctx = open_context(_settings(db), migrate=False)
    day = NOW.date()
    village_ids = [v for v, _ in plan["villages"]]
    stored = [
        (v.village_id, v.ticket)
        for v in Visit.select(Visit.village, Visit.ticket).where(
            (Visit.date == day) & Visit.village.in_(village_ids)
        )
    ]
    given = [t for d in desks for t in d["tickets"]]
    lost_tickets = len(set(given) - set(stored))
    dup_tickets = (len(stored) - len(set(stored))) + (len(given) - len(set(given)))
    gaps = 0
    for v in village_ids:
        mine = sorted(t for vv, t in stored if vv == v)
        gaps += len(set(range(1, len(mine) + 1)) ^ set(mine))
    new_visits = len(stored) - before["visits"]
    numbers = [
        m.number
        for m in Matter.select(Matter.number).where(
            (Matter.town == plan["town"]) & (Matter.year == day.year)
        )
    ]
    opened = [n for d in desks for n in d["matters"]]
    seqs = sorted(
        s
        for (s,) in Matter.select(Matter.seq)
        .where((Matter.town == plan["town"]) & (Matter.year == day.year))
        .tuples()
    )
    top = (
        Matter.select(fn.MAX(Matter.seq))
        .where((Matter.town == plan["town"]) & (Matter.year == day.year))
        .scalar()
    )
    ctx.close()
    return {
        "tickets_given": len(given),
        "tickets_stored_new": new_visits,
        "tickets_lost": lost_tickets + max(0, len(given) - new_visits),
        "tickets_duplicated": dup_tickets,
        "ticket_gaps": gaps,
        "matters_opened": len(opened),
        "matters_lost": len(set(opened) - set(numbers)),
        "matters_duplicated": (len(numbers) - len(set(numbers))) + (len(opened) - len(set(opened))),
        "matter_seq_gaps": len(set(range(1, (top or 0) + 1)) ^ set(seqs)) if seqs else 0,
    }


def run_desks(db: str, desks: int, actions: int) -> dict[str, Any]:
    from deskui.services.context import open_context
    from deskui.store.models import Visit

    copy = scratch_copy(db, "desks")
    try:
        plan = _plan(copy, desks)
        ctx = open_context(_settings(copy), migrate=False)
        before = {
            "visits": Visit.select()
            .where((Visit.date == NOW.date()) & Visit.village.in_([v for v, _ in plan["villages"]]))
            .count()
        }
        ctx.close()
        spawn = mp.get_context("spawn")
        start, out = spawn.Event(), spawn.Queue()
        procs = [
            spawn.Process(target=_desk, args=(i, copy, plan, actions, start, out))
            for i in range(desks)
        ]
        for p in procs:
            p.start()
        time.sleep(1.0 + 0.3 * desks)  # every desk imported and connected
        load_before = os.getloadavg()[0]
        began = time.perf_counter()
        start.set()
        results = [out.get(timeout=600) for _ in procs]
        wall = time.perf_counter() - began
        for p in procs:
            p.join()
        crashes = [r["crash"] for r in results if "crash" in r]
        if crashes:
            raise SystemExit("a desk crashed:\n" + crashes[0])
        checks = _check(copy, plan, before, results)
    finally:
        drop_copy(copy)
    summary: dict[str, Any] = {
        "machine": f"{platform.node()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "cores": len(os.sched_getaffinity(0)),
        "database": redact(db),
        "backend": "postgresql" if is_url(db) else "sqlite",
        "desks": desks,
        "actions_per_desk": actions,
        "processes": "one OS process a desk, running the desk's services",
        "load_average_before": load_before,
        "wall_s": wall,
    }
    actions_seen: dict[str, list[float]] = {}
    for r in results:
        for action, values in r["times"].items():
            actions_seen.setdefault(action, []).extend(values)
    for action, values in sorted(actions_seen.items()):
        summary[f"{action}_n"] = len(values)
        summary[f"{action}_p50_ms"] = statistics.median(values)
        summary[f"{action}_p95_ms"] = p95(values)
        summary[f"{action}_max_ms"] = max(values)
    errors = [e for r in results for e in r["errors"]]
    summary["errors"] = len(errors)
    summary["error_samples"] = errors[:5]
    summary.update(checks)
    server = sum(r["server_cpu_s"] for r in results)
    own = sum(r["desk_cpu_s"] for r in results)
    if is_url(db):
        summary["server_cpu_s"] = server
        summary["server_cpu_share_of_one_core"] = server / wall
    summary["desks_cpu_s"] = own
    summary["load_average_after"] = os.getloadavg()[0]
    return summary
