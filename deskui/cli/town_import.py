"""Printing an import summary of the town's records (officials' roll, legacy
matter ledger) and saving its rejects workbook beside the input."""

from __future__ import annotations

from pathlib import Path

from deskui.cli.runtime import EXIT_USAGE, console, err_console, print_json
from deskui.i18n import t
from deskui.services.import_summary import ImportSummary


def print_summary(summary: ImportSummary, source: Path, *, json_out: bool) -> int:
    from deskui.exports.import_rejects import rejects_path, write_refusals

    saved = write_refusals(source, summary) if summary.refused else None
    if not summary.refused and rejects_path(source).exists():
        rejects_path(source).unlink()
    if json_out:
        print_json({"summary": summary, "rejects": str(saved) if saved else None})
        return EXIT_USAGE if summary.refused else 0
    for sheet in summary.sheets:
        console.print(t("townimp.sheet", name=sheet.name, rows=sheet.rows, refused=sheet.refused))
    key = "townimp.dry_run" if summary.dry_run else "townimp.done"
    console.print(
        t(
            key,
            new=summary.new,
            changed=summary.changed,
            unchanged=summary.unchanged,
            refused=len(summary.refused),
        )
    )
    for w in summary.warnings:
        console.print(t("townimp.warning", text=w), soft_wrap=True)
    for r in summary.refused[:10]:  # the reasons go to standard error
        err_console.print(
            t(
                "townimp.refusal",
                sheet=r.sheet,
                row=r.row,
                column=r.column or "—",
                value=r.value,
                reason=r.reason,
            ),
            soft_wrap=True,
        )
    if saved:
        err_console.print(t("townimp.rejects_saved", path=str(saved)))
        return EXIT_USAGE
    return 0
