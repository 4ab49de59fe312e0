"""代办事项受理卡 (FORMS.md §4): one card a page, portrait, every card of a
batch on one sheet.

A batch (a day's cards, or the cards named) is one sheet, a card a page with
a page break between them, so the clerk's one print command prints them all;
the footer counts cards (第 N 张 共 M 张). Each card fills its A4 page: the
rows that hold writing (the matter, progress, result, signatures) share the
room left. A card: the applicant (ID number and phone masked unless the
operator may see them), the matter, level in words, promised date, the first
receiver and handler, the progress with its latest step (a 转办 included),
result, the 满意 / 基本满意 / 不满意 tick boxes, boxes for the applicant's
signature (手印) and the clerk's. With ``receipt`` a cut line outside both
tables, then the villager's receipt (回执): number, applicant, accepted and
promised dates, the matter, the first receiver, the town's service and
supervision phones (public numbers, never masked) and the clerk's signature.

:func:`paper_sheet` lays out any two-column-pair paper form (the 督办单 uses
it too): rows of (label, value, label, value) or (label, value) spanning the
width, with room for the pen where asked, and :class:`Line` for an unruled
line between tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from deskui.domain.deadlines import Level
from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.matter_flow import Satisfaction, State, Step
from deskui.domain.roles import Perm
from deskui.exports.workbook import Column, FormBook, FormSheet
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.matters.card_view import MatterCard, get_matter
from deskui.services.matters.lists import numbers_accepted_on
from deskui.services.town.towns import town_info

WIDTHS = (18, 28, 16, 28)
PEN_HEIGHT = 48  # points: room for a signature or a thumbprint
# The points of rows an A4 portrait page holds under 0.6" margins and the
# footer, as LibreOffice prints these 90-character-wide sheets (unscaled);
# a paper form is stretched to this height, a little under it to stay on one page.
PAGE_POINTS = 745.0
CUT_HEIGHT = 24.0  # the cut line between two cards on one page


@dataclass(frozen=True)
class Line:
    """An unruled, merged line between the tables (a cut line, a part's title)."""

    text: str
    height: float = 18.0
    bold: bool = False


# (label, value) spans the width; (l, v, l, v) fills both pairs; a float at
# the end asks for that row height (room for the pen, and a row that grows
# when the form is stretched to its page); or a Line.
CardRow = tuple[object, ...] | Line


@dataclass(frozen=True)
class Paper:
    """One copy of a paper form: its title, subtitle, first ruled line (4
    cells: e.g. 编号 … 受理日期 …) and rows."""

    title: str
    subtitle: str
    head: Sequence[str]
    rows: Sequence[CardRow]


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _rows(sheet: FormSheet, rows: Sequence[CardRow]) -> list[tuple[int, float]]:
    """Write ``rows``; returns the (row, height) of those that may grow."""
    ws = sheet.ws
    flexible: list[tuple[int, float]] = []
    for row in rows:
        if isinstance(row, Line):
            sheet.line(row.text, height=row.height, bold=row.bold)
            continue
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
            flexible.append((ws.max_row, float(ws.row_dimensions[ws.max_row].height or height)))
    return flexible


def _fill(sheet: FormSheet, first: int, flexible: list[tuple[int, float]], room: float) -> None:
    """Stretch the growing rows so rows ``first`` … the last fill ``room`` points."""
    ws = sheet.ws
    used = sum(ws.row_dimensions[r].height or 15 for r in range(first, ws.max_row + 1))
    spare = room - used
    grow = sum(h for _r, h in flexible)
    if spare <= 0 or grow <= 0:
        return
    for r, h in flexible:
        ws.row_dimensions[r].height = round(h + spare * h / grow, 1)


def paper_sheet(
    book: FormBook,
    name: str,
    papers: Sequence[Paper],
    *,
    fill: float | None = PAGE_POINTS,
    total: bool = True,
    per_page: int = 1,
) -> FormSheet:
    """Every paper of a batch on one sheet, one a page (a page break after
    each), the footer counting them (第 N 张 共 M 张; without 共 M 张 when
    ``total`` is False: a sheet printed after others, whose total LibreOffice
    counts over the whole book); each stretched to ``fill`` points (None: as
    tall as its text). ``per_page`` 2: two to a page, a cut line between
    them, each stretched to half the page, the footer counting pages."""
    if not papers:
        raise ValueError("a paper sheet needs at least one form")
    first = papers[0]
    columns = [
        Column(h, w, "code" if i % 2 else "center")
        for i, (h, w) in enumerate(zip(first.head, WIDTHS, strict=True))
    ]
    sheet = book.sheet(name, first.title, columns, subtitle=first.subtitle, repeat_header=False)
    sheet.ws.freeze_panes = None
    if per_page > 1:
        sheet.footer(t("export.page_footer"))
        if fill is not None:
            fill = (fill - CUT_HEIGHT * (per_page - 1)) / per_page
    else:
        sheet.footer(t("export.paper_footer" if total else "export.paper_footer_no_total"))
    for i, paper in enumerate(papers):
        top = 1
        if i and i % per_page:
            sheet.line(t("cards.cut_line"), height=CUT_HEIGHT)
            top = sheet.rows_written + 1
            sheet.heading(paper.title)
            sheet.note(paper.subtitle)
            sheet.header(paper.head)
        elif i:
            sheet.page_break()
            top = sheet.rows_written + 1
            sheet.heading(paper.title)
            sheet.note(paper.subtitle)
            sheet.header(paper.head)
        flexible = _rows(sheet, paper.rows)
        if fill is not None:
            _fill(sheet, top, flexible, fill)
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


def level_words(level: str) -> str:
    """办理层级 in words: 镇 → 镇级办理（需镇研究办理）."""
    try:
        lv = Level.parse(level)
    except DomainError:
        return level
    return t("cards.level_words", level=lv.value, label=lv.label)


def latest_step(card: MatterCard) -> str:
    """The card's latest step after acceptance, in one line: its day, kind,
    to whom (a 转办) and note; '' when nothing happened yet."""
    steps = [e for e in card.events if e.kind != Step.ACCEPT.value]
    if not steps:
        return ""
    e = steps[-1]
    parts = [e.kind + (t("cards.step_to", to=e.to_whom) if e.to_whom else "")]
    if e.new_due:
        parts.append(t("cards.step_due", day=e.new_due.isoformat()))
    if e.note:
        parts.append(e.note)
    return t("cards.latest_step", day=e.on.isoformat(), step="，".join(parts))


def progress_text(card: MatterCard) -> str:
    """办理进度: the progress written on the card, and its latest step."""
    latest = latest_step(card)
    lines = [x for x in (card.progress, latest) if x]
    if card.progress and latest and card.progress in latest:
        lines = [latest]
    return "\n".join(lines)


def card_rows(
    card: MatterCard,
    supervision_phone: str,
    receipt: bool,
    service_phone: str = "",
    *,
    half: bool = False,
) -> list[CardRow]:
    """The rows of a card; ``half``: the room of half a page (two to an A4)."""
    c = "cards.label."
    handler = "、".join(x for x in (card.handler_unit, card.handler) if x)
    unfinished = State(card.state).open and card.urgency == "overdue"
    tall, mid = (30.0, 20.0) if half else (60.0, 30.0)
    rows: list[CardRow] = [
        (t(c + "applicant"), card.applicant, t(c + "id_number"), card.id_number),
        (t(c + "phone"), card.phone, t(c + "place"), _place(card)),
        (t(c + "content"), card.content, tall),
        (t(c + "materials"), card.materials, mid),
        (t(c + "level"), level_words(card.level), t(c + "promised"), _due(card)),
        (t(c + "first_receiver"), card.first_receiver, t(c + "handler"), handler),
        (t(c + "progress"), progress_text(card), tall),
        (t(c + "finished_on"), _d(card.finished_on), t(c + "result"), card.result, mid),
        (t(c + "unfinished_reason"), card.refused_reason if unfinished else "", mid),
        (t(c + "evaluation"), ticks(card.satisfaction)),
        (t(c + "applicant_sign"), "", t(c + "clerk_sign"), "", 36.0 if half else float(PEN_HEIGHT)),
        (
            t(c + "date"),
            t("cards.blank_date"),
            t(c + "signed"),
            t("cards.signed_yes") if card.signed else "",
        ),
    ]
    if receipt:
        rows += [
            Line("", 12.0),
            Line(t("cards.cut_line"), 20.0),
            Line(t("cards.receipt_title"), 28.0, bold=True),
            (t(c + "number"), card.number, t(c + "accepted_on"), _d(card.accepted_on)),
            (t(c + "applicant"), card.applicant, t(c + "promised"), _due(card)),
            (t(c + "content"), card.content, 24.0),
            (t(c + "first_receiver"), card.first_receiver, t(c + "handler"), handler),
            (
                t(c + "service_phone"),
                service_phone or t("common.dash"),
                t(c + "supervision_phone"),
                supervision_phone or t("common.dash"),
            ),
            (t(c + "clerk_sign"), "", t(c + "stamp"), "", 40.0),
            Line(t("cards.receipt_note"), 18.0),
        ]
    return rows


def card_paper(
    card: MatterCard, town: str, phones: tuple[str, str], receipt: bool, *, half: bool = False
) -> Paper:
    """The paper of one card; ``phones``: the town's (service, supervision)."""
    service, supervision = phones
    return Paper(
        t("cards.title"),
        t("cards.subtitle", town=town, village=card.village),
        (t("cards.label.number"), card.number, t("cards.label.accepted_on"), _d(card.accepted_on)),
        card_rows(card, supervision, receipt, service, half=half),
    )


def write_cards(
    ctx: ServiceContext,
    path: Path,
    *,
    numbers: Sequence[str] = (),
    day: dt.date | None = None,
    receipt: bool = False,
    two_up: bool = False,
) -> tuple[Path, int]:
    """Write the cards named by ``numbers`` (or every card accepted on
    ``day``) on one sheet, a card a page (``two_up``: two to an A4, without
    receipts: a receipt needs the room of its own card); returns the path
    and how many."""
    ctx.require(Perm.EXPORT)
    if two_up and receipt:
        raise ValidationError(t("cards.two_up_receipt"), field="receipt")
    wanted = list(numbers)
    if day is not None:
        wanted += [n for n in numbers_accepted_on(ctx, day) if n not in wanted]
    cards = [get_matter(ctx, n) for n in wanted]
    if not cards:
        from deskui.domain.errors import NotFound

        raise NotFound(t("cards.none", day=_d(day)), field="date")
    info = town_info(ctx)
    town = info.name if info else ""
    phones = (info.service_phone, info.supervision_phone) if info else ("", "")
    book = FormBook()
    papers = [card_paper(c, town, phones, receipt, half=two_up) for c in cards]
    paper_sheet(book, t("cards.sheet"), papers, per_page=2 if two_up else 1)
    return book.save(path), len(cards)
