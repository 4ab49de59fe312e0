"""``deskui holidays …``: list, import and set the holiday calendar."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.dates import parse_date
from deskui.domain.errors import ValidationError
from deskui.domain.workdays import OFF, WORK
from deskui.i18n import t

CLEAR = "清除"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("holidays", help=t("holidays.cli.help"), description=t("holidays.cli.help"))
    actions = p.add_subparsers(
        dest="holidays_command", metavar=t("roster.cli.metavar"), required=True
    )

    ls = actions.add_parser("list", help=t("holidays.cli.list_help"))
    ls.add_argument("--year", type=int, default=None, help=t("holidays.cli.year_help"))
    ls.add_argument("--json", action="store_true", help=t("cli.json_help"))
    ls.set_defaults(handler=run_list)

    imp = actions.add_parser("import", help=t("holidays.cli.import_help"))
    imp.add_argument("file", metavar=t("holidays.cli.file_metavar"))
    imp.add_argument("--dry-run", action="store_true", help=t("holidays.cli.dry_help"))
    imp.set_defaults(handler=run_import)

    st = actions.add_parser("set", help=t("holidays.cli.set_help"))
    st.add_argument("date", metavar=t("field.date"))
    st.add_argument("kind", metavar=t("holidays.cli.kind_metavar"))
    st.add_argument("--name", default="", help=t("holidays.cli.name_help"))
    st.set_defaults(handler=run_set)


def run_list(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.calendar import list_year

    ctx = runtime.context()
    year = args.year or ctx.today().year
    rows = list_year(ctx, year)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        console.print(t("calendar.year_unknown", year=year))
        return 0
    table = Table(title=t("holidays.cli.title", year=year))
    for key in ("date", "weekday", "kind", "name", "source"):
        table.add_column(t(f"holidays.cli.col_{key}"))
    from deskui.domain.dates import weekday_name

    for r in rows:
        table.add_row(r.date.isoformat(), weekday_name(r.date), r.kind, r.name, r.source)
    console.print(table)
    return 0


def run_import(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.holiday_import import import_holidays

    result = import_holidays(runtime.context(), Path(args.file), dry_run=args.dry_run)
    key = "holidays.cli.checked" if result.dry_run else "holidays.cli.imported"
    years = "、".join(str(y) for y in result.years)
    console.print(
        t(key, n=len(result.rows), added=result.added, updated=result.updated, years=years)
    )
    return 0


def run_set(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.calendar import set_day

    day = parse_date(args.date, field="date", label=t("field.date"))
    kind = args.kind.strip()
    if kind not in (OFF, WORK, CLEAR):
        raise ValidationError(t("holidays.cli.bad_kind", kind=kind), field="kind")
    set_day(runtime.context(), day, None if kind == CLEAR else kind, args.name)
    console.print(t("holidays.cli.set_done", date=day.isoformat(), kind=kind))
    return 0
