"""``deskui user add | list | disable | enable | passwd``."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import flat


@pytest.fixture
def no_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(prompt: str = "") -> str:
        raise AssertionError(f"unexpected prompt {prompt!r}")

    monkeypatch.setattr("getpass.getpass", refuse)


@pytest.fixture
def with_admin(run):  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "user",
        "add",
        "admin",
        "--name",
        "王管理",
        "--role",
        "管理员",
        "--password-stdin",
        stdin="admin123\n",
    )
    assert code == 0 and flat(out) == "已添加操作员admin（王管理，管理员）"
    return run


def _users(run, *extra: str) -> list[dict]:  # type: ignore[no-untyped-def]
    code, out, _ = run(*extra, "user", "list", "--all", "--json")
    assert code == 0
    return json.loads(out)


def test_add_prompts_twice_with_getpass(with_admin, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter(["1234", "1234"])
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda p="": prompts.append(p) or next(answers))
    code, out, _ = with_admin("user", "add", "lu", "--name", "录入员甲", "--role", "录入员")
    assert code == 0 and "已添加操作员 lu" in out
    assert prompts == ["密码：", "再输入一次："]
    users = _users(with_admin)
    assert [(u["username"], u["role"], u["active"]) for u in users] == [
        ("admin", "管理员", True),
        ("lu", "录入员", True),
    ]
    assert users[0]["last_login"] is None and users[0]["official_name"] is None


def test_add_refuses_mismatched_passwords(with_admin, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter(["1234", "4321"])
    monkeypatch.setattr("getpass.getpass", lambda p="": next(answers))
    code, _, err = with_admin("user", "add", "lu", "--name", "录入员甲", "--role", "录入员")
    assert code == 2 and flat(err) == "错误：两次输入的密码不一致"
    assert len(_users(with_admin)) == 1


def test_bad_role_or_name_is_refused_before_any_prompt(with_admin, no_prompt) -> None:  # type: ignore[no-untyped-def]
    code, _, err = with_admin("user", "add", "lu", "--name", "甲", "--role", "主任")
    assert code == 2
    assert flat(err) == "错误：角色“主任”无效，可选：录入员、驻村干部、领导、管理员"
    code, _, err = with_admin("user", "add", "a b", "--name", "甲", "--role", "录入员")
    assert code == 2 and "用户名应为2到30个字符" in flat(err)


def test_first_operator_must_be_an_admin(run, no_prompt) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(
        "user", "add", "lu", "--name", "甲", "--role", "录入员", "--password-stdin", stdin="1234\n"
    )
    assert code == 2 and flat(err) == "错误：第一个操作员必须是管理员"
    code, out, err = run("user", "list")
    assert code == 0 and "还没有操作员" in out


def test_a_clerk_cannot_manage_operators(with_admin, no_prompt) -> None:  # type: ignore[no-untyped-def]
    with_admin(
        "user", "add", "lu", "--name", "甲", "--role", "录入员", "--password-stdin", stdin="1234\n"
    )
    denied = "错误：当前操作员角色（录入员）无权进行系统管理"
    code, _, err = with_admin(
        "--operator",
        "lu",
        "user",
        "add",
        "lu2",
        "--name",
        "乙",
        "--role",
        "录入员",
        "--password-stdin",
        stdin="1234\n",
    )
    assert code == 2 and flat(err) == denied
    code, _, err = with_admin("--operator", "lu", "user", "disable", "admin")
    assert code == 2 and flat(err) == denied
    code, _, err = with_admin(
        "--operator", "lu", "user", "passwd", "admin", "--password-stdin", stdin="x\n"
    )
    assert code == 2 and flat(err) == denied


def test_disable_enable_and_the_last_admin(with_admin) -> None:  # type: ignore[no-untyped-def]
    with_admin(
        "user", "add", "lu", "--name", "甲", "--role", "录入员", "--password-stdin", stdin="1234\n"
    )
    code, out, _ = with_admin("user", "disable", "lu")
    assert code == 0 and flat(out) == "已停用操作员lu"
    code, out, _ = with_admin("user", "list")
    assert "admin" in out and "lu" not in out.replace("最近登录", "")
    code, out, _ = with_admin("user", "list", "--all")
    assert "已停用" in out
    code, _, err = with_admin("user", "disable", "admin")
    assert code == 2 and "不能停用最后一个管理员" in flat(err)
    code, _, err = with_admin("--operator", "lu", "user", "list")
    assert code == 2 and flat(err) == "错误：操作员“lu”已停用"
    code, out, _ = with_admin("user", "enable", "lu")
    assert code == 0 and [u["active"] for u in _users(with_admin)] == [True, True]


def test_the_cli_asks_which_operator_when_there_are_two_admins(with_admin) -> None:  # type: ignore[no-untyped-def]
    with_admin(
        "user",
        "add",
        "zhang",
        "--name",
        "张管理",
        "--role",
        "管理员",
        "--password-stdin",
        stdin="123456\n",
    )
    code, _, err = with_admin("user", "list")
    assert code == 2
    assert flat(err) == "错误：请用--operator指定操作员（可选：admin、zhang）"
    assert len(_users(with_admin, "--operator", "zhang")) == 2


def test_passwd_by_admin_and_by_oneself(with_admin, no_prompt) -> None:  # type: ignore[no-untyped-def]
    from deskui.config import load_settings
    from deskui.services.context import open_context
    from deskui.services.town.auth import sign_in

    with_admin(
        "user", "add", "lu", "--name", "甲", "--role", "录入员", "--password-stdin", stdin="1234\n"
    )
    code, out, _ = with_admin("user", "passwd", "lu", "--password-stdin", stdin="5678\n")
    assert code == 0 and flat(out) == "已修改lu的密码"
    code, _, err = with_admin(
        "--operator", "lu", "user", "passwd", "lu", "--password-stdin", stdin="0000\n9999\n"
    )
    assert code == 2 and flat(err) == "错误：原密码不正确"
    code, _, err = with_admin(
        "--operator", "lu", "user", "passwd", "lu", "--password-stdin", stdin="5678\n"
    )
    assert code == 2 and flat(err) == "错误：标准输入中没有读到密码"
    code, _, _ = with_admin(
        "--operator", "lu", "user", "passwd", "lu", "--password-stdin", stdin="5678\n9999\n"
    )
    assert code == 0

    ctx = open_context(load_settings(with_admin.db))
    try:
        assert sign_in(ctx, "lu", "9999").username == "lu"
    finally:
        ctx.close()
