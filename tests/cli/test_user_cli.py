"""``deskui user add | list | disable | enable | passwd``."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import flat, signed_in


@pytest.fixture
def no_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(prompt: str = "") -> str:
        raise AssertionError(f"unexpected prompt {prompt!r}")

    monkeypatch.setattr("getpass.getpass", refuse)


@pytest.fixture
def with_admin(run, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A database with one admin (``admin``, password ``admin123``); the
    runner signs in as admin unless a command names its own ``--operator``."""
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
    return signed_in(run, "admin", "admin123", monkeypatch)


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
    lu = ("--operator", "lu", "--password-stdin")  # her password on the first line
    code, _, err = with_admin(
        *lu, "user", "add", "lu2", "--name", "乙", "--role", "录入员", "--password-stdin",
        stdin="1234\n1234\n",
    )  # fmt: skip
    assert code == 2 and flat(err) == denied
    code, _, err = with_admin(*lu, "user", "disable", "admin", stdin="1234\n")
    assert code == 2 and flat(err) == denied
    code, _, err = with_admin(*lu, "user", "passwd", "admin", "--password-stdin", stdin="1234\nx\n")
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
    code, _, err = with_admin("--operator", "lu", "--password-stdin", "user", "list",
                              stdin="1234\n")  # fmt: skip
    assert code == 2 and flat(err) == "错误：用户名或密码不正确，或该操作员已停用"
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
    code, _, err = with_admin.raw("user", "disable", "zhang")
    assert code == 2
    assert flat(err) == "错误：请用--operator指定操作员并输入其密码（可选：admin、zhang）"
    assert len(_users(with_admin.raw)) == 2  # the list the sign-in screen shows: no sign-in
    code, out, _ = with_admin.raw("check")  # it only reads: no operator needed
    assert code == 0 and "项检查通过" in flat(out)


def test_passwd_by_admin_and_by_oneself(with_admin, no_prompt) -> None:  # type: ignore[no-untyped-def]
    from deskui.config import load_settings
    from deskui.services.context import open_context
    from deskui.services.town.auth import sign_in

    with_admin(
        "user", "add", "lu", "--name", "甲", "--role", "录入员", "--password-stdin", stdin="1234\n"
    )
    code, out, _ = with_admin("user", "passwd", "lu", "--password-stdin", stdin="5678\n")
    assert code == 0 and flat(out) == "已修改lu的密码"
    lu = ("--operator", "lu", "--password-stdin", "user", "passwd", "lu", "--password-stdin")
    code, _, err = with_admin(*lu, stdin="5678\n0000\n9999\n")
    assert code == 2 and flat(err) == "错误：原密码不正确"
    code, _, err = with_admin(*lu, stdin="5678\n5678\n")
    assert code == 2 and flat(err) == "错误：标准输入中没有读到密码"
    code, _, _ = with_admin(*lu, stdin="5678\n5678\n9999\n")
    assert code == 0

    ctx = open_context(load_settings(with_admin.db))
    try:
        assert sign_in(ctx, "lu", "9999").username == "lu"
    finally:
        ctx.close()


def _audit(db: str) -> list[tuple[str, str, str]]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        rows = con.execute('SELECT operator_name, action, "table" FROM audit_log ORDER BY id')
        return [tuple(r) for r in rows]
    finally:
        con.close()


def test_acting_is_signing_in(with_admin, monkeypatch: pytest.MonkeyPatch, no_prompt) -> None:  # type: ignore[no-untyped-def]
    """``user add intruder --role 管理员`` from the shell: with no operator,
    with no password and with a wrong one it is refused, nothing is added,
    and nothing is recorded as the administrator."""
    raw = with_admin.raw
    before = _audit(with_admin.db)
    intruder = ("user", "add", "intruder", "--name", "入侵者", "--role", "管理员",
                "--password-stdin")  # fmt: skip
    code, _, err = raw(*intruder, stdin="abc123\n")  # no operator: not the only admin
    assert code == 2 and "请用--operator指定操作员并输入其密码" in flat(err)
    code, _, err = raw("--operator", "admin", *intruder, stdin="abc123\n")  # no password
    assert code == 2
    assert flat(err) == (
        "错误：需要操作员admin的密码：请在终端中运行以输入，或用--password-stdin或环境变量"
        "DESKUI_PASSWORD提供"
    )
    code, _, err = raw("--operator", "admin", "--password-stdin", *intruder,
                       stdin="guess1\nabc123\n")  # fmt: skip
    assert code == 2 and flat(err) == "错误：用户名或密码不正确，或该操作员已停用"
    monkeypatch.setenv("DESKUI_PASSWORD", "admin12")
    code, _, err = raw("--operator", "admin", *intruder, stdin="abc123\n")
    assert code == 2 and "用户名或密码不正确" in err
    assert [u["username"] for u in _users(raw)] == ["admin"]
    added = _audit(with_admin.db)[len(before) :]
    assert added == [("admin", "登录失败", "operator")] * 2  # the attempts, as attempts
    # with the password the same command works, recorded as the admin
    code, _, _ = raw("--operator", "admin", "--password-stdin", *intruder,
                     stdin="admin123\nabc123\n")  # fmt: skip
    assert code == 0
    assert _audit(with_admin.db)[-1] == ("admin", "新增", "operator")


def test_the_password_is_asked_for_at_a_terminal(
    with_admin, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    import deskui.cli as cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda p="": prompts.append(p) or "admin123")
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    assert cli.main(["--db", with_admin.db, "--operator", "admin", "user", "disable", "admin"]) == 2
    assert prompts == ["操作员 admin 的密码："]  # signed in; the last admin stays


def test_an_os_account_mapped_by_an_admin_acts_without_a_password(  # type: ignore[no-untyped-def]
    with_admin, monkeypatch: pytest.MonkeyPatch, no_prompt
) -> None:
    from deskui.services.town import auth

    with_admin(
        "user", "add", "lu", "--name", "甲", "--role", "录入员", "--password-stdin", stdin="1234\n"
    )
    code, out, _ = with_admin("user", "os-user", "lu", "--os-name", "xiaolu")
    assert code == 0 and flat(out) == "系统账户xiaolu在命令行中记为操作员lu，不再询问密码"
    code, out, _ = with_admin("user", "os-user")
    assert code == 0 and "xiaolu" in out and "lu" in out
    raw = with_admin.raw
    monkeypatch.setattr(auth, "os_user", lambda: "xiaolu")
    code, _, err = raw("user", "disable", "admin")  # acts as lu, a clerk
    assert code == 2 and flat(err) == "错误：当前操作员角色（录入员）无权进行系统管理"
    code, _, err = raw("--operator", "admin", "user", "disable", "lu")  # admin still signs in
    assert code == 2 and "需要操作员admin的密码" in flat(err)
    code, _, err = raw("--operator", "lu", "user", "os-user", "lu", "--os-name", "other")
    assert code == 2 and "无权" in err  # a clerk maps nobody
    monkeypatch.setattr(auth, "os_user", lambda: "someone-else")
    code, _, err = raw("user", "disable", "admin")
    assert code == 2 and "请用--operator指定操作员" in flat(err)
    code, out, _ = with_admin("user", "os-user", "--remove", "--os-name", "xiaolu")
    assert code == 0 and "已取消" in out
    assert ("admin", "修改", "setting") in _audit(with_admin.db)
