"""驻村服务日工作月统计表 (FORMS.md §2): two sheets, 按村 and 按干部, each with
a 合计 row, the formulas printed under the table as they are computed
(:mod:`deskui.domain.rates`), ``—`` for a zero denominator, and officials
under 80% satisfaction marked ▲ (and printed bold)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from deskui.domain.rates import RATES, STAT_COLUMNS, Counts, StatColumn, formulas
from deskui.exports.files import file_name, month_text
from deskui.exports.ledger import Progress, Saved
from deskui.exports.workbook import Column, FormBook, FormSheet, check_target
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.figures.month import (
    FigureRow,
    MonthFigures,
    month_figures,
    month_period,
    require_town,
)


def columns(first: str) -> list[Column]:
    out = [Column(first, 11, "center")]
    for col in STAT_COLUMNS:
        out.append(Column(col.header, 7, "rate" if col.rate else "int"))
    return out


def values(name: str, counts: Counts) -> list[object]:
    """A row: the counts, and each rate as its (numerator, denominator)."""
    return [name, *(_cell(col, counts) for col in STAT_COLUMNS)]


def _cell(col: StatColumn, counts: Counts) -> object:
    if col.rate:
        rate = RATES[col.key]
        return (rate.numerator(counts), rate.denominator(counts))
    return col.value(counts)


def default_name(ctx: ServiceContext, month: str) -> str:
    period = month_period(ctx, month)
    town = require_town(ctx)
    return file_name("stats", town.name, month_text(period.year, period.month))


def _table(
    sheet: FormSheet, rows: Sequence[FigureRow], total: Counts, *, flag: bool, fig: MonthFigures
) -> None:
    flagged = False
    for row in rows:
        marked = flag and row.flagged
        flagged = flagged or marked
        name = row.name + (t("stats.flag_short") if marked else "")
        sheet.append(values(name, row.counts), mark=marked)
    sheet.append(values(t("stats.total"), total), mark=True)
    sheet.note(t("stats.formula_head") + t("stats.as_of_note", as_of=fig.period.as_of.isoformat()))
    for text in formulas():
        sheet.note(text)
    if flag:
        sheet.note(t("stats.flag_note"))


def write_stats(
    ctx: ServiceContext,
    path: Path,
    month: str,
    *,
    as_of: str | None = None,
    progress: Progress | None = None,
) -> Saved:
    """Write the month's statistics workbook to ``path``."""
    fig = month_figures(ctx, month, as_of)
    check_target(Path(path))
    if progress is not None:
        progress(1, 3)
    p = fig.period
    book = FormBook()
    signed = f"{ctx.today().year}年{ctx.today().month}月{ctx.today().day}日"
    by_village = book.sheet(
        t("stats.by_village"),
        t("stats.title_village", town=fig.town, year=p.year, month=p.month),
        columns(t("stats.unit")),
        landscape=True,
    )
    _table(by_village, fig.villages, fig.village_total, flag=False, fig=fig)
    by_village.signatures(signed)
    by_official = book.sheet(
        t("stats.by_official"),
        t("stats.title_official", town=fig.town, year=p.year, month=p.month),
        columns(t("stats.name")),
        landscape=True,
    )
    _table(by_official, fig.officials, fig.official_total, flag=True, fig=fig)
    by_official.signatures(signed)
    if progress is not None:
        progress(2, 3)
    saved = book.save(path)
    if progress is not None:
        progress(3, 3)
    return Saved(saved, len(fig.villages) + len(fig.officials), 2)
