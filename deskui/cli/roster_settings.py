"""``deskui roster team | settings | village``: a village's fixed team, the
town's service-day settings, a village's place and hours. Without an
option each shows the current state; with options it changes it."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.dates import parse_date
from deskui.domain.errors import ValidationError
from deskui.domain.town_rules import EVERY_OTHER_WEEK, EVERY_WEEK, weekday_label
from deskui.i18n import t

ODD_FLAGS = ("单周", "单周四", "是")


def add_settings_commands(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    team = actions.add_parser("team", help=t("rset.cli.team_help"))
    team.add_argument("--village", required=True, help=t("roster.cli.village_help"))
    team.add_argument(
        "--set", dest="members", action="append", default=None, metavar="姓名:角色[:时段[:单周]]",
        help=t("rset.cli.set_help"),
    )  # fmt: skip
    team.add_argument("--json", action="store_true", help=t("cli.json_help"))
    team.set_defaults(handler=run_team)

    settings = actions.add_parser("settings", help=t("rset.cli.settings_help"))
    settings.add_argument("--weekday", default=None, help=t("rset.cli.weekday_help"))
    settings.add_argument("--second-weekday", default=None, help=t("rset.cli.second_help"))
    settings.add_argument("--parity", default=None, help=t("rset.cli.parity_help"))
    settings.add_argument("--holiday-policy", default=None, help=t("rset.cli.policy_help"))
    settings.add_argument("--json", action="store_true", help=t("cli.json_help"))
    settings.set_defaults(handler=run_settings)

    village = actions.add_parser("village", help=t("rset.cli.village_help"))
    village.add_argument("--village", required=True, help=t("roster.cli.village_help"))
    village.add_argument("--place", default=None, help=t("rset.cli.place_help"))
    village.add_argument("--cadence", default=None, help=t("rset.cli.cadence_help"))
    village.add_argument("--anchor", default=None, help=t("rset.cli.anchor_help"))
    village.add_argument("--shift", default=None, help=t("rset.cli.shift_help"))
    village.add_argument("--am", default=None, help=t("rset.cli.am_help"))
    village.add_argument("--pm", default=None, help=t("rset.cli.pm_help"))
    village.add_argument("--json", action="store_true", help=t("cli.json_help"))
    village.set_defaults(handler=run_village)


def parse_member(text: str) -> Any:
    """``张三:组长:全天`` / ``张三：组长`` / ``刘书记:组长::单周`` → a MemberSpec."""
    from deskui.services.roster.teams import MemberSpec

    parts = [p.strip() for p in text.replace("：", ":").split(":")]
    if len(parts) < 2 or len(parts) > 4 or not parts[0] or not parts[1]:
        raise ValidationError(t("rset.cli.bad_member", text=text), field="members")
    shift = parts[2] if len(parts) > 2 else ""
    flag = parts[3] if len(parts) > 3 else ""
    if flag and flag not in ODD_FLAGS:
        raise ValidationError(t("rset.cli.bad_flag", text=text), field="members")
    return MemberSpec(parts[0], parts[1], shift, bool(flag))


def run_team(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.roster.teams import set_team, team
    from deskui.services.town.towns import find_village

    ctx = runtime.context()
    village = find_village(ctx, args.village).name
    if args.members:
        specs = [parse_member(m) for m in args.members]
        rows = set_team(ctx, village, specs)
        leader = next((r.name for r in rows if r.role == "组长"), "")
        if not args.json:
            console.print(t("rset.cli.team_saved", village=village, n=len(rows), leader=leader))
    else:
        rows = team(ctx, village)
    if args.json:
        print_json(rows)
        return 0
    table = Table(title=t("roster.cli.team_title", village=village))
    for key in ("name", "role", "post", "shift", "phone"):
        table.add_column(t(f"roster.cli.col_{key}"))
    table.add_column(t("rset.cli.col_odd"))
    for r in rows:
        odd = t("rset.tui.yes") if r.odd_week_second_day else ""
        table.add_row(r.name, r.role, r.post, r.shift or t("common.dash"), r.phone, odd)
    console.print(table)
    return 0


def _print_pairs(title: str, pairs: list[tuple[str, str]]) -> None:
    table = Table(title=title)
    table.add_column(t("rset.label.item"))
    table.add_column(t("rset.label.value"))
    for key, value in pairs:
        table.add_row(key, value)
    console.print(table)


def run_settings(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.settings import town_settings, update_town_settings

    ctx = runtime.context()
    fields: dict[str, Any] = {}
    if args.weekday is not None:
        fields["service_weekday"] = args.weekday
    if args.second_weekday is not None:
        fields["second_weekday"] = args.second_weekday
    if args.parity is not None:
        fields["second_week_parity"] = args.parity
    if args.holiday_policy is not None:
        fields["holiday_policy"] = args.holiday_policy
    current = update_town_settings(ctx, **fields) if fields else town_settings(ctx)
    if args.json:
        print_json(current)
        return 0
    if fields:
        console.print(t("rset.cli.settings_saved"))
        console.print(t("rset.unchanged_note"))
    second = weekday_label(current.second_weekday) or t("rset.none")
    parity = (current.second_week_parity or EVERY_WEEK) if current.second_weekday else ""
    _print_pairs(
        t("rset.cli.settings_title"),
        [
            (t("rset.label.weekday"), weekday_label(current.service_weekday)),
            (t("rset.label.second"), second),
            (t("rset.label.parity"), parity or t("common.dash")),
            (t("rset.label.policy"), t(f"rset.policy.{current.holiday_policy}")),
        ],
    )
    return 0


def run_village(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.settings import update_village_settings, village_settings
    from deskui.services.town.towns import find_village

    ctx = runtime.context()
    village = find_village(ctx, args.village).name
    fields: dict[str, Any] = {}
    for option, name in (("place", "office_address"), ("cadence", "cadence_weeks"),
                         ("shift", "shift"), ("am", "am_hours"), ("pm", "pm_hours")):  # fmt: skip
        if getattr(args, option) is not None:
            fields[name] = getattr(args, option)
    if args.anchor is not None:
        fields["cadence_anchor"] = (
            parse_date(args.anchor, field="cadence_anchor", label=t("rset.label.anchor"))
            if args.anchor.strip()
            else None
        )
    current = (
        update_village_settings(ctx, village, **fields)
        if fields
        else village_settings(ctx, village)
    )
    if args.json:
        print_json(current)
        return 0
    if fields:
        console.print(t("rset.cli.village_saved", village=village))
        console.print(t("rset.unchanged_note"))
    cadence = EVERY_WEEK if current.cadence_weeks == 1 else EVERY_OTHER_WEEK
    _print_pairs(
        t("rset.cli.village_title", village=village),
        [
            (t("rset.label.place"), current.office_address or t("common.dash")),
            (t("rset.label.cadence"), cadence),
            (t("rset.label.anchor"), str(current.cadence_anchor or t("common.dash"))),
            (t("rset.label.shift"), current.shift),
            (t("rset.label.am"), current.am_hours),
            (t("rset.label.pm"), current.pm_hours),
        ],
    )
    return 0
