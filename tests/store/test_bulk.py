"""A many-row INSERT built from peewee's one-row statement inserts every row
with its own values, on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

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
