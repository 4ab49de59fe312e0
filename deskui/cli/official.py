"""``deskui official …``: the town's officials (add, list, edit, leave, import)."""

from __future__ import annotations

import argparse

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.errors import ValidationError
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("official", help=t("official.help"), description=t("official.help"))
    actions = p.add_subparsers(
        dest="official_command", metavar=t("official.command_metavar"), required=True
    )

    add = actions.add_parser("add", help=t("official.add_help"), description=t("official.add_help"))
    add.add_argument("name", help=t("official.name_help"))
    add.add_argument("--post", default="", help=t("official.post_help"))
    add.add_argument("--unit", default="", help=t("official.unit_help"))
    add.add_argument("--phone", default="", help=t("official.phone_help"))
    add.add_argument("--leader", default="否", help=t("official.leader_help"))
    add.add_argument("--serves", default="是", help=t("official.serves_help"))
    add.add_argument("--kind", default="镇干部", help=t("official.kind_help"))
    add.set_defaults(handler=run_add)

    ls = actions.add_parser(
        "list", help=t("official.list_help"), description=t("official.list_help")
    )
    ls.add_argument("--all", action="store_true", help=t("official.all_help"))
    ls.add_argument("--json", action="store_true", help=t("cli.json_help"))
    ls.set_defaults(handler=run_list)

    ed = actions.add_parser(
        "edit", help=t("official.edit_help"), description=t("official.edit_help")
    )
    ed.add_argument("name", help=t("official.name_help"))
    ed.add_argument("--name", dest="new_name", help=t("official.new_name_help"))
    ed.add_argument("--post", help=t("official.post_help"))
    ed.add_argument("--unit", help=t("official.unit_help"))
    ed.add_argument("--phone", help=t("official.phone_help"))
    ed.add_argument("--leader", help=t("official.leader_help"))
    ed.add_argument("--serves", help=t("official.serves_help"))
    ed.add_argument("--kind", help=t("official.kind_help"))
    ed.set_defaults(handler=run_edit)

    lv = actions.add_parser(
        "leave", help=t("official.leave_help"), description=t("official.leave_help")
    )
    lv.add_argument("name", help=t("official.name_help"))
    lv.add_argument("--date", help=t("official.date_help"))
    lv.add_argument(
        "--handler",
        dest="handlers",
        action="append",
        default=[],
        metavar="编号=干部",
        help=t("official.handler_help"),
    )
    lv.add_argument("--keep-open", action="store_true", help=t("official.keep_open_help"))
    lv.set_defaults(handler=run_leave)

    orphans = actions.add_parser(
        "orphans", help=t("official.orphans_help"), description=t("official.orphans_help")
    )
    orphans.add_argument("--json", action="store_true", help=t("cli.json_help"))
    orphans.set_defaults(handler=run_orphans)

    imp = actions.add_parser(
        "import", help=t("official.import_help"), description=t("official.import_help")
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help=t("official.dry_run_help"))
    imp.add_argument("--json", action="store_true", help=t("cli.json_help"))
    imp.set_defaults(handler=run_import)


def yes_no(value: str | None) -> bool | None:
    if value is None:
        return None
    text = value.strip().lower()
    if text in ("是", "y", "yes", "1", "true"):
        return True
    if text in ("否", "n", "no", "0", "false"):
        return False
    raise ValidationError(t("official.bad_bool", value=value))


def run_add(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.officials import add_official

    row = add_official(
        runtime.context(),
        args.name,
        post=args.post,
        unit=args.unit,
        phone=args.phone,
        is_leader=bool(yes_no(args.leader)),
        serves_villages=bool(yes_no(args.serves)),
        kind=args.kind,
    )
    console.print(t("official.added", label=row.label))
    return 0


def run_list(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.officials import list_officials

    rows = list_officials(runtime.context(), include_left=args.all)
    if args.json:
        print_json(rows)
        return 0
    table = Table(title=t("official.title", count=len(rows)))
    for key in ("name", "post", "unit", "phone", "serves", "state"):
        table.add_column(t(f"official.col_{key}"))
    for r in rows:
        table.add_row(
            r.label,
            r.post,
            r.unit,
            r.phone,
            t("official.yes") if r.serves_villages else t("official.no"),
            t("official.in_post") if r.in_post else t("official.left_on", on=r.left_on or ""),
        )
    console.print(table)
    return 0


def run_edit(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.officials import edit_official

    fields = {
        "name": args.new_name,
        "post": args.post,
        "unit": args.unit,
        "phone": args.phone,
        "is_leader": yes_no(args.leader),
        "serves_villages": yes_no(args.serves),
        "kind": args.kind,
    }
    changes = {k: v for k, v in fields.items() if v is not None}
    if not changes:
        raise ValidationError(t("official.nothing_to_edit"))
    row = edit_official(runtime.context(), args.name, **changes)
    console.print(t("official.edited", label=row.label))
    return 0


def run_leave(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.dates import parse_date
    from deskui.services.town.officials import leave_official

    ctx = runtime.context()
    on = parse_date(args.date, field="date", label=t("field.date")) if args.date else ctx.today()
    handlers: dict[str, str] = {}
    for item in args.handlers:
        number, sep, who = item.partition("=")
        if not sep or not number.strip() or not who.strip():
            raise ValidationError(t("official.bad_handler", value=item), field="handler")
        handlers[number.strip()] = who.strip()
    result = leave_official(ctx, args.name, on, handlers=handlers, keep_open=args.keep_open)
    console.print(
        t(
            "official.left",
            label=result.official.label,
            on=on.isoformat(),
            reassigned=len(result.reassigned),
            kept=len(result.kept),
            teams=result.teams_ended,
            households=result.liaison_households,
        )
    )
    if result.liaison_households:
        console.print(t("official.reassign_hint"))
    return 0


def run_import(args: argparse.Namespace, runtime: Runtime) -> int:
    from pathlib import Path

    from deskui.cli.town_import import print_summary
    from deskui.services.town.official_roll import import_officials

    source = Path(args.file).expanduser()
    summary = import_officials(runtime.context(), source, dry_run=args.dry_run)
    return print_summary(summary, source, json_out=args.json)


def run_orphans(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.officials import liaison_to_reassign

    rows = liaison_to_reassign(runtime.context())
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        console.print(t("official.no_orphans"))
        return 0
    table = Table(title=t("official.orphans_title", count=len(rows)))
    for key in ("official", "village", "household", "head"):
        table.add_column(t(f"official.col_o_{key}"))
    for r in rows:
        village = f"{r.village}{r.group_no}组" if r.group_no else r.village
        table.add_row(r.official, village, r.code, r.head_name)
    console.print(table)
    console.print(t("official.reassign_hint"))
    return 0
