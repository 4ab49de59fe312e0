"""The hot queries use their indexes on PostgreSQL too (plans asserted, not
timed). The tiny demo is small enough that the planner would rightly scan
every table, so sequential scans are priced out (``enable_seqscan = off``):
a plan that still scans a large table has no index to use. The county-sized
plans are checked by ``tests/benchmarks/run.py --db postgresql://…``."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from deskui.config import Clock, load_settings
from deskui.services.archive.search import search_households
from deskui.services.context import ServiceContext, open_context
from deskui.services.demo.build import build_demo
from tests.store.test_query_plans import HOT, LARGE, _Capture

NOW = dt.datetime(2026, 11, 24, 9, 30)


@pytest.fixture
def pg_demo(db_target: str, db_backend: str) -> Iterator[ServiceContext]:
    if db_backend != "postgresql":
        pytest.skip("PostgreSQL plans; SQLite's are in test_query_plans.py")
    build_demo(db_target, scale="tiny", seed=3, today=NOW.date(), now=NOW)
    ctx = open_context(replace(load_settings(db_target), clock=Clock(fixed_now=NOW)))
    ctx.db.execute_sql("SET enable_seqscan = off")
    yield ctx
    ctx.close()


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _plans(ctx: ServiceContext, call: Callable[[], object]) -> list[list[dict[str, Any]]]:
    logger = logging.getLogger("peewee")
    handler = _Capture()
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        call()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    out = []
    for sql, params in handler.statements:
        if sql.lstrip().upper().startswith("SELECT"):
            (plan,) = ctx.db.execute_sql("EXPLAIN (FORMAT JSON) " + sql, params).fetchone()
            out.append(list(_nodes(plan[0]["Plan"])))
    assert out, "the call issued no SELECT: the capture is broken"
    return out


def _seq_scans(ctx: ServiceContext, call: Callable[[], object]) -> list[str]:
    return [
        n["Relation Name"]
        for plan in _plans(ctx, call)
        for n in plan
        if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in LARGE
    ]


def test_the_check_catches_a_seq_scan(pg_demo: ServiceContext) -> None:
    from deskui.store.models import Resident

    assert _seq_scans(pg_demo, lambda: list(Resident.select().where(Resident.note == "x")))


@pytest.mark.parametrize("name", sorted(HOT))
def test_hot_query_uses_indexes_on_postgresql(pg_demo: ServiceContext, name: str) -> None:
    assert _seq_scans(pg_demo, lambda: HOT[name](pg_demo)) == []


def test_search_keys_compare_by_code_point(pg_demo: ServiceContext) -> None:
    """Migration 0006: the key column is COLLATE "C", so the prefix range is
    exact (as on SQLite) and walks the town's index range, whatever locale
    the database was created with."""
    (collation,) = pg_demo.db.execute_sql(
        "SELECT collation_name FROM information_schema.columns "
        "WHERE table_name = 'search_key' AND column_name = 'key'"
    ).fetchone()
    assert collation == "C"
    first = _plans(pg_demo, lambda: search_households(pg_demo, "zs"))[0]
    conds = [
        n.get("Index Cond", "")
        for n in first
        if n.get("Relation Name") == "search_key" and "Index Name" in n
    ]
    assert conds and all("key" in c and "town_id" in c for c in conds), first
