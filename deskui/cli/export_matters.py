"""``deskui export cards|supervision|matters`` and ``deskui import matters``.

- ``cards --matter NUMBER`` (repeatable) or ``--date D``: 代办事项受理卡, one a
  page, ``--receipt`` adds the villager's receipt below a cut line;
- ``supervision --date D``: the 督办单 issued at that Monday meeting (issuing is
  ``deskui supervision issue``; this only reads), a list sheet and one order a page;
- ``matters [--month M]``: the flat ledger, one row a matter;
- ``import matters FILE [--dry-run]``: the flat ledger back (.xlsx or .csv);
  bad rows go to a rejects workbook beside the file, with reasons.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from deskui.cli.export import add_out, out_path, report_saved
from deskui.cli.runtime import EXIT_USAGE, Runtime, console, err_console
from deskui.domain.dates import parse_date, parse_month
from deskui.exports.files import day_text, file_name, month_text, town_of
from deskui.i18n import t


def register_export(forms: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cards = forms.add_parser(
        "cards", help=t("mio.cli.cards_help"), description=t("mio.cli.cards_help")
    )
    cards.add_argument("--matter", action="append", default=[], metavar="NUMBER",
                       help=t("mio.cli.arg_matter"))  # fmt: skip
    cards.add_argument("--date", default=None, help=t("mio.cli.arg_card_date"))
    cards.add_argument("--receipt", action="store_true", help=t("mio.cli.arg_receipt"))
    cards.add_argument("--two-up", dest="two_up", action="store_true",
                       help=t("mio.cli.arg_two_up"))  # fmt: skip
    add_out(cards)
    cards.set_defaults(handler=run_cards)

    sup = forms.add_parser("supervision", help=t("mio.cli.supervision_help"),
                           description=t("mio.cli.supervision_help"))  # fmt: skip
    sup.add_argument("--date", required=True, help=t("mio.cli.arg_meeting_date"))
    add_out(sup)
    sup.set_defaults(handler=run_supervision)

    flat = forms.add_parser(
        "matters", help=t("mio.cli.matters_help"), description=t("mio.cli.matters_help")
    )
    flat.add_argument("--month", default=None, help=t("mio.cli.arg_month"))
    add_out(flat)
    flat.set_defaults(handler=run_flat)


def register_import(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imp = kinds.add_parser(
        "matters", help=t("mio.cli.import_help"), description=t("mio.cli.import_help")
    )
    imp.add_argument("file", metavar=t("mio.cli.file_metavar"), help=t("mio.cli.arg_file"))
    imp.add_argument(
        "--dry-run", dest="dry_run", action="store_true", help=t("mio.cli.arg_dry_run")
    )
    imp.add_argument("--legacy", action="store_true", help=t("legacy.flag_help"))
    imp.set_defaults(handler=run_import)


def _date(text: str, label_key: str):  # type: ignore[no-untyped-def]
    return parse_date(text, field="date", label=t(label_key))


def run_cards(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.cards import write_cards
    from deskui.services.audit import log_export

    if not args.matter and not args.date:
        console.print(t("mio.cli.cards_what"))
        return EXIT_USAGE
    day = _date(args.date, "mio.cli.card_date_label") if args.date else None
    ctx = runtime.context()
    one = args.matter[0] if len(args.matter) == 1 and day is None else None
    name = file_name("cards", town_of(ctx), day_text(day or ctx.today()), one)
    path = out_path(args, runtime, name)
    saved, count = write_cards(
        ctx, path, numbers=args.matter, day=day, receipt=args.receipt, two_up=args.two_up
    )
    log_export(ctx, t("mio.cli.cards_form"), saved)  # the applicants' ID numbers
    console.print(t("mio.cli.cards_count", n=count))
    return report_saved(saved)


def run_supervision(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.supervision import write_supervision

    day = _date(args.date, "mio.cli.meeting_date_label")
    ctx = runtime.context()
    path = out_path(args, runtime, file_name("supervision", town_of(ctx), day_text(day)))
    return report_saved(write_supervision(ctx, day, path))


def run_flat(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.matters_flat import write_matters_flat

    month = parse_month(args.month) if args.month else None
    ctx = runtime.context()
    span = month_text(*month) if month else t("mio.all")
    path = out_path(args, runtime, file_name("matters", town_of(ctx), span))
    saved, count = write_matters_flat(ctx, path, month)
    console.print(t("mio.cli.matters_count", n=count))
    return report_saved(saved)


def run_import(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.import_rejects import rejects_path
    from deskui.exports.matters_flat import write_rejects
    from deskui.services.matters.flat import import_rows, read_ledger

    source = Path(args.file).expanduser()
    from deskui.cli.legacy_ledger import run_legacy, wants_legacy

    if wants_legacy(args, source):
        return run_legacy(args, runtime, source)
    rows = read_ledger(source)
    ctx = runtime.context()
    report = import_rows(ctx, rows, dry_run=args.dry_run)
    key = "mio.cli.dry_run_report" if report.dry_run else "mio.cli.import_report"
    console.print(t(key, total=report.total, created=report.created, existing=report.existing,
                    rejected=len(report.problems)))  # fmt: skip
    if report.problems:
        saved = write_rejects(source, report.problems)
        for p in report.problems[:10]:
            err_console.print(t("mio.cli.problem", row=p.row, reason=p.reason), soft_wrap=True)
        err_console.print(t("mio.cli.rejects_saved", path=str(saved)))
        return EXIT_USAGE
    stale = rejects_path(source)
    if stale.exists():
        stale.unlink()
    return 0
