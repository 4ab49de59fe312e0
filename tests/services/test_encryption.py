"""Encryption at rest (SQLCipher): opening an encrypted database, a wrong
passphrase touching nothing, ``encrypt``/``decrypt`` round trips, refusals,
and backups that stay encrypted and restore with their passphrase."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from deskui.domain.errors import PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.services import audit
from deskui.services.context import open_context
from deskui.services.town.auth import Credentials, add_operator
from deskui.services.town.backup import backup, list_backups, restore
from deskui.services.town.encryption import decrypt, encrypt, needs_passphrase, unlock
from deskui.store import cipher
from deskui.store.database import open_database
from deskui.store.models import Household, Village
from tests.services import test_backup
from tests.services.test_backup import ADMIN
from tests.services.test_restore_safety import _holder

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]
town = test_backup.town  # a small town with an administrator (admin / 1234)
SECRET = "县河镇-2026-口令"


def cipher_digest(path: Path | str, key: str | None) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its rows (audit trail and its
    head aside: converting is logged)."""
    with closing(cipher.connect(Path(path), key, readonly=True)) as con:
        out = {}
        for name in cipher.tables(con):
            if name == "audit_log":
                continue
            rows = sorted(con.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            if name == "setting":
                rows = [r for r in rows if r[0] != "audit.head"]
            out[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return out


def _bytes(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _beside(path: Path | str) -> list[str]:
    p = Path(path)
    return sorted(x.name for x in p.parent.iterdir() if x.name.startswith(p.name))


@pytest.fixture
def encrypted(town):  # type: ignore[no-untyped-def]
    """The town's database encrypted under SECRET, closed; its settings."""
    settings = town.settings
    plain = cipher_digest(settings.db, None)
    town.close()
    done = encrypt(settings, SECRET, credentials=ADMIN)
    assert done.path == Path(settings.db).resolve()
    assert cipher_digest(settings.db, SECRET) == plain
    return settings


def test_encrypt_keeps_every_row_and_the_file_reads_as_noise(town) -> None:  # type: ignore[no-untyped-def]
    settings = town.settings
    plain = cipher_digest(settings.db, None)
    town.close()
    done = encrypt(settings, SECRET, credentials=ADMIN)
    head = Path(settings.db).read_bytes()[:16]
    assert head != b"SQLite format 3\x00" and cipher.is_encrypted(settings.db)
    with closing(sqlite3.connect(settings.db)) as con, pytest.raises(sqlite3.DatabaseError):
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert b"\xe6\x88\xb7\xe4\xb8\xbb" not in Path(settings.db).read_bytes()  # 户主 nowhere
    assert cipher_digest(settings.db, SECRET) == plain
    # the original kept beside the backups, plain, as it was
    assert done.saved.name == "before-encrypt-20261124-093000.db"
    assert not cipher.is_encrypted(done.saved) and cipher_digest(done.saved, None) == plain
    assert {r.name: r.kind for r in list_backups(settings)} == {
        done.saved.name: "加密前自动保存（未加密）"
    }
    # the desk and the CLI open it with the passphrase this process was told
    ctx = open_context(settings)
    try:
        assert Household.select().count() == 5
    finally:
        ctx.close()
    with closing(cipher.connect(Path(settings.db), SECRET)) as con:
        action, who = con.execute(
            "SELECT action, operator_name FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert action == "加密数据库"
    assert "admin" in who or "王管理" in who


def test_a_new_process_needs_the_passphrase_and_a_wrong_one_touches_nothing(  # type: ignore[no-untyped-def]
    encrypted, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = encrypted.db
    monkeypatch.setattr(cipher, "_keys", {})  # as a new process
    assert needs_passphrase(encrypted)
    before, files = _bytes(db), _beside(db)
    with pytest.raises(cipher.PassphraseNeeded, match="已加密，请输入数据库口令"):
        open_database(db)
    with pytest.raises(cipher.WrongPassphrase) as err:
        unlock(encrypted, "not-the-passphrase")
    assert str(err.value) == f"数据库口令不对（或 {db} 不是 deskui 的数据库），文件没有任何改动"
    monkeypatch.setenv("DESKUI_PASSPHRASE", "also-wrong!")
    with pytest.raises(cipher.WrongPassphrase):
        open_database(db)
    assert _bytes(db) == before and _beside(db) == files  # no byte, no journal
    monkeypatch.delenv("DESKUI_PASSPHRASE")
    unlock(encrypted, SECRET)
    assert not needs_passphrase(encrypted)
    open_database(db).close()


def test_the_passphrase_from_the_environment_opens_it(  # type: ignore[no-untyped-def]
    encrypted, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cipher, "_keys", {})
    monkeypatch.setenv("DESKUI_PASSPHRASE", SECRET)
    assert not needs_passphrase(encrypted)
    ctx = open_context(encrypted)
    try:
        assert Village.select().count() == 3
    finally:
        ctx.close()


def test_decrypt_gives_back_a_plain_file_with_every_row(encrypted) -> None:  # type: ignore[no-untyped-def]
    rows = cipher_digest(encrypted.db, SECRET)
    done = decrypt(encrypted, credentials=ADMIN)
    assert not cipher.is_encrypted(encrypted.db)
    assert Path(encrypted.db).read_bytes()[:16] == b"SQLite format 3\x00"
    assert cipher_digest(encrypted.db, None) == rows
    assert done.saved.name.startswith("before-decrypt-") and cipher.is_encrypted(done.saved)
    with closing(sqlite3.connect(encrypted.db)) as con:
        assert con.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone() == (
            "解密数据库",
        )
    ctx = open_context(encrypted)  # a plain file again: no passphrase involved
    ctx.close()


def test_converting_is_refused_touching_nothing(encrypted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = encrypted.db
    before = _bytes(db)
    with pytest.raises(RuleViolation, match="已经加密了"):
        encrypt(encrypted, SECRET, credentials=ADMIN)
    ctx = open_context(encrypted)
    add_operator(ctx, "lu", "录入员", Role.CLERK, "1234")
    ctx.close()
    before = _bytes(db)
    with pytest.raises(PermissionDenied):
        decrypt(encrypted, credentials=Credentials("lu", lambda: "1234"))
    with pytest.raises(ValidationError, match="用户名或密码不正确"):
        decrypt(encrypted, credentials=Credentials("admin", lambda: "9999"))
    # (the failed sign-ins are audit rows; the conversion itself did not happen)
    assert cipher.is_encrypted(db)
    desk = _holder(
        db,
        tmp_path / "ready",
        "import os; os.environ['DESKUI_PASSPHRASE'] = "
        f"{SECRET!r}; from deskui.store.database import open_database; open_database({db!r})",
    )
    try:
        before = _bytes(db)
        with pytest.raises(RuleViolation, match="还有 1 个工作台或命令正在使用这个数据库"):
            decrypt(encrypted, credentials=ADMIN)
        assert _bytes(db) == before
    finally:
        desk.kill()
        desk.wait()
    decrypt(encrypted, credentials=ADMIN)
    with pytest.raises(RuleViolation, match="没有加密"):
        decrypt(encrypted, credentials=ADMIN)
    with pytest.raises(ValidationError, match="口令太短"):
        encrypt(encrypted, "short", credentials=ADMIN)
    assert not cipher.is_encrypted(db)


def test_backups_of_an_encrypted_database_stay_encrypted_and_restore(encrypted) -> None:  # type: ignore[no-untyped-def]
    ctx = open_context(encrypted)
    path = backup(ctx)
    taken = cipher_digest(path, SECRET)
    assert cipher.is_encrypted(path)
    ctx.write(lambda: audit.create(ctx, Household, village=Village.get(), code="999"))
    ctx.close()
    assert cipher_digest(encrypted.db, SECRET) != taken

    saved = restore(encrypted, path, credentials=ADMIN)
    assert saved is not None and cipher.is_encrypted(saved)
    assert cipher.is_encrypted(encrypted.db)
    assert cipher_digest(encrypted.db, SECRET) == taken
    with closing(cipher.connect(Path(encrypted.db), SECRET)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone() == ("恢复",)


def test_an_encrypted_backup_with_a_wrong_passphrase_is_refused(  # type: ignore[no-untyped-def]
    encrypted, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = open_context(encrypted)
    path = backup(ctx)
    ctx.close()
    done = decrypt(encrypted, credentials=ADMIN)  # the database plain again, the backup not
    assert done.saved.exists()
    before = _bytes(encrypted.db)
    with pytest.raises(ValidationError, match="请输入它的口令"):
        restore(encrypted, path, credentials=ADMIN)
    with pytest.raises(ValidationError, match="口令不对") as err:
        restore(encrypted, path, credentials=ADMIN, passphrase="wrong-passphrase")
    assert "数据库未改动" in str(err.value)
    assert _bytes(encrypted.db) == before
    restore(encrypted, path, credentials=ADMIN, passphrase=SECRET)
    assert cipher.is_encrypted(encrypted.db)  # restored as the backup was
    monkeypatch.setattr(cipher, "_keys", {})
    unlock(encrypted, SECRET)
    open_database(encrypted.db).close()


def test_workers_reuse_connections_instead_of_deriving_the_key_again(encrypted) -> None:  # type: ignore[no-untyped-def]
    """Each new SQLCipher connection runs PBKDF2 (~0.2 s); the desk's
    workers connect for every search, so their connections come from a pool."""
    import threading

    db = open_database(encrypted.db)
    seen: list[int] = []

    def worker() -> None:
        db.connect(reuse_if_open=True)
        seen.append(id(db.connection()))
        db.close()

    try:
        db.close()
        for _ in range(3):
            thread = threading.Thread(target=worker)
            thread.start()
            thread.join()
    finally:
        from deskui.store.database import close_database

        close_database(db)
    assert len(set(seen)) == 1


def test_a_plain_backup_restored_over_an_encrypted_database(town) -> None:  # type: ignore[no-untyped-def]
    settings = town.settings
    plain_backup = backup(town)
    rows = cipher_digest(plain_backup, None)
    town.close()
    encrypt(settings, SECRET, credentials=ADMIN)
    saved = restore(settings, plain_backup, credentials=ADMIN)
    assert saved is not None and cipher.is_encrypted(saved)  # the encrypted one, kept
    assert not cipher.is_encrypted(settings.db)
    assert cipher_digest(settings.db, None) == rows
    assert not Path(f"{settings.db}-wal").exists() or cipher_digest(settings.db, None) == rows
