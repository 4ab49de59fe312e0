"""``deskui village …``: add, list, set, rename, merge."""

from __future__ import annotations

import argparse

from rich.table import Table

from deskui.cli.official import yes_no
from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.errors import ValidationError
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("village", help=t("village.help"), description=t("village.help"))
    actions = p.add_subparsers(
        dest="village_command", metavar=t("village.command_metavar"), required=True
    )
    add = actions.add_parser("add", help=t("village.add_help"), description=t("village.add_help"))
    add.add_argument("name", help=t("village.name_help"))
    add.add_argument("--groups", type=int, default=1, help=t("village.groups_help"))
    add.add_argument("--remote", default="否", help=t("village.remote_help"))
    add.set_defaults(handler=run_add)

    ls = actions.add_parser("list", help=t("village.list_help"), description=t("village.list_help"))
    ls.add_argument("--json", action="store_true", help=t("cli.json_help"))
    ls.set_defaults(handler=run_list)

    st = actions.add_parser("set", help=t("village.set_help"), description=t("village.set_help"))
    st.add_argument("name", help=t("village.name_help"))
    st.add_argument("--groups", type=int, help=t("village.groups_help"))
    st.add_argument("--remote", help=t("village.remote_help"))
    st.add_argument("--anchor", help=t("village.anchor_help"))
    st.set_defaults(handler=run_set)

    rn = actions.add_parser(
        "rename", help=t("village.rename_help"), description=t("village.rename_help")
    )
    rn.add_argument("name", help=t("village.name_help"))
    rn.add_argument("new_name", help=t("village.new_name_help"))
    rn.set_defaults(handler=run_rename)

    mg = actions.add_parser(
        "merge", help=t("village.merge_help"), description=t("village.merge_help")
    )
    mg.add_argument("name", help=t("village.name_help"))
    mg.add_argument("--into", required=True, help=t("village.into_help"))
    mg.add_argument("--keep-groups", action="store_true", help=t("village.keep_groups_help"))
    mg.set_defaults(handler=run_merge)


def run_add(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.villages import add_village

    row = add_village(runtime.context(), args.name, args.groups, remote=bool(yes_no(args.remote)))
    console.print(t("village.added", name=row.name, groups=row.group_count))
    return 0


def run_list(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.villages import list_villages

    rows = list_villages(runtime.context())
    if args.json:
        print_json(rows)
        return 0
    table = Table(title=t("village.title", count=len(rows)))
    for key in ("name", "groups", "cadence", "households", "aliases"):
        table.add_column(t(f"village.col_{key}"))
    for r in rows:
        table.add_row(
            r.name,
            str(r.group_count),
            t("village.biweekly") if r.cadence_weeks == 2 else t("village.weekly"),
            str(r.households),
            "、".join(r.aliases),
        )
    console.print(table)
    return 0


def run_set(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.dates import parse_optional_date
    from deskui.services.town.villages import set_group_count, set_remote

    ctx = runtime.context()
    remote = yes_no(args.remote)
    if args.groups is None and remote is None:
        raise ValidationError(t("village.nothing_to_set"))
    anchor = parse_optional_date(args.anchor, field="anchor", label=t("field.date"))
    row = None
    if args.groups is not None:
        row = set_group_count(ctx, args.name, args.groups)
    if remote is not None:
        row = set_remote(ctx, args.name, remote, anchor=anchor)
    assert row is not None
    cadence = t("village.biweekly") if row.cadence_weeks == 2 else t("village.weekly")
    console.print(t("village.set_done", name=row.name, groups=row.group_count, cadence=cadence))
    return 0


def run_rename(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.villages import get_village, rename_village

    ctx = runtime.context()
    old = get_village(ctx, args.name).name
    row = rename_village(ctx, args.name, args.new_name)
    console.print(t("village.renamed", old=old, new=row.name))
    return 0


def run_merge(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.villages import get_village, merge_villages

    ctx = runtime.context()
    old = get_village(ctx, args.name).name
    r = merge_villages(ctx, args.name, args.into, renumber_groups=not args.keep_groups)
    console.print(
        t(
            "village.merged",
            old=old,
            new=r.village.name,
            households=r.households,
            renumbered=r.renumbered_households,
            visits=r.visits,
            matters=r.matters,
            days=r.duty_days,
            kept=r.kept_duty_days,
            members=r.team_members,
            offset=r.group_offset,
        )
    )
    return 0
