"""``deskui visit …``: the visitor queue from the command line.

``add`` registers a visitor and prints the ticket, ``list`` shows a day's
queue with its figures, ``call`` calls the next waiting visitor of a village,
``done`` records the outcome of a visit (by its 编号, or by its ticket number
with ``--village``).
"""

from __future__ import annotations

import argparse
import datetime as dt

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.errors import ValidationError
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("visit", help=t("queue.cli.help"), description=t("queue.cli.help"))
    actions = p.add_subparsers(
        dest="visit_command", metavar=t("queue.cli.command_metavar"), required=True
    )

    add = actions.add_parser(
        "add", help=t("queue.cli.add_help"), description=t("queue.cli.add_help")
    )
    add.add_argument("--village", required=True, help=t("queue.cli.village_help"))
    add.add_argument("--name", required=True, help=t("queue.cli.name_help"))
    add.add_argument("--phone", default="", help=t("queue.cli.phone_help"))
    add.add_argument("--reason", required=True, help=t("queue.cli.reason_help"))
    add.add_argument("--group", default=None, help=t("queue.cli.group_help"))
    add.add_argument("--date", default=None, help=t("cli.date_help"))
    add.add_argument("--desk", default=None, help=t("queue.cli.desk_help"))
    add.add_argument("--json", action="store_true", help=t("cli.json_help"))
    add.set_defaults(handler=run_add)

    ls = actions.add_parser(
        "list", help=t("queue.cli.list_help"), description=t("queue.cli.list_help")
    )
    ls.add_argument("--date", default=None, help=t("cli.date_help"))
    ls.add_argument("--village", default=None, help=t("queue.cli.village_help"))
    ls.add_argument("--json", action="store_true", help=t("cli.json_help"))
    ls.set_defaults(handler=run_list)

    call = actions.add_parser(
        "call", help=t("queue.cli.call_help"), description=t("queue.cli.call_help")
    )
    call.add_argument("--village", required=True, help=t("queue.cli.village_help"))
    call.add_argument("--official", default=None, help=t("queue.cli.official_help"))
    call.add_argument("--desk", default="", help=t("queue.cli.desk_help"))
    call.add_argument("--json", action="store_true", help=t("cli.json_help"))
    call.set_defaults(handler=run_call)

    done = actions.add_parser(
        "done", help=t("queue.cli.done_help"), description=t("queue.cli.done_help")
    )
    done.add_argument("visit_id", metavar="ID", help=t("queue.cli.id_help"))
    done.add_argument("--outcome", required=True, help=t("queue.cli.outcome_help"))
    done.add_argument("--note", default="", help=t("queue.cli.note_help"))
    done.add_argument("--parties", default="", help=t("queue.cli.parties_help"))
    done.add_argument("--result", default="", help=t("queue.cli.result_help"))
    done.add_argument("--village", default=None, help=t("queue.cli.done_village_help"))
    done.add_argument("--date", default=None, help=t("cli.date_help"))
    done.add_argument("--json", action="store_true", help=t("cli.json_help"))
    done.set_defaults(handler=run_done)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    from deskui.domain.dates import parse_date

    return parse_date(text, field="date", label=t("queue.cli.date_label"))


def _positive(text: str) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or int(value) <= 0:
        raise ValidationError(t("queue.cli.bad_id", value=text), field="visit")
    return int(value)


def _hhmm(value: dt.datetime | None) -> str:
    return value.strftime("%H:%M") if value else t("common.dash")


def run_add(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.queue.rows import ticket_line
    from deskui.services.queue.visits import register_visit

    day = _date(args.date)
    ctx = runtime.context()
    ticket = register_visit(
        ctx,
        village=args.village,
        name=args.name,
        reason=args.reason,
        phone=args.phone,
        group_no=args.group,
        day=day,
        desk=args.desk,
    )
    if args.json:
        print_json(ticket)
    else:
        console.print(ticket_line(ticket), markup=False)
    return 0


def run_list(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.queue.rows import day_figures, list_day

    ctx = runtime.context()
    day = _date(args.date) or ctx.today()
    rows = list_day(ctx, day, args.village)
    figures = day_figures(ctx, day, args.village)
    if args.json:
        print_json({"date": day, "visits": rows, "figures": figures})
        return 0
    if not rows:
        console.print(t("queue.cli.none", day=day.isoformat()))
        return 0
    table = Table(title=t("queue.cli.title", day=day.isoformat()))
    columns = ("id", "village", "ticket", "name", "group", "reason", "status", "official")
    for key in (*columns, "arrived", "wait", "outcome"):
        table.add_column(t(f"queue.cli.col_{key}"))
    dash = t("common.dash")
    for r in rows:
        table.add_row(
            str(r.id),
            r.village,
            str(r.ticket),
            r.name,
            str(r.group_no) if r.group_no else dash,
            r.reason.splitlines()[0] if r.reason else dash,
            r.status,
            r.official or dash,
            _hhmm(r.arrived_at),
            dash if r.wait_minutes is None else str(r.wait_minutes),
            r.outcome or dash,
        )
    console.print(table)
    wait = dash if figures.avg_wait_minutes is None else f"{figures.avg_wait_minutes:g}"
    console.print(t("queue.cli.figures", wait=wait, **_counts(figures)), markup=False)
    return 0


def _counts(figures: object) -> dict[str, int]:
    keys = [
        "registered",
        "waiting",
        "serving",
        "received",
        "answered",
        "matters",
        "disputes",
        "refused",
        "left",
    ]
    return {k: int(getattr(figures, k)) for k in keys}


def run_call(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.queue.visits import call_next

    ctx = runtime.context()
    row = call_next(ctx, village=args.village, official=args.official, desk=args.desk)
    if args.json:
        print_json(row)
        return 0
    if row is None:
        from deskui.services.town.towns import find_village

        console.print(t("queue.nobody_waiting", village=find_village(ctx, args.village).name))
        return 0
    from deskui.services.queue.rows import called_line

    console.print(called_line(row), markup=False)
    return 0


def run_done(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.queue_rules import Outcome, parse_outcome
    from deskui.services.queue.rows import find_visit
    from deskui.services.queue.visits import record_outcome

    number = _positive(args.visit_id)
    outcome = parse_outcome(args.outcome)
    ctx = runtime.context()
    if args.village:
        number = find_visit(ctx, args.village, number, _date(args.date)).id
    row = record_outcome(
        ctx, number, outcome, note=args.note, parties=args.parties, result=args.result
    )
    if args.json:
        print_json(row)
        return 0
    line = t(
        "queue.done_line",
        village=row.village,
        ticket=row.ticket,
        name=row.name,
        outcome=row.outcome,
    )
    console.print(line, markup=False)
    if outcome is Outcome.MATTER:
        console.print(t("queue.matter_hint", id=row.id), markup=False)
    return 0
