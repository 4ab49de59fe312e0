"""The domain's rules over a matter card as Peewee WHERE expressions.

The rules (overdue, on time, on the month's ledger …) are written once, as
:mod:`deskui.domain.predicates` trees, in :mod:`deskui.domain.deadlines` and
:mod:`deskui.domain.ledger_rules`. Every query that selects or counts by such a
rule builds its condition here, so the database selects exactly the cards
:func:`deskui.domain.predicates.holds` selects in Python::

    Matter.select().where(matter_rule(IS_OVERDUE, as_of=today))
    fn.SUM(Case(None, [(matter_rule(FINISHED_LATE, as_of=d), 1)], 0))

Fields are ``Matter``'s columns of the same name (an aliased model may be
passed as ``model``); params are the values given by name, and a rule
refuses to build without every param it needs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from peewee import Case, Expression, fn

from deskui.domain.ledger_rules import MonthWindow
from deskui.domain.predicates import COMPARE, Predicate, build, params_of
from deskui.store.models import Matter


class _Peewee:
    """A :class:`deskui.domain.predicates.Builder` making Peewee expressions."""

    def __init__(self, model: Any, params: dict[str, dt.date]) -> None:
        self.model = model
        self.params = params

    def field(self, name: str) -> Any:
        return getattr(self.model, name)

    # Plain values: compared with a field, Peewee converts them as the field
    # stores them (dates as ISO text on SQLite).
    def param(self, name: str) -> Any:
        return self.params[name]

    def const(self, value: str | int | dt.date) -> Any:
        return value

    def compare(self, left: Any, op: str, right: Any) -> Any:
        return COMPARE[op](left, right)

    def is_null(self, operand: Any) -> Any:
        return operand.is_null(True)

    def all_of(self, parts: Sequence[Any]) -> Any:
        return functools.reduce(lambda a, b: a & b, parts)

    def any_of(self, parts: Sequence[Any]) -> Any:
        return functools.reduce(lambda a, b: a | b, parts)

    def negate(self, part: Any) -> Any:
        return ~part


def matter_rule(rule: Predicate, model: Any = Matter, **params: dt.date) -> Expression:
    """``rule`` as a WHERE expression over ``model``'s columns, with the
    params given by name (``as_of=…``; ``start``, ``end`` for the month)."""
    missing = params_of(rule) - params.keys()
    if missing:
        raise ValueError(f"rule needs params {sorted(missing)}")
    for name, value in params.items():
        if value is None:
            raise ValueError(f"param {name!r} is None")
    expr: Expression = build(rule, _Peewee(model, params))
    return expr


def month_rule(rule: Predicate, window: MonthWindow, model: Any = Matter) -> Expression:
    """A ledger rule (:mod:`deskui.domain.ledger_rules`) over the month's
    window (its ``start``, ``end`` and ``as_of``)."""
    return matter_rule(rule, model, **window.params())


def count_where(condition: Expression) -> Any:
    """``SUM(CASE WHEN condition THEN 1 ELSE 0 END)``, 0 over no rows."""
    return fn.COALESCE(fn.SUM(Case(None, [(condition, 1)], 0)), 0)
