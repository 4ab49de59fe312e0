"""Operators and signing in.

An operator (录入员 / 驻村干部 / 领导 / 管理员) signs in at the desk with a
password or PIN, and so does the CLI (:func:`cli_actor`): ``--operator``
with that operator's password, or the OS account an administrator mapped to
an operator. Nothing is recorded as an operator who did not authenticate, and
a command naming no operator is never taken for the administrator. The very
first operator of a database is added by the bootstrap SYSTEM actor and must
be a 管理员; after that only admins manage operators, and the last active
admin cannot be disabled.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from peewee import JOIN, IntegrityError, fn

from deskui.domain.errors import NotFound, RuleViolation, ValidationError
from deskui.domain.passwords import check_password_rules, hash_password, verify_password
from deskui.domain.roles import Perm, Role
from deskui.domain.text import clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import NOBODY, SYSTEM, Actor, ServiceContext
from deskui.services.town.towns import find_official
from deskui.store.models import Official, Operator, Setting

# a pattern, compiled (and cached by re) when a username is first checked
USERNAME_RE = r"[A-Za-z0-9_.\-\u3400-\u4dbf\u4e00-\u9fff]{2,30}"
DISPLAY_NAME_MAX = 20
OS_USERS_KEY = "cli.os_users"  # Setting: JSON {OS account: operator username}
OS_NAME_MAX = 64


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so a wrong name costs
    the same time as a wrong password and the reply reveals nothing."""
    return hash_password("deskui-dummy-password")


@dataclass(frozen=True)
class OperatorRow:
    username: str
    display_name: str
    role: Role
    official_name: str | None
    active: bool
    last_login: dt.datetime | None


def _row(op: Operator, official_name: str | None = None) -> OperatorRow:
    if official_name is None and op.official_id:
        official = Official.get_or_none(Official.id == op.official_id)
        official_name = official.name if official else None
    return OperatorRow(
        username=op.username,
        display_name=op.display_name,
        role=Role(op.role),
        official_name=official_name,
        active=bool(op.active),
        last_login=op.last_login,
    )


def _actor(op: Operator) -> Actor:
    return Actor(
        id=op.id,
        username=op.username,
        display_name=op.display_name,
        role=Role(op.role),
        official_id=op.official_id,
    )


def parse_role(value: Role | str) -> Role:
    """A role from its Chinese name (or English key); a clear message otherwise."""
    if isinstance(value, Role):
        return value
    try:
        return Role.parse(str(value))
    except ValueError:
        roles = "、".join(r.value for r in Role)
        raise ValidationError(t("auth.bad_role", value=value, roles=roles), field="role") from None


def clean_username(value: object) -> str:
    text = clean_text(value, field="username", label=t("auth.field_username"), required=True)
    if not re.fullmatch(USERNAME_RE, text):
        raise ValidationError(t("auth.bad_username"), field="username")
    return text


def _find(username: str) -> Operator | None:
    """An operator by username, ignoring ASCII case (duplicates differing
    only in case are refused, so at most one matches)."""
    name = (username or "").strip()
    if not name:
        return None
    exact = Operator.get_or_none(Operator.username == name)
    if exact is not None:
        return exact
    return Operator.select().where(fn.LOWER(Operator.username) == name.lower()).first()


def _get(username: str) -> Operator:
    op = _find(username)
    if op is None:
        raise NotFound(t("auth.unknown_operator", name=username), field="username")
    return op


def _active_admins() -> list[Operator]:
    q = Operator.select().where((Operator.role == Role.ADMIN.value) & (Operator.active == True))  # noqa: E712
    return list(q.order_by(Operator.id))


def list_operators(ctx: ServiceContext, *, active_only: bool = True) -> list[OperatorRow]:
    """Operators by creation order. No permission: the sign-in screen lists them."""
    q = Operator.select(Operator, Official.name.alias("official_name")).join(
        Official, JOIN.LEFT_OUTER, on=(Operator.official == Official.id)
    )
    if active_only:
        q = q.where(Operator.active == True)  # noqa: E712
    return [
        _row(op, getattr(op, "official_name", None)) for op in q.order_by(Operator.id).objects()
    ]


def add_operator(
    ctx: ServiceContext,
    username: str,
    display_name: str,
    role: Role | str,
    password: str,
    official: str | None = None,
) -> OperatorRow:
    """Add an operator (管理员 only, except the database's very first one,
    which must itself be a 管理员)."""
    first = not Operator.select().exists()
    if not first:
        ctx.require(Perm.ADMIN)
    name = clean_username(username)
    shown = clean_text(
        display_name,
        field="display_name",
        label=t("auth.field_display_name"),
        max_len=DISPLAY_NAME_MAX,
        required=True,
    )
    parsed_role = parse_role(role)
    if first and parsed_role is not Role.ADMIN:
        raise ValidationError(t("auth.first_must_be_admin"), field="role")
    check_password_rules(password)
    official_id = find_official(ctx, official) if official and official.strip() else None
    stored = hash_password(password)

    def work() -> Operator:
        if _find(name) is not None:
            raise ValidationError(t("auth.duplicate_username", name=name), field="username")
        if first and Operator.select().exists():
            ctx.require(Perm.ADMIN)  # another desk bootstrapped meanwhile
        return audit.create(
            ctx,
            Operator,
            username=name,
            display_name=shown,
            role=parsed_role.value,
            official=official_id,
            password_hash=stored,
            active=True,
            created_at=ctx.now(),
        )

    try:
        op = ctx.write(work)
    except IntegrityError:
        raise ValidationError(t("auth.duplicate_username", name=name), field="username") from None
    return _row(op)


def _set_active(ctx: ServiceContext, username: str, active: bool) -> OperatorRow:
    ctx.require(Perm.ADMIN)

    def work() -> Operator:
        op = _get(username)
        last = op.role == Role.ADMIN.value and len(_active_admins()) <= 1
        if not active and op.active and last:
            raise RuleViolation(t("auth.last_admin"), field="username")
        audit.update(ctx, op, active=active)
        return op

    return _row(ctx.write(work))


def disable_operator(ctx: ServiceContext, username: str) -> OperatorRow:
    """Stop an operator from signing in (管理员; never the last active admin).
    The operator stays in the log and the history; nothing is deleted."""
    return _set_active(ctx, username, False)


def enable_operator(ctx: ServiceContext, username: str) -> OperatorRow:
    """Let a disabled operator sign in again (管理员)."""
    return _set_active(ctx, username, True)


def set_password(
    ctx: ServiceContext,
    username: str,
    new_password: str,
    *,
    old_password: str | None = None,
) -> None:
    """Set a password: an admin for anyone; any operator for themself with
    the old password. A given old password is always checked."""
    op = _get(username)
    is_self = ctx.actor.id is not None and ctx.actor.id == op.id
    if not ctx.actor.can(Perm.ADMIN):
        if not is_self:
            ctx.require(Perm.ADMIN)
        if old_password is None:
            raise ValidationError(t("auth.old_password_required"), field="old_password")
    if old_password is not None and not verify_password(old_password, op.password_hash):
        raise ValidationError(t("auth.old_password_wrong"), field="old_password")
    check_password_rules(new_password, field="new_password")
    stored = hash_password(new_password)

    def work() -> None:
        fresh = Operator.get_by_id(op.id)
        audit.update(ctx, fresh, password_hash=stored, audit_note=t("auth.note_password"))

    ctx.write(work)


def _verified(ctx: ServiceContext, username: str, password: str) -> Operator:
    """The active operator ``username`` if ``password`` is theirs. Unknown
    name, wrong password and disabled operator get one and the same message,
    and a 登录失败 row."""
    op = _find(username) if isinstance(username, str) else None
    stored = op.password_hash if op is not None and op.password_hash else _dummy_hash()
    ok = verify_password(password if isinstance(password, str) else "", stored)
    ok = ok and op is not None and bool(op.password_hash) and bool(op.active)
    if not ok or op is None:
        typed = (username or "")[:30] if isinstance(username, str) else ""
        who = Actor(id=op.id if op else None, username=typed, display_name=typed, role=Role.CLERK)

        def failed() -> None:
            audit.log(ctx.as_actor(who), "登录失败", "operator", op.id if op else None)

        ctx.write(failed)
        raise ValidationError(t("auth.bad_login"), field="password")
    return op


def sign_in(ctx: ServiceContext, username: str, password: str) -> Actor:
    """Check a desk sign-in (see :func:`_verified`). Success records
    ``last_login`` and a 登录 row."""
    return _signed_in(ctx, _verified(ctx, username, password), "登录", {}, ctx.desk)


def _signed_in(
    ctx: ServiceContext, op: Operator, action: str, changes: dict[str, list[Any]], note: str
) -> Actor:
    """Record a verified sign-in of ``op``: ``last_login`` and one audit row
    (``action``, ``changes`` with the last_login's before and after)."""
    actor = _actor(op)
    now = ctx.now()
    before = op.last_login

    def work() -> None:
        Operator.update(last_login=now).where(Operator.id == op.id).execute()
        logged = {
            **changes,
            "last_login": [before.isoformat() if before else None, now.isoformat()],
        }
        audit.log(ctx.as_actor(actor), action, "operator", op.id, logged, note)

    ctx.write(work)
    return actor


def unlock(ctx: ServiceContext, username: str, password: str) -> Actor:
    """Open the desk's lock screen: the operator's own password again (a
    wrong one is a 登录失败 row, as at sign-in)."""
    return _actor(_verified(ctx, username, password))


def switch_operator(ctx: ServiceContext, current: Actor, username: str, password: str) -> Actor:
    """Open the desk's lock screen as ``username``: the locked operator with
    their own password (as :func:`unlock`), or another operator with theirs,
    who then acts at this desk with their own role. A switch is a sign-in
    of the new operator (``last_login``) and one audit row naming both."""
    if username == current.username:
        return unlock(ctx, username, password)
    op = _verified(ctx, username, password)
    after = _actor(op)
    return _signed_in(
        ctx,
        op,
        t("auth.switch_action"),
        {"operator": [current.username, after.username]},
        t("auth.switch_note", before=current.display_name, after=after.display_name),
    )


def actor_for(ctx: ServiceContext, username: str) -> Actor:
    """The actor of an active operator; NotFound / RuleViolation otherwise."""
    op = _get(username)
    if not op.active:
        raise RuleViolation(t("auth.disabled_operator", name=op.username), field="username")
    return _actor(op)


def os_user() -> str:
    """The account the operating system runs this process as, from the
    account database (never the USER / USERNAME variables, which anyone can
    set); '' when it cannot be told."""
    if sys.platform == "win32":
        import ctypes

        size = ctypes.c_ulong(257)
        buf = ctypes.create_unicode_buffer(257)
        ok = ctypes.windll.advapi32.GetUserNameW(buf, ctypes.byref(size))
        return buf.value if ok else ""
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return ""


def os_user_map(ctx: ServiceContext) -> dict[str, str]:
    """OS account → operator username, as administrators mapped them."""
    row = Setting.get_or_none(Setting.key == OS_USERS_KEY)
    if row is None or not row.value:
        return {}
    try:
        data = json.loads(row.value)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def map_os_user(ctx: ServiceContext, os_name: str, username: str | None) -> str | None:
    """Let the OS account ``os_name`` act as operator ``username`` in the CLI
    without a password (管理员); ``None`` removes the mapping. Returns the
    operator it was mapped to before. Audited."""
    ctx.require(Perm.ADMIN)
    name = clean_text(
        os_name, field="os_user", label=t("auth.field_os_user"), max_len=OS_NAME_MAX, required=True
    )
    target = actor_for(ctx, username).username if username is not None else None

    def work() -> str | None:
        mapping = os_user_map(ctx)
        before = mapping.get(name)
        if target is None:
            mapping.pop(name, None)
        else:
            mapping[name] = target
        if before == target:
            return before
        value = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
        Setting.insert(key=OS_USERS_KEY, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute()
        note = t("auth.note_os_user", os_user=name)
        audit.log(ctx, "修改", "setting", None, {"os_user": [before, target]}, note)
        return before

    return ctx.write(work)


@dataclass(frozen=True)
class Credentials:
    """What a CLI command brings to sign in: the ``--operator`` it names, a
    way to ask for that operator's password (called only when one is
    needed), and the OS account it runs under."""

    username: str | None
    password: Callable[[], str] = field(default=lambda: "")
    os_name: str = ""


def cli_actor(ctx: ServiceContext, creds: Credentials, *, anonymous_ok: bool = False) -> Actor:
    """Who a CLI command acts as, authenticated like a desk sign-in:

    - ``--operator`` named: that operator with their password, or without
      one when the OS account is mapped to exactly that operator;
    - none named: the operator the OS account is mapped to; SYSTEM while the
      database has no operator yet (to add the first 管理员); NOBODY for a
      command that only reads what needs no sign-in (``anonymous_ok``);
      else a message asking for ``--operator``. Never the administrator by
      default."""
    mapped = os_user_map(ctx).get(creds.os_name) if creds.os_name else None
    if creds.username:
        if mapped is not None and mapped.lower() == creds.username.strip().lower():
            return actor_for(ctx, mapped)
        return _actor(_verified(ctx, creds.username, creds.password()))
    if mapped is not None:
        return actor_for(ctx, mapped)
    if not Operator.select().exists():
        return SYSTEM
    if anonymous_ok:
        return NOBODY
    names = "、".join(r.username for r in list_operators(ctx))
    raise ValidationError(
        t("auth.choose_operator", names=names or t("common.none")), field="operator"
    )


def demo_actor(ctx: ServiceContext) -> Actor:
    """The demo database's admin (the first active one), for ``--demo``."""
    admins = _active_admins()
    if not admins:
        raise NotFound(t("auth.no_admin"), field="operator")
    return _actor(admins[0])
