"""Settings: environment, config file validation, the frozen clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from deskui.config import Clock, ConfigError, load_settings, redact_url


def test_defaults_live_in_the_data_dir(tmp_path: Path) -> None:
    s = load_settings()
    assert s.db == str(tmp_path / "data" / "deskui.db")
    assert s.backup_dir == tmp_path / "data" / "backups"


def test_demo_uses_its_own_file(tmp_path: Path) -> None:
    assert load_settings(demo=True).db == str(tmp_path / "data" / "demo.db")


def test_env_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = tmp_path / "config"
    conf.mkdir()
    (conf / "settings.toml").write_text('db = "/srv/file.db"\nbackup_keep = 3\n', encoding="utf-8")
    assert load_settings().db == "/srv/file.db"
    monkeypatch.setenv("DESKUI_DB", "postgresql://desk@server/town")
    s = load_settings()
    assert s.db == "postgresql://desk@server/town"
    assert s.backup_keep == 3
    assert load_settings("/explicit.db").db == "/explicit.db"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('colour = "red"\n', "colour"),
        ('backup_keep = "ten"\n', "backup_keep"),
        ("db = [1, 2\n", "无法读取"),
        ("db_pool = 1\n", "db_pool = 1"),
        ("db_pool = 500\n", "db_pool = 500"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, needle: str) -> None:
    conf = tmp_path / "config"
    conf.mkdir()
    (conf / "settings.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=needle):
        load_settings()


def test_frozen_today_and_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKUI_TODAY", "2026-09-30")
    monkeypatch.delenv("DESKUI_NOW")
    clock = load_settings().clock
    assert clock.today() == dt.date(2026, 9, 30)
    assert clock.now().date() == dt.date(2026, 9, 30)


def test_bad_today_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKUI_TODAY", "2026-02-30")
    with pytest.raises(ConfigError, match="DESKUI_TODAY"):
        load_settings()


def test_clock_now_wins_over_today() -> None:
    clock = Clock(fixed_today=dt.date(2026, 1, 1), fixed_now=dt.datetime(2026, 11, 24, 9, 30))
    assert clock.today() == dt.date(2026, 11, 24)


def test_redact_url() -> None:
    assert redact_url("postgresql://desk:pw@host:5432/db") == "postgresql://desk:***@host:5432/db"
    assert redact_url("/home/x/deskui.db") == "/home/x/deskui.db"


def test_catalogue_has_no_missing_english_fallback() -> None:
    from deskui.i18n import catalogue, set_language, t

    zh = catalogue("zh_CN")
    en = catalogue("en")
    assert set(en) <= set(zh), "English keys must exist in Chinese"
    set_language("en")
    try:
        assert t("app.title") == "Village Service Day Desk"
        assert t("check.ok") == zh["check.ok"]  # falls back to Chinese
    finally:
        set_language("zh_CN")


def test_the_server_pool_size_is_a_setting(tmp_path: Path) -> None:
    """``db_pool``: the connections one desk keeps to a PostgreSQL server
    (default 4: the UI thread and three workers at once)."""
    from deskui.store.database import make_database

    assert load_settings().db_pool == 4
    conf = tmp_path / "config"
    conf.mkdir()
    (conf / "settings.toml").write_text("db_pool = 3\n", encoding="utf-8")
    settings = load_settings()
    assert settings.db_pool == 3
    db = make_database("postgresql://desk@server/town", pool=settings.db_pool)
    assert db._max_connections == 3  # type: ignore[attr-defined]
