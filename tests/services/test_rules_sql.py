"""The rules as SQL select exactly the cards the rules select in Python."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_figures import build_month

from deskui.domain import deadlines, ledger_rules
from deskui.domain.ledger_rules import ledger_window
from deskui.domain.predicates import holds
from deskui.services.rules_sql import matter_rule, month_rule
from deskui.store.models import Matter

DEADLINE_RULES = ("IS_FINISHED", "IS_OPEN", "IS_OVERDUE", "IS_DUE_TODAY", "FINISHED_ON_TIME",
                  "FINISHED_LATE")  # fmt: skip
LEDGER_RULES = ("ON_LEDGER", "NEW_IN_MONTH", "CARRIED_OVER", "CROSSED_OFF_IN_MONTH",
                "FINISHED_IN_MONTH")  # fmt: skip
DAYS = [dt.date(2026, 9, 9), dt.date(2026, 10, 21), dt.date(2026, 11, 13), dt.date(2026, 11, 16),
        dt.date(2026, 11, 24)]  # fmt: skip


def _numbers(where: Any) -> set[str]:
    return {m.number for m in Matter.select(Matter.number).where(where)}


@pytest.mark.parametrize("name", DEADLINE_RULES)
def test_deadline_rules(town_ctx: Any, name: str) -> None:
    build_month(town_ctx)
    rule = getattr(deadlines, name)
    matters = list(Matter.select())
    for day in DAYS:
        expected = {m.number for m in matters if holds(rule, m, {"as_of": day})}
        assert _numbers(matter_rule(rule, as_of=day)) == expected, (name, day)


@pytest.mark.parametrize("name", LEDGER_RULES)
def test_ledger_rules(town_ctx: Any, name: str) -> None:
    build_month(town_ctx)
    rule = getattr(ledger_rules, name)
    matters = list(Matter.select())
    for year, month, as_of in ((2026, 9, dt.date(2026, 9, 30)), (2026, 10, dt.date(2026, 10, 20)),
                               (2026, 11, dt.date(2026, 11, 13)), (2026, 11, DAYS[-1])):  # fmt: skip
        window = ledger_window(year, month, as_of)
        expected = {m.number for m in matters if holds(rule, m, window.params())}
        assert _numbers(month_rule(rule, window)) == expected, (name, window)


def test_a_missing_param_is_refused() -> None:
    with pytest.raises(ValueError, match="as_of"):
        matter_rule(deadlines.IS_OVERDUE)
