"""The text of a many-row INSERT with a placeholder for every value, built
once for a batch size and reused with new parameters. Peewee builds one row;
its VALUES group is repeated (building an 800-row statement through the
query builder costs about as much as running it)."""

from __future__ import annotations

from collections.abc import Sequence

from peewee import Field, Model


def insert_rows_sql(model: type[Model], fields: Sequence[Field], rows: int) -> str:
    """``INSERT INTO … (fields) VALUES (…), (…) …`` for ``rows`` rows, in the
    placeholder style of the database the model is bound to."""
    one = model.insert_many([tuple(None for _ in fields)], fields=list(fields))
    sql = one.sql()[0]
    head, values, tail = sql.partition(" VALUES ")
    close = tail.index(")") + 1
    return head + values + ", ".join([tail[:close]] * rows) + tail[close:]
