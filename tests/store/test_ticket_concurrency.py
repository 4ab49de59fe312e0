"""Several desk processes on one database: tickets never collide and a
visitor is never called twice. Separate processes (``spawn``), each opening
its own context with the frozen clock, as separate desk programs would."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import time
from collections import Counter
from typing import Any

import pytest

FROZEN_NOW = dt.datetime(2026, 11, 24, 9, 30)
VILLAGE = "桃园村"
WORKERS = 4
PER_WORKER = 1000  # the trust issue: 4 processes x 1,000 intakes
TIMEOUT = 600


def _child_context(db: str) -> Any:
    from dataclasses import replace

    from deskui.config import Clock, load_settings
    from deskui.services.context import open_context

    settings = replace(load_settings(db), clock=Clock(fixed_now=FROZEN_NOW))
    return open_context(settings, migrate=False)


def _register_worker(db: str, worker: int, count: int, start: Any, out: Any) -> None:
    """Register ``count`` visitors as fast as possible; report tickets and errors."""
    tickets: list[int] = []
    errors: list[str] = []
    try:
        from deskui.services.queue.visits import register_visit

        ctx = _child_context(db)
        start.wait(60)
        for i in range(count):
            try:
                t = register_visit(ctx, village=VILLAGE, name=f"村民{worker}-{i}", reason="咨询")
                tickets.append(t.ticket)
            except Exception as exc:  # any error surfacing to a desk is a failure
                errors.append(f"{type(exc).__name__}: {exc}")
        ctx.close()
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    out.put((worker, tickets, errors))


def _call_worker(db: str, worker: int, official: str, start: Any, out: Any) -> None:
    """Call the next visitor and finish them, until nobody is waiting."""
    called: list[int] = []
    errors: list[str] = []
    try:
        from deskui.services.queue.visits import call_next, record_outcome

        ctx = _child_context(db)
        start.wait(60)
        while True:
            try:
                row = call_next(ctx, village=VILLAGE, official=official)
                if row is None:
                    break
                called.append(row.id)
                record_outcome(ctx, row.id, "受理代办")
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                break
        ctx.close()
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    out.put((worker, called, errors))


def _run(target: Any, args_for: list[tuple[Any, ...]]) -> list[tuple[int, list[int], list[str]]]:
    spawn = mp.get_context("spawn")
    start = spawn.Event()
    out = spawn.Queue()
    procs = [spawn.Process(target=target, args=(*a, start, out)) for a in args_for]
    for p in procs:
        p.start()
    time.sleep(0.5)  # let every child import and connect before the gun
    start.set()
    results = [out.get(timeout=TIMEOUT) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return sorted(results)


@pytest.mark.slow
def test_concurrent_registration_numbers_tickets_exactly(town_ctx: Any) -> None:
    from deskui.services.queue.rows import list_day

    db = town_ctx.settings.db
    started = time.perf_counter()
    results = _run(_register_worker, [(db, w, PER_WORKER) for w in range(WORKERS)])
    elapsed = time.perf_counter() - started
    total = WORKERS * PER_WORKER
    for _worker, tickets, errors in results:
        assert errors == []
        assert len(tickets) == PER_WORKER
        assert tickets == sorted(tickets)  # each desk sees its own numbers rise
    every = [n for _w, tickets, _e in results for n in tickets]
    assert sorted(every) == list(range(1, total + 1))
    rows = list_day(town_ctx, FROZEN_NOW.date(), VILLAGE)
    assert sorted(r.ticket for r in rows) == list(range(1, total + 1))
    assert Counter(r.name for r in rows).most_common(1)[0][1] == 1
    print(f"\n{total} registrations by {WORKERS} processes in {elapsed:.1f} s")


@pytest.mark.slow
def test_concurrent_calls_never_share_a_visitor(town_ctx: Any) -> None:
    from deskui.services import audit
    from deskui.services.queue.rows import day_figures
    from deskui.services.queue.visits import register_visit
    from deskui.store.models import Official

    officials = [f"干部{i}" for i in range(WORKERS)]

    def add() -> None:
        for name in officials:
            audit.create(town_ctx, Official, town=town_ctx.town_id, name=name)

    town_ctx.write(add)
    visitors = 120
    ids = {
        register_visit(town_ctx, village=VILLAGE, name=f"村民{i}", reason="咨询").id
        for i in range(visitors)
    }
    db = town_ctx.settings.db
    results = _run(_call_worker, [(db, w, officials[w]) for w in range(WORKERS)])
    called = [visit for _w, got, _e in results for visit in got]
    for _worker, got, errors in results:
        assert errors == []
        assert got == sorted(got)  # each desk takes the queue in ticket order
    assert len(called) == len(set(called)) == visitors
    assert set(called) == ids
    figures = day_figures(town_ctx, FROZEN_NOW.date(), VILLAGE)
    assert (figures.matters, figures.waiting, figures.serving) == (visitors, 0, 0)
