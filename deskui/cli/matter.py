"""``deskui matter …``: matter cards (代办事项受理卡) from the command line.

``new`` accepts a matter, ``show`` prints a card and its timeline, ``step``
records one step of the loop (转办 督办 催办 进展 延期 办结 签字确认 回访 重办
销号), ``list`` lists matters with overdue rows in red and those due today
flagged. Dates are parsed by the domain, so a wrong one is one Chinese line
and exit code 2.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table
from rich.text import Text

from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.errors import ValidationError
from deskui.domain.matter_flow import State
from deskui.i18n import t

_URGENCY_STYLE = {"overdue": "bold red", "due_today": "bold yellow"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("matter", help=t("matter.help"), description=t("matter.help"))
    actions = p.add_subparsers(
        dest="matter_command", metavar=t("matter.command_metavar"), required=True
    )

    new = actions.add_parser("new", help=t("matter.new_help"), description=t("matter.new_help"))
    new.add_argument("--village", required=True, help=t("matter.arg_village"))
    new.add_argument("--name", required=True, help=t("matter.arg_name"))
    new.add_argument("--phone", default="", help=t("matter.arg_phone"))
    new.add_argument("--id-number", default="", help=t("matter.arg_id_number"))
    new.add_argument("--group", default=None, help=t("matter.arg_group"))
    new.add_argument("--content", required=True, help=t("matter.arg_content"))
    new.add_argument("--level", required=True, help=t("matter.arg_level"))
    new.add_argument("--promised", default=None, help=t("matter.arg_promised"))
    new.add_argument("--category", default="", help=t("matter.arg_category"))
    new.add_argument("--date", default=None, help=t("matter.arg_date"))
    new.add_argument("--official", default=None, help=t("matter.arg_official"))
    new.add_argument("--origin", default="", help=t("matter.arg_origin"))
    new.add_argument("--json", action="store_true", help=t("cli.json_help"))
    new.set_defaults(handler=run_new)

    show = actions.add_parser("show", help=t("matter.show_help"), description=t("matter.show_help"))
    show.add_argument("number", metavar="NUMBER", help=t("matter.arg_number"))
    show.add_argument("--json", action="store_true", help=t("cli.json_help"))
    show.set_defaults(handler=run_show)

    step = actions.add_parser("step", help=t("matter.step_help"), description=t("matter.step_help"))
    step.add_argument("number", metavar="NUMBER", help=t("matter.arg_number"))
    step.add_argument("kind", metavar="KIND", help=t("matter.arg_kind"))
    step.add_argument("--note", default="", help=t("matter.arg_note"))
    step.add_argument("--to", default="", help=t("matter.arg_to"))
    step.add_argument("--date", default=None, help=t("matter.arg_date"))
    step.add_argument("--satisfaction", default=None, help=t("matter.arg_satisfaction"))
    step.add_argument("--new-due", dest="new_due", default=None, help=t("matter.arg_new_due"))
    step.add_argument("--json", action="store_true", help=t("cli.json_help"))
    step.set_defaults(handler=run_step)

    ls = actions.add_parser("list", help=t("matter.list_help"), description=t("matter.list_help"))
    ls.add_argument("--overdue", action="store_true", help=t("matter.arg_overdue"))
    ls.add_argument("--village", default=None, help=t("matter.arg_village"))
    ls.add_argument("--state", default=None, help=t("matter.arg_state"))
    ls.add_argument("--json", action="store_true", help=t("cli.json_help"))
    ls.set_defaults(handler=run_list)

    rules = actions.add_parser(
        "rules", help=t("matter.rules_help"), description=t("matter.rules_help")
    )
    rules.add_argument("--sign-before-visit", default=None, help=t("matter.arg_sign_before_visit"))
    rules.add_argument(
        "--visit-before-close", default=None, help=t("matter.arg_visit_before_close")
    )
    rules.add_argument("--json", action="store_true", help=t("cli.json_help"))
    rules.set_defaults(handler=run_rules)


def _d(value: Any) -> str:
    return value.isoformat() if value else t("common.dash")


def _place(village: str, group_no: int | None) -> str:
    return village + (t("matter.group", group=group_no) if group_no else "")


def _print_card(card: Any) -> None:
    table = Table(title=t("matter.card_title", number=card.number), show_header=False)
    table.add_column(style="bold")
    table.add_column()
    style = _URGENCY_STYLE.get(card.urgency, "")
    mark = t("deadline.provisional_mark") if card.due_provisional else ""
    due = f"{_d(card.due_on)}{mark}  {card.urgency_label}"
    visit = (
        t(
            "matter.visit_line",
            on=_d(card.return_visit_on),
            visitor=card.return_visitor,
            satisfaction=card.satisfaction,
        )
        if card.return_visit_on
        else t("common.dash")
    )
    rows = [
        *(
            [(t("matter.label_original_number"), card.original_number)]
            if card.original_number
            else []
        ),
        (t("matter.col_state"), card.state),
        (t("matter.col_applicant"), card.applicant),
        (t("matter.label_id_number"), card.id_number or t("common.dash")),
        (t("matter.label_phone"), card.phone or t("common.dash")),
        (t("matter.col_village"), _place(card.village, card.group_no)),
        (t("matter.col_content"), card.content),
        (t("matter.label_category"), card.category or t("common.dash")),
        (t("matter.label_origin"), card.origin),
        (t("matter.col_level"), card.level or t("common.dash")),
        (t("matter.col_accepted"), _d(card.accepted_on)),
        (t("matter.col_due"), Text(due, style=style)),
        (t("matter.label_first_receiver"), card.first_receiver),
        (
            t("matter.label_handler"),
            " / ".join(x for x in (card.handler_unit, card.handler) if x) or t("common.dash"),
        ),
        (t("matter.label_leader"), card.leader or t("common.dash")),
        (t("matter.label_progress"), card.progress or t("common.dash")),
        (t("matter.label_result"), card.result or t("common.dash")),
        (t("matter.label_finished"), _d(card.finished_on)),
        (
            t("matter.label_signed"),
            t("matter.signed_on", on=_d(card.signed_on)) if card.signed else t("matter.not_signed"),
        ),
        (t("matter.label_return_visit"), visit),
        (t("matter.label_closed"), _d(card.closed_on)),
        (
            t("matter.label_extensions"),
            t("matter.counts", extensions=card.extensions, reopened=card.reopened),
        ),
    ]
    if card.refused_reason:
        rows.append((t("matter.label_refused"), card.refused_reason))
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)
    events = Table(title=t("matter.events_title"))
    for key in ("kind", "on", "at", "operator", "to", "note"):
        events.add_column(t(f"matter.col_{key}"))
    for e in card.events:
        target = e.to_whom or e.official or ""
        if e.satisfaction:
            target = f"{target} {e.satisfaction}".strip()
        if e.new_due:
            target = f"{target} → {e.new_due.isoformat()}".strip()
        cells = (e.kind, _d(e.on), e.at.strftime("%Y-%m-%d %H:%M"), e.operator, target, e.note)
        events.add_row(*cells)
    console.print(events)


def run_new(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.matters.cards import open_matter

    card = open_matter(
        runtime.context(),
        village=args.village,
        name=args.name,
        phone=args.phone,
        id_number=args.id_number,
        group_no=args.group,
        content=args.content,
        level=args.level,
        origin=args.origin,
        promised_on=args.promised,
        category=args.category,
        accepted_on=args.date,
        first_receiver=args.official,
    )
    if args.json:
        print_json(card)
        return 0
    console.print(
        t(
            "matter.opened",
            number=card.number,
            applicant=card.applicant,
            due=_d(card.due_on),
            receiver=card.first_receiver,
        )
    )
    return 0


def run_show(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.matters.card_view import get_matter

    card = get_matter(runtime.context(), args.number)
    if args.json:
        print_json(card)
    else:
        _print_card(card)
    return 0


def run_step(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.matters.cards import step

    card = step(
        runtime.context(),
        args.number,
        args.kind,
        note=args.note,
        to=args.to,
        on=args.date,
        satisfaction=args.satisfaction,
        new_due=args.new_due,
    )
    if args.json:
        print_json(card)
        return 0
    console.print(t("matter.stepped", number=card.number, kind=args.kind.strip(), state=card.state))
    return 0


LIST_LIMIT = 200


def _filter(args: argparse.Namespace, ctx: Any) -> Any:
    """The tab's filter from the CLI's flags: every state unless ``--state``
    names one (or 未办结 / 全部), one village, overdue only."""
    from deskui.services.matters.lists import STATE_ALL, STATE_OPEN, MatterFilter
    from deskui.services.town.towns import find_village

    text = (args.state or "").strip()
    state = (
        text
        if text in (STATE_ALL, STATE_OPEN)
        else (State.parse(text).value if text else STATE_ALL)
    )
    village = find_village(ctx, args.village).id if args.village else None
    return MatterFilter(state=state, village_id=village, overdue=args.overdue)


def _urgency_label(row: Any) -> str:
    from deskui.domain.deadlines import DONE, Urgency

    if row.urgency == DONE:
        return t("urgency.done") if row.state == State.FINISHED.value else str(row.state)
    if row.urgency in ("overdue", "due_today", "ok"):
        return Urgency(row.urgency, row.days).label
    return t("common.dash")  # open without a due date


def _json_row(row: Any) -> dict[str, Any]:
    return {
        "number": row.number,
        "state": row.state,
        "village": row.village,
        "group_no": row.group_no,
        "applicant": row.applicant,
        "content": row.content,
        "level": row.level,
        "accepted_on": row.accepted_on,
        "due_on": row.due_on,
        "due_provisional": row.due_provisional,
        "first_receiver": row.first_receiver,
        "handler": row.handler,
        "urgency": row.urgency,
        "urgency_days": row.days,
        "urgency_label": _urgency_label(row),
    }


def run_list(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.matters.lists import list_matters_page

    ctx = runtime.context()
    rows = list_matters_page(ctx, _filter(args, ctx), limit=LIST_LIMIT)
    if args.json:
        print_json([_json_row(r) for r in rows])
        return 0
    if not rows:
        console.print(t("matter.none"))
        return 0
    table = Table(title=t("matter.list_title", today=ctx.today().isoformat(), count=len(rows)))
    for key in (
        "number",
        "village",
        "applicant",
        "content",
        "level",
        "state",
        "accepted",
        "due",
        "urgency",
        "handler",
    ):
        table.add_column(t(f"matter.col_{key}"))
    for r in rows:
        cells = (
            r.number,
            _place(r.village, r.group_no),
            r.applicant,
            r.content,
            r.level or t("common.dash"),
            r.state,
            _d(r.accepted_on),
            _d(r.due_on) + ("*" if r.due_provisional else ""),
            _urgency_label(r),
            r.handler or r.first_receiver or t("common.dash"),
        )
        table.add_row(*cells, style=_URGENCY_STYLE.get(r.urgency))
    console.print(table)
    if len(rows) == LIST_LIMIT:
        console.print(t("matter.list_more", limit=LIST_LIMIT))
    return 0


def _yes_no(text: str | None, field: str) -> bool | None:
    if text is None:
        return None
    value = text.strip()
    if value in ("是", "要", "yes", "1"):
        return True
    if value in ("否", "不", "no", "0"):
        return False
    raise ValidationError(t("matter.bad_yes_no", text=value), field=field)


def run_rules(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.settings import loop_rules, update_loop_rules

    ctx = runtime.context()
    sign = _yes_no(args.sign_before_visit, "sign_before_visit")
    visit = _yes_no(args.visit_before_close, "require_return_visit")
    if sign is None and visit is None:
        rules = loop_rules(ctx)
    else:
        rules = update_loop_rules(ctx, sign_before_visit=sign, require_return_visit=visit)
    if args.json:
        print_json(rules)
        return 0
    yes, no = t("matter.rules_yes"), t("matter.rules_no")
    console.print(
        t(
            "matter.rules_shown",
            sign=yes if rules.sign_before_visit else no,
            visit=yes if rules.require_return_visit else no,
        )
    )
    return 0
