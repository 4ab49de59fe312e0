"""Shared fixtures: an isolated data dir, a frozen clock, a database.

Store and service tests take ``ctx`` (an empty, migrated database) or
``town_ctx`` (a small town). They run on SQLite by default; with
``DESKUI_TEST_PG=postgresql://user@host/dbname`` (or ``--pg URL``) the
tests marked ``pg`` — and every test using ``db_target`` — run on that
PostgreSQL database too, its public schema wiped before each test.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tuesday 2026-11-24 09:30: a service day in the demo town.
FROZEN_NOW = dt.datetime(2026, 11, 24, 9, 30)
FROZEN_TODAY = FROZEN_NOW.date()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pg",
        default=os.environ.get("DESKUI_TEST_PG", ""),
        help="PostgreSQL URL to run the store and service tests against as well",
    )


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DESKUI_CONFIG_DIR", str(tmp_path / "config"))
    # the export folder falls back to the home folder: a test that exports
    # without choosing a folder must not leave workbooks in the real one
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("DESKUI_TODAY", FROZEN_TODAY.isoformat())
    monkeypatch.setenv("DESKUI_NOW", FROZEN_NOW.isoformat(sep=" "))
    monkeypatch.delenv("DESKUI_DB", raising=False)
    monkeypatch.delenv("DESKUI_LANG", raising=False)
    monkeypatch.delenv("DESKUI_PASSPHRASE", raising=False)
    from deskui.store import cipher

    monkeypatch.setattr(cipher, "_keys", {})  # passphrases this process was told


def _backends(config: pytest.Config) -> list[str]:
    return ["sqlite", "postgresql"] if config.getoption("--pg") else ["sqlite"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames:
        backends = _backends(metafunc.config)
        if metafunc.definition.get_closest_marker("sqlite_only"):
            backends = ["sqlite"]
        metafunc.parametrize("db_backend", backends)


def _wipe_pg(url: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url.replace("postgresql://", "postgres://", 1))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    conn.close()


@pytest.fixture
def db_target(request: pytest.FixtureRequest, tmp_path: Path, db_backend: str) -> str:
    """A fresh, empty database: a SQLite path, or the PostgreSQL URL wiped."""
    if db_backend == "postgresql":
        url = request.config.getoption("--pg")
        _wipe_pg(url)
        return url
    return str(tmp_path / "desk.db")


@pytest.fixture
def settings(db_target: str):  # type: ignore[no-untyped-def]
    from deskui.config import Clock, load_settings

    base = load_settings(db_target)
    from dataclasses import replace

    return replace(base, clock=Clock(fixed_now=FROZEN_NOW))


@pytest.fixture
def ctx(settings) -> Iterator:  # type: ignore[no-untyped-def]
    """A service context on an empty, migrated database, acting as SYSTEM."""
    from deskui.services.context import open_context

    context = open_context(settings)
    yield context
    context.close()


SAMPLE_VILLAGES = [("桃园村", 6), ("李家湾村", 4), ("石门村", 5)]


@pytest.fixture
def town_ctx(ctx):  # type: ignore[no-untyped-def]
    """A small town (县河镇, three villages) with its calendar seeded."""
    from deskui.services.town.towns import setup_town

    setup_town(ctx, "县河镇", SAMPLE_VILLAGES, code="XH", county="汉滨区")
    return ctx


@pytest.fixture(scope="session")
def town_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The town demo (``deskui demo --scale town``, seed 1, today frozen),
    built once a session; never write to it: copy it (:func:`town_demo`)."""
    from deskui.services.demo.build import build_demo

    path = Path(tmp_path_factory.mktemp("town-demo")) / "town.db"
    build_demo(str(path), scale="town", seed=1, today=FROZEN_TODAY, now=FROZEN_NOW)
    return path


@pytest.fixture
def town_demo(town_demo_file: Path, tmp_path: Path) -> Path:
    """A fresh copy of the town demo database for one test."""
    import shutil

    target = tmp_path / "town.db"
    shutil.copyfile(town_demo_file, target)
    return target


@pytest.fixture
def town_demo_ctx(town_demo: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """A service context on a copy of the town demo, as its administrator."""
    from dataclasses import replace

    from deskui.config import Clock, load_settings
    from deskui.services.context import open_context

    context = open_context(
        replace(load_settings(str(town_demo)), clock=Clock(fixed_now=FROZEN_NOW))
    )
    yield context
    context.close()
