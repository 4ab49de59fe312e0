"""Encryption at rest: unlocking an encrypted database, and ``deskui
encrypt`` / ``deskui decrypt`` (see :mod:`deskui.store.cipher`).

Converting is an administrator's act done like a restore: refused while any
other process has the database open (:mod:`deskui.store.presence`), under
the restore lock so no desk opens it meanwhile. The whole database is
written to a new file beside it (``sqlcipher_export``), that file is opened
again and must pass ``integrity_check`` with every table's row count equal
to the original's; only then the original is kept in the backup folder as
``before-encrypt-….db`` / ``before-decrypt-….db`` and the new file takes
its place. Any failure before the swap leaves the database as it was.
"""

from __future__ import annotations

import shutil
from contextlib import closing, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from deskui.config import Settings
from deskui.domain.errors import DomainError, RuleViolation, ValidationError
from deskui.domain.passwords import check_passphrase_rules
from deskui.i18n import t
from deskui.services import audit
from deskui.services.town.auth import Credentials
from deskui.services.town.backup import PREFIX, check_administrator, swap_in
from deskui.store import cipher, presence
from deskui.store.database import is_url

BEFORE_ENCRYPT = "before-encrypt-"
BEFORE_DECRYPT = "before-decrypt-"


@dataclass(frozen=True)
class Converted:
    path: Path  # the database, now encrypted or plain
    saved: Path  # the original file, kept in the backup folder
    plain_backups: int  # plain backups left in the backup folder (after encrypting)


def _path(settings: Settings) -> Path | None:
    return None if is_url(settings.db) else Path(settings.db).expanduser()


def is_encrypted(settings: Settings) -> bool:
    path = _path(settings)
    return path is not None and cipher.is_encrypted(path)


def needs_passphrase(settings: Settings) -> bool:
    """Whether the database is encrypted and this process has no passphrase
    for it yet (the desk then asks on its passphrase screen)."""
    path = _path(settings)
    return path is not None and cipher.is_encrypted(path) and cipher.key_for(path) is None


def file_needs_passphrase(file: Path, settings: Settings) -> bool:
    """Whether a backup ``file`` is encrypted and no passphrase is known for
    it or for the database."""
    path = _path(settings)
    known = cipher.key_for(file) or (cipher.key_for(path) if path is not None else None)
    return cipher.is_encrypted(file) and known is None


def unlock(settings: Settings, passphrase: str) -> None:
    """Check ``passphrase`` against the encrypted database (read-only: a
    wrong one changes nothing) and use it from now on in this process."""
    path = _path(settings)
    if path is None or not cipher.is_encrypted(path):
        return
    if not passphrase:
        raise ValidationError(t("cipher.screen_required"), field="passphrase")
    cipher.check(path, passphrase)
    cipher.remember(path, passphrase)


def encrypt(settings: Settings, passphrase: str, *, credentials: Credentials) -> Converted:
    """Encrypt the database file under ``passphrase`` (管理员)."""
    check_passphrase_rules(passphrase)
    target = _target(settings)
    if cipher.is_encrypted(target):
        raise RuleViolation(t("cipher.already", path=str(target)))
    cipher.driver()  # the module is there before anything is asked
    done = _convert(settings, target, credentials, None, passphrase)
    return replace(done, plain_backups=_plain_backups(settings.backup_dir, done.saved))


def decrypt(settings: Settings, *, credentials: Credentials) -> Converted:
    """Turn the encrypted database back into a plain SQLite file (管理员);
    the passphrase must be known (:func:`unlock`)."""
    target = _target(settings)
    if not cipher.is_encrypted(target):
        raise RuleViolation(t("cipher.not_encrypted", path=str(target)))
    key = cipher.key_for(target)
    if key is None:
        raise ValidationError(t("cipher.needed", path=str(target)), field="passphrase")
    cipher.check(target, key)
    return _convert(settings, target, credentials, key, None)


def _target(settings: Settings) -> Path:
    path = _path(settings)
    if path is None:
        raise RuleViolation(t("cipher.url"))
    if not path.is_file():
        raise ValidationError(t("cipher.no_database", path=str(path)), field="db")
    return path.resolve()


def _convert(
    settings: Settings,
    target: Path,
    credentials: Credentials,
    old_key: str | None,
    new_key: str | None,
) -> Converted:
    username = check_administrator(settings, target, credentials)
    lock = presence.RestoreLock(target)
    try:
        if not lock.held:
            raise RuleViolation(t("cipher.busy"))
        busy = presence.other_processes(target)
        if busy:
            raise RuleViolation(t("cipher.in_use", count=busy))
        new = target.with_name(f".{target.name}.convert")
        try:
            _write_converted(target, new, old_key, new_key)
            prefix = BEFORE_ENCRYPT if new_key else BEFORE_DECRYPT
            saved = _keep_original(settings, target, prefix)
            swap_in(new, target)
        finally:
            _remove(new)
        if new_key:
            cipher.remember(target, new_key)
        else:
            cipher.forget(target)
    finally:
        lock.release()
    action = t("cipher.audit_encrypt") if new_key else t("cipher.audit_decrypt")
    _log(settings, username, action, t("cipher.audit_note", saved=saved.name))
    return Converted(target, saved, 0)


def _write_converted(target: Path, new: Path, old_key: str | None, new_key: str | None) -> None:
    """``new``: the whole of ``target`` under ``new_key``, checked."""
    with closing(cipher.connect(target, old_key)) as src:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = cipher.row_counts(src)
        cipher.export(src, new, new_key)
    try:
        with closing(cipher.connect(new, new_key, readonly=True)) as out:
            check = [r[0] for r in out.execute("PRAGMA integrity_check").fetchall()]
            after = cipher.row_counts(out)
    except cipher.WrongPassphrase:
        raise RuleViolation(t("cipher.verify_failed", detail="open")) from None
    if check != ["ok"]:
        raise RuleViolation(t("cipher.verify_failed", detail="；".join(check[:3])))
    if after != before:
        differs = [
            t("cipher.count_differs", table=name, before=n, after=after.get(name, 0))
            for name, n in before.items()
            if after.get(name) != n
        ] or [t("cipher.count_differs", table="?", before=len(before), after=len(after))]
        raise RuleViolation(t("cipher.verify_failed", detail="；".join(differs[:3])))


def _keep_original(settings: Settings, target: Path, prefix: str) -> Path:
    """A copy of the file as it was (self-contained: its WAL was
    checkpointed into it) in the backup folder."""
    from deskui.services.town.backup import fresh_backup_path

    saved = fresh_backup_path(settings, prefix)
    part = saved.with_name(saved.name + ".part")
    try:
        shutil.copyfile(target, part)
        part.replace(saved)
    except OSError:
        with suppress(OSError):
            part.unlink()
        raise
    return saved


def _remove(path: Path) -> None:
    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with suppress(OSError):
            extra.unlink()


def _plain_backups(folder: Path, besides: Path) -> int:
    """Backups in ``folder`` that are plain SQLite (taken before encrypting),
    ``besides`` the one just kept."""
    if not folder.is_dir():
        return 0
    names = [p for p in folder.iterdir() if p.is_file() and p.suffix == ".db"]
    mine = [p for p in names if p.name.startswith((PREFIX, "before-")) and p != besides]
    return sum(1 for p in mine if not cipher.is_encrypted(p))


def _log(settings: Settings, username: str, action: str, note: str) -> None:
    """One audit row in the converted database: who converted it."""
    from deskui.services.context import SYSTEM, open_context
    from deskui.services.town.auth import actor_for

    ctx = open_context(settings)
    try:
        try:
            ctx.actor = actor_for(ctx, username) if username else SYSTEM
        except DomainError:
            ctx.actor = replace(SYSTEM, username=username, display_name=username)
        ctx.write(lambda: audit.log(ctx, action, "database", None, note=note))
    finally:
        ctx.close()
