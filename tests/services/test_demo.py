"""The demo builder: the tiny scale's counts and invariants, reproducibility,
refusals, and ensure_demo_database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from deskui.config import Clock, Settings
from deskui.domain.errors import ValidationError
from deskui.domain.idnumber import parse_id_number
from deskui.domain.passwords import verify_password
from deskui.domain.search import resident_keys
from deskui.services.demo import build as demo
from deskui.services.demo.build import build_demo
from deskui.services.demo.db import ensure_demo_database

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 9, 30)
OPEN = ("待办", "办理中")


def _settings(tmp: Path, db: Path) -> Settings:
    return Settings(db=str(db), data_dir=tmp, config_dir=tmp, clock=Clock(fixed_now=NOW))


def _build(tmp: Path, name: str, seed: int = 1) -> tuple[Path, demo.DemoStats]:
    path = tmp / name
    stats = build_demo(
        str(path), scale="tiny", seed=seed, today=TODAY, now=NOW, settings=_settings(tmp, path)
    )
    return path, stats


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, demo.DemoStats]:
    return _build(tmp_path_factory.mktemp("demo"), "tiny.db")


@pytest.fixture
def con(tiny: tuple[Path, demo.DemoStats]):  # type: ignore[no-untyped-def]
    connection = sqlite3.connect(tiny[0])
    yield connection
    connection.close()


def _rows(con: sqlite3.Connection, sql: str, *args: object) -> list[tuple]:
    return con.execute(sql, args).fetchall()


def test_tiny_counts_and_speed(tiny: tuple[Path, demo.DemoStats], con: sqlite3.Connection) -> None:
    path, stats = tiny
    assert (stats.towns, stats.villages, stats.households, stats.operators) == (1, 3, 60, 4)
    assert 120 <= stats.residents <= 260
    assert 10 <= stats.matters <= 40
    assert stats.visits > stats.matters
    for table, count in (("household", stats.households), ("resident", stats.residents),
                         ("matter", stats.matters), ("visit", stats.visits)):  # fmt: skip
        assert _rows(con, f"SELECT count(*) FROM {table}")[0][0] == count
    assert not Path(str(path) + ".building").exists()


def test_households_have_one_head_and_denormalised_fields(con: sqlite3.Connection) -> None:
    heads = Counter(
        h for (h,) in _rows(con, "SELECT household_id FROM resident WHERE relation='户主'")
    )
    households = _rows(con, "SELECT id, head_name, size FROM household")
    assert all(heads[h] == 1 for h, _, _ in households)
    for hid, head_name, size in households:
        members = _rows(con, "SELECT name, relation FROM resident WHERE household_id=?", hid)
        assert size == len(members)
        assert head_name == next(n for n, r in members if r == "户主")


def test_id_numbers_valid_and_consistent(con: sqlite3.Connection) -> None:
    rows = _rows(con, "SELECT id_number, sex, birth_date FROM resident")
    assert all(number for number, _, _ in rows)
    areas = Counter()
    for number, sex, birth in rows:
        info = parse_id_number(number, today=TODAY)
        assert info.sex == sex
        assert info.birth_date.isoformat() == birth
        areas[number[:6]] += 1
    assert areas.most_common(1)[0][0] == "610902"


def test_search_keys_match_the_domain_rule(con: sqlite3.Connection) -> None:
    for rid, name, phone, number in _rows(con, "SELECT id, name, phone, id_number FROM resident"):
        keys = set(_rows(con, "SELECT kind, key FROM search_key WHERE resident_id=?", rid))
        assert keys == set(resident_keys(name, phone, number))


def test_matters_cover_every_state_with_overdue_and_due_today(con: sqlite3.Connection) -> None:
    states = {s for (s,) in _rows(con, "SELECT state FROM matter")}
    assert states == {"待办", "办理中", "已办结", "已销号", "不予受理"}
    assert not _rows(con, "SELECT id FROM matter WHERE first_receiver_id IS NULL")
    today = TODAY.isoformat()
    assert _rows(con, "SELECT id FROM matter WHERE state IN (?,?) AND due_on < ?", *OPEN, today)
    assert _rows(con, "SELECT id FROM matter WHERE state IN (?,?) AND due_on = ?", *OPEN, today)
    numbers = [n for (n,) in _rows(con, "SELECT number FROM matter ORDER BY accepted_on, id")]
    assert numbers[0] == "XH2026-0001"
    first = _rows(con, "SELECT m.id, e.kind FROM matter m JOIN matter_event e ON e.matter_id=m.id "
                       "ORDER BY m.id, e.at, e.id")  # fmt: skip
    by_matter: dict[int, list[str]] = {}
    for mid, kind in first:
        by_matter.setdefault(mid, []).append(kind)
    assert all(kinds[0] in ("受理", "不予受理") for kinds in by_matter.values())
    assert len(by_matter) == len(numbers)
    closed = _rows(con, "SELECT id, closed_on, return_visit_on FROM matter WHERE state='已销号'")
    assert all(c and r and r <= c <= today for _, c, r in closed)


def test_roster_holiday_and_queue(con: sqlite3.Connection) -> None:
    national = _rows(con, "SELECT status, reason FROM duty_day WHERE date='2026-10-06'")
    assert national and all(s == "取消" and "国庆" in r for s, r in national)
    signed = _rows(con, "SELECT count(*) FROM duty_assignment a JOIN duty_day d ON d.id=a.duty_day_id "
                        "WHERE d.date < ? AND a.signed_in_at IS NOT NULL", TODAY.isoformat())  # fmt: skip
    assert signed[0][0] > 0
    late = _rows(con, "SELECT id FROM visit WHERE arrived_at > ?", NOW.isoformat(" "))
    assert not late
    assert not _rows(con, "SELECT id FROM duty_day WHERE strftime('%w', date) != '2'")


def test_contacts_operators_and_audit(con: sqlite3.Connection) -> None:
    liaison = {h for (h,) in _rows(con, "SELECT id FROM household WHERE liaison_id IS NOT NULL")}
    last_month = {h for (h,) in _rows(con, "SELECT household_id FROM contact WHERE date BETWEEN "
                                           "'2026-10-01' AND '2026-10-31'")}  # fmt: skip
    assert len(last_month & liaison) >= 0.8 * len(liaison)
    ops = dict(_rows(con, "SELECT username, role FROM operator"))
    assert ops == {"admin": "管理员", "clerk": "录入员", "official": "驻村干部", "leader": "领导"}
    for (stored,) in _rows(con, "SELECT password_hash FROM operator"):
        assert verify_password(demo.DEMO_PASSWORD, stored)
    assert _rows(con, "SELECT official_id FROM operator WHERE username='official'")[0][0]
    notes = [n for (n,) in _rows(con, "SELECT note FROM audit_log")]
    assert any("民情档案" in n for n in notes) and any("代办事项" in n for n in notes)
    assert _rows(con, "SELECT value FROM setting WHERE key='current_town'") == [("1",)]


@pytest.mark.sqlite_only
def test_database_is_sound_after_the_fast_build(
    tiny: tuple[Path, demo.DemoStats], con: sqlite3.Connection, ctx
) -> None:  # type: ignore[no-untyped-def]
    assert _rows(con, "PRAGMA integrity_check") == [("ok",)]
    assert not _rows(con, "PRAGMA foreign_key_check")
    assert _rows(con, "PRAGMA journal_mode") == [("wal",)]
    index_sql = "SELECT name, sql FROM sqlite_master WHERE type='index' ORDER BY name"
    assert _rows(con, index_sql) == ctx.db.execute_sql(index_sql).fetchall()


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, but the migration runner's timestamps and the
    calendar's cache token (not demo data)."""
    connection = sqlite3.connect(path)
    tables = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    out = {name: connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
           for name in tables if name != "schema_migration"}  # fmt: skip
    out["setting"] = [row for row in out["setting"] if row[0] != "calendar_revision"]
    connection.close()
    return out


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path,
                                                   tiny: tuple[Path, demo.DemoStats]) -> None:  # fmt: skip
    again, stats = _build(tmp_path, "again.db", seed=1)
    assert stats.seconds < 2.0  # the tiny scale stays fast enough for tests
    other, _ = _build(tmp_path, "other.db", seed=2)
    first = _dump(tiny[0])
    assert _dump(again) == first
    assert _dump(other)["resident"] != first["resident"]


def test_refuses_a_database_with_data(tiny: tuple[Path, demo.DemoStats]) -> None:
    before = tiny[0].stat().st_mtime_ns
    with pytest.raises(ValidationError) as err:
        build_demo(str(tiny[0]), scale="tiny", today=TODAY)
    assert "已有数据" in str(err.value)
    assert tiny[0].stat().st_mtime_ns == before
    with pytest.raises(ValidationError):
        build_demo(str(tiny[0]) + ".x", scale="huge", today=TODAY)


def test_ensure_builds_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(demo.SCALES, "town", demo.SCALES["tiny"])  # keep the test fast
    path = tmp_path / "data" / "demo.db"
    settings = _settings(tmp_path, path)
    ensure_demo_database(settings)
    assert path.exists()
    stamp = path.stat().st_mtime_ns
    ensure_demo_database(replace(settings, clock=Clock(fixed_today=dt.date(2026, 12, 1))))
    assert path.stat().st_mtime_ns == stamp
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM household").fetchone()[0] == 60
    con.close()


def _roster_state(con: sqlite3.Connection) -> dict[tuple, tuple]:
    """(village, date, shift) → the day's fields and who is on duty."""
    days = _rows(con, "SELECT id, village_id, date, shift, hours, place, status, reason, "
                      "moved_from, second_day FROM duty_day")  # fmt: skip
    duty: dict[int, list[tuple]] = {}
    for day, official, role in _rows(
        con, "SELECT duty_day_id, official_id, role FROM duty_assignment"
    ):
        duty.setdefault(day, []).append((official, role))
    return {(v, d, s): (rest, tuple(sorted(duty.get(i, [])))) for i, v, d, s, *rest in days}


def test_demo_roster_is_what_generate_plans(
    tmp_path: Path, tiny: tuple[Path, demo.DemoStats]
) -> None:
    """The demo plans its roster with roster.generate's rule: generating over
    the demo's range rebuilds the untouched days identically and adds none."""
    from deskui.services.context import open_context
    from deskui.services.roster import duty as roster

    path = tmp_path / "copy.db"
    source = sqlite3.connect(tiny[0])
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    before = _roster_state(target)
    cancelled = [k for k, (fields, _) in before.items() if fields[2] == "取消"]
    assert cancelled and all(not before[k][1] for k in cancelled)  # nobody on a cancelled day
    ctx = open_context(_settings(tmp_path, path))
    try:
        first = TODAY - dt.timedelta(weeks=demo.SCALES["tiny"].weeks_back)
        last = TODAY + dt.timedelta(weeks=demo.SCALES["tiny"].weeks_ahead)
        result = roster.generate(ctx, first, last)
    finally:
        ctx.close()
    after = _roster_state(target)
    target.close()
    assert after == before
    assert result.kept > 0 and result.created == result.removed  # rebuilt, not added
    assert result.cancelled == len(cancelled)


def test_postgresql_build_holds_the_same_county_as_sqlite(
    tiny: tuple[Path, demo.DemoStats], con: sqlite3.Connection, db_target: str, db_backend: str
) -> None:
    """On PostgreSQL the rows go through COPY with the indexes dropped
    during the load: the same seed gives the same rows as on SQLite, every
    index is back afterwards, and the id sequences continue past the demo."""
    if db_backend != "postgresql":
        pytest.skip("the PostgreSQL build; the SQLite one is tested above")
    from deskui.services.context import open_context
    from deskui.store.database import close_database, open_database

    empty = open_database(db_target)  # a freshly migrated schema: its indexes
    index_sql = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
    key_sql = (
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1, 2"
    )
    migrated = empty.execute_sql(index_sql).fetchall()
    migrated_keys = empty.execute_sql(key_sql).fetchall()
    assert migrated_keys  # the check below compares something
    close_database(empty)
    stats = build_demo(db_target, scale="tiny", seed=1, today=TODAY, now=NOW)
    assert replace(stats, seconds=0) == replace(tiny[1], seconds=0)
    ctx = open_context(replace(_settings(Path("."), Path(".")), db=db_target))
    try:
        db = ctx.db
        assert db.execute_sql(index_sql).fetchall() == migrated
        assert db.execute_sql(key_sql).fetchall() == migrated_keys
        tables = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table in ("schema_migration", "sqlite_sequence"):
                continue
            (on_pg,) = db.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()
            assert on_pg == _rows(con, f'SELECT count(*) FROM "{table}"')[0][0], table
        for sql in (
            "SELECT id, household_id, name, id_number, phone, relation, note FROM resident",
            "SELECT key, resident_id, household_id, kind, town_id FROM search_key",
            "SELECT id, number, applicant, content, state FROM matter",
        ):
            pg_rows = sorted(db.execute_sql(sql + " ORDER BY 1, 2").fetchall())
            assert pg_rows == sorted(_rows(con, sql)), sql
        dates = "SELECT id, accepted_on, due_on FROM matter ORDER BY id"
        assert [(i, str(a), str(d)) for i, a, d in db.execute_sql(dates)] == [
            (i, str(a), str(d)) for i, a, d in _rows(con, dates)
        ]
        # a row written by hand now takes the next id, not a demo row's
        (top,) = db.execute_sql("SELECT max(id) FROM matter_event").fetchone()
        (nxt,) = db.execute_sql(
            "SELECT nextval(pg_get_serial_sequence('matter_event', 'id'))"
        ).fetchone()
        assert nxt > top
    finally:
        ctx.close()


def test_ensure_on_a_server_builds_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_target: str, db_backend: str
) -> None:
    """On a server the demo is built into an empty database; once it holds a
    town the builder is not even imported (one query decides)."""
    if db_backend != "postgresql":
        pytest.skip("the server case; the file case is tested above")
    monkeypatch.setitem(demo.SCALES, "town", demo.SCALES["tiny"])
    settings = replace(_settings(tmp_path, tmp_path / "unused.db"), db=db_target)
    ensure_demo_database(settings)

    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("the builder ran again")

    monkeypatch.setattr(demo, "build_demo", refuse)
    ensure_demo_database(settings)
    from deskui.store.database import close_database, open_database

    db = open_database(db_target, migrate=False)
    assert db.execute_sql("SELECT count(*) FROM household").fetchone()[0] == 60
    close_database(db)
