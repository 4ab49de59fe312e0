"""Rules written once: Python evaluation, SQL text, and SQLite agreeing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.predicates import (
    AllOf,
    Compare,
    Const,
    Field,
    IsNull,
    Not,
    Param,
    Predicate,
    all_of,
    any_of,
    holds,
    not_null,
    params_of,
    sql_text,
    truth,
)

D = dt.date
A, B = Field("a"), Field("b")


@dataclass(frozen=True)
class Row:
    a: dt.date | None
    b: dt.date | None
    word: str = "x"


def test_sql_text() -> None:
    rule = all_of(
        Compare(Field("word"), "<>", Const("它's")),
        any_of(IsNull(A), Compare(A, ">=", Param("start"))),
        not_null(B),
        Not(any_of(Compare(B, "<", A), Compare(B, "=", Const(D(2026, 1, 1))))),
    )
    assert sql_text(rule) == (
        "word <> '它''s' AND (a IS NULL OR a >= :start) AND b IS NOT NULL"
        " AND NOT (b < a OR b = '2026-01-01')"
    )
    assert sql_text(any_of(all_of(IsNull(A), IsNull(B)), Compare(A, "=", Const(3)))) == (
        "(a IS NULL AND b IS NULL) OR a = 3"
    )
    assert params_of(rule) == {"start"}


def test_flattening_and_bad_operators() -> None:
    inner = all_of(IsNull(A), IsNull(B))
    assert all_of(inner, IsNull(A)) == AllOf((IsNull(A), IsNull(B), IsNull(A)))
    with pytest.raises(ValueError):
        Compare(A, "==", Const(1))
    with pytest.raises(TypeError):
        sql_text(Compare(A, "=", Const(True)))


def test_three_valued_logic() -> None:
    params = {"start": D(2026, 1, 1)}
    row = Row(None, D(2026, 1, 2))
    assert truth(Compare(A, ">=", Param("start")), row, params) is None
    assert truth(Not(Compare(A, ">=", Param("start"))), row, params) is None
    assert not holds(Not(Compare(A, ">=", Param("start"))), row, params)  # as SQL: no row
    assert truth(any_of(IsNull(A), Compare(A, ">=", Param("start"))), row, params) is True
    assert truth(all_of(IsNull(B), Compare(A, ">=", Param("start"))), row, params) is False
    with pytest.raises(ValueError):
        holds(Compare(B, "<", Param("start")), row, {"start": None})


DAYS = st.none() | st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 1, 10))
LEAVES: st.SearchStrategy[Predicate] = st.one_of(
    st.builds(IsNull, st.sampled_from([A, B])),
    st.builds(
        Compare,
        st.sampled_from([A, B]),
        st.sampled_from(["<", "<=", "=", "<>", ">=", ">"]),
        st.sampled_from([A, B, Param("p"), Const(D(2026, 1, 5))]),
    ),
)
RULES: st.SearchStrategy[Predicate] = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.lists(inner, min_size=1, max_size=3).map(lambda ps: all_of(*ps)),
        st.lists(inner, min_size=1, max_size=3).map(lambda ps: any_of(*ps)),
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(RULES, st.lists(st.tuples(DAYS, DAYS), min_size=1, max_size=12), DAYS.filter(bool))
def test_python_selects_what_sqlite_selects(
    rule: Predicate, rows: list[tuple[dt.date | None, dt.date | None]], p: dt.date
) -> None:
    """Any rule, even negated comparisons on NULLs, selects the same rows."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a DATE, b DATE)")
    db.executemany(
        "INSERT INTO t VALUES (?, ?, ?)",
        [(i, a and a.isoformat(), b and b.isoformat()) for i, (a, b) in enumerate(rows)],
    )
    query = f"SELECT id FROM t WHERE {sql_text(rule)}"
    selected = {i for (i,) in db.execute(query, {"p": p.isoformat()})}
    expected = {i for i, (a, b) in enumerate(rows) if holds(rule, Row(a, b), {"p": p})}
    assert selected == expected, query
