"""The hot queries use their indexes (not timed: the plans are asserted).

Each hot service call runs against the tiny demo database with peewee's SQL
logging captured; every SELECT it issued is explained with ``EXPLAIN QUERY
PLAN`` and must not scan a large table whole ("SCAN <table>" without an
index). Small tables (towns, villages, officials, settings) may be scanned.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from deskui.config import Clock, load_settings
from deskui.services.archive.search import search_households
from deskui.services.context import ServiceContext, open_context
from deskui.services.demo.build import build_demo
from deskui.services.matters.lists import STATE_ALL, MatterFilter, list_matters_page
from deskui.services.matters.overdue import overdue_count
from deskui.services.queue.rows import list_day, queue_token
from deskui.services.roster.view import month_grid
from deskui.services.town.header import header_info

pytestmark = pytest.mark.sqlite_only

NOW = dt.datetime(2026, 11, 24, 9, 30)
LARGE = {"household", "resident", "search_key", "visit", "matter", "matter_event", "contact",
         "duty_day", "duty_assignment", "audit_log", "household_tag"}  # fmt: skip
SCAN = re.compile(r"\bSCAN (\w+)(?: AS \w+)?(?! USING (?:COVERING )?INDEX)")
ALIAS = re.compile(r'"(\w+)" AS "(\w+)"')


@pytest.fixture(scope="module")
def demo_ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceContext]:
    path = Path(tmp_path_factory.mktemp("plans")) / "demo.db"
    build_demo(str(path), scale="tiny", seed=3, today=NOW.date(), now=NOW)
    from dataclasses import replace

    ctx = open_context(replace(load_settings(str(path)), clock=Clock(fixed_now=NOW)))
    yield ctx
    ctx.close()


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.msg
        if isinstance(msg, tuple) and isinstance(msg[0], str):
            self.statements.append((msg[0], tuple(msg[1] or ())))


def _full_scans(ctx: ServiceContext, call: Callable[[], object]) -> list[str]:
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
    bad = []
    selects = [(s, p) for s, p in handler.statements if s.lstrip().upper().startswith("SELECT")]
    assert selects, "the call issued no SELECT: the capture is broken"
    for sql, params in selects:
        aliases = {alias: table for table, alias in ALIAS.findall(sql)}
        plan = ctx.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        for row in plan:
            detail = str(row[-1])
            m = SCAN.search(detail)
            table = aliases.get(m.group(1), m.group(1)) if m else ""
            if table in LARGE:
                bad.append(f"{table}: {detail}  <=  {sql[:160]}")
    return bad


HOT: dict[str, Callable[[ServiceContext], object]] = {
    "archive search by initials": lambda c: search_households(c, "zs"),
    "archive search by name": lambda c: search_households(c, "张"),
    "archive search by phone tail": lambda c: search_households(c, "5678"),
    "archive search by group": lambda c: search_households(c, "3"),
    "archive search, next page": lambda c: search_households(c, "z", limit=2, after=(1,)),
    "archive search in one village": lambda c: search_households(c, "z", village_id=1),
    "header": header_info,
    "queue of the day": lambda c: list_day(c, NOW.date()),
    "queue poll": lambda c: queue_token(c, NOW.date()),
    "matters tab by urgency": lambda c: list_matters_page(c, MatterFilter()),
    "matters tab, one official": lambda c: list_matters_page(c, MatterFilter(official_id=1)),
    "overdue matters (CLI --overdue)": lambda c: list_matters_page(
        c, MatterFilter(state=STATE_ALL, overdue=True)
    ),
    "overdue count": overdue_count,
    "roster of the month": lambda c: month_grid(c, 2026, 11),
}


def test_the_check_catches_a_full_scan(demo_ctx: ServiceContext) -> None:
    from deskui.store.models import Resident

    bad = _full_scans(demo_ctx, lambda: list(Resident.select().where(Resident.note == "x")))
    assert bad and "resident" in bad[0]


@pytest.mark.parametrize("name", sorted(HOT))
def test_hot_query_uses_indexes(demo_ctx: ServiceContext, name: str) -> None:
    assert _full_scans(demo_ctx, lambda: HOT[name](demo_ctx)) == []


def _plans(ctx: ServiceContext, call: Callable[[], object]) -> list[str]:
    """The plan lines of every SELECT the call issued, one string a SELECT."""
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
    return [
        "\n".join(str(r[-1]) for r in ctx.db.execute_sql("EXPLAIN QUERY PLAN " + s, p))
        for s, p in handler.statements
        if s.lstrip().upper().startswith("SELECT")
    ]


@pytest.mark.parametrize("text", ["张", "zs", "5678", "0012X"])
def test_key_search_reads_only_the_towns_keys(demo_ctx: ServiceContext, text: str) -> None:
    """The page query walks (town, kind, key) ranges of the covering index:
    a common surname costs what the desk's town holds, not the county."""
    first = _plans(demo_ctx, lambda: search_households(demo_ctx, text))[0]
    ranges = re.findall(r"SEARCH \w+ USING (COVERING )?INDEX (\w+) \(([^)]*)\)", first)
    on_keys = [(covering, cond) for covering, _name, cond in ranges if "key>" in cond]
    assert len(on_keys) == 2, first  # the town's keys, and those no writer gave a town
    for covering, cond in on_keys:
        assert covering and cond.startswith("town_id=? AND kind=? AND key>? AND key<?"), first
