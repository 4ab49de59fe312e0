"""``deskui demo``: builds a database, refuses a bad --out in one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from deskui.cli import main


def test_demo_tiny_builds_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo.db"
    assert main(["demo", "--out", str(out), "--scale", "tiny", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    assert "农户" in printed and "60" in printed and "用时" in printed and "123456" in printed
    con = sqlite3.connect(out)
    assert con.execute("SELECT count(*) FROM household").fetchone()[0] == 60
    assert con.execute("SELECT min(accepted_on) FROM matter").fetchone()[0] >= "2026-09-01"
    con.close()


def test_existing_file_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo.db"
    out.write_text("keep me", encoding="utf-8")
    assert main(["demo", "--out", str(out), "--scale", "tiny"]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["demo", "--out", str(out), "--scale", "tiny", "--force"]) == 0
    assert out.read_bytes().startswith(b"SQLite format 3")


def test_missing_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path / "nope" / "demo.db"), "--scale", "tiny"]) == 2
    err = capsys.readouterr().err
    assert "不存在" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "nope").exists()


def test_folder_as_out_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path), "--scale", "tiny"]) == 2
    assert "文件夹" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--out", "x.db", "--scale", "huge"],
        ["demo", "--out", "x.db", "--seed", "abc"],
        ["demo", "--scale", "tiny"],
    ],
)
def test_bad_arguments_give_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "用法" in capsys.readouterr().err


def test_db_is_another_name_for_out(tmp_path: Path) -> None:
    """``deskui demo --scale county --db postgresql://…`` as the issue writes it."""
    out = tmp_path / "a.db"
    assert main(["demo", "--scale", "tiny", "--db", str(out)]) == 0
    con = sqlite3.connect(out)
    assert con.execute("SELECT count(*) FROM household").fetchone()[0] == 60
    con.close()
