"""Encryption at rest: the SQLite file encrypted with SQLCipher.

The driver is ``sqlcipher3`` (by peewee's author, the module
``playhouse.sqlcipher_ext`` is written for): since 0.6.2 its wheels bundle
SQLCipher itself, statically linked, for CPython 3.10–3.14 on Windows, Linux
and macOS, so nothing is compiled or installed besides the wheel.

Key derivation is SQLCipher's own: ``PRAGMA key`` with the passphrase, the
SQLCipher 4 defaults (PBKDF2-HMAC-SHA512 with 256,000 iterations over a
random 16-byte salt stored at the start of the file; each page AES-256-CBC
with its own IV and an HMAC-SHA512). Nothing of the passphrase is stored.

A file is taken for encrypted when it is not plain SQLite (its first 16
bytes are not ``SQLite format 3``) but is sized in whole pages: SQLCipher
keeps no header, its first bytes are the salt. The passphrase for a file is
what this process was told (:func:`remember`: the desk's passphrase screen,
the CLI's prompt or ``--passphrase-stdin``), else ``DESKUI_PASSPHRASE``.

A passphrase is tried on a read-only connection first (:func:`check`), so a
wrong one changes nothing in the file, nor leaves a journal beside it.
"""

from __future__ import annotations

import os
from contextlib import closing, suppress
from functools import cache
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from deskui.i18n import t
from deskui.store.database import DatabaseOpenError

ENV = "DESKUI_PASSPHRASE"
SQLITE_HEADER = b"SQLite format 3\x00"
_MIN_PAGE = 512
_keys: dict[Path, str] = {}
# connections kept open (as the PostgreSQL pool does): at most 8, closed
# after idling 5 minutes, a worker waits up to 15 s for a free one
POOL: dict[str, Any] = {"max_connections": 8, "stale_timeout": 300, "timeout": 15}
_quiet = False


class PassphraseNeeded(DatabaseOpenError):
    """The file is encrypted and no passphrase was given for it."""


class WrongPassphrase(DatabaseOpenError):
    """The passphrase does not open the file (which is left untouched)."""


def _resolved(path: Path | str) -> Path:
    return Path(path).expanduser().resolve()


def is_encrypted(path: Path | str) -> bool:
    """Whether ``path`` holds a SQLCipher database (see the module notes)."""
    file = Path(path).expanduser()
    try:
        size = file.stat().st_size
        if not file.is_file() or size < 2 * _MIN_PAGE or size % _MIN_PAGE:
            return False
        with file.open("rb") as fh:
            return fh.read(16) != SQLITE_HEADER
    except OSError:
        return False


def remember(path: Path | str, passphrase: str) -> None:
    """Use ``passphrase`` for ``path`` from now on in this process."""
    _keys[_resolved(path)] = passphrase


def forget(path: Path | str) -> None:
    _keys.pop(_resolved(path), None)


def key_for(path: Path | str) -> str | None:
    """The passphrase this process has for ``path``, or None."""
    return _keys.get(_resolved(path)) or os.environ.get(ENV) or None


def driver() -> Any:
    """The ``sqlcipher3`` DB-API module, its log to stderr silenced (a wrong
    key would otherwise print "hmac check failed" lines over the desk)."""
    global _quiet
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise DatabaseOpenError(t("cipher.no_module")) from None
    if not _quiet:
        with closing(dbapi2.connect(":memory:")) as conn:
            conn.execute("PRAGMA cipher_log_level = NONE")
        _quiet = True
    return dbapi2


def available() -> bool:
    try:
        driver()
    except DatabaseOpenError:
        return False
    return True


def quote(text: str) -> str:
    """A string literal for a PRAGMA or ATTACH (they take no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def connect(path: Path, passphrase: str | None, *, readonly: bool = False) -> Any:
    """A raw ``sqlcipher3`` connection to ``path`` keyed with ``passphrase``
    (None: a plain file), autocommit. A key that does not open the file
    raises :class:`WrongPassphrase`; the connection is then closed."""
    dbapi2 = driver()
    uri = _resolved(path).as_uri() + ("?mode=ro" if readonly else "")
    conn = dbapi2.connect(uri, uri=True, timeout=15, isolation_level=None, check_same_thread=False)
    try:
        if passphrase:
            conn.execute(f"PRAGMA key = {quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError:
        conn.close()
        raise WrongPassphrase(t("cipher.wrong", path=str(path))) from None
    except BaseException:
        conn.close()
        raise
    return conn


def check(path: Path, passphrase: str) -> None:
    """Raise :class:`WrongPassphrase` unless ``passphrase`` opens ``path``;
    read-only, so the file is untouched either way."""
    with closing(connect(path, passphrase, readonly=True)):
        pass


def make_database(path: Path, **kwargs: Any) -> SqliteDatabase:
    """The peewee database of an encrypted file (checked first)."""
    passphrase = key_for(path)
    if passphrase is None:
        raise PassphraseNeeded(t("cipher.needed", path=str(path)))
    check(path, passphrase)
    kwargs.pop("timeout", None)  # the pool's own wait; busy_timeout is a pragma
    return _pooled_class()(str(path), passphrase=passphrase, **POOL, **kwargs)


@cache
def _pooled_class() -> type[SqliteDatabase]:
    """SQLCipher's connections pooled: each new one derives the key again
    (PBKDF2, 0.15–0.25 s measured here) and the desk's workers connect for
    every keystroke's search; from the pool a worker's connection costs
    nothing after the first."""
    from playhouse.pool import PooledSqliteDatabase
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    class PooledSqlCipherDatabase(PooledSqliteDatabase, SqlCipherDatabase):
        pass

    return PooledSqlCipherDatabase


def database_errors() -> tuple[type[BaseException], ...]:
    """What a raw ``sqlcipher3`` call raises (empty without the module)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return ()
    return (dbapi2.Error,)


def new_file(path: Path, passphrase: str | None) -> Any:
    """A connection to a new file at ``path`` (removed first if there),
    keyed with ``passphrase``: the target of a backup."""
    with suppress(FileNotFoundError):
        path.unlink()
    dbapi2 = driver()
    conn = dbapi2.connect(str(path), isolation_level=None)
    if passphrase:
        conn.execute(f"PRAGMA key = {quote(passphrase)}")
    return conn


def tables(conn: Any) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def row_counts(conn: Any) -> dict[str, int]:
    """Every table's number of rows: what a converted copy must match."""
    counts: dict[str, int] = {}
    for name in tables(conn):
        quoted = name.replace('"', '""')
        counts[name] = int(conn.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0])
    return counts


def export(conn: Any, dest: Path, passphrase: str | None) -> None:
    """Write the whole database of ``conn`` (a :func:`connect` connection)
    into the new file ``dest``, encrypted with ``passphrase`` or plain (None),
    by SQLCipher's ``sqlcipher_export``; the schema version
    (``user_version``) goes along."""
    with suppress(FileNotFoundError):
        dest.unlink()
    conn.execute(f"ATTACH DATABASE {quote(str(dest))} AS converted KEY {quote(passphrase or '')}")
    try:
        conn.execute("SELECT sqlcipher_export('converted')")
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA converted.user_version = {version}")
    finally:
        conn.execute("DETACH DATABASE converted")
