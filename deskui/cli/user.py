"""``deskui user …``: operators (add, list, disable, enable, passwd, os-user).

The CLI signs in like the desk: ``--operator`` with that operator's password
(or the OS account an administrator mapped to an operator with
``user os-user``). Before any operator exists it acts as the bootstrap
system, which may add the first 管理员.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.errors import ValidationError
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("user", help=t("user.help"), description=t("user.help"))
    actions = p.add_subparsers(
        dest="user_command", metavar=t("user.command_metavar"), required=True
    )

    add = actions.add_parser("add", help=t("user.add_help"), description=t("user.add_help"))
    add.add_argument("username", metavar="USERNAME", help=t("user.username_help"))
    add.add_argument("--name", required=True, help=t("user.name_help"))
    add.add_argument("--role", required=True, help=t("user.role_help"))
    add.add_argument("--official", help=t("user.official_help"))
    add.add_argument("--password-stdin", action="store_true", help=t("user.password_stdin_help"))
    add.set_defaults(handler=run_add)

    ls = actions.add_parser("list", help=t("user.list_help"), description=t("user.list_help"))
    ls.add_argument("--all", action="store_true", help=t("user.all_help"))
    ls.add_argument("--json", action="store_true", help=t("cli.json_help"))
    # the names the desk's sign-in screen shows too: no sign-in needed
    ls.set_defaults(handler=run_list, anonymous_ok=True)

    for name, help_key, handler in (
        ("disable", "user.disable_help", run_disable),
        ("enable", "user.enable_help", run_enable),
    ):
        q = actions.add_parser(name, help=t(help_key), description=t(help_key))
        q.add_argument("username", metavar="USERNAME", help=t("user.username_help"))
        q.set_defaults(handler=handler)

    pw = actions.add_parser("passwd", help=t("user.passwd_help"), description=t("user.passwd_help"))
    pw.add_argument("username", metavar="USERNAME", help=t("user.username_help"))
    pw.add_argument("--password-stdin", action="store_true", help=t("user.password_stdin_help"))
    pw.set_defaults(handler=run_passwd)

    osu = actions.add_parser(
        "os-user", help=t("user.os_user_help"), description=t("user.os_user_description")
    )
    osu.add_argument("username", metavar="USERNAME", nargs="?", help=t("user.os_user_username"))
    osu.add_argument("--os-name", metavar=t("user.os_name_metavar"), help=t("user.os_name_help"))
    osu.add_argument("--remove", action="store_true", help=t("user.os_remove_help"))
    osu.set_defaults(handler=run_os_user)


def _stdin_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise ValidationError(t("user.no_stdin_password"), field="password")
    return line.rstrip("\r\n")


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        return _stdin_line()
    first = getpass.getpass(t("user.prompt_password"))
    if getpass.getpass(t("user.prompt_again")) != first:
        raise ValidationError(t("user.mismatch"), field="password")
    return first


def run_add(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.passwords import check_password_rules
    from deskui.services.town.auth import add_operator, clean_username, parse_role

    ctx = runtime.context()
    clean_username(args.username)  # say what is wrong before asking for a password
    parse_role(args.role)
    password = _new_password(args.password_stdin)
    check_password_rules(password)
    row = add_operator(ctx, args.username, args.name, args.role, password, args.official)
    console.print(
        t("user.added", username=row.username, name=row.display_name, role=row.role.value)
    )
    return 0


def run_list(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.auth import list_operators

    rows = list_operators(runtime.context(), active_only=not args.all)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        console.print(t("user.none"))
        return 0
    table = Table(title=t("user.title"))
    for key in ("username", "name", "role", "official", "state", "last_login"):
        table.add_column(t(f"user.col_{key}"))
    for r in rows:
        table.add_row(
            r.username,
            r.display_name,
            r.role.value,
            r.official_name or t("common.dash"),
            t("user.active") if r.active else t("user.inactive"),
            r.last_login.strftime("%Y-%m-%d %H:%M") if r.last_login else t("common.dash"),
        )
    console.print(table)
    return 0


def run_disable(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.auth import disable_operator

    row = disable_operator(runtime.context(), args.username)
    console.print(t("user.disabled", username=row.username))
    return 0


def run_enable(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.auth import enable_operator

    row = enable_operator(runtime.context(), args.username)
    console.print(t("user.enabled", username=row.username))
    return 0


def run_passwd(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.roles import Perm
    from deskui.services.town.auth import actor_for, set_password

    ctx = runtime.context()
    old: str | None = None
    if not ctx.actor.can(Perm.ADMIN):  # only their own, with the old password
        if actor_for(ctx, args.username).id != ctx.actor.id:
            ctx.require(Perm.ADMIN)
        old = _stdin_line() if args.password_stdin else getpass.getpass(t("user.prompt_old"))
    new = _new_password(args.password_stdin)
    set_password(ctx, args.username, new, old_password=old)
    console.print(t("user.password_set", username=args.username))
    return 0


def run_os_user(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.roles import Perm
    from deskui.services.town.auth import map_os_user, os_user, os_user_map

    ctx = runtime.context()
    if args.username is None and not args.remove:
        ctx.require(Perm.ADMIN)
        mapping = os_user_map(ctx)
        if not mapping:
            console.print(t("user.os_none"))
            return 0
        table = Table(title=t("user.os_title"))
        table.add_column(t("user.os_col_account"))
        table.add_column(t("user.col_username"))
        for account, username in sorted(mapping.items()):
            table.add_row(account, username)
        console.print(table)
        return 0
    account = args.os_name if args.os_name is not None else os_user()
    if args.remove:
        map_os_user(ctx, account, None)
        console.print(t("user.os_removed", os_user=account))
    else:
        map_os_user(ctx, account, args.username)
        console.print(t("user.os_mapped", os_user=account, username=args.username))
    return 0
