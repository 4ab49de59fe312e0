"""The text of a many-row INSERT with a placeholder for every value, built
once for a batch size and reused with new parameters. Peewee builds one row;
its VALUES group is repeated (building an 800-row statement through the
query builder costs about as much as running it)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from peewee import Database, Field, Model, PostgresqlDatabase
from peewee import __exception_wrapper__ as peewee_errors  # type: ignore[attr-defined]


def insert_rows_sql(model: type[Model], fields: Sequence[Field], rows: int) -> str:
    """``INSERT INTO … (fields) VALUES (…), (…) …`` for ``rows`` rows, in the
    placeholder style of the database the model is bound to."""
    one = model.insert_many([tuple(None for _ in fields)], fields=list(fields))
    sql = one.sql()[0]
    head, values, tail = sql.partition(" VALUES ")
    close = tail.index(")") + 1
    return head + values + ", ".join([tail[:close]] * rows) + tail[close:]


def values_limit(db: Database, cap: int = 30_000) -> int:
    """How many values one statement may carry here, at most ``cap``: SQLite
    takes 32,766 since 3.32 (999 before); the PostgreSQL driver puts the
    values into the statement's text itself."""
    if isinstance(db, PostgresqlDatabase):
        return cap
    import sqlite3

    connection = db.connection()
    getlimit = getattr(connection, "getlimit", None)  # Python 3.11+
    if getlimit is not None:
        variables = getattr(sqlite3, "SQLITE_LIMIT_VARIABLE_NUMBER", 9)  # 3.11+, as getlimit
        return min(cap, int(getlimit(variables)))
    return min(cap, 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999)


class IdBlock:
    """Primary keys taken ahead, for rows a writer inserts with their ids
    given (in batches, and named in the audit log before they are written).
    Inside a write transaction only. SQLite: one writer at a time holds the
    file (BEGIN IMMEDIATE), so the ids after the largest are free, and the
    table's own next id follows the rows inserted. PostgreSQL: other desks
    insert at the same time, so the ids come from the column's sequence,
    ``block`` at a time."""

    def __init__(
        self,
        db: Database,
        model: type[Model],
        block: int = 500,
        before_query: Callable[[], None] | None = None,
    ) -> None:
        self.db, self.model, self.block = db, model, block
        self.before_query = before_query  # called before the ids are read
        self.free: list[int] = []
        self.next_sqlite: int | None = None

    def take(self) -> int:
        db = self.db
        table = self.model._meta.table_name
        pk = "id"  # every model's key
        if isinstance(db, PostgresqlDatabase):
            if not self.free:
                if self.before_query is not None:
                    self.before_query()
                cursor = db.execute_sql(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    (table, pk, self.block),
                )
                self.free = sorted((int(row[0]) for row in cursor.fetchall()), reverse=True)
            return self.free.pop()
        if self.next_sqlite is None:
            if self.before_query is not None:
                self.before_query()
            cursor = db.execute_sql(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
            self.next_sqlite = int(cursor.fetchone()[0]) + 1
        taken, self.next_sqlite = self.next_sqlite, self.next_sqlite + 1
        return taken


SWITCH_INTERVAL = 0.0005  # seconds: the interpreter's lock handed over at most this late


class Background:
    """Statements run in order by a second thread, on the calling thread's
    connection and so inside its transaction, while the caller goes on
    preparing the next ones (SQLite and the PostgreSQL driver let the other
    thread run while a statement executes: a big import's inserts cost
    about as much as making its rows).

    The second thread needs the interpreter's lock before and after each
    statement, and a busy thread hands it over only every switch interval
    (5 ms by default): while a Background runs, the interval is
    :data:`SWITCH_INTERVAL` (the process's own is given back at the end).

    The caller's own statements must not run beside the queued ones: call
    :meth:`drain` before any (it also raises what a queued statement
    raised). :meth:`close` always, before the transaction ends. At most
    ``depth`` statements wait, so their parameters stay few."""

    def __init__(self, db: Database, depth: int = 4) -> None:
        import queue

        self.db = db
        self.connection = db.connection()  # this thread's: the transaction's
        self.queue: queue.Queue[tuple[str, Sequence[Any]] | None] = queue.Queue(depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="deskui-inserts", daemon=True)
        _quick_switch(+1)
        self.thread.start()

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                if self.error is None:  # after a failure the rest is skipped
                    sql, params = item
                    with peewee_errors:  # peewee's exceptions, as execute_sql raises them
                        cursor = self.connection.cursor()
                        try:
                            cursor.execute(sql, params)
                        finally:
                            cursor.close()
            except BaseException as exc:  # handed to the caller's thread
                self.error = exc
            finally:
                self.queue.task_done()

    def submit(self, sql: str, params: Sequence[Any]) -> None:
        self._raise()
        self.queue.put((sql, params))

    def drain(self) -> None:
        """Wait until every queued statement has run; raise what one raised."""
        self.queue.join()
        self._raise()

    @property
    def idle(self) -> bool:
        return self.queue.unfinished_tasks == 0

    def close(self) -> None:
        """Stop the thread once the queue is done (raises nothing: call
        :meth:`drain` first to hear of a failure)."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
            _quick_switch(-1)

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error  # stays set: the statements after it are skipped


_switch = {"running": 0, "saved": 0.005}
_switch_lock = threading.Lock()


def _quick_switch(change: int) -> None:
    """Count the Backgrounds running; the first sets the short switch
    interval, the last gives the process's own back."""
    with _switch_lock:
        if change > 0 and _switch["running"] == 0:
            _switch["saved"] = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _switch["saved"]))
        _switch["running"] += change
        if change < 0 and _switch["running"] == 0:
            sys.setswitchinterval(_switch["saved"])
