"""Several desk processes sharing one SQLite file: 4 processes × 250
transactions, each taking the next ticket number with ``SELECT max()+1`` and
inserting it (audited) inside ``ctx.write(…, unique_race=True)``. Every row
must arrive, the numbers unique and contiguous, no error reaching a desk."""

from __future__ import annotations

import multiprocessing as mp
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # SQLite files: backup API, WAL, processes on one file

PROCESSES = 4
TRANSACTIONS = 250


def _worker(db_path: str, worker: int, count: int, start, results) -> None:  # type: ignore[no-untyped-def]
    """One desk: ``count`` transactions, then report (worker, done, error)."""
    try:
        from peewee import fn

        from deskui.config import load_settings
        from deskui.services import audit
        from deskui.services.context import open_context
        from deskui.store.models import Village, Visit

        ctx = open_context(load_settings(db_path))
        village = Village.get(Village.name == "桃园村")
        day = ctx.today()
        start.wait(60)  # everyone starts writing at once
        began = time.monotonic()
        done = 0
        for i in range(count):

            def take(i: int = i) -> int:
                last = (
                    Visit.select(fn.MAX(Visit.ticket))
                    .where((Visit.village == village) & (Visit.date == day))
                    .scalar()
                )
                ticket = (last or 0) + 1
                audit.create(
                    ctx,
                    Visit,
                    village=village,
                    date=day,
                    ticket=ticket,
                    name=f"desk{worker}-{i}",
                    arrived_at=ctx.now(),
                    desk=f"desk{worker}",
                )
                return ticket

            ctx.write(take, unique_race=True)
            done += 1
        ctx.close()
        results.put((worker, done, "", time.monotonic() - began))
    except BaseException as exc:
        results.put((worker, -1, f"{type(exc).__name__}: {exc}", 0.0))


@pytest.fixture
def shared_db(one_village_db: Path) -> Path:
    return one_village_db


def test_four_processes_allocate_contiguous_unique_tickets(shared_db: Path) -> None:
    spawn = mp.get_context("spawn")
    start = spawn.Barrier(PROCESSES)
    results = spawn.Queue()
    procs = [
        spawn.Process(target=_worker, args=(str(shared_db), w, TRANSACTIONS, start, results))
        for w in range(PROCESSES)
    ]
    began = time.monotonic()
    for p in procs:
        p.start()
    reports = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    elapsed = time.monotonic() - began

    assert sorted(r[:3] for r in reports) == [(w, TRANSACTIONS, "") for w in range(PROCESSES)], (
        reports
    )
    writing = max(r[3] for r in reports)
    print(
        f"{PROCESSES * TRANSACTIONS} transactions: {writing:.2f} s writing, {time.monotonic() - began:.2f} s in all"
    )
    assert all(p.exitcode == 0 for p in procs)

    import sqlite3

    with sqlite3.connect(str(shared_db)) as con:
        tickets = [r[0] for r in con.execute("SELECT ticket FROM visit ORDER BY ticket")]
        per_desk = dict(con.execute("SELECT desk, count(*) FROM visit GROUP BY desk").fetchall())
        logged = con.execute(
            "SELECT count(*) FROM audit_log WHERE \"table\" = 'visit' AND action = '新增'"
        ).fetchone()[0]
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
    con.close()
    total = PROCESSES * TRANSACTIONS
    assert tickets == list(range(1, total + 1))
    assert per_desk == {f"desk{w}": TRANSACTIONS for w in range(PROCESSES)}
    assert logged == total
    assert check == "ok"
    from deskui.config import load_settings
    from deskui.services.audit import verify_chain
    from deskui.services.context import open_context

    ctx = open_context(load_settings(str(shared_db)))
    try:
        chain = verify_chain(ctx)  # four desks at once: one chain, never forked
    finally:
        ctx.close()
    assert chain.ok and chain.rows >= total, chain
    assert elapsed < 60, f"{total} transactions took {elapsed:.1f} s"
