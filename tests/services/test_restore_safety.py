"""Restore is an administrator's act and cannot lose a morning: refused for
other roles, refused while another process has the database open, refused
for a backup that breaks a foreign key or a domain rule, and a desk cannot
open the file while a restore replaces it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest

from deskui.domain.errors import PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.services.town.auth import Credentials, add_operator
from deskui.services.town.backup import backup, restore
from deskui.store import presence
from deskui.store.database import DatabaseOpenError, open_database
from tests.services import test_backup
from tests.services.test_backup import ADMIN, digest

pytestmark = pytest.mark.sqlite_only
town = test_backup.town  # the same small town with an administrator


@pytest.fixture
def taken(town) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    """A backup of the town, and the town's settings with the database closed."""
    add_operator(town, "lu", "录入员", Role.CLERK, "1234")
    path = backup(town)
    settings = town.settings
    town.close()
    return settings, path


def _holder(db: str, ready: Path, code: str) -> subprocess.Popen:  # type: ignore[type-arg]
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        {code}
        Path({str(ready)!r}).write_text("ok")
        time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert proc.poll() is None, "the holder ended early"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return proc


def test_restore_needs_an_administrator(taken) -> None:  # type: ignore[no-untyped-def]
    settings, path = taken
    before = digest(settings.db)
    with pytest.raises(PermissionDenied):
        restore(settings, path, credentials=Credentials("lu", lambda: "1234"))
    with pytest.raises(ValidationError, match="用户名或密码不正确"):
        restore(settings, path, credentials=Credentials("admin", lambda: "12345"))
    with pytest.raises(ValidationError, match="请用 --operator"):
        restore(settings, path)  # nobody named: never taken for the administrator
    after = digest(settings.db)
    assert after["audit_log"][0] == before["audit_log"][0] + 1  # the failed sign-in
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }


def test_restore_is_refused_while_another_desk_has_the_database_open(  # type: ignore[no-untyped-def]
    taken, tmp_path: Path
) -> None:
    settings, path = taken
    db = str(Path(settings.db).resolve())
    before = digest(settings.db)
    desk = _holder(
        db,
        tmp_path / "ready",
        f"from deskui.store.database import open_database; open_database({db!r})",
    )
    try:
        with pytest.raises(RuleViolation, match="还有 1 个工作台或命令正在使用这个数据库"):
            restore(settings, path, credentials=ADMIN)
        assert digest(settings.db) == before
    finally:
        desk.kill()  # a desk that crashed leaves a stale mark, which does not block
        desk.wait()
    assert restore(settings, path, credentials=ADMIN) is not None


def test_a_desk_cannot_open_the_database_while_it_is_restored(  # type: ignore[no-untyped-def]
    taken, tmp_path: Path
) -> None:
    settings, _ = taken
    db = Path(settings.db).resolve()
    holder = _holder(
        str(db),
        tmp_path / "ready",
        f"from deskui.store import presence; lock = presence.RestoreLock(Path({str(db)!r}))",
    )
    try:
        with pytest.raises(DatabaseOpenError, match="正在从备份恢复"):
            open_database(str(db))
    finally:
        holder.kill()
        holder.wait()
    open_database(str(db)).close()


def _second_head(con: sqlite3.Connection) -> None:
    cols = [r[1] for r in con.execute("PRAGMA table_info(resident)") if r[1] != "id"]
    values = ", ".join("'第二户主'" if c == "name" else c for c in cols)
    con.execute(f"INSERT INTO resident ({', '.join(cols)}) SELECT {values} FROM resident LIMIT 1")


def _broken_reference(con: sqlite3.Connection) -> None:
    con.execute("UPDATE resident SET household_id = 99999 WHERE id = 1")


@pytest.mark.parametrize(("damage", "named"), [(_second_head, "户主"), (_broken_reference, "外键")])
def test_a_backup_breaking_a_rule_is_refused_touching_nothing(  # type: ignore[no-untyped-def]
    taken, damage, named: str
) -> None:
    settings, path = taken
    with closing(sqlite3.connect(str(path))) as con:
        damage(con)
        con.commit()
    before = digest(settings.db)
    with pytest.raises(ValidationError, match="没有通过检查") as err:
        restore(settings, path, credentials=ADMIN)
    assert named in str(err.value)
    assert digest(settings.db) == before
    leftovers = [p.name for p in Path(settings.db).parent.iterdir() if "restore-check" in p.name]
    assert leftovers == []


def test_presence_marks_come_and_go(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    opened = open_database(str(db))
    from deskui.store.database import close_database

    folder = presence.desks_dir(db.resolve())
    assert len(list(folder.glob("*.lock"))) == 1
    assert presence.other_processes(db.resolve()) == 0  # this process never counts itself
    close_database(opened)
    assert list(folder.glob("*.lock")) == []
