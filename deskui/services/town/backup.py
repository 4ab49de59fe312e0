"""Backups and restore.

SQLite: a backup is taken with SQLite's online backup API from the live
connection (never a file copy: a copy of a WAL database taken mid-write can be
torn), written to a temporary name and renamed when complete, switched to a
self-contained rollback journal, then old backups beyond
``settings.backup_keep`` are pruned. PostgreSQL: ``pg_dump --format=custom``.

Restore (SQLite only, an administrator's act) is refused while another
process has the database open (:mod:`deskui.store.presence`); it validates
the file first (a SQLite database with our ``schema_migration`` history, a
schema not newer than this program), copies it beside the database, migrates
the copy and runs every check of ``deskui check`` on it (integrity, foreign
keys, domain rules); only then it keeps a copy of the current database as
``before-restore-….db`` and copies the checked backup in through the backup
API. Backups and restores are written to the audit log.

An encrypted database (:mod:`deskui.store.cipher`) is backed up encrypted,
under the same passphrase; an encrypted backup is checked with its
passphrase (the database's, or the one given) before it replaces anything.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from deskui.config import Settings, redact_url
from deskui.domain.errors import DomainError, RuleViolation, ValidationError
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.town.auth import Credentials
from deskui.store import cipher, presence
from deskui.store.database import is_url, make_database
from deskui.store.migrations import HISTORY_TABLE, code_version, known_migrations

PREFIX = "deskui-"
BEFORE_RESTORE = "before-restore-"
STAMP = "%Y%m%d-%H%M%S"
_NAME_RE = re.compile(
    r"^(deskui|before-restore|before-encrypt|before-decrypt)-(\d{8}-\d{6})(?:-(\d+))?\.(db|dump)$"
)
_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class BackupRow:
    path: Path
    name: str
    kind: str  # 备份 / 恢复前
    taken_at: dt.datetime
    size: int


def _fresh_path(folder: Path, prefix: str, when: dt.datetime, suffix: str) -> Path:
    """``<prefix>YYYYmmdd-HHMMSS<suffix>``; within one second numbered after
    the highest number there (never reusing a pruned name, which would then
    sort as the oldest)."""
    base = f"{prefix}{when.strftime(STAMP)}"
    taken = [_sort_key(p.name)[1] for p in folder.glob(f"{base}*") if _NAME_RE.match(p.name)]
    if not taken and not (folder / f"{base}{suffix}").exists():
        return folder / f"{base}{suffix}"
    return folder / f"{base}-{max(taken, default=1) + 1}{suffix}"


def fresh_backup_path(settings: Settings, prefix: str) -> Path:
    """A new name in the backup folder (created) for a file kept now."""
    settings.backup_dir.mkdir(parents=True, exist_ok=True)
    return _fresh_path(settings.backup_dir, prefix, settings.clock.now(), ".db")


def _copy_sqlite(src: Any, dest: Path, passphrase: str | None = None) -> None:
    """The whole of ``src`` into a new file ``dest`` (temp name, then rename);
    with ``passphrase``, ``src`` is an encrypted database's connection and
    ``dest`` is encrypted under the same passphrase."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    with suppress(FileNotFoundError):
        tmp.unlink()
    try:
        target = cipher.new_file(tmp, passphrase) if passphrase else sqlite3.connect(str(tmp))
        with closing(target) as out:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
        os.replace(tmp, dest)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def _pg_command(url: str, out: Path) -> tuple[list[str], dict[str, str]]:
    """pg_dump's argv and environment; the password travels in PGPASSWORD,
    not on the command line where ``ps`` would show it."""
    exe = shutil.which("pg_dump")
    if exe is None:
        raise RuleViolation(t("backup.no_pg_dump"))
    env = dict(os.environ)
    parts = urlsplit(url)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        host = parts.hostname or ""
        host = f"[{host}]" if ":" in host else host
        netloc = (parts.username or "") + "@" + host + (f":{parts.port}" if parts.port else "")
        url = urlunsplit(parts._replace(netloc=netloc))
    return [exe, "--format=custom", "--file", str(out), url], env


def _pg_dump(ctx: ServiceContext, out: Path) -> Path:
    argv, env = _pg_command(ctx.settings.db, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise RuleViolation(t("backup.pg_dump_failed", error=exc)) from None
    if done.returncode != 0:
        lines = (done.stderr or "").strip().splitlines()
        error = redact_url(lines[0]) if lines else str(done.returncode)
        with suppress(OSError):
            out.unlink()
        raise RuleViolation(t("backup.pg_dump_failed", error=error))
    return out


def _prune(folder: Path, prefix: str, keep: int) -> None:
    if keep < 1:
        return
    names = sorted(
        (p for p in folder.glob(f"{prefix}*") if _NAME_RE.match(p.name)),
        key=lambda p: _sort_key(p.name),
    )
    for old in names[:-keep]:
        with suppress(OSError):
            old.unlink()


def _sort_key(name: str) -> tuple[str, int]:
    m = _NAME_RE.match(name)
    return (m.group(2), int(m.group(3) or 1)) if m else ("", 0)


def _take(ctx: ServiceContext, out: Path | None) -> Path:
    settings = ctx.settings
    suffix = ".dump" if ctx.postgres else ".db"
    target = out or _fresh_path(settings.backup_dir, PREFIX, ctx.now(), suffix)
    if out is not None and not is_url(settings.db) and _same_file(out, Path(settings.db)):
        raise ValidationError(t("backup.out_is_database"), field="out")
    if ctx.postgres:
        path = _pg_dump(ctx, target)
    else:
        _copy_sqlite(ctx.db.connection(), target, _passphrase(Path(settings.db)))
        path = target
    if out is None:
        _prune(settings.backup_dir, PREFIX, settings.backup_keep)
    return path


def _passphrase(path: Path) -> str | None:
    """The passphrase of an encrypted database file, None for a plain one."""
    return cipher.key_for(path) if cipher.is_encrypted(path) else None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.expanduser().resolve() == b.expanduser().resolve()
    except OSError:
        return False


def backup(ctx: ServiceContext, out: Path | None = None) -> Path:
    """Back the database up (管理员) to ``out`` or to the backup folder as
    ``deskui-YYYYmmdd-HHMMSS.db``, keeping the newest ``backup_keep`` there."""
    ctx.require(Perm.ADMIN)
    path = _take(ctx, out)
    note = t("backup.audit_note", path=str(path))
    ctx.write(lambda: audit.log(ctx, t("backup.audit_action"), "database", None, note=note))
    return path


def auto_backup(ctx: ServiceContext) -> Path | None:
    """The daily backup taken when the desk closes: at most one a day (None
    when today's exists). Any operator closing the desk triggers it. On
    PostgreSQL it is skipped when pg_dump is not installed."""
    folder = ctx.settings.backup_dir
    day = ctx.today().strftime("%Y%m%d")
    if folder.is_dir() and any(folder.glob(f"{PREFIX}{day}-*")):
        return None
    if ctx.postgres and shutil.which("pg_dump") is None:
        return None
    return _take(ctx, None)


def list_backups(settings: Settings) -> list[BackupRow]:
    """The backups in the backup folder, newest first."""
    folder = settings.backup_dir
    if not folder.is_dir():
        return []
    rows: list[BackupRow] = []
    for path in folder.iterdir():
        m = _NAME_RE.match(path.name)
        if not m or not path.is_file():
            continue
        kind = {
            "before-restore": t("backup.kind_before_restore"),
            "before-encrypt": t("cipher.kind_before_encrypt"),
            "before-decrypt": t("cipher.kind_before_decrypt"),
        }.get(m.group(1), t("backup.kind_backup"))
        taken = dt.datetime.strptime(m.group(2), STAMP)
        rows.append(BackupRow(path, path.name, kind, taken, path.stat().st_size))
    rows.sort(key=lambda r: _sort_key(r.name), reverse=True)
    return rows


def _validate(conn: Any, file: Path) -> None:
    """Refuse anything but an intact deskui database no newer than us."""
    errors: tuple[type[BaseException], ...] = (sqlite3.DatabaseError, *cipher.database_errors())
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        has_history = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (HISTORY_TABLE,)
        ).fetchone()
    except errors as exc:
        if "malformed" in str(exc):
            raise ValidationError(
                t("backup.damaged", path=str(file), detail=str(exc)), field="file"
            ) from None
        raise ValidationError(t("backup.not_database", path=str(file)), field="file") from None
    if check != ["ok"]:
        raise ValidationError(
            t("backup.damaged", path=str(file), detail="；".join(check[:3])), field="file"
        )
    if not has_history:
        raise ValidationError(t("backup.not_deskui", path=str(file)), field="file")
    applied = [r[0] for r in conn.execute(f'SELECT name FROM "{HISTORY_TABLE}"').fetchall()]
    known = {m.name for m in known_migrations()}
    versions = [int(n.split("_", 1)[0]) for n in applied if n.split("_", 1)[0].isdigit()]
    found = max(versions, default=0)
    if any(n not in known for n in applied) or found > code_version():
        raise ValidationError(
            t("backup.newer_schema", found=found, supported=code_version()), field="file"
        )


def restore(
    settings: Settings,
    file: Path,
    *,
    credentials: Credentials | None = None,
    passphrase: str | None = None,
) -> Path | None:
    """Replace the current SQLite database with the backup ``file``.

    An administrator's act: ``credentials`` must sign in (as
    ``auth.cli_actor`` does) as a 管理员 of the database being replaced. Refused while any other
    process (a desk, a CLI command) has the database open, and nothing is
    replaced until the backup has passed every check ``deskui check`` makes
    — integrity, foreign keys, schema version, domain rules — on a migrated
    copy. A restore in progress keeps other desks from opening the file.
    Returns the path of the ``before-restore-….db`` copy of the database as
    it was, or None when there was no database yet. An encrypted backup is
    opened with ``passphrase``, else the one known for it or for the
    database; the restored database is encrypted as the backup was."""
    if is_url(settings.db):
        raise RuleViolation(t("backup.restore_sqlite_only"))
    target = Path(settings.db).expanduser().resolve()
    file = Path(file).expanduser()
    if not file.is_file():
        raise ValidationError(t("backup.no_file", path=str(file)), field="file")
    if _same_file(file, target):
        raise ValidationError(t("backup.restore_same_file"), field="file")
    username = check_administrator(settings, target, credentials or Credentials(None))
    lock = presence.RestoreLock(target)
    try:
        if not lock.held:
            raise RuleViolation(t("restore.busy"))
        busy = presence.other_processes(target)
        if busy:
            raise RuleViolation(t("restore.in_use", count=busy))
        key = _backup_passphrase(file, target, passphrase)
        checked = _checked_copy(settings, file, target, key)
        try:
            saved = _replace(settings, target, checked, key)
        finally:
            _discard(checked)
    finally:
        lock.release()
    _log_restore(settings, file, saved, username)
    if saved is not None:
        _prune(settings.backup_dir, BEFORE_RESTORE, settings.backup_keep)
    return saved


def _backup_passphrase(file: Path, target: Path, given: str | None) -> str | None:
    """The passphrase an encrypted backup opens with (None: a plain one)."""
    if not cipher.is_encrypted(file):
        return None
    key = given or cipher.key_for(file) or cipher.key_for(target)
    if key is None:
        raise ValidationError(t("cipher.backup_needed", path=str(file)), field="passphrase")
    return key


def check_administrator(settings: Settings, target: Path, credentials: Credentials) -> str:
    """The username of the administrator replacing the database file (a
    restore, encrypting): '' on a fresh machine, where there is no database
    and so nothing to protect."""
    if not target.exists():
        return credentials.username or ""
    from deskui.services.context import open_context
    from deskui.services.town.auth import cli_actor

    ctx = open_context(settings, migrate=False)
    try:
        ctx.actor = cli_actor(ctx, credentials)
        ctx.require(Perm.ADMIN)
        return ctx.actor.username
    finally:
        ctx.close()


def _open_backup(file: Path, passphrase: str | None) -> Any:
    """A read-only connection to the backup ``file``."""
    if passphrase is not None:
        try:
            return cipher.connect(file, passphrase, readonly=True)
        except cipher.WrongPassphrase:
            raise ValidationError(t("cipher.wrong_backup", path=str(file)), field="file") from None
    with file.open("rb") as fh:
        if fh.read(16) != _SQLITE_HEADER:
            raise ValidationError(t("backup.not_database", path=str(file)), field="file")
    uri = file.resolve().as_uri() + "?mode=ro"
    try:
        return sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        raise ValidationError(t("backup.not_database", path=str(file)), field="file") from None


def _checked_copy(settings: Settings, file: Path, target: Path, passphrase: str | None) -> Path:
    """The backup copied beside the database, migrated and checked; the
    caller removes it. A file failing any check raises, touching nothing."""
    src = _open_backup(file, passphrase)
    target.parent.mkdir(parents=True, exist_ok=True)
    checked = target.with_name(f".{target.name}.restore-check")
    with closing(src):
        _validate(src, file)
        _copy_sqlite(src, checked, passphrase)
    if passphrase is not None:
        cipher.remember(checked, passphrase)
    try:
        from deskui.services.context import open_context
        from deskui.services.town.maintenance import check_integrity

        ctx = open_context(replace(settings, db=str(checked)))
        try:
            failed = [r for r in check_integrity(ctx) if not r.ok]
        finally:
            ctx.close()
    except BaseException:
        _discard(checked)
        raise
    if failed:
        _discard(checked)
        detail = "；".join(f"{r.name}：{r.detail}" for r in failed)
        raise ValidationError(t("restore.checks_failed", path=str(file), detail=detail))
    with suppress(OSError):
        presence.desks_dir(checked).rmdir()
    return checked


def _discard(checked: Path) -> None:
    """Remove the checked copy and whatever opening it left beside it."""
    cipher.forget(checked)
    for path in (checked, Path(f"{checked}-wal"), Path(f"{checked}-shm")):
        with suppress(OSError):
            path.unlink()
    with suppress(OSError):
        presence.desks_dir(checked).rmdir()


def _replace(
    settings: Settings, target: Path, checked: Path, passphrase: str | None
) -> Path | None:
    saved: Path | None = None
    current_key = _passphrase(target) if target.exists() else None
    if target.exists():
        make_database(str(target))  # the same checks as opening (share, read-only …)
        saved = _fresh_path(settings.backup_dir, BEFORE_RESTORE, settings.clock.now(), ".db")
        with closing(_connect_file(target, current_key)) as current:
            _copy_sqlite(current, saved, current_key)
    if passphrase is not None or current_key is not None:
        # one side encrypted: pages cannot be copied across keys, so the
        # checked file (complete, its journal rolled in) takes the place
        swap_in(checked, target)
        if passphrase is not None:
            cipher.remember(target, passphrase)
        else:
            cipher.forget(target)
        return saved
    try:
        with (
            closing(sqlite3.connect(str(checked))) as src,
            closing(sqlite3.connect(str(target), timeout=15)) as dest,
        ):
            src.backup(dest)
    except sqlite3.Error as exc:
        raise RuleViolation(t("backup.restore_failed", error=exc)) from None
    return saved


def _connect_file(path: Path, passphrase: str | None) -> Any:
    if passphrase is not None:
        return cipher.connect(path, passphrase)
    return sqlite3.connect(str(path), timeout=15)


def swap_in(new: Path, target: Path) -> None:
    """Put the complete file ``new`` in place of ``target`` (no process has
    it open): a copy beside it renamed over it, and the target's old
    ``-wal``/``-shm`` removed, which SQLite would otherwise replay into the
    new file."""
    part = target.with_name(f".{target.name}.swap")
    try:
        shutil.copyfile(new, part)
        for extra in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            with suppress(FileNotFoundError):
                extra.unlink()
        os.replace(part, target)
    except OSError as exc:
        with suppress(OSError):
            part.unlink()
        raise RuleViolation(t("backup.restore_failed", error=exc)) from None


def _log_restore(settings: Settings, file: Path, saved: Path | None, username: str) -> None:
    """One audit row in the restored database: who restored which file."""
    from deskui.services.context import SYSTEM, open_context
    from deskui.services.town.auth import actor_for

    ctx = open_context(settings)
    try:
        try:
            ctx.actor = actor_for(ctx, username) if username else SYSTEM
        except DomainError:  # the restored file does not know them: name only
            ctx.actor = replace(SYSTEM, username=username, display_name=username)
        note = t("restore.audit_note", file=file.name, saved=saved.name if saved else "—")
        ctx.write(lambda: audit.log(ctx, t("restore.audit_action"), "database", None, note=note))
    finally:
        ctx.close()
