"""Count the SQL statements a call sends (its round trips to the database),
through peewee's debug log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sql: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg: Any = record.msg
        if isinstance(msg, tuple) and isinstance(msg[0], str):
            self.sql.append(msg[0])


@contextmanager
def statements() -> Iterator[list[str]]:
    """The statements sent inside the ``with`` block, in order."""
    logger = logging.getLogger("peewee")
    handler = _Log()
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.sql
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
