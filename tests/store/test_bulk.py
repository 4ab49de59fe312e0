"""A many-row INSERT built from peewee's one-row statement inserts every row
with its own values, on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from deskui.store.bulk import insert_rows_sql
from deskui.store.models import Setting


def test_a_three_row_statement_inserts_three_rows(ctx: Any) -> None:
    fields = [Setting.key, Setting.value]
    sql = insert_rows_sql(Setting, fields, 3)
    assert sql.count("(") - sql.count("(", 0, sql.index(" VALUES ")) == 3
    with ctx.db.atomic():
        ctx.db.execute_sql(sql, ["k1", "一", "k2", "二", "k3", "=三"])
    q = Setting.select(Setting.key, Setting.value).where(Setting.key.startswith("k"))
    got = dict(q.tuples())
    assert got == {"k1": "一", "k2": "二", "k3": "=三"}


def test_statements_queued_for_the_second_thread_run_in_order_in_the_transaction(
    ctx: Any,
) -> None:
    from deskui.store.bulk import Background

    sql = insert_rows_sql(Setting, [Setting.key, Setting.value], 1)
    with pytest.raises(RuntimeError), ctx.db.atomic():
        background = Background(ctx.db, depth=2)
        try:
            for i in range(20):
                background.submit(sql, [f"q{i:02d}", str(i)])
            background.drain()
            assert background.idle
            # the rows are there for this thread, in the same transaction
            assert Setting.select().where(Setting.key.startswith("q")).count() == 20
        finally:
            background.close()
        assert not background.thread.is_alive()
        raise RuntimeError("roll back")
    assert Setting.select().where(Setting.key.startswith("q")).count() == 0  # rolled back with it


def test_a_failing_queued_statement_is_raised_here_and_the_rest_skipped(ctx: Any) -> None:
    from peewee import IntegrityError

    from deskui.store.bulk import Background

    sql = insert_rows_sql(Setting, [Setting.key, Setting.value], 1)
    with pytest.raises(IntegrityError), ctx.db.atomic():
        background = Background(ctx.db)
        try:
            background.submit(sql, ["dup", "1"])
            background.submit(sql, ["dup", "2"])  # the key is unique
            background.submit(sql, ["after", "3"])
            background.drain()
        finally:
            background.close()
    assert Setting.select().where(Setting.key.in_(["dup", "after"])).count() == 0
    with ctx.db.atomic():  # the connection is usable again
        ctx.db.execute_sql(sql, ["later", "4"])
    assert Setting.get(Setting.key == "later").value == "4"
