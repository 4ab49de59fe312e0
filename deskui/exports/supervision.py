"""督办单 (FORMS.md §5): the Monday joint meeting's supervision orders.

:func:`write_supervision` writes the orders already issued at a meeting
(issuing is its own action, :func:`deskui.services.matters.supervision.issue_orders`;
this export only reads): a list sheet of every order of that meeting (landscape) and
a sheet of the orders, one a page (portrait, 第 N 张 in the footer), both sheets
selected so one print command prints them; each order has blank lines for the receiving
unit: 签收人/签收时间, 办理情况, 延期申请, 办结日期, 审核意见, and the
unit head's signature (盖章).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from deskui.domain.errors import NotFound
from deskui.domain.roles import Perm
from deskui.exports.cards import PEN_HEIGHT, CardRow, Paper, paper_sheet
from deskui.exports.workbook import Column, FormBook, select_all
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.matters.supervision import OrderRow, orders_of_day
from deskui.services.town.towns import town_info

LIST_COLUMNS = (
    ("seq", 5, "int"), ("number", 17, "code"), ("matter", 13, "code"), ("issued", 11, "date"),
    ("source", 7, "center"), ("content", 30, "text"), ("applicant", 18, "text"),
    ("unit", 12, "text"), ("leader", 8, "center"), ("responsible", 8, "center"),
    ("deadline", 11, "date"), ("closed", 7, "center"),
)  # fmt: skip


def order_rows(o: OrderRow) -> list[CardRow]:
    s = "supervision.label."
    return [
        (t(s + "source"), o.source, t(s + "matter"), o.matter_number),
        (t(s + "content"), o.content, 40.0),
        (t(s + "applicant"), f"{o.applicant}  {o.phone}  {o.village}".strip()),
        (t(s + "unit"), o.lead_unit, t(s + "leader"), o.leader),
        (t(s + "responsible"), o.responsible, t(s + "deadline"), o.deadline.isoformat()),
        (t(s + "requirements"), o.requirements, 30.0),
        (t(s + "signer"), "", t(s + "signed_at"), "", 30.0),
        (t(s + "progress"), "", 60.0),
        (t(s + "extension"), t("supervision.extension_blank"), 36.0),
        (t(s + "finished_on"), "", t(s + "review"), "", 36.0),
        (t(s + "closed"), t("supervision.closed_ticks", yes="☑" if o.closed else "☐", no="☐"),
         t(s + "issuer"), o.issuer),
        (t(s + "unit_head"), "", float(PEN_HEIGHT)),
    ]  # fmt: skip


def write_supervision(ctx: ServiceContext, meeting_day: dt.date, path: Path) -> Path:
    """Write the orders issued at the meeting of ``meeting_day``; none issued
    yet is refused with a message saying how to issue them."""
    ctx.require(Perm.EXPORT)
    orders = orders_of_day(ctx, meeting_day)
    if not orders:
        day = meeting_day.isoformat()
        raise NotFound(t("supervision.no_orders", day=day), field="date")
    info = town_info(ctx)
    town = info.name if info else ""
    book = FormBook()
    columns = [Column(t(f"supervision.col.{k}"), w, kind) for k, w, kind in LIST_COLUMNS]
    listing = book.sheet(
        t("supervision.list_sheet"),
        t("supervision.list_title", town=town, day=meeting_day.isoformat()),
        columns,
        landscape=True,
    )
    for i, o in enumerate(orders, start=1):
        listing.append(
            [
                i, o.number, o.matter_number, o.issued_on, o.source, o.content,
                f"{o.applicant} {o.phone}".strip(), o.lead_unit, o.leader, o.responsible,
                o.deadline, t("supervision.yes") if o.closed else t("supervision.no"),
            ]
        )  # fmt: skip
    listing.signatures()
    papers = [
        Paper(
            t("supervision.order_title", town=town),
            "",
            (
                t("supervision.label.number"),
                o.number,
                t("supervision.label.issued"),
                o.issued_on.isoformat(),
            ),
            order_rows(o),
        )
        for o in orders
    ]
    paper_sheet(book, t("supervision.orders_sheet"), papers, total=False)
    select_all(book)
    return book.save(path)
