"""Operators, permissions, signing in and the CLI's acting operator."""

from __future__ import annotations

import json

import pytest

from deskui.domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Perm, Role
from deskui.services import audit
from deskui.services.context import NOBODY, SYSTEM, Actor
from deskui.services.town.auth import (
    Credentials,
    actor_for,
    add_operator,
    cli_actor,
    demo_actor,
    disable_operator,
    enable_operator,
    list_operators,
    map_os_user,
    os_user,
    os_user_map,
    set_password,
    sign_in,
)
from deskui.store.models import AuditLog, Official, Operator, Town
from tests.conftest import FROZEN_NOW

CLERK = Actor(id=None, username="clerk", display_name="录入员甲", role=Role.CLERK)
ADMIN_DENIED = "当前操作员角色（录入员）无权进行系统管理"


@pytest.fixture
def admin_ctx(ctx):  # type: ignore[no-untyped-def]
    add_operator(ctx, "admin", "王管理", Role.ADMIN, "admin123")
    return ctx.as_actor(actor_for(ctx, "admin"))


def _with_official(ctx, name: str = "李明") -> None:  # type: ignore[no-untyped-def]
    def work() -> None:
        town = audit.create(ctx, Town, name="县河镇", code="XH")
        audit.create(ctx, Official, town=town, name=name)
        ctx.town_id = town.id

    ctx.write(work)


def _audit_rows(action: str) -> list[AuditLog]:
    return list(AuditLog.select().where(AuditLog.action == action).order_by(AuditLog.id))


# --- the first operator -----------------------------------------------------


def test_first_operator_is_added_by_the_bootstrap_system_and_must_be_admin(ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="第一个操作员必须是管理员"):
        add_operator(ctx, "lu", "录入员", "录入员", "1234")
    row = add_operator(ctx, "admin", "王管理", "管理员", "1234")
    assert (row.username, row.display_name, row.role, row.active) == (
        "admin",
        "王管理",
        Role.ADMIN,
        True,
    )
    assert row.last_login is None and row.official_name is None


def test_the_password_is_hashed_and_masked_in_the_audit_log(ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(ctx, "admin", "王管理", Role.ADMIN, "secret-pass")
    op = Operator.get(Operator.username == "admin")
    assert op.password_hash.startswith("scrypt$") and "secret-pass" not in op.password_hash
    (created,) = _audit_rows("新增")
    assert created.table == "operator" and created.operator_name == "system"
    changes = json.loads(created.changes)
    assert changes["password_hash"] == ["", "******"]
    assert changes["username"] == [None, "admin"]
    assert "scrypt" not in created.changes


def test_after_the_first_only_an_admin_adds_operators(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    clerk_ctx = admin_ctx.as_actor(CLERK)
    with pytest.raises(PermissionDenied) as info:
        add_operator(clerk_ctx, "lu2", "录入员乙", Role.CLERK, "1234")
    assert str(info.value) == ADMIN_DENIED
    row = add_operator(admin_ctx, "lu2", "录入员乙", Role.CLERK, "1234")
    assert row.role is Role.CLERK
    assert AuditLog.select().where(AuditLog.operator_name == "admin").count() == 1


@pytest.mark.parametrize("name", ["ab", "张三", "zhang.san-1", "Li_Ming", "a" * 30])
def test_usernames_accepted(admin_ctx, name: str) -> None:  # type: ignore[no-untyped-def]
    assert add_operator(admin_ctx, name, "某人", Role.CLERK, "1234").username == name


@pytest.mark.parametrize("name", ["a", "a" * 31, "bad name", "semi;colon", "王\u202e五", ""])
def test_bad_usernames_refused(admin_ctx, name: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        add_operator(admin_ctx, name, "某人", Role.CLERK, "1234")
    assert info.value.field == "username"


def test_duplicate_usernames_refused_ignoring_case(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    for name in ("admin", "Admin", " ADMIN "):
        with pytest.raises(ValidationError, match="已被使用"):
            add_operator(admin_ctx, name, "某人", Role.CLERK, "1234")
    assert Operator.select().count() == 1


def test_bad_role_lists_the_four_roles(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        add_operator(admin_ctx, "lu", "录入员", "主任", "1234")
    assert str(info.value) == "角色“主任”无效，可选：录入员、驻村干部、领导、管理员"
    assert add_operator(admin_ctx, "lu", "录入员", "clerk", "1234").role is Role.CLERK


def test_password_rules_and_display_name_checked(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="至少 4 位"):
        add_operator(admin_ctx, "lu", "录入员", Role.CLERK, "12")
    with pytest.raises(ValidationError) as info:
        add_operator(admin_ctx, "lu", "  ", Role.CLERK, "1234")
    assert info.value.field == "display_name"
    assert Operator.select().count() == 1


def test_operator_linked_to_an_official(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    _with_official(admin_ctx)
    row = add_operator(admin_ctx, "liming", "李明", Role.OFFICIAL, "1234", official="李明")
    assert row.official_name == "李明"
    assert actor_for(admin_ctx, "liming").official_id is not None
    with pytest.raises(NotFound, match="没有名为“赵六”的干部"):
        add_operator(admin_ctx, "zl", "赵六", Role.OFFICIAL, "1234", official="赵六")


# --- disable, enable, list -------------------------------------------------------


def test_last_active_admin_cannot_be_disabled(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="不能停用最后一个管理员"):
        disable_operator(admin_ctx, "admin")
    add_operator(admin_ctx, "admin2", "张管理", Role.ADMIN, "1234")
    assert disable_operator(admin_ctx, "admin2").active is False
    with pytest.raises(RuleViolation):
        disable_operator(admin_ctx, "admin")
    enable_operator(admin_ctx, "admin2")
    assert disable_operator(admin_ctx, "admin").active is False


def test_disable_needs_admin_and_lists_follow(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(admin_ctx, "lu", "录入员甲", Role.CLERK, "1234")
    with pytest.raises(PermissionDenied, match=ADMIN_DENIED):
        disable_operator(admin_ctx.as_actor(CLERK), "lu")
    with pytest.raises(NotFound):
        disable_operator(admin_ctx, "nobody")
    disable_operator(admin_ctx, "lu")
    assert [r.username for r in list_operators(admin_ctx)] == ["admin"]
    everyone = list_operators(admin_ctx, active_only=False)
    assert [(r.username, r.active) for r in everyone] == [("admin", True), ("lu", False)]
    (change,) = _audit_rows("修改")
    assert json.loads(change.changes) == {"active": [True, False]}
    disable_operator(admin_ctx, "lu")  # already disabled: nothing changes, nothing logged
    assert len(_audit_rows("修改")) == 1


# --- passwords ---------------------------------------------------------------


def test_admin_resets_anyones_password(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(admin_ctx, "lu", "录入员甲", Role.CLERK, "1234")
    set_password(admin_ctx, "lu", "5678")
    assert sign_in(admin_ctx, "lu", "5678").username == "lu"
    with pytest.raises(ValidationError, match="至少 4 位"):
        set_password(admin_ctx, "lu", "56")


def test_an_operator_changes_their_own_password_with_the_old_one(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(admin_ctx, "lu", "录入员甲", Role.CLERK, "1234")
    add_operator(admin_ctx, "lu2", "录入员乙", Role.CLERK, "1234")
    me = admin_ctx.as_actor(actor_for(admin_ctx, "lu"))
    with pytest.raises(ValidationError, match="需要先输入原密码"):
        set_password(me, "lu", "9999")
    with pytest.raises(ValidationError, match="原密码不正确"):
        set_password(me, "lu", "9999", old_password="0000")
    with pytest.raises(PermissionDenied, match=ADMIN_DENIED):
        set_password(me, "lu2", "9999", old_password="1234")
    set_password(me, "lu", "9999", old_password="1234")
    assert sign_in(admin_ctx, "lu", "9999").username == "lu"
    with pytest.raises(ValidationError):
        sign_in(admin_ctx, "lu", "1234")
    (logged,) = [r for r in _audit_rows("修改") if r.note == "修改密码"]
    assert logged.operator_name == "lu"
    assert json.loads(logged.changes) == {"password_hash": ["******", "******"]}


# --- signing in ---------------------------------------------------------------


def test_sign_in_returns_the_actor_and_records_the_login(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(admin_ctx, "lu", "录入员甲", Role.CLERK, "1234")
    actor = sign_in(admin_ctx, "lu", "1234")
    assert (actor.username, actor.display_name, actor.role) == ("lu", "录入员甲", Role.CLERK)
    assert actor.id == Operator.get(Operator.username == "lu").id
    assert Operator.get_by_id(actor.id).last_login == FROZEN_NOW
    (login,) = _audit_rows("登录")
    assert (login.operator_id, login.operator_name, login.record_id) == (actor.id, "lu", actor.id)
    assert login.at == FROZEN_NOW
    row = next(r for r in list_operators(admin_ctx) if r.username == "lu")
    assert row.last_login == FROZEN_NOW


def test_failed_sign_ins_share_one_message_and_are_logged(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(admin_ctx, "lu", "录入员甲", Role.CLERK, "1234")
    add_operator(admin_ctx, "gone", "已离职", Role.CLERK, "1234")
    disable_operator(admin_ctx, "gone")
    messages = set()
    for name, pw in (("lu", "4321"), ("nobody", "1234"), ("gone", "1234"), ("lu", ""), ("", "")):
        with pytest.raises(ValidationError) as info:
            sign_in(admin_ctx, name, pw)
        messages.add(str(info.value))
    assert messages == {"用户名或密码不正确，或该操作员已停用"}
    failed = _audit_rows("登录失败")
    assert [r.operator_name for r in failed] == ["lu", "nobody", "gone", "lu", ""]
    assert failed[1].operator_id is None
    assert _audit_rows("登录") == []
    assert Operator.get(Operator.username == "lu").last_login is None


def test_sign_in_ignores_the_case_of_a_latin_username(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(admin_ctx, "ADMIN", "admin123").username == "admin"


# --- the CLI's operator -----------------------------------------------------------


def _creds(username: str | None, password: str = "", os_name: str = "") -> Credentials:
    def ask() -> str:
        asked.append(username or "")
        return password

    asked: list[str] = []
    creds = Credentials(username, ask, os_name)
    object.__setattr__(creds, "asked", asked)
    return creds


def test_cli_actor_is_system_while_no_operator_exists(ctx) -> None:  # type: ignore[no-untyped-def]
    assert cli_actor(ctx, _creds(None)) == SYSTEM


def test_cli_actor_never_defaults_to_the_admin(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(admin_ctx, "lu", "录入员甲", Role.CLERK, "1234")
    with pytest.raises(ValidationError) as info:
        cli_actor(admin_ctx, _creds(None))  # one admin: still not taken for them
    assert str(info.value) == "请用 --operator 指定操作员并输入其密码（可选：admin、lu）"
    assert cli_actor(admin_ctx, _creds(None), anonymous_ok=True) == NOBODY
    assert not NOBODY.can(Perm.VIEW_AUDIT)
    creds = _creds("lu", "1234")
    assert cli_actor(admin_ctx, creds).role is Role.CLERK
    assert creds.asked == ["lu"]  # type: ignore[attr-defined]


def test_cli_actor_checks_the_password_like_the_desk(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(admin_ctx, "lu", "录入员甲", Role.CLERK, "1234")
    disable_operator(admin_ctx, "lu")
    for name, password in (("lu", "1234"), ("ghost", "1234"), ("admin", "wrong1"), ("admin", "")):
        with pytest.raises(ValidationError, match="用户名或密码不正确"):
            cli_actor(admin_ctx, _creds(name, password))
    assert len(_audit_rows("登录失败")) == 4
    assert cli_actor(admin_ctx, _creds("ADMIN", "admin123")).username == "admin"


def test_an_os_account_acts_as_the_operator_an_admin_mapped(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    add_operator(admin_ctx, "lu", "录入员甲", Role.CLERK, "1234")
    clerk = admin_ctx.as_actor(actor_for(admin_ctx, "lu"))
    with pytest.raises(PermissionDenied):
        map_os_user(clerk, "xiaolu", "lu")
    with pytest.raises(NotFound):
        map_os_user(admin_ctx, "xiaolu", "ghost")
    assert map_os_user(admin_ctx, "xiaolu", "lu") is None
    creds = _creds(None, os_name="xiaolu")
    assert cli_actor(admin_ctx, creds).username == "lu"
    assert cli_actor(admin_ctx, _creds("LU", os_name="xiaolu")).username == "lu"
    assert creds.asked == []  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="用户名或密码不正确"):
        cli_actor(admin_ctx, _creds("admin", "x", os_name="xiaolu"))  # another: signs in
    disable_operator(admin_ctx, "lu")
    with pytest.raises(RuleViolation, match="已停用"):
        cli_actor(admin_ctx, _creds(None, os_name="xiaolu"))
    assert map_os_user(admin_ctx, "xiaolu", None) == "lu"
    assert os_user_map(admin_ctx) == {}
    assert os_user()  # this process's account, from the account database


def test_nothing_is_audited_as_nobody(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    nobody = admin_ctx.as_actor(NOBODY)
    with pytest.raises(PermissionDenied):
        nobody.write(lambda: audit.log(nobody, "修改", "setting", None))


def test_demo_actor_is_the_first_active_admin(ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match="没有可用的管理员"):
        demo_actor(ctx)
    add_operator(ctx, "admin", "王管理", Role.ADMIN, "1234")
    admin_ctx = ctx.as_actor(actor_for(ctx, "admin"))
    add_operator(admin_ctx, "admin2", "张管理", Role.ADMIN, "1234")
    actor = demo_actor(ctx)
    assert (actor.username, actor.role) == ("admin", Role.ADMIN)
