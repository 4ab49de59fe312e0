"""The CLI frame: Chinese help, global --db, one-line errors with exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskui.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "deskui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_help_is_chinese() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "用法" in result.stdout
    assert "子命令" in result.stdout
    assert "--db" in result.stdout and "DESKUI_TODAY" in result.stdout


def test_check_on_a_fresh_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "new.db"), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_not_a_database(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n" * 100)
    result = run_cli("--db", str(notes), "check")
    assert result.returncode == 2
    assert "不是 deskui 数据库文件" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_url_exits_2_without_password(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "postgresql://desk:secret@127.0.0.1:1/x", "check"]) == 2
    err = capsys.readouterr().err
    assert "无法连接数据库" in err and "secret" not in err


def test_env_database_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env.db"
    monkeypatch.setenv("DESKUI_DB", str(target))
    assert main(["check"]) == 0
    assert target.exists()


def test_bad_today_is_one_line(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "a.db"), "check", env={"DESKUI_TODAY": "2026-02-30"})
    assert result.returncode == 2
    assert "DESKUI_TODAY" in result.stderr and "Traceback" not in result.stderr


def test_unknown_subcommand_is_a_usage_message() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "用法" in result.stderr
