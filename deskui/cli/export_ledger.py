"""``deskui export ledger`` and ``deskui export stats``: the monthly ledger
(服务群众销号台账) and the month's statistics (驻村服务日工作月统计表)."""

from __future__ import annotations

import argparse

from deskui.cli.export import add_out, out_path, report_saved
from deskui.cli.runtime import Runtime
from deskui.i18n import t


def _month_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help=t("statscli.month_help"))
    parser.add_argument(
        "--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("statscli.as_of_help")
    )
    add_out(parser)


def register_export(forms: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ledger = forms.add_parser("ledger", help=t("ledgercli.help"), description=t("ledgercli.help"))
    _month_args(ledger)
    ledger.add_argument("--village", metavar=t("field.village"), help=t("ledgercli.village_help"))
    ledger.set_defaults(handler=_ledger)
    stats = forms.add_parser(
        "stats", help=t("statscli.export_help"), description=t("statscli.export_help")
    )
    _month_args(stats)
    stats.set_defaults(handler=_stats)


def _ledger(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.ledger import default_name, write_ledger

    ctx = runtime.context()
    path = out_path(args, runtime, default_name(ctx, args.month, args.village))
    saved = write_ledger(ctx, path, args.month, village=args.village, as_of=args.as_of)
    return report_saved(saved.path)


def _stats(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.stats import default_name, write_stats

    ctx = runtime.context()
    path = out_path(args, runtime, default_name(ctx, args.month))
    saved = write_stats(ctx, path, args.month, as_of=args.as_of)
    return report_saved(saved.path)
