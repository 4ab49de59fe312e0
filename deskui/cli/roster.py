"""``deskui roster …``: generate the roster, show a month, sign in; a team and
the service-day settings are in :mod:`deskui.cli.roster_settings`."""

from __future__ import annotations

import argparse
import datetime as dt

from rich.table import Table

from deskui.cli.roster_settings import add_settings_commands
from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.dates import parse_date, parse_month
from deskui.domain.errors import ValidationError
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("roster", help=t("roster.cli.help"), description=t("roster.cli.help"))
    actions = p.add_subparsers(
        dest="roster_command", metavar=t("roster.cli.metavar"), required=True
    )

    gen = actions.add_parser("generate", help=t("roster.cli.generate_help"))
    gen.add_argument("--from", dest="start", required=True, help=t("roster.cli.from_help"))
    gen.add_argument("--to", dest="end", required=True, help=t("roster.cli.to_help"))
    gen.add_argument("--force", action="store_true", help=t("roster.cli.force_help"))
    gen.add_argument("--json", action="store_true", help=t("cli.json_help"))
    gen.set_defaults(handler=run_generate)

    show = actions.add_parser("show", help=t("roster.cli.show_help"))
    show.add_argument("--month", required=True, help=t("roster.cli.month_help"))
    show.add_argument("--json", action="store_true", help=t("cli.json_help"))
    show.set_defaults(handler=run_show)

    sign = actions.add_parser("signin", help=t("roster.cli.signin_help"))
    sign.add_argument("--official", required=True, help=t("roster.cli.official_help"))
    sign.add_argument("--date", default=None, help=t("cli.date_help"))
    sign.add_argument("--time", default=None, help=t("roster.cli.time_help"))
    sign.set_defaults(handler=run_signin)

    absent = actions.add_parser("absent", help=t("roster.cli.absent_help"))
    absent.add_argument("--official", required=True, help=t("roster.cli.official_help"))
    absent.add_argument("--date", default=None, help=t("roster.cli.day_help"))
    absent.add_argument("--reason", required=True, help=t("roster.cli.reason_help"))
    absent.set_defaults(handler=run_absent)

    back = actions.add_parser("withdraw", help=t("roster.cli.withdraw_help"))
    back.add_argument("--official", required=True, help=t("roster.cli.official_help"))
    back.add_argument("--date", default=None, help=t("roster.cli.day_help"))
    back.set_defaults(handler=run_withdraw)

    subst = actions.add_parser("substitute", help=t("roster.cli.substitute_help"))
    subst.add_argument("--official", required=True, help=t("roster.cli.official_help"))
    subst.add_argument("--by", required=True, help=t("roster.cli.by_help"))
    subst.add_argument("--date", default=None, help=t("roster.cli.day_help"))
    subst.add_argument("--reason", required=True, help=t("roster.cli.reason_help"))
    subst.set_defaults(handler=run_substitute)

    swap = actions.add_parser("swap", help=t("roster.cli.swap_help"))
    swap.add_argument("--official", required=True, help=t("roster.cli.official_help"))
    swap.add_argument("--date", default=None, help=t("roster.cli.day_help"))
    swap.add_argument("--with", dest="other", required=True, help=t("roster.cli.with_help"))
    swap.add_argument("--other-date", default=None, help=t("roster.cli.other_date_help"))
    swap.set_defaults(handler=run_swap)

    add_settings_commands(actions)


def _day(text: str) -> dt.date:
    return parse_date(text, field="date", label=t("field.date"))


def parse_time(text: str) -> dt.time:
    """``8:55`` / ``08:55`` / ``8点55`` → a time; a clear message otherwise."""
    value = text.strip().replace("：", ":").replace("点", ":").rstrip("分")
    try:
        hour, minute = (int(x) for x in value.split(":"))
        return dt.time(hour, minute)
    except ValueError:
        raise ValidationError(t("roster.cli.bad_time", text=text), field="time") from None


def run_generate(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.roster.duty import generate

    result = generate(runtime.context(), _day(args.start), _day(args.end), force=args.force)
    if args.json:
        print_json(result)
        return 0
    console.print(t("roster.cli.generated", **{k: getattr(result, k) for k in
                    ("start", "end", "created", "kept", "removed", "cancelled", "moved")}))  # fmt: skip
    for year in result.unknown_years:
        console.print(t("calendar.year_unknown", year=year))
    return 0


def cell_text(entries: tuple) -> str:  # type: ignore[type-arg]
    """A grid cell: who is on duty, or 取消 / 顺延, with the signed count."""
    parts = []
    for e in entries:
        if e.status == "取消":
            parts.append(t("roster.cell.cancelled"))
            continue
        names = "、".join(x.official for x in e.lines if not x.absent)
        shift = "" if e.shift == "全天" else f"{e.shift[0]}:"
        moved = t("roster.cell.moved") if e.status == "顺延" else ""
        parts.append(f"{moved}{shift}{names} {e.signed}/{e.expected}")
    return "\n".join(parts)


def run_show(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.roster.view import month_grid

    year, month = parse_month(args.month)
    grid = month_grid(runtime.context(), year, month)
    if args.json:
        print_json({
            "year": year, "month": month, "dates": grid.dates,
            "villages": [
                {"village": name, "days": [e for d in grid.dates for e in grid.cells.get((vid, d), ())]}
                for vid, name in grid.villages
            ],
        })  # fmt: skip
        return 0
    if not grid.dates:
        console.print(t("roster.cli.none", y=year, m=month))
        return 0
    table = Table(title=t("roster.cli.title", y=year, m=month))
    table.add_column(t("field.village"))
    for d in grid.dates:
        table.add_column(f"{d.month}-{d.day}")
    for vid, name in grid.villages:
        table.add_row(name, *(cell_text(grid.cells.get((vid, d), ())) for d in grid.dates))
    console.print(table)
    return 0


def run_signin(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.roster.duty import sign_in

    ctx = runtime.context()
    day = _day(args.date) if args.date else ctx.today()
    at = parse_time(args.time) if args.time else None
    moment = sign_in(ctx, args.official, day, at)
    console.print(
        t("roster.cli.signed", name=args.official.strip(), at=moment.strftime("%Y-%m-%d %H:%M"))
    )
    return 0


def _date_or_today(text: str | None, runtime: Runtime) -> tuple[dt.date, object]:
    ctx = runtime.context()
    return (_day(text) if text else ctx.today()), ctx


def run_absent(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.roster.duty import mark_absent

    day, ctx = _date_or_today(args.date, runtime)
    mark_absent(ctx, args.official, day, args.reason)  # type: ignore[arg-type]
    console.print(t("roster.cli.absent_done", name=args.official.strip(), date=day))
    return 0


def run_withdraw(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.roster.duty import withdraw_absence

    day, ctx = _date_or_today(args.date, runtime)
    withdraw_absence(ctx, args.official, day)  # type: ignore[arg-type]
    console.print(t("roster.cli.withdraw_done", name=args.official.strip(), date=day))
    return 0


def run_substitute(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.roster.duty import substitute

    day, ctx = _date_or_today(args.date, runtime)
    substitute(ctx, args.official, day, args.by, args.reason)  # type: ignore[arg-type]
    console.print(
        t("roster.cli.substitute_done", name=args.official.strip(), by=args.by.strip(), date=day)
    )
    return 0


def run_swap(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.roster.duty import swap

    day, ctx = _date_or_today(args.date, runtime)
    other_day = _day(args.other_date) if args.other_date else day
    swap(ctx, args.official, day, args.other, other_day)  # type: ignore[arg-type]
    console.print(
        t(
            "roster.cli.swap_done",
            a=args.official.strip(),
            da=day,
            b=args.other.strip(),
            db=other_day,
        )
    )
    return 0
