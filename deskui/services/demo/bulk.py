"""Bulk writing for the demo builder: explicit ids, chunked inserts in big
transactions, and the SQLite speed-ups a fresh file may use.

A demo database is built from nothing, so the builder hands out primary keys
itself (``take``) and links rows without reading them back. On SQLite the
rows go through the driver's ``executemany`` (no per-row ORM work); on
PostgreSQL through peewee's ``insert_many`` in chunks, after which each
table's id sequence is moved past the ids used. Rows are not audited one by
one: each bulk step writes one audit-log note (``note_step``).
"""

from __future__ import annotations

import datetime as dt
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
PG_CHUNK = 1_000

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
            for chunk in _chunks(rows, PG_CHUNK):
                model.insert_many(chunk, fields=columns).execute()
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


@contextmanager
def fast_sqlite(ctx: ServiceContext, enabled: bool) -> Iterator[None]:
    """While a fresh SQLite file is filled: no journal fsyncs, no FK checks,
    and the secondary indexes dropped, then rebuilt from their own SQL in one
    sorted pass each (several times faster than growing them row by row).
    The desk's pragmas are restored after; a failed build deletes the file."""
    if not enabled or ctx.postgres:
        yield
        return
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
