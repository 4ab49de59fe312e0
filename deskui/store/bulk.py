"""The text of a many-row INSERT with a placeholder for every value, built
once for a batch size and reused with new parameters. Peewee builds one row;
its VALUES group is repeated (building an 800-row statement through the
query builder costs about as much as running it)."""

from __future__ import annotations

from collections.abc import Sequence

from peewee import Database, Field, Model, PostgresqlDatabase


def insert_rows_sql(model: type[Model], fields: Sequence[Field], rows: int) -> str:
    """``INSERT INTO … (fields) VALUES (…), (…) …`` for ``rows`` rows, in the
    placeholder style of the database the model is bound to."""
    one = model.insert_many([tuple(None for _ in fields)], fields=list(fields))
    sql = one.sql()[0]
    head, values, tail = sql.partition(" VALUES ")
    close = tail.index(")") + 1
    return head + values + ", ".join([tail[:close]] * rows) + tail[close:]


class IdBlock:
    """Primary keys taken ahead, for rows a writer inserts with their ids
    given (in batches, and named in the audit log before they are written).
    Inside a write transaction only. SQLite: one writer at a time holds the
    file (BEGIN IMMEDIATE), so the ids after the largest are free, and the
    table's own next id follows the rows inserted. PostgreSQL: other desks
    insert at the same time, so the ids come from the column's sequence,
    ``block`` at a time."""

    def __init__(self, db: Database, model: type[Model], block: int = 500) -> None:
        self.db, self.model, self.block = db, model, block
        self.free: list[int] = []
        self.next_sqlite: int | None = None

    def take(self) -> int:
        db = self.db
        table = self.model._meta.table_name
        pk = "id"  # every model's key
        if isinstance(db, PostgresqlDatabase):
            if not self.free:
                cursor = db.execute_sql(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    (table, pk, self.block),
                )
                self.free = sorted((int(row[0]) for row in cursor.fetchall()), reverse=True)
            return self.free.pop()
        if self.next_sqlite is None:
            cursor = db.execute_sql(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
            self.next_sqlite = int(cursor.fetchone()[0]) + 1
        taken, self.next_sqlite = self.next_sqlite, self.next_sqlite + 1
        return taken
