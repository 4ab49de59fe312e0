"""The service context: the open database, the settings and clock, and the
operator acting. Every service function takes one as its first argument.

Writes go through :meth:`ServiceContext.write`, which runs the work in one
short transaction (retried invisibly while SQLite is locked), and every
changed record is written to the audit log inside that same transaction
(see :mod:`deskui.services.audit`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from peewee import Database

from deskui.config import Clock, Settings
from deskui.domain.errors import PermissionDenied
from deskui.domain.roles import Perm, Role, can
from deskui.i18n import t
from deskui.store.database import (
    StorageError,
    close_database,
    is_postgres,
    open_database,
    storage_errors,
    write_retrying,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """The operator signed in at this desk (or the CLI's ``--operator``)."""

    id: int | None
    username: str
    display_name: str
    role: Role
    official_id: int | None = None
    # False for NOBODY: a CLI command that only reads what needs no sign-in
    signed_in: bool = True

    def can(self, perm: Perm) -> bool:
        return self.signed_in and can(self.role, perm)


SYSTEM = Actor(id=None, username="system", display_name="系统", role=Role.ADMIN)
# Nobody signed in (``deskui check`` without ``--operator``): may do nothing
# that needs a permission, and the audit log refuses to record it.
NOBODY = Actor(id=None, username="", display_name="", role=Role.CLERK, signed_in=False)


@dataclass
class ServiceContext:
    settings: Settings
    db: Database
    actor: Actor = SYSTEM
    town_id: int | None = None
    desk: str = ""
    _closed: bool = field(default=False, repr=False)

    @property
    def clock(self) -> Clock:
        return self.settings.clock

    def today(self) -> dt.date:
        return self.clock.today()

    def now(self) -> dt.datetime:
        return self.clock.now()

    @property
    def postgres(self) -> bool:
        return is_postgres(self.db)

    def require(self, perm: Perm) -> None:
        if not self.actor.can(perm):
            raise PermissionDenied(
                t("auth.denied", role=self.actor.role.value, action=t(f"perm.{perm.value}"))
            )

    def write(self, fn: Callable[[], T], *, unique_race: bool = False) -> T:
        """Run ``fn`` as one write transaction (retried while locked)."""
        return write_retrying(self.db, fn, unique_race=unique_race)

    def as_actor(self, actor: Actor) -> ServiceContext:
        return ServiceContext(self.settings, self.db, actor, self.town_id, self.desk)

    def close(self) -> None:
        if not self._closed:
            close_database(self.db)
            self._closed = True


def open_context(
    settings: Settings, *, actor: Actor = SYSTEM, migrate: bool = True
) -> ServiceContext:
    """Open the database named in ``settings`` and bind a context to it."""
    db = open_database(settings.db, migrate=migrate, pool=settings.db_pool)
    ctx = ServiceContext(settings, db, actor)
    from deskui.services.town.towns import current_town_id

    ctx.town_id = current_town_id(ctx)
    return ctx


def storage_failure(exc: BaseException) -> StorageError | None:
    """A failed database request (driver error) as the app's own one-line
    StorageError; None for anything else."""
    return StorageError(exc) if isinstance(exc, storage_errors()) else None


@contextmanager
def reading(ctx: ServiceContext) -> Iterator[None]:
    """A connection for the calling worker thread, closed when done.

    Peewee keeps one connection a thread; a UI worker thread opens its own
    here and closes it afterwards, so threads never share a connection and
    finished workers leave none behind (a thread already connected opens
    none). A database failure comes out as a Chinese :class:`StorageError`.
    """
    opened = ctx.db.is_closed()
    try:
        if opened:
            ctx.db.connect()
        yield
    except storage_errors() as exc:
        # The desk shows this next to the form and keeps what was typed; a
        # raw driver error would end the whole program.
        raise StorageError(exc) from exc
    finally:
        if opened:
            ctx.db.close()
