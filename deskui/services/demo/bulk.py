"""Bulk writing for the demo builder: explicit ids, chunked inserts in big
transactions, and the SQLite speed-ups a fresh file may use.

A demo database is built from nothing, so the builder hands out primary keys
itself (``take``) and links rows without reading them back. On SQLite the
rows go through the driver's ``executemany`` (no per-row ORM work); on
PostgreSQL through ``COPY … FROM STDIN`` in chunks (one round trip per
chunk, no per-row statement), after which each table's id sequence is moved
past the ids used. Rows are not audited one by one: each bulk step writes
one audit-log note (``note_step``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from peewee import DateField, DateTimeField, Model, fn

from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext

SQLITE_CHUNK = 20_000
PG_CHUNK = 20_000

# (label, done, total): the builder's progress, for a CLI bar or a splash.
Progress = Callable[[str, int, int], None]

# Pragmas while a fresh SQLite file is filled, and the ones put back after
# (they must match store.database.SQLITE_PRAGMAS).
_FAST = (
    ("foreign_keys", "0"),
    ("journal_mode", "memory"),
    ("synchronous", "off"),
    ("cache_size", "-131072"),
)
_RESTORE = (
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("cache_size", "-16000"),
    ("foreign_keys", "1"),
)


def _iso_date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _iso_datetime(value: Any) -> Any:
    return value.isoformat(" ") if isinstance(value, dt.datetime) else value


# COPY's text format: a tab between columns, \N for NULL, and these escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


def _copy_text(rows: Sequence[Sequence[Any]]) -> io.StringIO:
    buffer = io.StringIO()
    buffer.writelines("\t".join(map(_copy_value, row)) + "\n" for row in rows)
    buffer.seek(0)
    return buffer


def _chunks(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


class BulkWriter:
    """Hands out ids and inserts rows fast; counts what it wrote."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.sqlite = not ctx.postgres
        self.counts: Counter[str] = Counter()
        self._next: dict[type[Model], int] = {}

    def take(self, model: type[Model], count: int = 1) -> int:
        """The first of ``count`` fresh ids of ``model`` (consecutive)."""
        start = self._next.get(model)
        if start is None:
            start = int(model.select(fn.MAX(model._meta.primary_key)).scalar() or 0) + 1
        self._next[model] = start + count
        return start

    def insert(
        self, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Insert ``rows`` (tuples in the order of ``fields``); returns how many."""
        meta = model._meta
        columns = [meta.fields[name] for name in fields]
        # Peewee's defaults live in Python: add the constant ones, so a
        # column left out gets what Model.create would have written.
        extra = [
            f
            for f in meta.sorted_fields
            if f.name not in fields and f is not meta.primary_key and f.default is not None
        ]
        if any(callable(f.default) for f in extra):
            raise ValueError(f"{meta.table_name}: give the time-dependent fields explicitly")
        if extra:
            tail = tuple(f.default for f in extra)
            columns += extra
            rows = (tuple(row) + tail for row in rows)
        written = 0
        if self.sqlite:
            converters = [
                _iso_datetime
                if isinstance(c, DateTimeField)
                else _iso_date
                if isinstance(c, DateField)
                else None
                for c in columns
            ]
            plan = [(i, f) for i, f in enumerate(converters) if f is not None]
            names = ", ".join(f'"{c.column_name}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            sql = f'INSERT INTO "{meta.table_name}" ({names}) VALUES ({marks})'
            cursor = self.ctx.db.cursor()
            for chunk in _chunks(rows, SQLITE_CHUNK):
                if plan:
                    converted: list[Sequence[Any]] = []
                    for row in chunk:
                        values = list(row)
                        for i, conv in plan:
                            values[i] = conv(values[i])
                        converted.append(values)
                    chunk = converted
                cursor.executemany(sql, chunk)
                written += len(chunk)
        else:
            names = ", ".join(f'"{c.column_name}"' for c in columns)
            sql = f'COPY "{meta.table_name}" ({names}) FROM STDIN'
            cursor = self.ctx.db.cursor()
            for chunk in _chunks(rows, PG_CHUNK):
                cursor.copy_expert(sql, _copy_text(chunk))
                written += len(chunk)
        self.counts[meta.table_name] += written
        return written

    def note_step(self, model: type[Model], count: int, label: str) -> None:
        """One audit-log line for a bulk step (instead of one per row)."""
        note = t("demo.audit_bulk", what=label, count=count)
        audit.log(self.ctx, t("demo.audit_action"), model._meta.table_name, None, note=note)

    def finish(self) -> None:
        """PostgreSQL: move every id sequence past the ids handed out."""
        if self.sqlite:
            return
        for model in self._next:
            table = model._meta.table_name
            self.ctx.db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)'
            )


# The secondary indexes of the public schema (not those behind a primary key
# or a constraint), with the SQL that rebuilds each.
_PG_INDEXES = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i'
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
WHERE i.schemaname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
"""


_PG_FOREIGN_KEYS = """
SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace
ORDER BY c.relname, k.conname
"""


@contextmanager
def fast_build(ctx: ServiceContext, fresh: bool) -> Iterator[None]:
    """While a fresh database is filled, the secondary indexes are dropped
    and rebuilt after from their own SQL in one sorted pass each (several
    times faster than growing them row by row).

    SQLite (a new file): also no journal fsyncs and no FK checks; the desk's
    pragmas are restored after. PostgreSQL (an empty database): the foreign
    keys are dropped too and added back after (each checked then in one
    pass over its table, instead of a trigger per row), this session's
    commits do not wait for the WAL flush (a crash mid-build loses the
    build, which is started again anyway), and the tables are analyzed after
    so the planner sees their real size. On failure the indexes and keys are
    put back all the same, so an interrupted build never leaves a database
    without them."""
    if not fresh:
        yield
        return
    if ctx.postgres:
        with _fast_postgres(ctx):
            yield
        return
    with _fast_sqlite(ctx):
        yield


@contextmanager
def _fast_postgres(ctx: ServiceContext) -> Iterator[None]:
    db = ctx.db
    db.execute_sql("SET synchronous_commit TO off")
    db.execute_sql("SET maintenance_work_mem TO '256MB'")
    with db.atomic():
        keys = db.execute_sql(_PG_FOREIGN_KEYS).fetchall()
        for table, name, _definition in keys:
            db.execute_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        indexes = db.execute_sql(_PG_INDEXES).fetchall()
        for name, _sql in indexes:
            db.execute_sql(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with db.atomic():
            for _name, sql in indexes:
                db.execute_sql(sql)
            for table, name, definition in keys:
                db.execute_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        db.execute_sql("ANALYZE")
        db.execute_sql("RESET maintenance_work_mem")
        db.execute_sql("RESET synchronous_commit")


@contextmanager
def _fast_sqlite(ctx: ServiceContext) -> Iterator[None]:
    db = ctx.db
    for name, value in _FAST:
        db.execute_sql(f"PRAGMA {name}={value}")
    indexes = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        db.execute_sql(f'DROP INDEX "{name}"')
    try:
        yield
        for _name, sql in indexes:
            db.execute_sql(sql)
    finally:
        for name, value in _RESTORE:
            db.execute_sql(f"PRAGMA {name}={value}")
