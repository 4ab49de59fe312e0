"""服务群众销号台账 (FORMS.md §1): the monthly matter ledger, landscape A4.

One sheet per village, and, when no village is named, a town sheet first
(every village's lines in turn). The rows stream from the database
(:func:`deskui.services.figures.ledger.ledger_rows`) into a write-only workbook, so
a county month never sits in memory whole. Each village's lines are read
once and written to the town sheet and to the village's own sheet together
(a write-only workbook fills its sheets side by side).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from deskui.domain.deadlines import Timeliness
from deskui.exports.files import file_name, month_text
from deskui.exports.workbook import Column, FormBook, FormSheet, check_target
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.figures.ledger import LedgerRow, ledger_rows, ledger_villages
from deskui.services.figures.month import Period, month_period, require_town

Progress = Callable[[int, int], None]  # (steps done, steps in all)

COLUMNS = (
    Column(t("ledger.col.seq"), 5, "int"),
    Column(t("ledger.col.number"), 12, "code"),
    Column(t("ledger.col.accepted"), 10.5, "date"),
    Column(t("ledger.col.origin"), 8, "center"),
    Column(t("ledger.col.name"), 7, "center"),
    Column(t("ledger.col.address"), 14),
    Column(t("ledger.col.phone"), 12, "code"),
    Column(t("ledger.col.content"), 20),
    Column(t("ledger.col.category"), 8, "center"),
    Column(t("ledger.col.level"), 5, "center"),
    Column(t("ledger.col.first"), 7, "center"),
    Column(t("ledger.col.leader"), 7, "center"),
    Column(t("ledger.col.due"), 10.5, "date"),
    Column(t("ledger.col.progress"), 18),
    Column(t("ledger.col.finished"), 10.5, "date"),
    Column(t("ledger.col.overdue"), 7, "center"),
    Column(t("ledger.col.return_visit"), 12),
    Column(t("ledger.col.satisfaction"), 6, "center"),
    Column(t("ledger.col.sign"), 8, "center"),
    Column(t("ledger.col.closed"), 10.5, "date"),
    Column(t("ledger.col.note"), 10),
)
# the town sheet: every village's lines, each saying its village
TOWN_COLUMNS = (COLUMNS[0], Column(t("ledger.col.village"), 8, "center"), *COLUMNS[1:])


@dataclass(frozen=True)
class Saved:
    path: Path
    rows: int  # ledger lines written (town sheet and village sheets counted once)
    sheets: int


def standing(r: LedgerRow) -> str:
    """是否超期, in words and a mark the legend explains: open and past due
    (▲超期), open and due on the report date (●今日到期), finished late
    (超时办结), else 否."""
    if r.timeliness is Timeliness.OVERDUE:
        return t("ledger.mark.overdue")
    if r.timeliness is Timeliness.DUE_TODAY:
        return t("ledger.mark.due_today")
    if r.timeliness is Timeliness.LATE:
        return t("ledger.mark.late")
    return t("ledger.no")


def line(seq: int, r: LedgerRow, *, town: bool = False) -> list[object]:
    """The printed cells of one ledger line (申办人签字 left blank for the
    pen); ``town``: the town sheet's line, with the village after 序号."""
    number = r.number
    if r.original_number:
        number = f"{r.number}\n{t('ledger.original', number=r.original_number)}"
    cells: list[object] = [
        seq,
        number,
        r.accepted_on,
        r.origin,
        r.applicant,
        r.address,
        r.phone,
        r.content,
        r.category,
        r.level,
        r.first_receiver,
        r.leader,
        r.due_on,
        r.progress,
        r.finished_on,
        standing(r),
        r.return_visit,
        r.satisfaction,
        "",
        r.closed_on,
        "；".join(
            x for x in (r.note, t("deadline.provisional_note") if r.due_provisional else "") if x
        ),
    ]
    if town:
        cells.insert(1, r.village)
    return cells


def default_name(ctx: ServiceContext, month: str, village: str | None = None) -> str:
    period = month_period(ctx, month)
    town = require_town(ctx)
    return file_name("ledger", town.name, month_text(period.year, period.month), village)


def _sheet(
    book: FormBook, name: str, title: str, period: Period, *, town: bool = False
) -> FormSheet:
    subtitle = t("ledger.subtitle", as_of=period.as_of.isoformat())
    columns = TOWN_COLUMNS if town else COLUMNS
    return book.sheet(name, title, columns, landscape=True, subtitle=subtitle)


def _foot(sheet: FormSheet, period: Period, signed: str) -> None:
    """The legend of the 是否超期 marks, then the signature lines."""
    sheet.note(t("ledger.legend", as_of=period.as_of.isoformat()), height=30)
    sheet.signatures(signed)


def write_ledger(
    ctx: ServiceContext,
    path: Path,
    month: str,
    *,
    village: str | None = None,
    as_of: str | None = None,
    progress: Progress | None = None,
) -> Saved:
    """Write the month's ledger to ``path``; open overdue matters print bold
    and marked in 是否超期, due-today ones marked, a legend under the table."""
    period = month_period(ctx, month, as_of)
    town = require_town(ctx)
    villages = ledger_villages(ctx, village)
    check_target(Path(path))  # before any row is read: a bad folder fails at once
    book = FormBook(streaming=True)
    steps = len(villages) + (2 if village is None else 1)  # sheets, then saving
    town_sheet: FormSheet | None = None
    if village is None:
        title = t("ledger.title", town=town.name, village="", year=period.year, month=period.month)
        town_sheet = _sheet(book, t("ledger.town_sheet"), title, period, town=True)
    rows = 0
    signed = f"{ctx.today().year}年{ctx.today().month}月{ctx.today().day}日"
    for done, v in enumerate(villages, start=1):
        title = t(
            "ledger.title", town=town.name, village=v.name, year=period.year, month=period.month
        )
        sheet = _sheet(book, v.name, title, period)
        for row in ledger_rows(ctx, period, v.id):
            mark = row.timeliness is Timeliness.OVERDUE  # open and past due (超期)
            if town_sheet is not None:
                town_sheet.append(line(town_sheet.row_count + 1, row, town=True), mark=mark)
            sheet.append(line(sheet.row_count + 1, row), mark=mark)
        _foot(sheet, period, signed)
        rows += sheet.row_count
        if progress is not None:
            progress(done, steps)
    if town_sheet is not None:
        _foot(town_sheet, period, signed)
        if progress is not None:
            progress(steps - 1, steps)
    saved = book.save(path)
    if progress is not None:
        progress(steps, steps)
    return Saved(saved, rows, len(villages) + (0 if town_sheet is None else 1))
