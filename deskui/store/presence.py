"""Which processes have a SQLite database file open: the desks of one PC.

SQLite lets several processes share a file, so nothing in SQLite itself says
"another desk is using this database" — yet a restore must never replace the
file under a desk that is writing to it (its morning's visits would be
lost). Every process that opens a database file therefore holds an exclusive
OS lock on a small file of its own in ``<database>-desks/`` for as long as it
has the database open; the lock dies with the process, so a crashed desk
never blocks anyone (its file is stale and is removed by the next look).

A restore holds ``restoring.lock`` in the same folder while it replaces the
file; a desk opening the database meanwhile is told to wait.

OS locks: ``fcntl.lockf`` on POSIX, ``msvcrt.locking`` on Windows, one byte,
exclusive, never blocking. POSIX locks belong to the process (closing any
descriptor of a file drops the process's lock on it), so a process never
probes its own files.
"""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from pathlib import Path
from typing import IO

RESTORING = "restoring.lock"
_restoring_here: set[Path] = set()  # databases this process is restoring


def desks_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-desks")


def _lock(fh: IO[bytes]) -> bool:
    """Take the exclusive lock on ``fh`` without waiting; False if held."""
    try:
        if os.name == "nt":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    with suppress(OSError):
        if os.name == "nt":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.lockf(fh.fileno(), fcntl.LOCK_UN)


class Presence:
    """This process's mark that it has ``db_path`` open (best effort: a
    folder that cannot be written leaves no mark and raises nothing)."""

    def __init__(self, db_path: Path) -> None:
        self.path: Path | None = None
        self._fh: IO[bytes] | None = None
        folder = desks_dir(db_path)
        try:
            folder.mkdir(exist_ok=True)
            path = folder / f"{os.getpid()}-{secrets.token_hex(4)}.lock"
            fh = path.open("a+b")
        except OSError:
            return
        if _lock(fh):
            self.path, self._fh = path, fh
        else:  # cannot happen for a fresh name; leave no stray file
            fh.close()
            with suppress(OSError):
                path.unlink()

    def release(self) -> None:
        if self._fh is not None and self.path is not None:
            _unlock(self._fh)
            self._fh.close()
            with suppress(OSError):
                self.path.unlink()
            with suppress(OSError):  # the last one out leaves no folder behind
                self.path.parent.rmdir()
            self._fh = None


def restoring(db_path: Path) -> bool:
    """Whether a restore (in another process) is replacing the file now."""
    if db_path in _restoring_here:
        return False  # probing our own lock would drop it (POSIX locks are per process)
    path = desks_dir(db_path) / RESTORING
    if not path.exists():
        return False
    try:
        fh = path.open("a+b")
    except OSError:
        return False
    with fh:
        if _lock(fh):
            _unlock(fh)
            return False
        return True


def other_processes(db_path: Path) -> int:
    """How many other live processes have the database open. Marks left by
    processes that ended (a crash, a power cut) are removed on the way."""
    folder = desks_dir(db_path)
    if not folder.is_dir():
        return 0
    mine = f"{os.getpid()}-"
    alive = 0
    for path in folder.glob("*.lock"):
        if path.name == RESTORING or path.name.startswith(mine):
            continue
        try:
            fh = path.open("a+b")
        except OSError:
            continue
        with fh:
            if _lock(fh):
                _unlock(fh)
                stale = True
            else:
                stale = False
                alive += 1
        if stale:
            with suppress(OSError):
                path.unlink()
    return alive


class RestoreLock:
    """Held while a restore replaces the file (see :func:`restoring`)."""

    def __init__(self, db_path: Path) -> None:
        folder = desks_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        self.db_path = db_path
        self._fh: IO[bytes] | None = (folder / RESTORING).open("a+b")
        self.held = _lock(self._fh)
        if self.held:
            _restoring_here.add(db_path)

    def release(self) -> None:
        if self._fh is not None:
            if self.held:
                _unlock(self._fh)
                _restoring_here.discard(self.db_path)
            self._fh.close()
            self._fh = None
