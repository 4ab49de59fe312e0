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
SCHEMAS_BY_NAME = {p.name: p for p in SCHEMAS}


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
        if table == "duty_assignment":
            continue  # 0003 gives substitutes lines of their own: checked below
        if table == "setting":
            continue  # 0005 records the audit chain's newest row: checked below
        assert after[table] == (count, digest), f"table {table} changed during the upgrade"
    assert _settings(copy) - {"audit.head"} == _settings(source) - {"audit.head"}


def _settings(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {f"{k}={v}" if k != "audit.head" else k for k, v in con.execute(
            "SELECT key, value FROM setting")}  # fmt: skip
    finally:
        con.close()


def test_0005_chains_the_audit_rows_already_logged(tmp_path: Path) -> None:
    from deskui.config import load_settings
    from deskui.services.audit import verify_chain
    from deskui.services.context import open_context

    copy = tmp_path / "schema_0004.db"
    shutil.copy(SCHEMAS_BY_NAME["schema_0004.db"], copy)
    con = sqlite3.connect(copy)
    logged = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    con.close()
    assert logged > 5
    ctx = open_context(load_settings(str(copy)))
    try:
        report = verify_chain(ctx)
        assert report.ok and report.rows == logged
    finally:
        ctx.close()


def _assignments(path: Path) -> tuple[dict[int, tuple], list[str]]:
    """Old assignment rows by id (sign-in aside) and every sign-in, sorted."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT id, duty_day_id, official_id, role, substitute_id, absent, absence_reason,"
            " signed_in_at FROM duty_assignment"
        ).fetchall()
    finally:
        con.close()
    return {r[0]: r[1:7] for r in rows}, sorted(r[7] for r in rows if r[7] is not None)


@pytest.mark.parametrize("source", SCHEMAS, ids=lambda p: p.stem)
def test_upgrade_keeps_every_duty_sign_in_absence_and_substitute(
    source: Path, tmp_path: Path
) -> None:
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    old_rows, old_signed = _assignments(copy)
    close_database(open_database(str(copy)))
    new_rows, new_signed = _assignments(copy)
    assert {k: new_rows[k] for k in old_rows} == old_rows
    assert new_signed == old_signed
    con = sqlite3.connect(copy)
    try:
        uncovered = con.execute(
            "SELECT COUNT(*) FROM duty_assignment AS a WHERE a.substitute_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM duty_assignment AS s WHERE s.duty_day_id = a.duty_day_id"
            " AND s.official_id = a.substitute_id AND s.covers_id = a.official_id)"
        ).fetchone()[0]
        signed_absent = con.execute(
            "SELECT COUNT(*) FROM duty_assignment WHERE absent AND signed_in_at IS NOT NULL"
        ).fetchone()[0]
    finally:
        con.close()
    assert uncovered == 0 and signed_absent == 0


def test_0003_folds_overlapping_duty_lines_and_moves_a_substitutes_sign_in(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(SCHEMAS_BY_NAME["schema_0002.db"], copy)
    con = sqlite3.connect(copy)
    with con:
        village, date = con.execute(
            "SELECT village_id, date FROM duty_day WHERE shift = '全天' AND status = '安排'"
            " AND date > '2026-11-24' ORDER BY date LIMIT 1"
        ).fetchone()
        signed_day = con.execute(
            "SELECT id FROM duty_day WHERE village_id = ? AND date = ?", (village, date)
        ).fetchone()[0]
        people = [
            r[0]
            for r in con.execute(
                "SELECT official_id FROM duty_assignment WHERE duty_day_id = ? ORDER BY id",
                (signed_day,),
            )
        ]
        others = [
            r[0]
            for r in con.execute(
                f"SELECT id FROM official WHERE id NOT IN ({','.join('?' * len(people))})"
                " ORDER BY id LIMIT 2",
                people,
            )
        ]
        con.execute(
            "UPDATE duty_assignment SET signed_in_at = ? WHERE duty_day_id = ? AND official_id = ?",
            (f"{date} 08:50:00", signed_day, people[0]),
        )
        # the old substitute record: the stand-in's sign-in on the absent line
        con.execute(
            "UPDATE duty_assignment SET absent = 1, absence_reason = '病假', substitute_id = ?,"
            " signed_in_at = ? WHERE duty_day_id = ? AND official_id = ?",
            (others[0], f"{date} 08:55:00", signed_day, people[1]),
        )
        # a regenerated unsigned 上午 line beside the signed 全天 one
        cur = con.execute(
            "INSERT INTO duty_day (village_id, date, shift, hours, place, status, reason,"
            " second_day, edited, note) VALUES (?, ?, '上午', '9:00-12:00', '', '安排', '', 0, 0, '')",
            (village, date),
        )
        extra_day = cur.lastrowid
        for official in (people[0], others[1]):
            con.execute(
                "INSERT INTO duty_assignment (duty_day_id, official_id, role, absent,"
                " absence_reason, edited, note) VALUES (?, ?, '成员', 0, '', 0, '')",
                (extra_day, official),
            )
    con.close()

    close_database(open_database(str(copy)))

    con = sqlite3.connect(copy)
    try:
        days = con.execute(
            "SELECT id, shift FROM duty_day WHERE village_id = ? AND date = ?", (village, date)
        ).fetchall()
        lines = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT official_id, signed_in_at, absent, substitute_id, covers_id"
                " FROM duty_assignment WHERE duty_day_id = ?",
                (signed_day,),
            )
        }
    finally:
        con.close()
    assert days == [(signed_day, "全天")]
    assert lines[people[0]] == (f"{date} 08:50:00", 0, None, None)
    assert lines[people[1]] == (None, 1, others[0], None)
    assert lines[others[0]] == (f"{date} 08:55:00", 0, None, people[1])
    assert lines[others[1]] == (None, 0, None, None)  # the extra line's official, moved over


def test_matter_counters_start_after_the_numbers_already_given(tmp_path: Path) -> None:
    """0007: each town and year's counter holds its highest card number, so
    the next card counts on from there."""
    db_path = tmp_path / "old.db"
    shutil.copyfile(SCHEMAS_BY_NAME["schema_0006.db"], db_path)
    con = sqlite3.connect(db_path)
    highest = sorted(
        con.execute('SELECT town_id, year, MAX(seq) FROM "matter" GROUP BY town_id, year')
    )
    con.close()
    assert highest  # the tiny demo has cards
    db = open_database(str(db_path))
    try:
        counters = sorted(
            db.execute_sql('SELECT town_id, year, last_seq FROM "matter_counter"').fetchall()
        )
    finally:
        close_database(db)
    assert counters == highest
