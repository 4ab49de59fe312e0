"""Exports only read: every ``deskui export`` form, run on the town demo,
leaves the database as it was (every table, row for row), except the audit
row recording an export that carries full ID numbers."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

import deskui.cli as cli
from deskui.cli.export import EXPORT_MODULES
from tests.services.test_backup import digest

pytestmark = pytest.mark.sqlite_only

MONTH = "2026-11"
MEETING = "2026-11-23"

# Every export form of the CLI, with the variants that read differently.
EXPORTS: dict[str, list[list[str]]] = {
    "ledger": [
        ["--month", MONTH],
        ["--month", "2026-10", "--as-of", "2026-10-20", "--village", "{village}"],
    ],
    "stats": [["--month", MONTH], ["--month", MONTH, "--as-of", "2026-11-10"]],
    "visits": [["--date", "2026-11-17"]],
    "roster": [["--month", MONTH]],
    "contact-cards": [[]],
    "cards": [["--date", "2026-11-17", "--receipt"]],
    "supervision": [["--date", MEETING]],
    "matters": [[], ["--month", MONTH]],
    # one village: the whole town's roll takes half a minute and reads the same way
    "households": [["--village", "{village}"], ["--blocks", "--village", "{village}"]],
    "contacts": [["--month", MONTH], ["--month", MONTH, "--as-of", "2026-11-12"]],
}


def _checksum(db: Path) -> str:
    """The database file's digest once the WAL is folded into it."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    return hashlib.sha256(db.read_bytes()).hexdigest()


def _data(db: Path) -> dict[str, tuple[int, str]]:
    """Every table but the audit trail (and its recorded newest row)."""
    _checksum(db)  # the WAL folded in
    return {k: v for k, v in digest(db).items() if k != "audit_log"}


def _audit(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT action, note FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()


def test_the_list_covers_every_export_form() -> None:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    export = sub.choices["export"]  # type: ignore[attr-defined]
    forms = next(a for a in export._actions if a.dest == "form")
    assert set(forms.choices) == set(EXPORTS)
    assert EXPORT_MODULES  # registered by these modules


def test_every_export_leaves_the_database_unchanged(
    town_demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DESKUI_PASSWORD", "123456")  # the demo's operators'
    db = ["--db", str(town_demo), "--operator", "admin"]
    # the meeting's orders are issued first (a write of its own)
    assert cli.main([*db, "supervision", "issue", "--meeting", MEETING]) == 0
    capsys.readouterr()
    conn = sqlite3.connect(town_demo)
    try:
        village = conn.execute("SELECT name FROM village ORDER BY id LIMIT 1").fetchone()[0]
        card = conn.execute("SELECT number FROM matter ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    before = _data(town_demo)
    logged = _audit(town_demo)
    runs = [(form, [a.replace("{village}", village) for a in args])
            for form, variants in EXPORTS.items() for args in variants]  # fmt: skip
    runs.append(("cards", ["--matter", card]))
    for i, (form, args) in enumerate(runs):
        out = tmp_path / f"{i}-{form}.xlsx"
        code = cli.main([*db, "export", form, *args, "--out", str(out)])
        _, err = capsys.readouterr()
        assert code == 0, (form, args, err)
        assert out.exists(), (form, args)
        assert _data(town_demo) == before, (form, args)
        added = _audit(town_demo)[len(logged) :]
        if form in ("households", "cards"):  # an admin's roll and cards: full ID numbers
            assert [a for a, _ in added] == ["导出"] and str(out) in added[0][1], added
        else:
            assert added == [], (form, args)
        logged += added
