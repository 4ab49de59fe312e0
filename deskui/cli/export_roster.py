"""``deskui export roster --month YYYY-MM`` and ``deskui export contact-cards``."""

from __future__ import annotations

import argparse

from deskui.cli.export import add_out, out_path, report_saved
from deskui.cli.runtime import Runtime
from deskui.domain.dates import parse_month
from deskui.exports.files import day_text, file_name, month_text, town_of
from deskui.i18n import t


def register_export(forms: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    roster = forms.add_parser(
        "roster", help=t("roster.export.help"), description=t("roster.export.help")
    )
    roster.add_argument("--month", required=True, help=t("roster.cli.month_help"))
    form = roster.add_mutually_exclusive_group()
    form.add_argument("--list", action="store_true", help=t("roster.export.list_help"))
    form.add_argument("--notices", action="store_true", help=t("roster.export.notices_help"))
    roster.add_argument("--village", help=t("roster.export.village_help"))
    add_out(roster)
    roster.set_defaults(handler=run_roster)
    cards = forms.add_parser(
        "contact-cards", help=t("contact.export.help"), description=t("contact.export.help")
    )
    add_out(cards)
    cards.set_defaults(handler=run_cards)


def run_roster(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports import roster

    year, month = parse_month(args.month)
    ctx = runtime.context()
    town, period = town_of(ctx), month_text(year, month)
    if args.notices:
        name = file_name("notices", town, period, args.village)
        path = out_path(args, runtime, name)
        return report_saved(roster.write_roster_notices(ctx, year, month, path, args.village))
    if args.list:
        path = out_path(args, runtime, file_name("roster_list", town, period))
        return report_saved(roster.write_roster_list(ctx, year, month, path))
    path = out_path(args, runtime, file_name("roster", town, period))
    return report_saved(roster.write_roster(ctx, year, month, path))


def run_cards(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.contact_cards import write_contact_cards

    ctx = runtime.context()
    path = out_path(args, runtime, file_name("contact_cards", town_of(ctx), day_text(ctx.today())))
    return report_saved(write_contact_cards(ctx, path))
