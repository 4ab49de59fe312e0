"""The roster forms of a month (FORMS.md §3), one command each:

- :func:`write_roster` — 驻村服务日值班表, the town's month at a glance:
  villages (rows) × service days (columns), the leader and the officials on
  duty in each cell with the shift, ✓ after a name signed in (printed after
  the day), the substitute marked 顶; a service day cancelled for the whole
  town (a holiday) is one merged column with its reason. Landscape, row
  heights from the text they hold: 30 villages on ≤ 3 A4 pages.
- :func:`write_roster_list` — 驻村服务日值班安排表, one row a duty day with
  posts, phones, substitute and sign-in times; a day cancelled for every
  village is one merged line, not a row a village.
- :func:`write_roster_notices` — 驻村服务日公告, the notice posted at each
  village office: the month's days, place and hours, the team with their
  phones, the supervision phone; one village a page, all in one sheet (one
  print command).

Officials' phones and the town's phones are public by nature and always
printed in full; these forms carry no villager's data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from deskui.domain.dates import weekday_name
from deskui.domain.roles import Perm
from deskui.exports.workbook import Column, FormBook, FormSheet
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.roster.view import DayEntry, DutyLine, MonthGrid, month_entries, month_grid
from deskui.services.town.towns import town_info

HELD = "安排"
CANCELLED = "取消"
LEADER = "组长"
PAGE_WIDTH = 150  # characters of width a landscape A4 page holds at 100 %


def _day_width(days: int) -> int:
    """A service day's column: the page shared out, so few days get wide
    columns (fewer lines, fewer pages) and many days still fit one width."""
    return max(14, min(36, (PAGE_WIDTH - 10) // max(days, 1)))


def _town_name(ctx: ServiceContext) -> str:
    info = town_info(ctx)
    return info.name if info else ""


def _contacts(ctx: ServiceContext) -> tuple[str, str, str]:
    from deskui.services.roster.duty import town_contacts

    return town_contacts(ctx)


def _foot(ctx: ServiceContext, sheet: FormSheet) -> None:
    liaison, liaison_phone, supervision = _contacts(ctx)
    dash = t("common.dash")
    sheet.note(
        t(
            "roster.form.footer",
            liaison=liaison or dash,
            phone=liaison_phone or dash,
            supervision=supervision or dash,
        )
    )


# ------------------------------------------------------------------ the grid


def _name(line: DutyLine) -> str | None:
    """An official in a grid cell; None for an absent one someone stands in
    for (the substitute's own line names them)."""
    name = line.official
    if line.absent:
        return None if line.substitute else t("roster.grid.absent", name=name)
    if line.covers:
        name += t("roster.grid.substitute_mark")
    if line.signed_in_at is not None:
        name += t("roster.grid.signed_mark")
    return name


def grid_cell(entries: Sequence[DayEntry]) -> str:
    """What a village's cell of one service day says: per duty day (a shift)
    its shift unless 全天, the leader first, then the others; a cancelled or
    moved day its reason."""
    parts = []
    for e in entries:
        if e.status == CANCELLED:
            parts.append(t("roster.grid.cancelled", reason=e.reason or t("common.dash")))
            continue
        leaders = [n for x in e.lines if x.role == LEADER and (n := _name(x))]
        others = [n for x in e.lines if x.role != LEADER and (n := _name(x))]
        head = "" if e.shift == "全天" else f"{e.shift} "
        text = head + "、".join(leaders) + (t("roster.grid.leader_mark") if leaders else "")
        if others:
            text += "\n" + "、".join(others)
        if e.moved_from is not None:
            text += "\n" + t("roster.grid.moved_from", date=f"{e.moved_from:%m-%d}")
        parts.append(text)
    return "\n".join(parts)


def _all_cancelled(grid: MonthGrid, day: dt.date) -> str | None:
    """The reason a service day is cancelled for every village holding one
    that day (a holiday), else None."""
    entries = [e for (_, d), es in grid.cells.items() if d == day for e in es]
    reasons = {e.reason for e in entries}
    if entries and all(e.status == CANCELLED for e in entries) and len(reasons) == 1:
        return reasons.pop() or t("roster.cell.cancelled")
    return None


def write_roster(ctx: ServiceContext, year: int, month: int, path: Path) -> Path:
    """The month's roster grid at ``path``."""
    ctx.require(Perm.EXPORT)
    grid = month_grid(ctx, year, month)
    width = _day_width(len(grid.dates))
    columns = [Column(t("roster.grid.village"), 10, "center")] + [
        Column(f"{d.month}月{d.day}日\n{weekday_name(d)}", width, "text") for d in grid.dates
    ]
    book = FormBook()
    title = t("roster.grid.title", town=_town_name(ctx), y=year, m=month)
    sheet = book.sheet(t("roster.grid.sheet", m=month), title, columns, landscape=True)
    holidays = {d: _all_cancelled(grid, d) for d in grid.dates}
    for village_id, village in grid.villages:
        row: list[object] = [village]
        for d in grid.dates:
            row.append("" if holidays[d] else grid_cell(grid.cells.get((village_id, d), ())))
        sheet.append(row)
    for i, d in enumerate(grid.dates, start=2):
        reason = holidays[d]
        if reason and grid.villages:
            sheet.merge_down(i, len(grid.villages), t("roster.grid.holiday", reason=reason))
    if not grid.dates:
        sheet.note(t("roster.form.empty", y=year, m=month))
    sheet.note(t("roster.grid.legend"))
    _foot(ctx, sheet)
    sheet.signatures()
    return book.save(path)


# ------------------------------------------------------------------ the list

LIST_COLUMNS = (
    ("date", 11, "date"), ("weekday", 7, "center"), ("village", 10, "center"),
    ("shift", 7, "center"), ("place", 16, "text"), ("leader", 10, "center"),
    ("officials", 16, "text"), ("posts", 14, "text"), ("phones", 14, "code"),
    ("substitute", 14, "text"), ("signed", 12, "text"), ("note", 20, "text"),
)  # fmt: skip


def _list_row(entry: DayEntry) -> list[object]:
    held = entry.status != CANCELLED
    lines = entry.lines if held else ()
    leaders = [x for x in lines if x.role == LEADER]
    others = [x for x in lines if x.role != LEADER]
    subs = [
        t("roster.form.substitute", sub=x.substitute, name=x.official)
        for x in lines
        if x.substitute
    ]
    signed = [f"{x.on_duty} {x.signed_in_at:%H:%M}" for x in lines if x.signed_in_at is not None]
    absent = [
        t("roster.form.absent", name=x.official, reason=x.absence_reason)
        for x in lines
        if x.absent and not x.substitute
    ]
    note = entry.reason
    if entry.moved_from is not None:
        note = t("roster.form.moved_from", date=f"{entry.moved_from:%m-%d}", reason=entry.reason)
    return [
        entry.date,
        weekday_name(entry.date),
        entry.village,
        entry.shift if held else t("roster.cell.cancelled"),
        entry.place,
        "\n".join(f"{x.official}\n{x.post}".strip() for x in leaders),
        "\n".join(x.official for x in others),
        "\n".join(x.post or t("common.dash") for x in others),
        "\n".join(x.phone or t("common.dash") for x in others),
        "\n".join(subs),
        "\n".join(signed),
        "；".join(filter(None, [note, *absent])),
    ]


def write_roster_list(ctx: ServiceContext, year: int, month: int, path: Path) -> Path:
    """The month's duty days one a row (值班安排表) at ``path``."""
    ctx.require(Perm.EXPORT)
    entries = month_entries(ctx, year, month)
    by_day: dict[dt.date, list[DayEntry]] = defaultdict(list)
    for e in entries:
        by_day[e.date].append(e)
    book = FormBook()
    columns = [Column(t(f"roster.form.col.{k}"), w, kind) for k, w, kind in LIST_COLUMNS]
    title = t("roster.form.title", town=_town_name(ctx), y=year, m=month)
    sheet = book.sheet(t("roster.form.sheet", m=month), title, columns, landscape=True)
    for day, day_entries in by_day.items():
        reasons = {e.reason for e in day_entries}
        if all(e.status == CANCELLED for e in day_entries) and len(reasons) == 1:
            sheet.note(
                t(
                    "roster.form.town_cancelled",
                    date=f"{day:%Y-%m-%d}",
                    weekday=weekday_name(day),
                    count=len(day_entries),
                    reason=reasons.pop() or t("common.dash"),
                ),
                height=22,
            )
            continue
        for entry in day_entries:
            sheet.append(_list_row(entry), mark=entry.status != HELD)
    if not entries:
        sheet.note(t("roster.form.empty", y=year, m=month))
    _foot(ctx, sheet)
    sheet.signatures()
    return book.save(path)


# --------------------------------------------------------------- the notices

NOTICE_COLUMNS = (
    ("date", 14, "center"), ("weekday", 7, "center"), ("shift", 14, "center"),
    ("place", 22, "text"), ("team", 30, "text"),
)  # fmt: skip


def write_roster_notices(
    ctx: ServiceContext, year: int, month: int, path: Path, village: str | None = None
) -> Path:
    """Each village's 公告 for the month, one a page, at ``path``."""
    ctx.require(Perm.EXPORT)
    from deskui.services.town.towns import find_village

    town = _town_name(ctx)
    _, _, supervision = _contacts(ctx)
    info = town_info(ctx)
    service_phone = info.service_phone if info else ""
    grid = month_grid(ctx, year, month)
    only = find_village(ctx, village).id if village else None
    columns = [Column(t(f"roster.notice.col.{k}"), w, kind) for k, w, kind in NOTICE_COLUMNS]
    book = FormBook()
    sheet: FormSheet | None = None
    dash = t("common.dash")
    for village_id, name in grid.villages:
        if only is not None and village_id != only:
            continue
        days = [e for d in grid.dates for e in grid.cells.get((village_id, d), ())]
        title = t("roster.notice.title", village=name, y=year, m=month)
        intro = t("roster.notice.intro", town=town, village=name, y=year, m=month)
        if sheet is None:
            sheet = book.sheet(
                t("roster.notice.sheet", m=month),
                title,
                columns,
                subtitle=intro,
                repeat_header=False,
            )
            sheet.ws.row_dimensions[2].height = 36  # the intro takes two lines
        else:
            sheet.page_break()
            sheet.heading(title)
            sheet.note(intro, height=36)
            sheet.header()
        team: dict[str, DutyLine] = {}
        for e in days:
            held = e.status != CANCELLED
            people = "、".join(
                x.official + (t("roster.grid.leader_mark") if x.role == LEADER else "")
                for x in e.lines
            )
            hours = f"{e.shift} {e.hours}".strip()
            sheet.append(
                [
                    f"{e.date.month}月{e.date.day}日",
                    weekday_name(e.date),
                    hours if held else t("roster.cell.cancelled"),
                    e.place if held else (e.reason or dash),
                    people if held else "",
                ],
                mark=not held,
            )
            for x in e.lines:
                team.setdefault(x.official, x)
        if not days:
            sheet.note(t("roster.notice.none", y=year, m=month))
        members = "；".join(
            f"{x.official}（{x.post or x.role}）{x.phone or dash}" for x in team.values()
        )
        sheet.note(t("roster.notice.team", members=members or dash), height=54)
        sheet.note(
            t(
                "roster.notice.phones",
                service=service_phone or dash,
                supervision=supervision or dash,
            ),
            height=22,
        )
        sheet.note(t("roster.notice.sign", town=town), height=40)
    if sheet is None:
        sheet = book.sheet(
            t("roster.notice.sheet", m=month),
            t("roster.notice.title", village=village or "", y=year, m=month),
            columns,
        )
        sheet.note(t("roster.form.empty", y=year, m=month))
    return book.save(path)
