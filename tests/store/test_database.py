"""Opening databases: pragmas, migrations, schema version, clear refusals."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from playhouse.schema_diff import diff_models

from deskui.store.database import (
    DatabaseOpenError,
    close_database,
    make_database,
    network_share_reason,
    open_database,
)
from deskui.store.migrations import (
    SchemaError,
    code_version,
    known_migrations,
    migrate_database,
    pending,
    schema_version,
)
from deskui.store.models import ALL_MODELS, Town


def test_fresh_database_is_migrated_and_matches_the_models(db_target: str) -> None:
    db = open_database(db_target)
    try:
        assert schema_version(db) == code_version() >= 1
        assert pending(db) == []
        diff = diff_models(db, ALL_MODELS)
        assert not diff, str(diff)
        # a second run applies nothing
        assert migrate_database(db) == []
    finally:
        close_database(db)


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "p.db"))
    try:
        pragma = lambda name: db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == 15000
    finally:
        close_database(db)


def test_migration_runner_applies_only_pending_scripts(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    db = open_database(str(path), migrate=False)
    assert schema_version(db) == 0
    every = [m.name for m in known_migrations()]
    assert every[0] == "0001_initial" and int(every[-1][:4]) == code_version()
    assert pending(db) == every
    assert migrate_database(db) == every
    Town.create(name="县河镇", code="XH")
    close_database(db)
    db = open_database(str(path))  # reopening keeps the data and runs nothing
    try:
        assert Town.select().count() == 1
        assert schema_version(db) == code_version()
    finally:
        close_database(db)


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    close_database(open_database(str(path)))
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '2030-01-01')")
    con.commit()
    con.close()
    with pytest.raises(SchemaError, match="比本程序"):
        open_database(str(path))


def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 10, encoding="utf-8")
    with pytest.raises(DatabaseOpenError, match="不是 deskui 数据库文件"):
        open_database(str(path))


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="文件夹"):
        open_database(str(tmp_path))


def test_read_only_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CI runs as root, which ignores permission bits: make the OS say "read-only".
    ro = tmp_path / "ro"
    ro.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == ro else real_access(p, mode)
    )
    with pytest.raises(DatabaseOpenError, match="不可写"):
        open_database(str(ro / "x.db"))


def test_unreachable_postgres_url() -> None:
    with pytest.raises(DatabaseOpenError, match="无法连接数据库") as err:
        open_database("postgresql://desk:secret@127.0.0.1:1/none")
    assert "secret" not in str(err.value)


def test_unsupported_url() -> None:
    with pytest.raises(DatabaseOpenError, match="不支持"):
        make_database("mysql://x@localhost/db")


def test_unc_path_is_a_network_share() -> None:
    assert network_share_reason(Path("//fileserver/share/deskui.db"))
    assert network_share_reason(Path("\\\\fileserver\\share\\deskui.db"))


def test_local_path_is_not_a_network_share(tmp_path: Path) -> None:
    assert network_share_reason(tmp_path / "x.db") is None


def test_nfs_mount_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deskui.store import database

    monkeypatch.setattr(database, "_mount_fstype", lambda path: "nfs4")
    with pytest.raises(DatabaseOpenError, match="网络共享"):
        make_database(str(tmp_path / "x.db"))


@pytest.mark.parametrize(
    "target",
    [
        "postgresql:/desk:secret@host/db",
        "postgres:desk@host/db",
        "POSTGRESQL:/x@y/z",
        "sqlite:/a.db",
    ],
)
def test_a_mistyped_url_is_refused_not_made_a_file(
    target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseOpenError, match="少了一个斜杠") as err:
        make_database(target)
    assert "secret" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_percent_encoded_password_is_decoded() -> None:
    db = make_database("postgresql://desk:S3cret%23pw%40x@127.0.0.1:5432/deskui")
    assert db.connect_params["password"] == "S3cret#pw@x"
    assert db.connect_params["user"] == "desk"


@pytest.mark.parametrize(
    "target",
    ["postgresql://desk:S3cret#pw@127.0.0.1/deskui", "postgresql://desk:S3cr/et@host/db"],
)
def test_no_part_of_a_password_is_shown(target: str) -> None:
    with pytest.raises(DatabaseOpenError) as err:
        make_database(target)
    assert "S3c" not in str(err.value)


def test_a_server_address_is_parsed_without_peewees_url_module() -> None:
    """``playhouse.db_url`` imports every driver it knows of; the address is
    parsed here, and psycopg2 is loaded only once a server is asked for."""
    import json
    import subprocess
    import sys

    code = """
import json, sys
from deskui.store.database import make_database
before = "psycopg2" in sys.modules
db = make_database("postgresql://desk:S3cret%23pw@db.example:6543/town?sslmode=require")
print(json.dumps([before, "playhouse.db_url" in sys.modules, "psycopg2" in sys.modules,
                  db.database, db.connect_params]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, db_url, after, name, params = json.loads(out.stdout)
    assert (before, db_url, after, name) == (False, False, True, "town")
    assert params == {
        "user": "desk",
        "password": "S3cret#pw",
        "host": "db.example",
        "port": 6543,
        "sslmode": "require",
    }


@pytest.mark.parametrize(
    "target", ["postgresql://desk:pw@host/", "postgresql://desk:pw@host", "postgresql://h/a/b"]
)
def test_a_server_address_without_a_database_name_is_refused(target: str) -> None:
    with pytest.raises(DatabaseOpenError, match="数据库地址") as err:
        make_database(target)
    assert "pw" not in str(err.value).replace("postgresql", "")
