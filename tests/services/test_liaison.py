"""包联户: assignment, hand-over, this month's not-yet-contacted list, coverage."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from fixtures.archive_data import add_household, add_officials

from deskui.domain.errors import RuleViolation
from deskui.services import audit
from deskui.services.archive.contacts import log_contact
from deskui.services.archive.household_view import get_household
from deskui.services.archive.liaison import (
    assign_households,
    coverage,
    liaison_count,
    liaison_holders,
    not_contacted,
    reassign_all,
)
from deskui.store.models import Official


@pytest.fixture
def town(town_ctx: Any) -> dict[str, Any]:
    chen, liu, zhao = add_officials(town_ctx, "陈干事", "刘委员", "赵主任")
    homes = [
        add_household(town_ctx, "桃园村", "H001", "王建国", group_no=2),
        add_household(town_ctx, "桃园村", "H002", "李秀英", group_no=1, tags="留守老人"),
        add_household(town_ctx, "石门村", "S001", "张三", head={"phone": "13912345678"}),
        add_household(town_ctx, "石门村", "S002", "赵四", tags="五保户"),
    ]
    assign_households(town_ctx, chen, homes[:3])
    assign_households(town_ctx, liu, homes[3:])
    return {"chen": chen, "liu": liu, "zhao": zhao, "homes": homes}


def test_not_contacted_puts_must_visit_first(town_ctx: Any, town: dict[str, Any]) -> None:
    h = town["homes"]
    log_contact(town_ctx, h[0], town["zhao"], "2026-10-30", "电话")  # last month: not counted
    log_contact(town_ctx, h[2], town["zhao"], "2026-11-03", "登门")
    rows = not_contacted(town_ctx, 2026, 11)
    assert [(r.official, r.head_name) for r in rows] == [
        ("刘委员", "赵四"),  # 五保户 is not one of the five must-visit kinds
        ("陈干事", "李秀英"),  # 留守老人 first
        ("陈干事", "王建国"),
    ]
    assert rows[1].must_visit and not rows[0].must_visit
    assert rows[2].last_contact is not None and rows[2].last_contact.day == 30
    only = not_contacted(town_ctx, 2026, 11, official=town["liu"])
    assert [r.head_name for r in only] == ["赵四"]


def test_coverage_counts_households_by_mode(town_ctx: Any, town: dict[str, Any]) -> None:
    h = town["homes"]
    log_contact(town_ctx, h[0], town["chen"], "2026-11-03", "登门")
    log_contact(town_ctx, h[0], town["chen"], "2026-11-10", "登门")
    log_contact(town_ctx, h[1], town["chen"], "2026-11-10", "电话")
    rows = {r.official: r for r in coverage(town_ctx, 2026, 11)}
    chen = rows["陈干事"]
    assert (chen.households, chen.visited, chen.phoned, chen.contacted, chen.not_contacted) == (
        3, 1, 1, 2, 1,
    )  # fmt: skip
    assert chen.rate == pytest.approx(2 / 3)
    assert rows["刘委员"].rate == 0
    assert "赵主任" not in rows


def test_reassign_when_an_official_leaves(town_ctx: Any, town: dict[str, Any]) -> None:
    assert liaison_count(town_ctx, town["chen"]) == 3
    assert reassign_all(town_ctx, town["chen"], town["zhao"]) == 3
    assert liaison_count(town_ctx, town["chen"]) == 0
    assert liaison_count(town_ctx, town["zhao"]) == 3
    assert get_household(town_ctx, town["homes"][0]).liaison == "赵主任"
    with pytest.raises(RuleViolation):
        reassign_all(town_ctx, town["zhao"], town["zhao"])


def test_holders_include_an_official_who_left(town_ctx: Any, town: dict[str, Any]) -> None:
    assert {name for _, name, _ in liaison_holders(town_ctx)} == {"刘委员", "陈干事"}

    def leave() -> None:
        audit.archive(town_ctx, Official.get_by_id(town["chen"]), audit_note="调离")

    town_ctx.write(leave)
    holders = liaison_holders(town_ctx)
    assert holders == [(town["liu"], "刘委员", False), (town["chen"], "陈干事", True)]  # left: last
    assert reassign_all(town_ctx, town["chen"], town["zhao"]) == 3
    assert {name for _, name, _ in liaison_holders(town_ctx)} == {"刘委员", "赵主任"}


class _Statements(logging.Handler):
    """The SQL statements peewee logs while a call runs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sql: list[tuple[str, tuple[Any, ...]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and isinstance(record.msg[0], str):
            self.sql.append((record.msg[0], tuple(record.msg[1] or ())))


def test_not_contacted_is_one_query_and_agrees_with_a_plain_count(town_ctx: Any) -> None:
    chen, liu = add_officials(town_ctx, "陈干事", "刘委员")
    homes = [
        add_household(
            town_ctx, "桃园村" if n % 2 else "石门村", f"P{n:03d}", f"王{n:02d}",
            group_no=1 + n % 3, tags="低保户、五保户" if n % 5 == 0 else "",
            head={"phone": f"139{n:08d}"},
        )
        for n in range(40)
    ]  # fmt: skip
    assign_households(town_ctx, chen, homes[:25])
    assign_households(town_ctx, liu, homes[25:35])  # the last five have no liaison
    for n, hid in enumerate(homes):
        if n % 3 == 0:
            log_contact(town_ctx, hid, chen, "2026-11-05", "电话")
        if n % 4 == 0:
            log_contact(town_ctx, hid, liu, f"2026-10-{10 + n % 15:02d}", "登门")
    logger = logging.getLogger("peewee")
    handler = _Statements()
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        rows = not_contacted(town_ctx, 2026, 11)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    expected = {hid for n, hid in enumerate(homes[:35]) if n % 3}
    assert {r.household_id for r in rows} == expected
    assert len(handler.sql) <= 2  # the households, then their tags
    by_id = {r.household_id: r for r in rows}
    for n, hid in enumerate(homes[:35]):
        if hid not in by_id:
            continue
        r = by_id[hid]
        assert r.official == ("陈干事" if n < 25 else "刘委员")
        assert r.last_contact == (dt.date(2026, 10, 10 + n % 15) if n % 4 == 0 else None)
        assert r.phone == f"139{n:08d}"  # SYSTEM may see full numbers
        assert r.tags == ("低保户、五保户" if n % 5 == 0 else "") and r.must_visit == (n % 5 == 0)
    firsts = [r for r in rows if r.official == "陈干事"]
    assert [r.must_visit for r in firsts] == sorted((r.must_visit for r in firsts), reverse=True)
    if town_ctx.postgres:
        return
    plan = " ".join(
        str(step[-1])
        for sql, params in handler.sql
        for step in town_ctx.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    )
    assert "contact_household_id_date" in plan
    assert not re.search(r"\bSCAN (contact|resident|household_tag)\b(?! USING)", plan), plan
