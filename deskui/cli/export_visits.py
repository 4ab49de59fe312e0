"""``deskui export visits``: the day's visitor log (接待登记簿)."""

from __future__ import annotations

import argparse

from deskui.cli.export import add_out, out_path, report_saved
from deskui.cli.runtime import Runtime
from deskui.i18n import t


def register_export(forms: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = forms.add_parser(
        "visits", help=t("visits_export.cli_help"), description=t("visits_export.cli_help")
    )
    p.add_argument("--date", default=None, help=t("visits_export.date_help"))
    p.add_argument("--village", default=None, help=t("visits_export.village_help"))
    add_out(p)
    p.set_defaults(handler=run_visits)


def run_visits(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.dates import parse_date
    from deskui.exports.visits import default_file_name, write_visits_log

    ctx = runtime.context()
    day = (
        parse_date(args.date, field="date", label=t("queue.cli.date_label"))
        if args.date
        else ctx.today()
    )
    village = args.village or None
    path = out_path(args, runtime, default_file_name(ctx, day, village))
    return report_saved(write_visits_log(ctx, path, day=day, village=village))
