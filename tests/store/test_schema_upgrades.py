"""Every released schema's database opens and upgrades with every row intact."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from playhouse.schema_diff import diff_models

from deskui.store.database import close_database, open_database
from deskui.store.migrations import code_version, schema_version
from deskui.store.models import ALL_MODELS

SCHEMAS = sorted((Path(__file__).parent / "schemas").glob("schema_*.db"))


def _columns(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: [c[1] for c in con.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        con.close()


def _fingerprint(path: Path, columns: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row, per table, over the given columns
    (an upgrade may add columns; the old ones must keep their values)."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for table, cols in columns.items():
            digest = hashlib.sha256()
            names = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f'SELECT {names} FROM "{table}" ORDER BY 1').fetchall()
            for row in rows:
                digest.update(repr(row).encode())
            out[table] = (len(rows), digest.hexdigest())
        return out
    finally:
        con.close()


def test_there_is_a_file_for_the_current_schema() -> None:
    names = {p.name for p in SCHEMAS}
    assert f"schema_{code_version():04d}.db" in names, (
        "run `uv run python tests/store/schemas/build.py` when adding a migration"
    )


@pytest.mark.parametrize("source", SCHEMAS, ids=lambda p: p.stem)
def test_old_database_upgrades_with_rows_intact(source: Path, tmp_path: Path) -> None:
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    columns = _columns(copy)
    before = _fingerprint(copy, columns)
    assert sum(n for n, _ in before.values()) > 100

    db = open_database(str(copy))
    try:
        assert schema_version(db) == code_version()
        assert not diff_models(db, ALL_MODELS)
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        close_database(db)

    after = _fingerprint(copy, columns)
    for table, (count, digest) in before.items():
        if table == "schema_migration":
            assert after[table][0] >= count
            continue
        assert after[table] == (count, digest), f"table {table} changed during the upgrade"
