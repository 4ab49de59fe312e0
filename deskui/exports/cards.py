"""代办事项受理卡 (FORMS.md §4): one card a page, portrait.

Each card is its own sheet fitted to one A4 page: the applicant (ID number
and phone masked unless the operator may see them), the matter, level and
promised date, the first receiver and handler, progress and result, the
满意 / 基本满意 / 不满意 tick boxes, a blank box for the applicant's
signature (手印) and the clerk's. With ``receipt`` a cut line and the
villager's receipt (回执) follow: number, matter, promised date, first
receiver and the supervision phone.

:func:`card_sheet` lays out any two-column-pair paper form (the 督办单 uses
it too): rows of (label, value, label, value) or (label, value) spanning the
width, with room for the pen where asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from deskui.domain.matter_flow import Satisfaction, State
from deskui.domain.roles import Perm
from deskui.exports.workbook import Column, FormBook, FormSheet
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.matters.card_view import MatterCard, get_matter
from deskui.services.matters.lists import numbers_accepted_on
from deskui.services.town.towns import town_info

WIDTHS = (18, 28, 16, 28)
PEN_HEIGHT = 48  # points: room for a signature or a thumbprint

# (label, value) spans the width; (l, v, l, v) fills both pairs; a float at
# the end asks for that row height (room for the pen).
CardRow = tuple[object, ...]


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def card_sheet(
    book: FormBook,
    name: str,
    title: str,
    subtitle: str,
    head: Sequence[str],
    rows: Sequence[CardRow],
) -> FormSheet:
    """A paper form on one page: ``head`` is the first ruled line (4 cells)."""
    columns = [
        Column(h, w, "code" if i % 2 else "center")
        for i, (h, w) in enumerate(zip(head, WIDTHS, strict=True))
    ]
    sheet = book.sheet(name, title, columns, subtitle=subtitle)
    ws = sheet.ws
    ws.page_setup.fitToHeight = 1
    for row in rows:
        height = row[-1] if isinstance(row[-1], float) else None
        cells = [str(v) for v in (row[:-1] if height is not None else row)]
        if len(cells) == 1:
            sheet.append([cells[0], "", "", ""])
            ws.merged_cells.add(f"A{ws.max_row}:D{ws.max_row}")
        elif len(cells) == 2:
            sheet.append([cells[0], cells[1], "", ""])
            ws.merged_cells.add(f"B{ws.max_row}:D{ws.max_row}")
        else:
            sheet.append(cells)
        if height is not None:
            ws.row_dimensions[ws.max_row].height = max(
                height, ws.row_dimensions[ws.max_row].height or 0
            )
    return sheet


def ticks(chosen: str) -> str:
    """``☑满意　☐基本满意　☐不满意`` with the recorded one ticked."""
    return "　".join(("☑" if s.value == chosen else "☐") + s.value for s in Satisfaction)


def _due(card: MatterCard) -> str:
    """The due date, marked when counted before the year's holidays were set."""
    mark = t("deadline.provisional_mark") if card.due_provisional else ""
    return _d(card.promised_on or card.due_on) + mark


def _place(card: MatterCard) -> str:
    place = card.village + (t("matter.group", group=card.group_no) if card.group_no else "")
    return place + (f" {card.address}" if card.address else "")


def card_rows(card: MatterCard, supervision_phone: str, receipt: bool) -> list[CardRow]:
    c = "cards.label."
    handler = "、".join(x for x in (card.handler_unit, card.handler) if x)
    unfinished = State(card.state).open and card.urgency == "overdue"
    rows: list[CardRow] = [
        (t(c + "applicant"), card.applicant, t(c + "id_number"), card.id_number),
        (t(c + "phone"), card.phone, t(c + "place"), _place(card)),
        (t(c + "content"), card.content, 30.0),
        (t(c + "materials"), card.materials, 24.0),
        (t(c + "level"), card.level, t(c + "promised"), _due(card)),
        (t(c + "first_receiver"), card.first_receiver, t(c + "handler"), handler),
        (t(c + "progress"), card.progress, 30.0),
        (t(c + "finished_on"), _d(card.finished_on), t(c + "result"), card.result),
        (t(c + "unfinished_reason"), card.refused_reason if unfinished else "", 24.0),
        (t(c + "evaluation"), ticks(card.satisfaction)),
        (t(c + "applicant_sign"), "", t(c + "clerk_sign"), "", float(PEN_HEIGHT)),
        (
            t(c + "date"),
            t("cards.blank_date"),
            t(c + "signed"),
            t("cards.signed_yes") if card.signed else "",
        ),
    ]
    if receipt:
        rows += [
            (t("cards.cut_line"), 22.0),
            (t("cards.receipt_title"), t("cards.receipt_note"), 22.0),
            (t(c + "number"), card.number, t(c + "promised"), _due(card)),
            (t(c + "content"), card.content, 30.0),
            (
                t(c + "first_receiver"),
                card.first_receiver,
                t(c + "supervision_phone"),
                supervision_phone,
            ),
        ]
    return rows


def write_cards(
    ctx: ServiceContext,
    path: Path,
    *,
    numbers: Sequence[str] = (),
    day: dt.date | None = None,
    receipt: bool = False,
) -> tuple[Path, int]:
    """Write the cards named by ``numbers`` (or every card accepted on
    ``day``); returns the path and how many cards."""
    ctx.require(Perm.EXPORT)
    wanted = list(numbers)
    if day is not None:
        wanted += [n for n in numbers_accepted_on(ctx, day) if n not in wanted]
    cards = [get_matter(ctx, n) for n in wanted]
    if not cards:
        from deskui.domain.errors import NotFound

        raise NotFound(t("cards.none", day=_d(day)), field="date")
    info = town_info(ctx)
    town = info.name if info else ""
    phone = info.supervision_phone if info else ""
    book = FormBook()
    for card in cards:
        card_sheet(
            book,
            card.number,
            t("cards.title"),
            t("cards.subtitle", town=town, village=card.village),
            (
                t("cards.label.number"),
                card.number,
                t("cards.label.accepted_on"),
                _d(card.accepted_on),
            ),
            card_rows(card, phone, receipt),
        )
    return book.save(path), len(cards)
