"""便民服务明白卡 (FORMS.md §6): a contact card per official, six to an A4
page (two across, three down), each a bordered block: name, post, villages,
phone, service day time and place, duties, the handling steps
接洽→登记→办理→反馈→回访, the commitment and the phones."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Font
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from deskui.domain.roles import Perm
from deskui.exports.workbook import (
    BODY_FONT,
    BORDER,
    CENTER,
    FONT_NAME,
    LINE_HEIGHT,
    WRAP,
    FormBook,
    clean,
    display_width,
)
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.roster.view import CardData, contact_cards
from deskui.services.town.towns import town_info

LABEL_W, VALUE_W, GAP_W = 9, 46, 2
# A4 portrait holds ~765 pt of rows between the margins; fit-to-width shrinks
# the sheet (a character of width ~6.4 pt, measured in LibreOffice, against ~538 pt of paper width), so
# a page holds proportionally more rows of the unscaled sheet.
SHEET_POINTS = (2 * LABEL_W + 2 * VALUE_W + GAP_W) * 6.4
PAGE_HEIGHT = 765.0 / min(1.0, 538.0 / SHEET_POINTS)
CARD_TITLE = Font(name=FONT_NAME, size=13, bold=True)
LABEL_FONT = Font(name=FONT_NAME, size=10, bold=True)
FIELDS = ("name", "post", "villages", "phone", "service", "duties", "steps", "promise", "phones")


def _lines(fields: list[tuple[str, str]]) -> list[float]:
    out = []
    for _label, value in fields:
        need = sum(max(1, -(-display_width(p) // (VALUE_W - 2))) for p in value.split("\n"))
        out.append(LINE_HEIGHT * need + 4)
    return out


def _fields(card: CardData, service_phone: str, supervision: str) -> list[tuple[str, str]]:
    values = {
        "name": card.name,
        "post": card.post,
        "villages": "、".join(card.villages),
        "phone": card.phone,
        "service": "\n".join(card.service),
        "duties": card.duties or t("contact.form.default_duties"),
        "steps": t("contact.form.steps_text"),
        "promise": t("contact.form.promise_text"),
        "phones": t(
            "contact.form.phones_text",
            service=service_phone or t("common.dash"),
            supervision=supervision or t("common.dash"),
        ),
    }
    return [(t(f"contact.form.{k}"), values[k]) for k in FIELDS]


def _put(ws: Worksheet, row: int, col: int, value: str, font: Font, align: object) -> None:
    cell = ws.cell(row=row, column=col, value=clean(value))
    cell.data_type = "s"
    cell.font = font
    cell.alignment = align  # type: ignore[assignment]
    cell.border = BORDER


def _setup(ws: Worksheet) -> None:
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = t("export.page_footer")
    ws.oddFooter.center.font = FONT_NAME
    for col, width in zip("ABCDE", (LABEL_W, VALUE_W, GAP_W, LABEL_W, VALUE_W), strict=True):
        ws.column_dimensions[col].width = width


def write_contact_cards(ctx: ServiceContext, path: Path) -> Path:
    """Every team official's card, six to a page, at ``path``."""
    ctx.require(Perm.EXPORT)
    info = town_info(ctx)
    cards = contact_cards(ctx)
    book = FormBook()
    ws = book.wb.create_sheet(t("contact.form.sheet"))
    _setup(ws)
    title = t("contact.form.title", town=info.name if info else "")
    service_phone = info.service_phone if info else ""
    supervision = info.supervision_phone if info else ""
    row, used = 1, 0.0
    for i in range(0, max(len(cards), 1), 2):
        pair = cards[i : i + 2]
        blocks = [_fields(c, service_phone, supervision) for c in pair]
        heights = [max(h) for h in zip(*(_lines(b) for b in blocks), strict=True)] if blocks else []
        ws.row_dimensions[row].height = 26
        for k in range(len(pair)):
            left = 1 + 3 * k
            _put(ws, row, left, title, CARD_TITLE, CENTER)
            _put(ws, row, left + 1, "", CARD_TITLE, CENTER)
            ws.merge_cells(start_row=row, start_column=left, end_row=row, end_column=left + 1)
            for j, (label, value) in enumerate(blocks[k], start=1):
                _put(ws, row + j, left, label, LABEL_FONT, CENTER)
                _put(ws, row + j, left + 1, value, BODY_FONT, WRAP)
                ws.row_dimensions[row + j].height = heights[j - 1]
        if not pair:
            ws.cell(row=row, column=1, value=t("contact.form.empty"))
        block = 26 + sum(heights) + 15
        if used + block > PAGE_HEIGHT and row > 1:  # start this pair on a new page
            ws.row_breaks.append(Break(id=row - 1))
            used = 0.0
        used += block
        row += len(FIELDS) + 2  # a blank line between cards: the cut
    return book.save(path)
