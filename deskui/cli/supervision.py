"""``deskui supervision issue --meeting DATE [--matter N …]``: the Monday
joint meeting issues its 督办单 (a write, audited, the 督办 step recorded on
each matter). ``deskui export supervision --date D`` then prints them; the
export itself never writes."""

from __future__ import annotations

import argparse

from deskui.cli.runtime import Runtime, console, print_json
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("supervision", help=t("supcli.help"), description=t("supcli.help"))
    actions = p.add_subparsers(
        dest="supervision_command", metavar=t("supcli.command_metavar"), required=True
    )
    issue = actions.add_parser(
        "issue", help=t("supcli.issue_help"), description=t("supcli.issue_help")
    )
    issue.add_argument("--meeting", required=True, metavar="YYYY-MM-DD",
                       help=t("supcli.arg_meeting"))  # fmt: skip
    issue.add_argument("--matter", action="append", default=[], metavar="NUMBER",
                       help=t("supcli.arg_matter"))  # fmt: skip
    issue.add_argument("--requirements", default="", help=t("supcli.arg_requirements"))
    issue.add_argument("--json", action="store_true", help=t("cli.json_help"))
    issue.set_defaults(handler=run_issue)


def run_issue(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.dates import parse_date
    from deskui.services.matters.supervision import issue_orders, orders_of_day

    day = parse_date(args.meeting, field="meeting", label=t("supcli.meeting_label"))
    ctx = runtime.context()
    agenda = issue_orders(ctx, day, numbers=args.matter, requirements=args.requirements)
    made = set(agenda.issued)
    orders = [o for o in orders_of_day(ctx, day) if o.number in made]
    if args.json:
        print_json({"meeting_day": day, "issued": orders})
        return 0
    if not orders:
        ordered = sum(1 for i in agenda.items if i.order_number)
        console.print(t("supcli.nothing", day=day.isoformat(), items=len(agenda.items),
                        ordered=ordered))  # fmt: skip
        return 0
    console.print(t("supcli.issued", day=day.isoformat(), n=len(orders)))
    for o in orders:
        line = t("supcli.line", order=o.number, matter=o.matter_number, unit=o.lead_unit,
                 responsible=o.responsible, deadline=o.deadline.isoformat())  # fmt: skip
        console.print(line)
    console.print(t("supcli.export_hint", day=day.isoformat()))
    return 0
