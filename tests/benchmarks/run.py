"""County-scale benchmarks, each beside a baseline measured in the same run.

    uv run python tests/benchmarks/run.py [--db PATH|URL] [--repeat N] [--out FILE]
    uv run python tests/benchmarks/run.py --db URL --desks 16   # several desks
    taskset -c 0 uv run python tests/benchmarks/run.py --only startup \
        --only app --only intake --out tests/benchmarks/results/one-core.json

Builds (or reuses) the county demo database in tests/benchmarks/.cache/,
then measures and prints a table of medians and ratios, saved as JSON in
tests/benchmarks/results/latest.json. Not collected by ``uv run pytest``.

``--db postgresql://…`` runs every figure on that server (the county built
there first with ``deskui demo --scale county --out URL`` when the database
is empty); the ledger is then also run on the SQLite county of the same run
(goal: PostgreSQL ≤ 1.2× SQLite), the hot queries' plans are checked with
``EXPLAIN`` on the county's own tables (``plans``), and the cost of a worker
thread's connection is measured (``connect``). ``--desks N`` runs the load
mode of :mod:`tests.benchmarks.desks` instead. Run under ``taskset -c 0``
the figures stand for a one-core office PC (``cores`` in the JSON says so).

1. start to first usable screen and exit (headless), vs a bare Textual app
   with the same four empty tabs: goal ≤ 1.3×;
2. peak memory of that run: goal ≤ 2× the bare app's;
3. search as you type in the archive (query + visible rows rendered), p50 /
   p95 over a fixed list of queries: goal p95 ≤ 50 ms;
4. opening the 100,000-row lists (archive, matters) vs loading the same rows
   into a DataTable the naive way: goal ≥ 20× faster;
5. the county-month ledger export vs openpyxl writing the same cells with no
   styling: goal ≤ 2×, with peak memory;
6. the day's intake: 200 visitors registered through the services.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 9, 30)
ALL_PARTS = ["startup", "app", "naive", "intake", "ledger", "plans", "connect"]
QUERIES = ["zs", "zgf", "cgf", "wxl", "lw", "czy", "张", "张伟", "李", "王芳", "刘", "陈",
           "1390", "5678", "0012", "6109", "3", "13", "sgf", "zhw"]  # fmt: skip


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


SQLITE_COUNTY = HERE / ".cache" / "county.db"


def is_url(db: str) -> bool:
    return "://" in db


def county_db(target: str | None) -> str:
    """The county database: the given path or URL (built there when it is a
    server database still empty), else the cached SQLite file."""
    if target is not None and is_url(target):
        from deskui.store.database import close_database, open_database
        from deskui.store.models import Household

        db = open_database(target)
        empty = not Household.select().limit(1).exists()
        close_database(db)
        if empty:
            print("building the county demo on the server…", file=sys.stderr)
            from deskui.services.demo.build import build_demo

            stats = build_demo(target, scale="county", seed=1, today=TODAY, now=NOW)
            print(f"built in {stats.seconds:.0f} s", file=sys.stderr)
        return target
    if target is not None:
        return target
    if not SQLITE_COUNTY.exists():
        SQLITE_COUNTY.parent.mkdir(parents=True, exist_ok=True)
        print("building the county demo database (about a minute)…", file=sys.stderr)
        from deskui.services.demo.build import build_demo

        build_demo(str(SQLITE_COUNTY), scale="county", seed=1, today=TODAY, now=NOW)
    return str(SQLITE_COUNTY)


def _settings(db: str) -> Any:
    from dataclasses import replace

    from deskui.config import Clock, load_settings

    return replace(load_settings(db, demo=True), clock=Clock(fixed_now=NOW))


def _pg(url: str) -> Any:
    """A plain psycopg2 connection (autocommit) to a server URL."""
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    return conn


def scratch_copy(db: str, name: str) -> str:
    """A throw-away copy of the county to write to: a file beside the cache,
    or a database created from the county's as its template."""
    if not is_url(db):
        copy = HERE / ".cache" / f"{name}.db"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(db, copy)
        return str(copy)
    base, source = db.rsplit("/", 1)
    target = f"{source}_{name}"
    conn = _pg(db.rsplit("/", 1)[0] + "/postgres")
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cur.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    conn.close()
    return f"{base}/{target}"


def drop_copy(db: str) -> None:
    if not is_url(db):
        for extra in ("", "-wal", "-shm"):
            Path(db + extra).unlink(missing_ok=True)
        return
    target = db.rsplit("/", 1)[1]
    conn = _pg(db.rsplit("/", 1)[0] + "/postgres")
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{target}"')
    conn.close()


# 1 + 2 -------------------------------------------------------------------------


def bench_startup(db: str, repeat: int) -> dict[str, Any]:
    def run(*args: str) -> tuple[float, float, float]:
        began = time.perf_counter()
        out = subprocess.run(
            [sys.executable, str(HERE / "start_app.py"), *args],
            capture_output=True, text=True, check=False, cwd=ROOT,
            env={"DESKUI_TODAY": TODAY.isoformat(), "PATH": "/usr/bin:/bin",
                 "HOME": str(Path.home()), "DESKUI_DATA_DIR": str(HERE / ".cache" / "data")},
        )  # fmt: skip
        wall = time.perf_counter() - began
        if out.returncode != 0:
            raise SystemExit(f"start_app.py {' '.join(args)} failed:\n{out.stderr[-2000:]}")
        report = json.loads(out.stdout.strip().splitlines()[-1])
        return wall, float(report["peak_mib"]), float(report["cpu"])

    # Alternate the two so a burst of load elsewhere hits both alike.
    bare, desk = [], []
    for _ in range(repeat):
        bare.append(run("bare"))
        desk.append(run("desk", db))
    bare_s, desk_s = median([b[0] for b in bare]), median([d[0] for d in desk])
    bare_m, desk_m = median([b[1] for b in bare]), median([d[1] for d in desk])
    bare_c, desk_c = median([b[2] for b in bare]), median([d[2] for d in desk])
    return {
        "startup_bare_s": bare_s,
        "startup_desk_s": desk_s,
        "startup_ratio": desk_s / bare_s,
        "startup_bare_cpu_s": bare_c,
        "startup_desk_cpu_s": desk_c,
        "startup_cpu_ratio": desk_c / bare_c,
        "startup_goal": "≤ 1.3×",
        "memory_bare_mib": bare_m,
        "memory_desk_mib": desk_m,
        "memory_ratio": desk_m / bare_m,
        "memory_goal": "≤ 2×",
    }


# 3 + 4 -------------------------------------------------------------------------


async def _in_app(db: str, repeat: int, naive: bool) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from deskui.services.archive.search import search_households
    from deskui.services.context import open_context
    from deskui.services.town.auth import demo_actor
    from deskui.tui.app import DeskApp

    ctx = open_context(_settings(db))
    ctx.actor = demo_actor(ctx)
    app = DeskApp(ctx, demo=True)
    out: dict[str, Any] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.5)
        opened: dict[str, list[float]] = {"archive": [], "matters": []}
        for tab, key in (("archive", "f3"), ("matters", "f4")):
            await pilot.press(key)  # build the pane once
            pane = app.active_pane()
            while pane is None or not pane._serial or pane._loading:  # first page in
                await pilot.pause(0.005)
                pane = app.active_pane()
            for _ in range(repeat):
                began = time.perf_counter()
                pane.load()  # the first page of the whole 100,000-row list
                while pane._loading:
                    await pilot.pause(0.001)
                await pilot.pause(0)  # rendered
                opened[tab].append(time.perf_counter() - began)
        out["open_archive_s"] = median(opened["archive"])
        out["open_matters_s"] = median(opened["matters"])

        await pilot.press("f3")
        await pilot.pause(0.2)
        pane = app.active_pane()
        assert pane is not None
        # "Rendered" = the next frame the screen paints after the rows were
        # handed to the table: that frame holds them (or the empty-state line).
        screen = app.screen
        painted = asyncio.Event()
        paint = screen._compositor_refresh

        def paint_and_tell() -> None:
            paint()
            painted.set()

        screen._compositor_refresh = paint_and_tell  # type: ignore[method-assign]
        times: list[float] = []
        queries: list[float] = []
        for _ in range(repeat):
            for q in QUERIES:
                await asyncio.sleep(0.05)  # the clerk types; the desk is idle
                painted.clear()
                began = time.perf_counter()
                rows = search_households(ctx, q)
                queries.append((time.perf_counter() - began) * 1000)
                pane.shown(rows, append=False)
                await asyncio.wait_for(painted.wait(), 10)
                times.append((time.perf_counter() - began) * 1000)
        screen._compositor_refresh = paint  # type: ignore[method-assign]
        out["search_p50_ms"] = median(times)
        out["search_p95_ms"] = p95(times)
        out["search_goal"] = "p95 ≤ 50 ms"
        # the same searches split: the query alone, and the rest (the rows
        # handed to the table, the wait for the next frame, the paint)
        out["search_query_p50_ms"] = median(queries)
        out["search_query_p95_ms"] = p95(queries)
        rest = [total - query for total, query in zip(times, queries, strict=True)]
        out["search_render_p50_ms"] = median(rest)
        out["search_render_p95_ms"] = p95(rest)
    ctx.close()
    if not naive:
        return out

    # the naive way: every row of the same lists into a DataTable
    naive_s = {}
    for tab in ("archive", "matters"):
        rows = _all_rows(db, tab)

        class Naive(App[None]):
            def compose(self) -> ComposeResult:
                yield DataTable()

        began = time.perf_counter()
        naive_app = Naive()
        async with naive_app.run_test(size=(120, 36)) as pilot:
            table = naive_app.query_one(DataTable)
            table.add_columns(*[f"c{i}" for i in range(len(rows[0]))])
            table.add_rows(rows)
            await pilot.pause(0)
        naive_s[tab] = (time.perf_counter() - began, len(rows))
    out["naive_archive_s"], out["naive_archive_rows"] = naive_s["archive"]
    out["naive_matters_s"], out["naive_matters_rows"] = naive_s["matters"]
    out["open_archive_speedup"] = out["naive_archive_s"] / out["open_archive_s"]
    out["open_matters_speedup"] = out["naive_matters_s"] / out["open_matters_s"]
    out["open_goal"] = "≥ 20× faster"
    return out


def _all_rows(db: str, tab: str) -> list[tuple[Any, ...]]:
    import sqlite3

    con = _pg(db) if is_url(db) else sqlite3.connect(db)
    sql = {
        "archive": "SELECT v.name, h.group_no, h.code, h.head_name, h.size, h.address "
        "FROM household h JOIN village v ON v.id = h.village_id",
        "matters": "SELECT number, applicant, content, level, state, accepted_on, due_on FROM matter",
    }[tab]
    cur = con.cursor()
    cur.execute(sql)
    rows = [tuple("" if c is None else str(c) for c in r) for r in cur.fetchall()]
    con.close()
    return rows


# 6 -----------------------------------------------------------------------------


def bench_intake(db: str) -> dict[str, Any]:
    from deskui.services.context import open_context
    from deskui.services.queue.visits import register_visit
    from deskui.services.town.towns import list_villages

    copy = scratch_copy(db, "intake")
    ctx = open_context(_settings(copy))
    village = list_villages(ctx)[0].name
    began = time.perf_counter()
    for i in range(200):
        register_visit(ctx, village=village, name=f"来访{i:03d}", reason="咨询低保政策",
                       phone="13912345678")  # fmt: skip
    per = (time.perf_counter() - began) / 200
    ctx.close()
    drop_copy(copy)
    return {"intake_ms_per_visitor": per * 1000}


# plans + connect (PostgreSQL) -----------------------------------------------

LARGE = {"household", "resident", "search_key", "visit", "matter", "matter_event", "contact",
         "duty_day", "duty_assignment", "audit_log", "household_tag"}  # fmt: skip


def _plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _plan_nodes(child)


def bench_plans(db: str) -> dict[str, Any]:
    """Every SELECT of the hot service calls (the list of
    tests/store/test_query_plans.py) explained on the county itself: no
    sequential scan of a large table. Also which index the prefix search
    walks, and its own time on the server (EXPLAIN ANALYZE)."""
    import logging

    from deskui.services.archive.search import search_households
    from deskui.services.context import open_context
    from deskui.services.town.auth import demo_actor
    from tests.store.test_query_plans import HOT, _Capture

    ctx = open_context(_settings(db))
    ctx.actor = demo_actor(ctx)
    logger = logging.getLogger("peewee")
    seq_scans: list[str] = []
    explained = 0
    for name, call in HOT.items():
        handler = _Capture()
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            call(ctx)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(logging.WARNING)
        for sql, params in handler.statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            (plan,) = ctx.db.execute_sql("EXPLAIN (FORMAT JSON) " + sql, params).fetchone()
            explained += 1
            for node in _plan_nodes(plan[0]["Plan"]):
                table = node.get("Relation Name", "")
                if node["Node Type"] == "Seq Scan" and table in LARGE:
                    seq_scans.append(f"{name}: Seq Scan on {table}")
    search_indexes: set[str] = set()
    server_ms: list[float] = []
    for q in QUERIES:
        handler = _Capture()
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            search_households(ctx, q)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(logging.WARNING)
        for sql, params in handler.statements:
            if "search_key" not in sql:
                continue
            (plan,) = ctx.db.execute_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()
            server_ms.append(plan[0]["Execution Time"] + plan[0]["Planning Time"])
            for node in _plan_nodes(plan[0]["Plan"]):
                if node.get("Relation Name") == "search_key" and "Index Name" in node:
                    search_indexes.add(node["Index Name"])
    ctx.close()
    return {
        "plans_explained": explained,
        "plans_seq_scans_of_large_tables": seq_scans,
        "plans_search_key_indexes": sorted(search_indexes),
        "plans_search_server_p50_ms": median(server_ms),
        "plans_search_server_p95_ms": p95(server_ms),
    }


def bench_connect(db: str, repeat: int) -> dict[str, Any]:
    """What a desk worker thread pays for its database connection
    (services.context.reading: a thread not yet connected connects, reads,
    and gives the connection back), beside the query it runs."""
    import threading

    from deskui.services.archive.search import search_households
    from deskui.services.context import open_context, reading
    from deskui.services.town.auth import demo_actor

    ctx = open_context(_settings(db))
    ctx.actor = demo_actor(ctx)
    with_connect: list[float] = []

    def worker() -> None:
        began = time.perf_counter()
        with reading(ctx):
            search_households(ctx, "zs")
        with_connect.append((time.perf_counter() - began) * 1000)

    warm: list[float] = []
    for _ in range(repeat * 4):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        began = time.perf_counter()
        search_households(ctx, "zs")  # the main thread's open connection
        warm.append((time.perf_counter() - began) * 1000)
    ctx.close()
    # what each worker paid before the pool: a new connection of its own
    fresh: list[float] = []
    for _ in range(repeat * 4):
        began = time.perf_counter()
        conn = _pg(db)
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
        conn.close()
        fresh.append((time.perf_counter() - began) * 1000)
    return {
        "worker_search_p50_ms": median(with_connect),
        "connected_search_p50_ms": median(warm),
        "worker_overhead_ms": median(with_connect) - median(warm),
        "new_connection_p50_ms": median(fresh),
    }


def bench_ledger_both(db: str, sqlite_db: str) -> dict[str, Any]:
    """The ledger on the server, and on the SQLite county in the same run."""
    from tests.benchmarks.ledger_bench import bench_ledger

    out = bench_ledger(db)
    if is_url(db):
        on_file = bench_ledger(sqlite_db)
        out["ledger_sqlite_lines"] = on_file["ledger_lines"]
        out["ledger_sqlite_deskui_s"] = on_file["ledger_deskui_s"]
        out["ledger_sqlite_plain_s"] = on_file["ledger_plain_s"]
        out["ledger_pg_vs_sqlite"] = out["ledger_deskui_s"] / on_file["ledger_deskui_s"]
        out["ledger_pg_vs_sqlite_goal"] = "≤ 1.2×"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a county-scale database: a path or a postgresql:// URL")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument(
        "--only",
        choices=ALL_PARTS,
        action="append",
        help="run just these parts (repeatable); default: all",
    )
    parser.add_argument(
        "--desks", type=int, help="the load mode: this many desks at once (see desks.py)"
    )
    parser.add_argument("--actions", type=int, default=40, help="per desk, in --desks mode")
    args = parser.parse_args()
    parts = set(args.only or ALL_PARTS)
    db = county_db(args.db)
    if args.desks:
        from tests.benchmarks.desks import run_desks

        results = run_desks(db, args.desks, args.actions)
        _save(args.out, results)
        return 0

    results: dict[str, Any] = {
        "machine": f"{platform.node()} {platform.machine()} {platform.processor() or ''}".strip(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "database": redact(db),
        "cores": len(os.sched_getaffinity(0)),  # 1 under taskset -c 0
        # other work on the machine skews every figure: say how busy it was
        "load_average_before": os.getloadavg()[0],
    }
    if "startup" in parts:
        results.update(bench_startup(db, args.repeat))
    if "app" in parts or "naive" in parts:
        results.update(asyncio.run(_in_app(db, args.repeat, naive="naive" in parts)))
    if "intake" in parts:
        results.update(bench_intake(db))
    if "ledger" in parts:
        results.update(bench_ledger_both(db, county_db(None)))
    if is_url(db) and "plans" in parts:
        results.update(bench_plans(db))
    if is_url(db) and "connect" in parts:
        results.update(bench_connect(db, args.repeat))
    results["load_average_after"] = os.getloadavg()[0]
    _save(args.out, results)
    return 0


def redact(db: str) -> str:
    from deskui.config import redact_url

    return redact_url(db) if is_url(db) else db


def _save(out: Path, results: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    _print(results)


def _print(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"deskui benchmarks — {results.get('machine')}, {results.get('cpus')} CPUs")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in results.items():
        if key in ("machine", "cpus"):
            continue
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        table.add_row(key, shown)
    Console().print(table)


if __name__ == "__main__":
    raise SystemExit(main())
