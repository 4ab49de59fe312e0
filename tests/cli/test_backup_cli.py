"""``deskui backup [--out FILE] [--list]`` and ``deskui restore FILE [--yes]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import flat, signed_in


@pytest.fixture
def run(run, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The CLI on a database with one admin, signed in as that admin."""
    code, _, _ = run(
        "user", "add", "admin", "--name", "王管理", "--role", "管理员", "--password-stdin",
        stdin="admin123\n",
    )  # fmt: skip
    assert code == 0
    return signed_in(run, "admin", "admin123", monkeypatch)


def _usernames(run) -> list[str]:  # type: ignore[no-untyped-def]
    code, out, _ = run("user", "list", "--all", "--json")
    assert code == 0
    return [u["username"] for u in json.loads(out)]


def _add_clerk(run, name: str = "lu") -> None:  # type: ignore[no-untyped-def]
    code, _, _ = run(
        "user", "add", name, "--name", "甲", "--role", "录入员", "--password-stdin", stdin="1234\n"
    )
    assert code == 0


def test_backup_then_restore_brings_the_data_back(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("backup")
    assert code == 0
    path = Path(flat(out).removeprefix("已备份到"))
    assert path.name == "deskui-20261124-093000.db" and path.is_file()

    _add_clerk(run)
    assert _usernames(run) == ["admin", "lu"]

    monkeypatch.setattr("builtins.input", lambda prompt="": pytest.fail("asked despite --yes"))
    code, out, _ = run("restore", str(path), "--yes")
    assert code == 0
    assert f"已从{path}恢复数据库" in flat(out)
    assert "恢复前的数据库已另存为" in flat(out) and "before-restore-20261124-093000.db" in flat(
        out
    )
    assert _usernames(run) == ["admin"]


def test_restore_asks_first(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("backup")
    path = flat(out).removeprefix("已备份到")
    _add_clerk(run)
    prompts: list[str] = []
    answers = iter(["n", "是"])
    monkeypatch.setattr("builtins.input", lambda prompt="": prompts.append(prompt) or next(answers))
    code, out, _ = run("restore", path)
    assert code == 1 and flat(out) == "已取消，数据库未改动"
    assert "覆盖当前数据库" in prompts[0]
    assert _usernames(run) == ["admin", "lu"]
    code, out, _ = run("restore", path)
    assert code == 0 and _usernames(run) == ["admin"]


def test_restore_without_an_answer_cancels(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def eof(prompt: str = "") -> str:
        raise EOFError

    _, out, _ = run("backup")
    monkeypatch.setattr("builtins.input", eof)
    code, out, _ = run("restore", flat(out).removeprefix("已备份到"))
    assert code == 1


def test_restore_refuses_a_bad_file_with_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "名单.txt"
    bad.write_text("张三,李四\n", encoding="utf-8")
    code, _, err = run("restore", str(bad), "--yes")
    assert code == 2 and flat(err) == f"错误：{bad}不是数据库文件，无法恢复"
    assert "Traceback" not in err


def test_backup_to_a_file_and_list(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "U盘" / "县河镇备份.db"
    code, out, _ = run("backup", "--out", str(out_file))
    assert code == 0 and out_file.is_file()
    code, out, _ = run("backup", "--list")
    assert code == 0 and "还没有备份" in flat(out)
    run("backup")
    code, out, _ = run("backup", "--list", "--json")
    rows = json.loads(out)
    assert [(r["name"], r["kind"], r["taken_at"]) for r in rows] == [
        ("deskui-20261124-093000.db", "备份", "2026-11-24T09:30:00")
    ]
    code, out, _ = run("backup", "--list")
    assert "deskui-20261124-093000.db" in out


def test_backup_needs_an_admin(run) -> None:  # type: ignore[no-untyped-def]
    _add_clerk(run)
    code, _, err = run("--operator", "lu", "--password-stdin", "backup", stdin="1234\n")
    assert code == 2 and flat(err) == "错误：当前操作员角色（录入员）无权进行系统管理"


def test_restore_needs_the_administrators_password(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("builtins.input", lambda prompt="": pytest.fail("asked"))
    _, out, _ = run("backup")
    path = flat(out).removeprefix("已备份到")
    _add_clerk(run)
    for argv, stdin in (
        (("restore", path, "--yes"), ""),  # no operator: never taken for the admin
        (("--operator", "admin", "restore", path, "--yes"), ""),  # no password
        (("--operator", "admin", "--password-stdin", "restore", path, "--yes"), "wrong1\n"),
    ):
        with monkeypatch.context() as m:
            m.delenv("DESKUI_PASSWORD", raising=False)
            code, _, err = run.raw(*argv, stdin=stdin)
        assert code == 2 and "Traceback" not in err, argv
    assert _usernames(run) == ["admin", "lu"]
