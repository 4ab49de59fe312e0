"""The flat matter ledger as a workbook, and reading it (or a CSV) back.

:func:`write_matters_flat` streams one row a matter under the exact headers
of :data:`deskui.services.matter_io.HEADERS`; :func:`read_table` finds the
header row in an .xlsx (title rows above it are skipped) or a .csv (UTF-8
or GBK) and returns ``(row number, {header: value})`` pairs;
:func:`write_rejects` writes the refused rows with their reasons beside the
input file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from deskui.domain.errors import ValidationError
from deskui.domain.text import decode_csv
from deskui.exports.workbook import Column, FormBook
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.matter_io import HEADERS, RowProblem, flat_rows
from deskui.services.towns import town_info

KINDS = {
    "编号": ("code", 13), "登记日期": ("date", 11), "来源": ("center", 9), "村": ("center", 9),
    "组": ("int", 4), "姓名": ("center", 8), "联系电话": ("code", 13), "反映问题": ("text", 28),
    "问题类别": ("center", 10), "办理层级": ("center", 5), "首办责任人": ("center", 8),
    "办结时限": ("date", 11), "办理情况": ("text", 24), "办结日期": ("date", 11),
    "回访日期": ("date", 11), "群众满意度": ("center", 8), "销号日期": ("date", 11),
    "备注": ("text", 14),
}  # fmt: skip
Rows = list[tuple[int, dict[str, Any]]]


def _columns() -> list[Column]:
    return [Column(h, KINDS[h][1], KINDS[h][0]) for h in HEADERS]


def write_matters_flat(
    ctx: ServiceContext, path: Path, month: tuple[int, int] | None = None
) -> tuple[Path, int]:
    """Write the flat ledger (streamed); returns the path and the row count."""
    info = town_info(ctx)
    span = t("mio.month", y=month[0], m=month[1]) if month else t("mio.all")
    book = FormBook(streaming=True)
    sheet = book.sheet(
        t("mio.sheet"),
        t("mio.title", town=info.name if info else "", span=span),
        _columns(),
        landscape=True,
    )
    for row in flat_rows(ctx, month):
        sheet.append(row)
    return book.save(path), sheet.row_count


def _header_index(cells: list[Any]) -> dict[str, int] | None:
    names = [str(c).strip() if c is not None else "" for c in cells]
    if "编号" not in names or "姓名" not in names:
        return None
    missing = [h for h in HEADERS if h not in names]
    if missing:
        raise ValidationError(t("mio.missing_headers", headers="、".join(missing)), field="file")
    return {h: names.index(h) for h in HEADERS}


def _rows_of(lines: list[list[Any]]) -> Rows:
    index: dict[str, int] | None = None
    out: Rows = []
    for number, cells in enumerate(lines, start=1):
        if index is None:
            index = _header_index(cells)
            continue
        if not any(c not in (None, "") for c in cells):
            continue
        out.append((number, {h: cells[i] if i < len(cells) else None for h, i in index.items()}))
    if index is None:
        raise ValidationError(t("mio.no_header"), field="file")
    return out


def read_table(path: Path) -> Rows:
    """The data rows of an .xlsx or .csv ledger, with their row numbers."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(t("mio.no_file", path=str(path)), field="file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = decode_csv(path.read_bytes(), path.name)
        # csv.reader on the whole text: a quoted cell may hold line breaks,
        # which splitting into lines first would tear apart.
        return _rows_of([list(r) for r in csv.reader(io.StringIO(text, newline=""))])
    if suffix != ".xlsx":
        raise ValidationError(t("mio.bad_kind", path=str(path)), field="file")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ValidationError(t("mio.unreadable", path=str(path)), field="file") from None
    try:
        ws = wb.worksheets[0]
        return _rows_of([list(r) for r in ws.iter_rows(values_only=True)])
    finally:
        wb.close()


def rejects_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}{t('mio.rejects_suffix')}.xlsx")


def write_rejects(source: Path, problems: list[RowProblem] | tuple[RowProblem, ...]) -> Path:
    """The refused rows, each with its row number and reason, beside ``source``."""
    book = FormBook()
    columns = [Column(t("mio.col_row"), 6, "int"), Column(t("mio.col_reason"), 30), *_columns()]
    sheet = book.sheet(t("mio.rejects_sheet"), t("mio.rejects_title", name=source.name), columns,
                       landscape=True)  # fmt: skip
    for p in problems:
        sheet.append([p.row, p.reason, *p.values])
    return book.save(rejects_path(source))
