"""``deskui dept …`` and ``deskui category …``: the town's short lists."""

from __future__ import annotations

import argparse

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for command, help_key, with_phone in (
        ("dept", "townlist.dept_help", True),
        ("category", "townlist.category_help", False),
    ):
        p = sub.add_parser(command, help=t(help_key), description=t(help_key))
        actions = p.add_subparsers(
            dest=f"{command}_command", metavar=t("townlist.command_metavar"), required=True
        )
        add = actions.add_parser(
            "add", help=t("townlist.add_help"), description=t("townlist.add_help")
        )
        add.add_argument("name", help=t("townlist.name_help"))
        if with_phone:
            add.add_argument("--phone", default="", help=t("townlist.phone_help"))
        add.set_defaults(handler=run_add, list_kind=command)
        ls = actions.add_parser(
            "list", help=t("townlist.list_help"), description=t("townlist.list_help")
        )
        ls.add_argument("--json", action="store_true", help=t("cli.json_help"))
        ls.set_defaults(handler=run_list, list_kind=command)
        rm = actions.add_parser(
            "remove", help=t("townlist.remove_help"), description=t("townlist.remove_help")
        )
        rm.add_argument("name", help=t("townlist.name_help"))
        rm.set_defaults(handler=run_remove, list_kind=command)


def run_add(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town import town_lists

    ctx = runtime.context()
    if args.list_kind == "dept":
        name = town_lists.add_department(ctx, args.name, phone=args.phone).name
    else:
        name = town_lists.add_category(ctx, args.name).name
    console.print(t("townlist.added", name=name))
    return 0


def run_list(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town import town_lists

    ctx = runtime.context()
    table: Table
    if args.list_kind == "dept":
        depts = town_lists.list_departments(ctx)
        if args.json:
            print_json(depts)
            return 0
        table = Table(title=t("townlist.dept_title", count=len(depts)))
        table.add_column(t("townlist.col_name"))
        table.add_column(t("townlist.col_phone"))
        for d in depts:
            table.add_row(d.name, d.phone)
    else:
        cats = town_lists.list_categories(ctx)
        if args.json:
            print_json(cats)
            return 0
        table = Table(title=t("townlist.category_title", count=len(cats)))
        table.add_column(t("townlist.col_name"))
        table.add_column(t("townlist.col_matters"))
        for c in cats:
            table.add_row(c.name, str(c.matters))
    console.print(table)
    return 0


def run_remove(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town import town_lists

    ctx = runtime.context()
    if args.list_kind == "dept":
        town_lists.remove_department(ctx, args.name)
    else:
        town_lists.remove_category(ctx, args.name)
    console.print(t("townlist.removed", name=args.name))
    return 0
