"""``deskui import households FILE [--dry-run]`` with a progress bar, and
``deskui export households [--village V] [--blocks]`` /
``deskui export contacts --month YYYY-MM``."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from deskui.cli.export import add_out, out_path, report_saved
from deskui.cli.runtime import EXIT_USAGE, Runtime, console, err_console
from deskui.domain.dates import parse_date, parse_month
from deskui.i18n import t

REFUSALS_SHOWN = 10  # refused rows listed on the terminal; all of them go to the rejects workbook


def register_import(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = kinds.add_parser(
        "households", help=t("archive.cli.import_help"), description=t("archive.cli.import_help")
    )
    p.add_argument("file", metavar=t("archive.cli.file_metavar"), help=t("archive.cli.file_help"))
    p.add_argument("--dry-run", action="store_true", help=t("archive.cli.dry_run_help"))
    p.set_defaults(handler=run_import)


def register_export(forms: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = forms.add_parser(
        "households", help=t("archive.cli.export_help"), description=t("archive.cli.export_help")
    )
    p.add_argument("--village", default=None, help=t("archive.cli.village_help"))
    p.add_argument("--blocks", action="store_true", help=t("archive.cli.blocks_help"))
    add_out(p)
    p.set_defaults(handler=run_export)
    c = forms.add_parser(
        "contacts", help=t("archive.cli.contacts_help"), description=t("archive.cli.contacts_help")
    )
    c.add_argument("--month", required=True, help=t("archive.cli.month_help"))
    c.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("archive.cli.as_of_help"))
    add_out(c)
    c.set_defaults(handler=run_contacts)


def run_import(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.households import import_roll, import_summary

    # a missing file or one that is not .xlsx/.csv: the service's message (read_table)
    path = Path(args.file).expanduser()
    ctx = runtime.context()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(t("archive.cli.progress"), total=None)
        result, rejects = import_roll(
            ctx,
            path,
            dry_run=args.dry_run,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    lines = import_summary(result, rejects)
    console.print(lines[0])
    if not result.rejects:
        return 0
    # 0 when every row went in; 2 when any was refused, the reasons on stderr
    for r in result.rejects[:REFUSALS_SHOWN]:
        err_console.print(t("archive.cli.refusal", row=r.row, reason=r.reason), soft_wrap=True)
    more = len(result.rejects) - REFUSALS_SHOWN
    if more > 0:
        err_console.print(t("archive.cli.refusals_more", shown=REFUSALS_SHOWN, more=more))
    for line in lines[1:]:
        err_console.print(line)
    return EXIT_USAGE


def run_export(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.files import day_text, file_name, town_of
    from deskui.exports.households import export_roll, export_village_blocks
    from deskui.services.audit import log_export
    from deskui.services.town.towns import find_village

    ctx = runtime.context()
    village = find_village(ctx, args.village) if args.village else None
    vname = village.name if village else ""
    today = day_text(ctx.today())
    if args.blocks:
        path = out_path(args, runtime, file_name("blocks", town_of(ctx), today, vname))
        saved = export_village_blocks(ctx, path, args.village)
        log_export(ctx, t("archive.cli.blocks_form"), saved)
        return report_saved(saved)
    path = out_path(args, runtime, file_name("roll", town_of(ctx), today, vname))
    saved = export_roll(ctx, path, village_id=village.id if village else None, village=vname)
    log_export(ctx, t("archive.cli.roll_form"), saved)
    return report_saved(saved)


def run_contacts(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.exports.contacts import export_contacts

    year, month = parse_month(args.month)
    as_of = (
        parse_date(args.as_of, field="as_of", label=t("archive.cli.as_of_label"))
        if args.as_of
        else None
    )
    from deskui.exports.files import file_name, month_text, town_of

    ctx = runtime.context()
    path = out_path(args, runtime, file_name("contacts", town_of(ctx), month_text(year, month)))
    return report_saved(export_contacts(ctx, path, year, month, as_of=as_of))
