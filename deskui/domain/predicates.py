"""Rules over a record's fields, written once and read both by Python and by SQL.

A rule such as "overdue" or "on the month's ledger" is a small tree of
:class:`Compare`, :class:`IsNull`, :class:`AllOf`, :class:`AnyOf` and
:class:`Not` over named **fields** (columns: ``due_on``), named **params**
(values the caller supplies: ``as_of``) and **constants** (``'不予受理'``).
The same tree is

- evaluated on one record in Python by :func:`holds` (a Peewee row, a
  dataclass: anything with the fields as attributes);
- printed as SQL text by :func:`sql_text` (``:name`` for each param), which
  is what the rule's module documents and what a hand-written query must
  say;
- turned into a query's WHERE clause by :func:`build` with a
  :class:`Builder` the store or services layer writes for its ORM (for
  Peewee: ``field`` → ``getattr(Matter, name)``, ``param`` → the value,
  ``compare`` → :data:`COMPARE` ``[op](left, right)``, ``is_null`` →
  ``x.is_null(True)``, ``all_of`` / ``any_of`` → ``&`` / ``|`` folded,
  ``negate`` → ``~x``).

:func:`holds` follows SQL's three-valued logic (a comparison with NULL is
unknown, and only a true rule selects a record), so a rule selects the same
records in Python as in the database. The rules of this package guard every
comparison on a nullable field with :class:`IsNull` / :func:`not_null`, so
they are never unknown and may be negated safely. A param must never be
``None``: a query cannot compare with NULL (and Peewee would turn ``== None``
into ``IS NULL``).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, TypeAlias, TypeVar

T = TypeVar("T")

OPS: tuple[str, ...] = ("<", "<=", "=", "<>", ">=", ">")

# The Python operator of each comparison: on plain values, and on Peewee
# fields (whose operators build SQL expressions).
COMPARE: Mapping[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
    "<>": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
}


@dataclass(frozen=True)
class Field:
    """A column of the record (``accepted_on``)."""

    name: str


@dataclass(frozen=True)
class Param:
    """A value the caller supplies (``start``, ``end``, ``as_of``)."""

    name: str


@dataclass(frozen=True)
class Const:
    """A fixed value written into the rule (a state word)."""

    value: str | int | dt.date


Operand: TypeAlias = Field | Param | Const


@dataclass(frozen=True)
class Compare:
    left: Field
    op: str
    right: Operand

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise ValueError(f"unknown comparison {self.op!r}")


@dataclass(frozen=True)
class IsNull:
    field: Field


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Predicate, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Predicate, ...]


@dataclass(frozen=True)
class Not:
    part: Predicate


Predicate: TypeAlias = Compare | IsNull | AllOf | AnyOf | Not


def all_of(*parts: Predicate) -> AllOf:
    """``a AND b …``, nested ANDs flattened."""
    flat: list[Predicate] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, AllOf) else (part,))
    return AllOf(tuple(flat))


def any_of(*parts: Predicate) -> AnyOf:
    """``a OR b …``, nested ORs flattened."""
    flat: list[Predicate] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, AnyOf) else (part,))
    return AnyOf(tuple(flat))


def not_null(field: Field) -> Not:
    """``field IS NOT NULL``."""
    return Not(IsNull(field))


class Builder(Protocol[T]):
    """What :func:`build` asks of a target (SQL text, Python values, an ORM)."""

    def field(self, name: str) -> T: ...
    def param(self, name: str) -> T: ...
    def const(self, value: str | int | dt.date) -> T: ...
    def compare(self, left: T, op: str, right: T) -> T: ...
    def is_null(self, operand: T) -> T: ...
    def all_of(self, parts: Sequence[T]) -> T: ...
    def any_of(self, parts: Sequence[T]) -> T: ...
    def negate(self, part: T) -> T: ...


def _operand(node: Operand, builder: Builder[T]) -> T:
    if isinstance(node, Field):
        return builder.field(node.name)
    if isinstance(node, Param):
        return builder.param(node.name)
    return builder.const(node.value)


def build(rule: Predicate, builder: Builder[T]) -> T:
    """The rule in the builder's terms (a WHERE expression, a truth value …)."""
    if isinstance(rule, Compare):
        return builder.compare(_operand(rule.left, builder), rule.op, _operand(rule.right, builder))
    if isinstance(rule, IsNull):
        return builder.is_null(builder.field(rule.field.name))
    if isinstance(rule, AllOf):
        return builder.all_of([build(p, builder) for p in rule.parts])
    if isinstance(rule, AnyOf):
        return builder.any_of([build(p, builder) for p in rule.parts])
    return builder.negate(build(rule.part, builder))


def params_of(rule: Predicate) -> frozenset[str]:
    """The params a rule needs."""
    if isinstance(rule, Compare):
        return frozenset({rule.right.name} if isinstance(rule.right, Param) else ())
    if isinstance(rule, IsNull):
        return frozenset()
    if isinstance(rule, Not):
        return params_of(rule.part)
    out: frozenset[str] = frozenset()
    for part in rule.parts:
        out |= params_of(part)
    return out


class _Python:
    """Evaluates a rule on one record with SQL's three-valued logic
    (``None`` is NULL / unknown)."""

    def __init__(self, record: object, params: Mapping[str, object]) -> None:
        self.record = record
        self.params = params

    def field(self, name: str) -> Any:
        return getattr(self.record, name)

    def param(self, name: str) -> Any:
        value = self.params[name]
        if value is None:
            raise ValueError(f"param {name!r} is None")
        return value

    def const(self, value: str | int | dt.date) -> Any:
        return value

    def compare(self, left: Any, op: str, right: Any) -> Any:
        if left is None or right is None:
            return None
        return bool(COMPARE[op](left, right))

    def is_null(self, operand: Any) -> Any:
        return operand is None

    def all_of(self, parts: Sequence[Any]) -> Any:
        if any(p is False for p in parts):
            return False
        return None if any(p is None for p in parts) else True

    def any_of(self, parts: Sequence[Any]) -> Any:
        if any(p is True for p in parts):
            return True
        return None if any(p is None for p in parts) else False

    def negate(self, part: Any) -> Any:
        return None if part is None else not part


def truth(rule: Predicate, record: object, params: Mapping[str, object]) -> bool | None:
    """The rule's SQL truth value on ``record``: True, False or None (unknown)."""
    result: bool | None = build(rule, _Python(record, params))
    return result


def holds(rule: Predicate, record: object, params: Mapping[str, object]) -> bool:
    """Does the rule select ``record``? (as a WHERE clause would: unknown is no)"""
    return truth(rule, record, params) is True


def _sql_literal(value: str | int | dt.date) -> str:
    if isinstance(value, bool):  # bool is an int: refuse rather than print 1/0
        raise TypeError("booleans differ between databases; compare with a word")
    if isinstance(value, int):
        return str(value)
    text = value.isoformat() if isinstance(value, dt.date) else value
    return "'" + text.replace("'", "''") + "'"


class _Sql(NamedTuple):
    text: str
    kind: str  # "atom", "null" (an IS NULL test), "and", "or"


class _Text:
    """Prints a rule as SQL text with ``:name`` params."""

    def field(self, name: str) -> _Sql:
        return _Sql(name, "atom")

    def param(self, name: str) -> _Sql:
        return _Sql(f":{name}", "atom")

    def const(self, value: str | int | dt.date) -> _Sql:
        return _Sql(_sql_literal(value), "atom")

    def compare(self, left: _Sql, op: str, right: _Sql) -> _Sql:
        return _Sql(f"{left.text} {op} {right.text}", "atom")

    def is_null(self, operand: _Sql) -> _Sql:
        return _Sql(f"{operand.text} IS NULL", "null")

    def _join(self, parts: Sequence[_Sql], kind: str) -> _Sql:
        if len(parts) == 1:
            return parts[0]
        word = f" {kind.upper()} "
        texts = (f"({p.text})" if p.kind in ("and", "or") else p.text for p in parts)
        return _Sql(word.join(texts), kind)

    def all_of(self, parts: Sequence[_Sql]) -> _Sql:
        return self._join(parts, "and")

    def any_of(self, parts: Sequence[_Sql]) -> _Sql:
        return self._join(parts, "or")

    def negate(self, part: _Sql) -> _Sql:
        if part.kind == "null":
            return _Sql(part.text.removesuffix(" IS NULL") + " IS NOT NULL", "atom")
        return _Sql(f"NOT ({part.text})", "atom")


def sql_text(rule: Predicate) -> str:
    """The rule as SQL (``:name`` params), e.g.
    ``due_on IS NOT NULL AND due_on < :as_of``. Runs as is on SQLite and,
    with ``%(name)s`` params, on PostgreSQL; dates compare as dates, and as
    ISO text on SQLite, which sorts the same."""
    return build(rule, _Text()).text
