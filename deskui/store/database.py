"""Connecting to the database: a SQLite path or a ``postgresql://`` URL.

SQLite settings, and why:
- ``journal_mode=wal``: readers never block the writer, so several desk
  processes on one PC share a file smoothly;
- ``synchronous=FULL``: every commit is fsynced. Desk writes are human-paced
  (a few a minute), so the cost is invisible, and a power cut on an office PC
  cannot take back a ticket or a matter the clerk saw saved. (NORMAL would be
  safe against a crashed process but not a lost power supply.)
- ``foreign_keys=1``; ``busy_timeout=15000`` ms;
- every transaction is ``BEGIN IMMEDIATE`` (``lock_type``) so two writers
  queue on the lock instead of failing halfway through a read-then-write.

One connection a thread (peewee's default): workers open their own. On
PostgreSQL a connection costs the server a new backend process and an
authentication (a few ms each time, far more than a search's own query), and
the desk's worker threads connect for every keystroke's search: there the
connections come from a small pool (settings ``db_pool``), handed back when a worker
closes its own and reused by the next; ``close_database`` closes them all.
A path on a network share is refused: SQLite's locking is not safe there.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from peewee import (
    Database,
    DatabaseError,
    IntegrityError,
    OperationalError,
    PostgresqlDatabase,
    SqliteDatabase,
)

from deskui.config import DB_POOL_DEFAULT, redact_url
from deskui.domain.errors import DomainError
from deskui.i18n import t
from deskui.store.models import database_proxy

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("busy_timeout", 15000),
    ("cache_size", -16000),  # 16 MiB page cache
    ("temp_store", "memory"),
)

# The desk's own pool on a PostgreSQL server: at most ``pool`` connections
# (settings ``db_pool``: the UI thread and a few workers at once), each closed
# after idling ``stale_timeout`` seconds; a worker waits up to ``timeout``
# for a free one rather than fail.
PG_POOL = {"stale_timeout": 300, "timeout": 15}

T = TypeVar("T")

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smbfs",
    "9p",
    "afs",
    "sshfs",
    "fuse.sshfs",
    "davfs",
}


class DatabaseOpenError(DomainError):
    """The database cannot be opened; ``str()`` is one clear Chinese line."""


class StorageError(DomainError):
    """The database failed a request (locked past every retry, the server
    gone, the disk full). The transaction rolled back, so nothing was half
    written; ``str()`` says so in Chinese. The driver's own message is left
    out on purpose: it may quote the values of the row (an ID number)."""

    def __init__(self, exc: BaseException) -> None:
        kind = type(exc).__name__
        key = "db.busy" if "locked" in str(exc).lower() else "db.request_failed"
        if _disk_full(exc):
            key = "db.disk_full"
        super().__init__(t(key, kind=kind))


def _disk_full(exc: BaseException | None) -> bool:
    """Whether the disk filled up, here or in what led to it (a full disk
    makes SQLite roll back by itself; the driver's own rollback then fails
    with "cannot rollback", the full disk in its context)."""
    seen = 0
    while exc is not None and seen < 5:
        full = getattr(exc, "sqlite_errorcode", None) == 13  # SQLITE_FULL
        if full or "disk is full" in str(exc).lower() or "no space left" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def storage_errors() -> tuple[type[BaseException], ...]:
    """What a database request may raise besides the app's own errors."""
    return (DatabaseError, sqlite3.Error)


def is_url(target: str) -> bool:
    return "://" in target


# A server address typed with a slash missing (``postgresql:/desk:pw@host/db``)
# is neither a URL nor a file name: taken as a path it would quietly create a
# new SQLite file under folders named after the password.
_MISTYPED_URL = re.compile(r"^(postgres(?:ql)?|pgsql|sqlite|mysql)[\w+]*:(?!//)", re.IGNORECASE)


def check_target(target: str) -> None:
    """Refuse a database address that looks like a mistyped URL."""
    match = _MISTYPED_URL.match(target.strip())
    if match:
        raise DatabaseOpenError(t("db.mistyped_url", scheme=match.group(1).lower()))


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def _mount_fstype(path: Path) -> str | None:
    """The file-system type of the mount holding ``path`` (Linux)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, fstype = "", None
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        if (resolved == mount or resolved.startswith(mount.rstrip("/") + "/")) and len(mount) > len(
            best
        ):
            best, fstype = mount, parts[2]
    return fstype


def network_share_reason(path: Path) -> str | None:
    """Why ``path`` looks like a network share, or None for a local disk."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return t("db.unc_path")
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
            return t("db.mapped_drive", drive=drive)
        return None
    probe = path if path.exists() else path.parent
    fstype = _mount_fstype(probe) if probe.exists() else None
    if fstype and fstype.lower() in NETWORK_FS:
        return t("db.network_fs", fstype=fstype)
    return None


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseOpenError(t("db.is_directory", path=str(path)))
    reason = network_share_reason(path)
    if reason:
        raise DatabaseOpenError(t("db.network_share", path=str(path), reason=reason))
    if path.exists():
        with path.open("rb") as fh:
            head = fh.read(16)
        if head and head != b"SQLite format 3\x00" and not _encrypted(path):
            raise DatabaseOpenError(t("db.not_a_database", path=str(path)))
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseOpenError(t("db.read_only", path=str(path)))
        return
    parent = path.parent
    if not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise DatabaseOpenError(t("db.cannot_create_dir", path=str(parent))) from None
    if not os.access(parent, os.W_OK):
        raise DatabaseOpenError(t("db.read_only_dir", path=str(parent)))


def _without_credentials(error: str, url: str) -> str:
    """The library's message, unless it quotes any part of the user or
    password (a port it could not read, say): then a plain hint."""
    creds = url.split("://", 1)[-1].rsplit("@", 1)[0] if "@" in url else ""
    parts = [p for p in re.split(r"[:@/]", creds) if len(p) >= 3]
    if any(p in error for p in parts):
        return t("db.url_hint")
    return error


POSTGRES_SCHEMES = ("postgresql", "postgres")


def _server_params(target: str) -> dict[str, Any]:
    """The connection parameters of a ``postgresql://`` address: user and
    password percent-decoded (a password may hold @ : / # % written as %40
    %3A %2F %23 %25), host, port, database name, and any ``?key=value``
    (``sslmode=require``) passed on to the driver. Parsed here rather than by
    ``playhouse.db_url``, whose import loads every driver it knows of."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    parts = urlsplit(target)
    params: dict[str, Any] = {"database": unquote(parts.path[1:])}
    if parts.username:
        params["user"] = unquote(parts.username)
    if parts.password:
        params["password"] = unquote(parts.password)
    if parts.hostname:
        params["host"] = parts.hostname
    if parts.port:  # a port that is no number raises ValueError
        params["port"] = parts.port
    params.update(parse_qsl(parts.query, keep_blank_values=True))
    if not params["database"] or "/" in params["database"]:
        raise ValueError(t("db.url_hint"))
    return params


def make_database(target: str, *, pool: int = DB_POOL_DEFAULT) -> Database:
    """A peewee Database for a path or URL, not yet connected."""
    check_target(target)
    if is_url(target):
        if target.startswith("sqlite:///"):
            return make_database(target[len("sqlite:///") :], pool=pool)
        scheme = target.split("://", 1)[0].lower().removesuffix("+pool")
        if scheme not in POSTGRES_SCHEMES:
            raise DatabaseOpenError(t("db.unsupported_url", url=redact_url(target)))
        if "#" in target:  # the address would end there, mid-password
            raise DatabaseOpenError(t("db.url_hash"))
        try:
            params = _server_params(target)
        except ValueError as exc:
            error = _without_credentials(str(exc), target)
            raise DatabaseOpenError(t("db.bad_url", url=redact_url(target), error=error)) from None
        return _pooled(params, pool)
    path = Path(target).expanduser()
    _check_sqlite_file(path)
    sqlite = SqliteDatabase if not _encrypted(path) else _cipher_database  # store/cipher.py
    return sqlite(
        str(path),
        pragmas=SQLITE_PRAGMAS,
        lock_type="IMMEDIATE",
        timeout=15,
        check_same_thread=False,
    )


def _encrypted(path: Path) -> bool:
    from deskui.store.cipher import is_encrypted

    return is_encrypted(path)


def _cipher_database(path: str, **kwargs: Any) -> SqliteDatabase:
    from deskui.store.cipher import make_database as make_cipher_database

    return make_cipher_database(Path(path), **kwargs)


def _pooled(params: dict[str, Any], pool: int) -> PostgresqlDatabase:
    """The server database, at most ``pool`` connections kept in a pool."""
    from playhouse.pool import PooledPostgresqlDatabase

    from deskui.store.drivers import load_postgres_driver

    load_postgres_driver()
    database = params.pop("database")
    return PooledPostgresqlDatabase(database, max_connections=pool, **PG_POOL, **params)


def open_database(target: str, *, migrate: bool = True, pool: int = DB_POOL_DEFAULT) -> Database:
    """Connect, bind the models, and (by default) run pending migrations;
    ``pool``: the most connections kept to a PostgreSQL server."""
    db = make_database(target, pool=pool)
    try:
        db.connect(reuse_if_open=True)
        if isinstance(db, SqliteDatabase):
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as exc:
        with suppress(Exception):
            db.close()
        if is_url(target):
            raise DatabaseOpenError(
                t("db.cannot_connect", url=redact_url(target), error=_first_line(exc))
            ) from None
        raise DatabaseOpenError(t("db.cannot_open", path=target, error=_first_line(exc))) from None
    if isinstance(db, SqliteDatabase):
        _mark_presence(db, Path(target).expanduser().resolve())
    database_proxy.initialize(db)
    if migrate:
        from deskui.store.migrations import migrate_database

        migrate_database(db)
    return db


def _mark_presence(db: SqliteDatabase, path: Path) -> None:
    """Say this process has the file open (see :mod:`deskui.store.presence`);
    refuse while a restore is replacing it."""
    from deskui.store import presence

    if presence.restoring(path):
        db.close()
        raise DatabaseOpenError(t("db.restoring", path=str(path)))
    db.deskui_presence = presence.Presence(path)  # type: ignore[attr-defined]


def close_database(db: Database) -> None:
    if not db.is_closed():
        db.close()
    close_all = getattr(db, "close_all", None)  # a pool: its idle connections too
    if close_all is not None:
        close_all()
    mark = getattr(db, "deskui_presence", None)
    if mark is not None:
        mark.release()
        db.deskui_presence = None  # type: ignore[attr-defined]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def write_retrying(
    db: Database, fn: Callable[[], T], *, attempts: int = 8, unique_race: bool = False
) -> T:
    """Run ``fn()`` in a write transaction, retrying while the database is
    locked (SQLite) or a serialization conflict occurs (PostgreSQL). With
    ``unique_race``, an IntegrityError (two desks taking the same next
    number) is retried too. The user never sees a retry."""
    delay = 0.02
    for attempt in range(attempts):
        try:
            with db.atomic():
                return fn()
        except OperationalError as exc:
            message = str(exc).lower()
            transient = any(w in message for w in ("locked", "busy", "could not serialize"))
            if not transient or attempt == attempts - 1:
                raise
        except IntegrityError:
            if not unique_race or attempt == attempts - 1:
                raise
        time.sleep(delay * (1 + random.random()))
        delay = min(delay * 2, 0.5)
    raise AssertionError("unreachable")
