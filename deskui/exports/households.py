"""民情档案 forms (FORMS.md §7): the flat roll (one row a person, which is
also the import format and round-trips), the printable household blocks
(one household a block, a page each), and the rejects workbook an import
writes beside its input."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl.worksheet.pagebreak import Break

from deskui.domain.roles import Perm
from deskui.exports.import_rejects import rejects_path
from deskui.exports.workbook import (
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    Column,
    FormBook,
    FormSheet,
    display_width,
)
from deskui.i18n import t
from deskui.services.archive.household_view import HouseholdDetail, get_household
from deskui.services.archive.roll import (
    ImportResult,
    Progress,
    import_households,
    roll_rows,
)
from deskui.services.archive.roll_rows import HEADERS, ROLL_HEADERS
from deskui.services.audit import log_export
from deskui.services.context import ServiceContext
from deskui.services.spreadsheet import header_map
from deskui.services.town.towns import town_info

ROLL_WIDTHS = (10, 5, 9, 9, 7, 21, 5, 11, 14, 12, 10, 16, 9, 10, 12, 18, 16)
ROLL_CODES = {"身份证号", "联系电话", "户编号"}
# typed cells (a date sorts as a date, a count adds up); the import reads
# them back as the same text (deskui.services.spreadsheet.text_cell)
ROLL_KINDS = {"组": "int", "家庭年收入": "int", "出生日期": "date"}


def roll_columns() -> list[Column]:
    return [
        Column(h, w, "code" if h in ROLL_CODES else ROLL_KINDS.get(h, "text"))
        for h, w in zip(ROLL_HEADERS, ROLL_WIDTHS, strict=True)
    ]


def export_roll(
    ctx: ServiceContext, path: Path, *, village_id: int | None = None, village: str = ""
) -> Path:
    """The flat roll of a village (or the town), streamed from the database."""
    ctx.require(Perm.EXPORT)
    town = town_info(ctx)
    title = t("archive.export.roll_title", town=town.name if town else "", village=village)
    book = FormBook(streaming=True)
    sheet = book.sheet(t("archive.export.roll_sheet"), title, roll_columns(), landscape=True)
    sheet.extend(roll_rows(ctx, village_id))
    return book.save(path)


def write_rejects(result: ImportResult, path: Path) -> Path:
    """Every refused row: its row number, the reason, then the row as read."""
    headers = list(result.headers) or list(ROLL_HEADERS)
    width = max([len(headers)] + [len(r.values) for r in result.rejects])
    headers += [""] * (width - len(headers))
    cols = [
        Column(t("archive.export.reject_row"), 6, "int"),
        Column(t("archive.export.reject_reason"), 40),
    ]
    cols += [Column(h or f"#{i + 1}", 12, "code") for i, h in enumerate(headers)]
    book = FormBook(streaming=True)
    sheet = book.sheet(
        t("archive.export.reject_sheet"), t("archive.export.reject_title"), cols, landscape=True
    )
    for r in sorted(result.rejects, key=lambda x: x.row):
        values = list(r.values) + [""] * (width - len(r.values))
        sheet.append([r.row, r.reason, *values])
    return book.save(path)


def import_roll(
    ctx: ServiceContext, path: Path, *, dry_run: bool = False, progress: Progress | None = None
) -> tuple[ImportResult, Path | None]:
    """Import a roll and write its rejects workbook beside it (if any)."""
    path = Path(path)
    result = import_households(ctx, path, dry_run=dry_run, progress=progress)
    if not result.rejects:
        return result, None
    saved = write_rejects(result, rejects_path(path))
    if _full_ids(result):  # the rows as typed: audited like any full-ID export
        log_export(ctx, t("archive.export.reject_form"), saved, full_ids=True)
    return result, saved


def _full_ids(result: ImportResult) -> bool:
    """Whether a refused row carries an ID number (unmasked, as typed)."""
    column = header_map(result.headers, HEADERS).get("id_number") if result.headers else None
    if column is None:
        return False
    return any(
        column < len(r.values) and r.values[column].strip() and "*" not in r.values[column]
        for r in result.rejects
    )


def import_summary(result: ImportResult, rejects: Path | None) -> list[str]:
    """What an import did, in the words the CLI and the desk both show."""
    key = "archive.cli.dry_summary" if result.dry_run else "archive.cli.summary"
    lines = [
        t(
            key,
            rows=result.rows,
            ok=result.imported,
            bad=len(result.rejects),
            new_h=result.new_households,
            changed_h=result.changed_households,
            new_m=result.new_members,
            changed_m=result.changed_members,
            same=result.unchanged,
        )
    ]
    if rejects is not None:
        lines.append(t("archive.cli.rejects", path=str(rejects)))
    return lines


# --------------------------------------------------------------- the blocks

# 镇村/户主/身份证号 … label and value pairs across, the members grid under
# them (姓名 · 与户主关系 · 性别年龄 · 身份证号 · 健康状况 · 职业/务工 · 年收入):
# B and D wide enough for an 18-digit ID number on one line.
BLOCK_COLUMNS = (
    Column("", 10, "center"),
    Column("", 20, "code"),
    Column("", 10, "center"),
    Column("", 20, "code"),
    Column("", 9, "center"),
    Column("", 12, "center"),
    Column("", 9, "int"),
)
WIDE = sum(c.width for c in BLOCK_COLUMNS[1:])  # a value merged across B:G
TEXT_BLOCK_MIN = 54.0  # 存在困难 / 诉求建议: room to write in by hand (four lines)
SIGN_HEIGHT = 64.0  # a signature and a thumbprint


def _money(value: int | None) -> str:
    return "" if value is None else t("archive.export.yuan", n=value)


def _merge(sheet: FormSheet, first: str, last: str = "G") -> None:
    row = sheet.rows_written
    sheet.ws.merged_cells.add(f"{first}{row}:{last}{row}")


def _height(sheet: FormSheet, text: str, width: float, least: float) -> None:
    """The last row's height for ``text`` across ``width`` characters."""
    need = sum(max(1, -(-display_width(p) // max(int(width) - 2, 2))) for p in text.split("\n"))
    sheet.ws.row_dimensions[sheet.rows_written].height = min(
        MAX_ROW_HEIGHT, max(least, LINE_HEIGHT * need + 6)
    )


def _block(sheet: FormSheet, d: HouseholdDetail) -> None:
    head = d.head
    b = "archive.export.b."
    bold = True
    pairs = [
        (t(b + "village"), f"{d.town}{d.village}", t(b + "group"),
         t("tui.group", n=d.group_no) if d.group_no else "", t(b + "code"), d.code),
        (t(b + "head"), d.head_name, t(b + "sex"), head.sex if head else "",
         t(b + "age"), "" if not head or head.age is None else str(head.age)),
        (t(b + "id"), head.id_number if head else "", t(b + "phone"), head.phone if head else "",
         t(b + "size"), str(d.size)),
        (t(b + "economy"), d.economy, t(b + "income"), _money(d.income),
         t(b + "liaison"), d.liaison),
    ]  # fmt: skip
    for i, row in enumerate(pairs):
        sheet.append([*row, ""], mark=bold and i == 0)
        _merge(sheet, "F")
    sheet.append([t(b + "tags"), "、".join(d.tags), t(b + "address"), d.address, "", "", ""])
    _merge(sheet, "D")
    sheet.append(
        [t(b + "m_name"), t(b + "m_relation"), t(b + "m_sex_age"), t(b + "m_id"),
         t(b + "m_health"), t(b + "m_work"), t(b + "m_income")],
        mark=bold,
    )  # fmt: skip
    for m in (m for m in d.members if not m.archived):
        age = "" if m.age is None else str(m.age)
        work = m.occupation + (t(b + "away") if m.working_away and "外" not in m.occupation else "")
        sheet.append(
            [m.name, m.relation, f"{m.sex} {age}".strip(), m.id_number, m.health, work, m.income]
        )
    for key, text in (("problems", d.problems), ("demands", d.demands)):
        sheet.append([t(b + key), text, "", "", "", "", ""])
        _merge(sheet, "B")
        _height(sheet, text, WIDE, TEXT_BLOCK_MIN)
    sheet.append(
        [t(b + "visits"), t(b + "v_date"), t(b + "v_who"), t(b + "v_what"), "", "", ""],
        mark=bold,
    )
    _merge(sheet, "D")
    for c in d.contacts[:8]:
        what = f"{c.mode} {c.event_kind} {c.note}".strip()
        sheet.append(["", c.date.isoformat(), c.official, what, "", "", ""])
        _merge(sheet, "D")
    sheet.append([t(b + "sign_visitor"), "", t(b + "sign_head"), "", "", "", ""])
    _merge(sheet, "D")
    sheet.ws.row_dimensions[sheet.rows_written].height = SIGN_HEIGHT
    sheet.append([t(b + "sign_date"), t("cards.blank_date"), t(b + "sign_date"),
                  t("cards.blank_date"), "", "", ""])  # fmt: skip
    _merge(sheet, "D")


def export_blocks(
    ctx: ServiceContext, path: Path, household_ids: Iterable[int], *, village: str = ""
) -> Path:
    """The printable 民情档案 (一户一档): one household a block, each on its
    own page, every household on one sheet (one print command)."""
    ctx.require(Perm.EXPORT)
    town = town_info(ctx)
    title = t("archive.export.blocks_title", town=town.name if town else "", village=village)
    book = FormBook()
    sheet = book.sheet(t("archive.export.blocks_sheet"), title, BLOCK_COLUMNS)
    ws = sheet.ws
    ws.print_title_rows = "1:1"  # the title only: the blank header row is not repeated
    ws.row_dimensions[2].hidden = True
    first = True
    for hid in household_ids:
        if not first:
            ws.row_breaks.append(Break(id=sheet.rows_written))
        first = False
        _block(sheet, get_household(ctx, hid))
    return book.save(path)


def village_household_ids(ctx: ServiceContext, village_id: int | None) -> list[int]:
    """The households of a village (or the town), in the archive's order."""
    from deskui.services.archive.search import search_households

    ids: list[int] = []
    after = None
    while True:
        page = search_households(ctx, village_id=village_id, limit=500, after=after)
        ids.extend(r.id for r in page)
        if len(page) < 500:
            return ids
        after = page[-1].cursor


def export_village_blocks(ctx: ServiceContext, path: Path, village: str | None) -> Path:
    """The 一户一档 of a village (or the whole town), one household a page on
    one sheet: one print command prints the village."""
    from deskui.services.town.towns import find_village

    row = find_village(ctx, village) if village else None
    ids = village_household_ids(ctx, row.id if row else None)
    return export_blocks(ctx, path, ids, village=row.name if row else "")
