"""接待登记簿: the day's visitor log, one sheet a village (landscape A4).

Columns: 序号(号) · 到达时间 · 姓名 · 村组 · 联系电话 (masked unless the
operator may see it) · 事由 · 接待干部 · 办理结果 · 备注/说明 · 等候(分钟);
under the table the day's figures (:func:`deskui.services.queue.visits.day_figures`)
and the signature line. The rows come from :func:`deskui.services.queue.visits.list_day`,
in ticket order.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from deskui.domain.dates import weekday_name
from deskui.domain.queue_rules import DayFigures, Status
from deskui.exports.files import day_text, file_name
from deskui.exports.workbook import Column, FormBook, FormSheet
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.matters.lists import numbers_of_visits
from deskui.services.queue.rows import VisitRow, day_figures, list_day, resolve_village
from deskui.services.town.towns import list_villages, town_info

COLUMNS = (
    ("seq", 7, "int"),
    ("arrived", 8, "center"),
    ("name", 10, "center"),
    ("place", 12, "center"),
    ("phone", 14, "code"),
    ("reason", 26, "text"),
    ("official", 10, "center"),
    ("outcome", 13, "center"),
    ("note", 28, "text"),
    ("wait", 8, "int"),
)


def _date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _columns() -> list[Column]:
    return [Column(t(f"visits_export.col.{key}"), width, kind) for key, width, kind in COLUMNS]


def _outcome(row: VisitRow) -> str:
    if row.outcome:
        return row.outcome
    if row.status == Status.SERVING.value:
        return t("visits_export.status_serving")
    return t("visits_export.status_waiting")


def _note(row: VisitRow) -> str:
    parts = []
    if row.parties or row.result:
        parts.append(t("visits_export.dispute_note", parties=row.parties, result=row.result))
    if row.note:
        parts.append(row.note)
    if not row.service_day:
        parts.append(t("visits_export.non_service"))
    return "；".join(parts)


def _values(row: VisitRow, numbers: dict[int, str]) -> list[object]:
    """The printed cells of a visit; a 受理代办 says the card it opened."""
    place = row.village + (f"{row.group_no}组" if row.group_no else "")
    outcome = _outcome(row)
    if numbers.get(row.id):
        outcome = f"{outcome}\n{numbers[row.id]}"
    wait = row.wait_minutes if row.called_at is not None else None
    return [
        row.ticket,
        row.arrived_at.strftime("%H:%M"),
        row.name,
        place,
        row.phone,
        row.reason,
        row.official,
        outcome,
        _note(row),
        wait,
    ]


def _figures_line(f: DayFigures) -> str:
    wait = (
        t("visits_export.minutes", n=f.avg_wait_minutes)
        if f.avg_wait_minutes is not None
        else t("common.dash")
    )
    return t(
        "visits_export.figures",
        registered=f.registered,
        received=f.received,
        answered=f.answered,
        matters=f.matters,
        disputes=f.disputes,
        settled=f.disputes_settled,
        refused=f.refused,
        left=f.left,
        wait=wait,
    )


def _sheet(book: FormBook, name: str, place: str, day: dt.date, rows: list[VisitRow]) -> FormSheet:
    officials = "、".join(dict.fromkeys(r.official for r in rows if r.official)) or t("common.dash")
    subtitle = t(
        "visits_export.subtitle",
        date=_date_text(day),
        weekday=weekday_name(day),
        team=officials,
    )
    return book.sheet(
        name,
        t("visits_export.title", place=place, date=_date_text(day)),
        _columns(),
        landscape=True,
        subtitle=subtitle,
    )


def write_visits_log(
    ctx: ServiceContext, path: Path, *, day: dt.date, village: int | str | None = None
) -> Path:
    """Write the day's log for one village, or the whole town (one sheet a
    village that had visitors; one sheet saying so when nobody came)."""
    info = town_info(ctx)
    town = info.name if info else ""
    rows = list_day(ctx, day, village)
    numbers = numbers_of_visits(ctx, [r.id for r in rows])
    by_village: dict[int, list[VisitRow]] = {}
    for row in sorted(rows, key=lambda r: r.ticket):
        by_village.setdefault(row.village_id, []).append(row)
    book = FormBook()
    if village is not None:
        place = resolve_village(ctx, village)
        groups = [(place.id, place.name)]
    else:
        groups = [(v.id, v.name) for v in list_villages(ctx) if v.id in by_village]
    if not groups:
        sheet = _sheet(book, t("visits_export.sheet_town"), town, day, [])
        sheet.note(t("visits_export.none"))
        sheet.signatures()
        return book.save(path)
    for village_id, name in groups:
        visits = by_village.get(village_id, [])
        sheet = _sheet(book, name, town + name, day, visits)
        sheet.extend(_values(v, numbers) for v in visits)
        if not visits:
            sheet.note(t("visits_export.none"))
        else:
            sheet.note(_figures_line(day_figures(ctx, day, village_id)))
        sheet.signatures()
    return book.save(path)


def default_file_name(ctx: ServiceContext, day: dt.date, village: int | str | None) -> str:
    info = town_info(ctx)
    town = info.name if info else ""
    place = None if village is None else resolve_village(ctx, village).name
    return file_name("visits", town, day_text(day), place)
