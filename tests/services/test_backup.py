"""Backups through the SQLite backup API, pruning, the daily backup, restore
and its refusals, and pg_dump on PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from peewee import PostgresqlDatabase

from deskui.config import Clock
from deskui.domain.errors import PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.services import audit
from deskui.services.context import Actor, ServiceContext
from deskui.services.town.auth import Credentials, actor_for, add_operator
from deskui.services.town.backup import auto_backup, backup, list_backups, restore
from deskui.services.town.towns import setup_town
from deskui.store.models import Household, Resident, Village
from tests.conftest import SAMPLE_VILLAGES

pytestmark = pytest.mark.sqlite_only  # SQLite files: backup API, WAL, processes on one file

CLERK = Actor(id=None, username="lu", display_name="录入员", role=Role.CLERK)


def digest(path: Path | str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its rows, order-independent."""
    with sqlite3.connect(str(path)) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        out = {}
        for name in names:
            rows = sorted(con.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            if name == "setting":  # the audit chain's newest row goes with the audit trail
                rows = [r for r in rows if r[0] != "audit.head"]
            out[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    con.close()
    return out


ADMIN = Credentials("admin", lambda: "1234")  # the town's administrator signing in


@pytest.fixture
def town(ctx):  # type: ignore[no-untyped-def]
    """A small town with an operator and a few residents."""
    setup_town(ctx, "县河镇", SAMPLE_VILLAGES, code="XH", county="汉滨区")
    add_operator(ctx, "admin", "王管理", Role.ADMIN, "1234")
    me = ctx.as_actor(actor_for(ctx, "admin"))

    def work() -> None:
        village = Village.get(Village.name == "桃园村")
        for i in range(5):
            hh = audit.create(me, Household, village=village, code=f"{i:03d}", head_name=f"户主{i}")
            audit.create(
                me,
                Resident,
                household=hh,
                name=f"户主{i}",
                relation="户主",
                phone=f"1391234{i:04d}",
            )

    me.write(work)
    return me


def _close(ctx: ServiceContext) -> None:
    ctx.close()


def _data(tables: dict) -> dict:  # type: ignore[type-arg]
    """Every table but the audit trail, which records the backup itself."""
    return {k: v for k, v in tables.items() if k != "audit_log"}


def _audit_actions(db: object) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(str(db))) as con:
        return con.execute("SELECT action, note FROM audit_log ORDER BY id").fetchall()


def test_backup_restore_round_trip_is_equal_row_for_row(town) -> None:  # type: ignore[no-untyped-def]
    settings = town.settings
    path = backup(town)
    assert path == settings.backup_dir / "deskui-20261124-093000.db"
    taken = digest(path)
    for table in (
        "town",
        "village",
        "operator",
        "audit_log",
        "resident",
        "holiday",
        "schema_migration",
    ):
        assert taken[table][0] > 0, table
    assert _data(taken) == _data(digest(settings.db))
    assert _audit_actions(settings.db)[-1] == ("备份", f"备份到 {path}")  # logged after the copy
    with sqlite3.connect(str(path)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    # the day goes on after the backup …
    town.write(lambda: audit.create(town, Household, village=Village.get(), code="999"))
    resident = Resident.get(Resident.name == "户主0")
    town.write(lambda: audit.update(town, resident, phone="13800000000"))
    changed = digest(settings.db)
    assert changed != taken
    _close(town)

    saved = restore(settings, path, credentials=ADMIN)
    assert saved is not None and saved.name == "before-restore-20261124-093000.db"
    assert _data(digest(settings.db)) == _data(taken)
    assert digest(saved) == changed
    restored = _audit_actions(settings.db)
    assert restored[:-1] == _audit_actions(path)  # the backup's trail, then who restored it
    assert (
        restored[-1][0] == "恢复" and path.name in restored[-1][1] and saved.name in restored[-1][1]
    )
    kinds = {r.name: r.kind for r in list_backups(settings)}
    assert kinds == {path.name: "备份", saved.name: "恢复前自动保存"}


def test_restore_into_a_missing_database(town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = backup(town)
    _close(town)
    fresh = dataclasses.replace(town.settings, db=str(tmp_path / "new" / "desk.db"))
    assert restore(fresh, path, credentials=ADMIN) is None
    assert _data(digest(fresh.db)) == _data(digest(path))


def test_backups_are_pruned_to_backup_keep(town) -> None:  # type: ignore[no-untyped-def]
    town.settings = dataclasses.replace(town.settings, backup_keep=3)
    folder = town.settings.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "readme.txt").write_text("not a backup")
    paths = [backup(town) for _ in range(5)]
    assert [p.name for p in paths] == [
        "deskui-20261124-093000.db",
        "deskui-20261124-093000-2.db",
        "deskui-20261124-093000-3.db",
        "deskui-20261124-093000-4.db",
        "deskui-20261124-093000-5.db",
    ]
    left = sorted(p.name for p in folder.iterdir())
    assert left == [
        "deskui-20261124-093000-3.db",
        "deskui-20261124-093000-4.db",
        "deskui-20261124-093000-5.db",
        "readme.txt",
    ]
    assert [r.name for r in list_backups(town.settings)] == left[2::-1]


def test_backup_to_a_chosen_file_is_not_pruned(town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    town.settings = dataclasses.replace(town.settings, backup_keep=1)
    backup(town)
    out = backup(town, tmp_path / "usb" / "县河镇.db")
    assert out.exists() and _data(digest(out)) == _data(digest(town.settings.db))
    assert len(list_backups(town.settings)) == 1
    with pytest.raises(ValidationError, match="不能是当前数据库本身"):
        backup(town, Path(town.settings.db))


def test_backup_needs_admin(town) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="当前操作员角色（录入员）无权进行系统管理"):
        backup(town.as_actor(CLERK))
    assert list_backups(town.settings) == []


def test_auto_backup_runs_at_most_once_a_day(town) -> None:  # type: ignore[no-untyped-def]
    clerk = town.as_actor(CLERK)  # any operator closing the desk
    first = auto_backup(clerk)
    assert first is not None and first.name == "deskui-20261124-093000.db"
    assert auto_backup(clerk) is None
    clerk.settings = dataclasses.replace(
        clerk.settings, clock=Clock(fixed_now=dt.datetime(2026, 11, 25, 8, 0))
    )
    second = auto_backup(clerk)
    assert second is not None and second.name == "deskui-20261125-080000.db"
    assert auto_backup(clerk) is None
    assert len(list_backups(clerk.settings)) == 2


# --- restore refuses bad files, touching nothing -------------------------------------


@pytest.fixture
def closed_town(town):  # type: ignore[no-untyped-def]
    good = backup(town)
    _close(town)
    return town.settings, good, digest(town.settings.db)


def _refused(settings, file: Path, message: str, before) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        restore(settings, file, credentials=ADMIN)
    assert message in str(info.value)
    assert digest(settings.db) == before
    assert not any(r.name.startswith("before-restore") for r in list_backups(settings))


def test_restore_refuses_a_file_that_is_not_a_database(closed_town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, _, before = closed_town
    text = tmp_path / "台账.xlsx"
    text.write_bytes(b"PK\x03\x04 not a database at all")
    _refused(settings, text, "不是数据库文件", before)
    _refused(settings, tmp_path / "missing.db", "找不到备份文件", before)


def test_restore_refuses_a_sqlite_file_that_is_not_ours(closed_town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, _, before = closed_town
    other = tmp_path / "other.db"
    with sqlite3.connect(str(other)) as con:
        con.execute("CREATE TABLE t (x)")
    con.close()
    _refused(settings, other, "不是 deskui 的数据库备份", before)


def test_restore_refuses_a_newer_schema(closed_town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, good, before = closed_town
    future = tmp_path / "future.db"
    future.write_bytes(good.read_bytes())
    with sqlite3.connect(str(future)) as con:
        con.execute(
            "INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '2030-01-01')"
        )
    con.close()
    _refused(settings, future, "备份的结构版本（9999）比本程序", before)


def test_restore_refuses_a_damaged_file(closed_town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, good, before = closed_town
    broken = tmp_path / "broken.db"
    data = bytearray(good.read_bytes())
    page = 4096
    for n in range(2, len(data) // page, 2):  # scribble over every other page
        data[n * page : n * page + 64] = b"\xff" * 64
    broken.write_bytes(bytes(data))
    _refused(settings, broken, "已损坏", before)


def test_restore_refuses_a_file_failing_the_integrity_check(closed_town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, good, before = closed_town
    bad = tmp_path / "bad-index.db"
    bad.write_bytes(good.read_bytes())
    with sqlite3.connect(str(bad)) as con:  # the index no longer matches its table
        con.execute("PRAGMA writable_schema=ON")
        con.execute(
            'UPDATE sqlite_master SET sql = \'CREATE UNIQUE INDEX "town_name" '
            'ON "town" ("county")\' WHERE name = \'town_name\''
        )
    con.close()
    _refused(settings, bad, "已损坏（row 1 missing from index town_name）", before)


def test_restore_is_for_sqlite_only(settings) -> None:  # type: ignore[no-untyped-def]
    pg = dataclasses.replace(settings, db="postgresql://deskui@localhost/town")
    with pytest.raises(RuleViolation, match="只能恢复 SQLite"):
        restore(pg, Path("x.dump"))


# --- PostgreSQL: pg_dump ----------------------------------------------------------

FAKE_PG_DUMP = """#!/bin/sh
printf '%s\\n' "$@" > "$(dirname "$0")/args.txt"
printf '%s' "$PGPASSWORD" > "$(dirname "$0")/password.txt"
if [ -n "$FAIL" ]; then echo "pg_dump: error: connection refused" >&2; exit 1; fi
while [ "$#" -gt 0 ]; do
  if [ "$1" = "--file" ]; then echo dump > "$2"; fi
  shift
done
"""


@pytest.fixture
def pg_ctx(settings):  # type: ignore[no-untyped-def]
    url = "postgresql://deskui:s3cret@localhost:5999/town"
    db = PostgresqlDatabase("town", user="deskui", host="localhost", port=5999)
    return ServiceContext(dataclasses.replace(settings, db=url), db)


def _fake_pg_dump(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder.mkdir()
    exe = folder / "pg_dump"
    exe.write_text(FAKE_PG_DUMP)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}/bin{os.pathsep}/usr/bin")
    return folder


def test_postgres_backup_runs_pg_dump_custom_format(pg_ctx, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not Path("/bin/sh").exists():
        pytest.skip("needs a POSIX shell")
    bin_dir = _fake_pg_dump(tmp_path / "bin", monkeypatch)
    logged: list[object] = []
    monkeypatch.setattr(pg_ctx, "write", logged.append)  # no server: the audit row is kept here
    path = backup(pg_ctx)
    assert len(logged) == 1
    assert path == pg_ctx.settings.backup_dir / "deskui-20261124-093000.dump"
    assert path.read_text() == "dump\n"
    args = (bin_dir / "args.txt").read_text().splitlines()
    assert args == [
        "--format=custom",
        "--file",
        str(path),
        "postgresql://deskui@localhost:5999/town",
    ]
    assert (bin_dir / "password.txt").read_text() == "s3cret"  # not on the command line
    assert auto_backup(pg_ctx) is None  # today's exists

    monkeypatch.setenv("FAIL", "1")
    with pytest.raises(RuleViolation, match="pg_dump 备份失败：pg_dump: error: connection refused"):
        backup(pg_ctx, tmp_path / "out.dump")
    assert not (tmp_path / "out.dump").exists()


def test_postgres_backup_without_pg_dump_says_so(pg_ctx, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(RuleViolation, match="找不到 pg_dump 命令"):
        backup(pg_ctx)
    assert auto_backup(pg_ctx) is None  # closing the desk stays quiet
