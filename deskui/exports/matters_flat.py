"""The flat matter ledger as a workbook: :func:`write_matters_flat` streams
one row a matter under the exact headers of
:data:`deskui.services.matters.flat.HEADERS` (read back by
:func:`deskui.services.matters.flat.read_ledger`); :func:`write_rejects`
writes the refused rows of an import with their reasons beside the input.
"""

from __future__ import annotations

from pathlib import Path

from deskui.exports.import_rejects import rejects_path
from deskui.exports.workbook import Column, FormBook
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.matters.flat import HEADERS, RowProblem, flat_rows
from deskui.services.town.towns import town_info

KINDS = {
    "编号": ("code", 13), "登记日期": ("date", 11), "来源": ("center", 9), "村": ("center", 9),
    "组": ("int", 4), "姓名": ("center", 8), "联系电话": ("code", 13), "反映问题": ("text", 28),
    "问题类别": ("center", 10), "办理层级": ("center", 5), "首办责任人": ("center", 8),
    "办结时限": ("date", 11), "办理情况": ("text", 24), "办结日期": ("date", 11),
    "回访日期": ("date", 11), "群众满意度": ("center", 8), "销号日期": ("date", 11),
    "备注": ("text", 14),
}  # fmt: skip


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


def write_rejects(source: Path, problems: list[RowProblem] | tuple[RowProblem, ...]) -> Path:
    """The refused rows, each with its row number and reason, beside ``source``."""
    book = FormBook()
    columns = [Column(t("mio.col_row"), 6, "int"), Column(t("mio.col_reason"), 30), *_columns()]
    sheet = book.sheet(t("mio.rejects_sheet"), t("mio.rejects_title", name=source.name), columns,
                       landscape=True)  # fmt: skip
    for p in problems:
        sheet.append([p.row, p.reason, *p.values])
    return book.save(rejects_path(source))
