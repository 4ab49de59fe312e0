"""The rejects workbook of an import of the town's records: one row a
refusal (sheet, row, column, value, reason), saved beside the input."""

from __future__ import annotations

from pathlib import Path

from deskui.exports.workbook import Column, FormBook
from deskui.i18n import t
from deskui.services.import_summary import ImportSummary


def rejects_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}{t('rejects.suffix')}.xlsx")


def write_refusals(source: Path, summary: ImportSummary) -> Path:
    book = FormBook()
    columns = [
        Column(t("rejects.col_sheet"), 12, "center"),
        Column(t("rejects.col_row"), 6, "int"),
        Column(t("rejects.col_column"), 12, "center"),
        Column(t("rejects.col_value"), 24, "code"),
        Column(t("rejects.col_reason"), 48),
    ]
    sheet = book.sheet(
        t("rejects.sheet"), t("rejects.title", name=source.name), columns, landscape=True
    )
    for r in summary.refused:
        sheet.append([r.sheet, r.row, r.column, r.value, r.reason])
    return book.save(rejects_path(source))
