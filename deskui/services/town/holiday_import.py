"""Importing a holiday file (节假日文件): CSV or XLSX rows of 日期, 类型 (休/班)
and 名称. Every row is checked first; one bad row refuses the whole file with
one Chinese line per bad row (``第 3 行：…``), so nothing is half-written.
The imported rows replace the user's / library's entry for those dates, are
marked ``import``, and the years they cover are marked as set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskui.domain.dates import parse_date
from deskui.domain.errors import DomainError, ValidationError, ValidationErrors
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.domain.workdays import OFF, WORK
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.matters.provisional import DueChange, recompute_provisional_dues
from deskui.services.spreadsheet import first_sheet
from deskui.services.town.calendar import (
    NAME_MAX,
    SOURCE_IMPORT,
    HolidayRow,
    _bump_revision,
)
from deskui.store.models import CalendarYear, Holiday

KIND_WORDS = {OFF: OFF, WORK: WORK, "放假": OFF, "休息": OFF, "上班": WORK, "调休上班": WORK}


@dataclass(frozen=True)
class ImportResult:
    rows: tuple[HolidayRow, ...]
    added: int
    updated: int
    years: tuple[int, ...]
    dry_run: bool
    recomputed: tuple[DueChange, ...] = ()  # open matters whose provisional due date changed


def read_rows(path: Path) -> list[HolidayRow]:
    """The file's rows, checked; ValidationErrors lists every bad row."""
    cells = [r for _, r in first_sheet(Path(path)).rows if any(c not in (None, "") for c in r)]
    if not cells:
        raise ValidationError(t("holidays.empty", path=str(path)))
    header = [str(c or "").strip() for c in cells[0]]
    wanted = [t("holidays.col.date"), t("holidays.col.kind"), t("holidays.col.name")]
    missing = [w for w in wanted[:2] if w not in header]
    if missing:
        raise ValidationError(t("holidays.missing_columns", cols="、".join(missing)))
    for w in wanted:
        where = [i + 1 for i, h in enumerate(header) if h == w]
        if len(where) > 1:
            columns = "、".join(str(i) for i in where)
            raise ValidationError(t("imp.duplicate_column", column=w, columns=columns))
    at = [header.index(w) if w in header else None for w in wanted]
    rows: list[HolidayRow] = []
    errors: list[ValidationError] = []
    seen: dict[dt.date, int] = {}
    for number, raw in enumerate(cells[1:], start=2):
        values = [raw[i] if i is not None and i < len(raw) else None for i in at]
        try:
            day = _date(values[0])
            kind = KIND_WORDS.get(str(values[1] or "").strip())
            if kind is None:
                raise ValidationError(t("holidays.bad_kind", kind=values[1] or ""), field="kind")
            name = clean_text(
                str(values[2] or ""), field="name", label=t("holidays.name_label"), max_len=NAME_MAX
            )
            if day in seen:
                raise ValidationError(t("holidays.dup_date", date=day, first=seen[day]))
            seen[day] = number
            rows.append(HolidayRow(day, kind, name, SOURCE_IMPORT))
        except DomainError as exc:
            errors.append(ValidationError(t("holidays.row_error", row=number, error=exc.message)))
    if errors:
        raise ValidationErrors(errors)
    return rows


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value or ""), field="date", label=t("holidays.date_label"))


def import_holidays(ctx: ServiceContext, path: Path, *, dry_run: bool = False) -> ImportResult:
    """Check a holiday file and (unless ``dry_run``) write it in one transaction."""
    ctx.require(Perm.ADMIN)
    rows = read_rows(path)
    years = tuple(sorted({r.date.year for r in rows}))
    if dry_run:
        return ImportResult(tuple(rows), 0, 0, years, True)

    def work() -> ImportResult:
        existing = {
            h.date: h for h in Holiday.select().where(Holiday.date.in_([r.date for r in rows]))
        }
        added = updated = 0
        note = t("holidays.import_day_note", file=Path(path).name)
        days: list[tuple[str, str, int | None, dict[str, list[Any]] | None, str]] = []
        for r in rows:
            old = existing.get(r.date)
            if old is None:
                row = Holiday.create(date=r.date, kind=r.kind, name=r.name, source=SOURCE_IMPORT)
                added += 1
                after = {"date": r.date.isoformat(), "kind": r.kind, "name": r.name}
                changes = {k: [None, v] for k, v in after.items()}
                days.append(("新增", Holiday._meta.table_name, row.id, changes, note))
            elif (old.kind, old.name, old.source) != (r.kind, r.name, SOURCE_IMPORT):
                Holiday.update(kind=r.kind, name=r.name, source=SOURCE_IMPORT).where(
                    Holiday.date == r.date
                ).execute()
                updated += 1
                changes = {"date": [r.date.isoformat(), r.date.isoformat()]}
                for key, before, now in (
                    ("kind", old.kind, r.kind),
                    ("name", old.name, r.name),
                    ("source", old.source, SOURCE_IMPORT),
                ):
                    if before != now:
                        changes[key] = [before, now]
                days.append(("修改", Holiday._meta.table_name, old.id, changes, note))
        audit.log_many(ctx, days)  # day by day, before and after
        have = set(CalendarYear.select(CalendarYear.year).scalars())
        for year in years:
            if year not in have:
                CalendarYear.create(year=year, source=SOURCE_IMPORT, updated_at=ctx.now())
        note = t("holidays.import_note", file=Path(path).name, added=added, updated=updated)
        audit.log(ctx, "新增", Holiday._meta.table_name, None, None, note)
        _bump_revision()
        recomputed = tuple(recompute_provisional_dues(ctx))
        return ImportResult(tuple(rows), added, updated, years, False, recomputed)

    return ctx.write(work)
