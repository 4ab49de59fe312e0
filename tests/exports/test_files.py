"""One export folder, one file-name style, and the commands that open and
print an export (built, never launched here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from deskui.cli import main
from deskui.config import remember_export_dir
from deskui.exports import files


def test_one_name_style() -> None:
    assert files.file_name("ledger", "县河镇", files.month_text(2026, 11)) == (
        "销号台账_县河镇_202611.xlsx"
    )
    day = files.day_text(dt.date(2026, 11, 24))
    assert files.file_name("cards", "县河镇", day, "桃园村") == "受理卡_县河镇_20261124_桃园村.xlsx"
    # what a file name cannot hold is dropped; an empty part leaves no "__"
    assert files.file_name("blocks", "", day, 'a/b:c*"村"') == "一户一档_20261124_abc村.xlsx"


def test_open_and_print_commands() -> None:
    path = Path("/tmp/x/销号台账_县河镇_202611.xlsx")
    assert files.open_command(path, "linux") == ["xdg-open", str(path)]
    assert files.open_command(path, "darwin") == ["open", str(path)]
    assert files.open_command(path, "win32") == [files.STARTFILE, str(path)]
    assert files.print_command(path, "/opt/lo/soffice") == [
        "/opt/lo/soffice", "--headless", "-p", str(path),
    ]  # fmt: skip


def test_print_needs_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files.shutil, "which", lambda name: None)
    assert files.print_command(Path("a.xlsx")) is None


def test_a_program_that_cannot_start_is_one_line() -> None:
    with pytest.raises(OSError, match="无法启动 /nonexistent/viewer"):
        files.launch(["/nonexistent/viewer", "a.xlsx"])


def test_the_one_export_folder(tmp_path: Path) -> None:
    home = tmp_path / "conf"
    settings = SimpleNamespace(config_dir=home, export_dir=None)
    assert files.export_folder(settings) == Path.home()
    settings.export_dir = tmp_path / "set"
    assert files.export_folder(settings) == tmp_path / "set"
    remember_export_dir(tmp_path / "dialog", home)  # the desk's dialog remembers its folder
    assert files.export_folder(settings) == tmp_path / "dialog"


@pytest.mark.sqlite_only
def test_cli_writes_in_the_export_folder_then_opens(
    town_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.test_figures import build_month

    build_month(town_ctx)
    launched: list[list[str]] = []
    monkeypatch.setattr(files, "launch", launched.append)
    monkeypatch.setattr(files, "soffice", lambda: "/usr/bin/soffice")
    folder = tmp_path / "exports"
    folder.mkdir()
    remember_export_dir(folder, town_ctx.settings.config_dir)
    db = ["--db", town_ctx.settings.db]
    assert main([*db, "export", "ledger", "--month", "2026-11", "--open", "--print"]) == 0
    path = folder / "销号台账_县河镇_202611.xlsx"
    assert path.exists()
    assert launched == [
        files.open_command(path),
        ["/usr/bin/soffice", "--headless", "-p", str(path)],
    ]
    launched.clear()
    assert main([*db, "export", "roster", "--month", "2026-11"]) == 0  # no --open: nothing
    assert launched == [] and (folder / "值班表_县河镇_202611.xlsx").exists()
