"""包联户联系情况表 (FORMS.md §7): per official the liaison households, how
many were visited or phoned this month, how many not yet, the rate; then the
list of the households nobody has contacted yet, must-visit ones first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from deskui.domain.roles import Perm
from deskui.exports.workbook import Column, FormBook
from deskui.i18n import t
from deskui.services.archive.liaison import coverage, not_contacted
from deskui.services.context import ServiceContext
from deskui.services.town.towns import town_info

C = "archive.export.c."
P = "archive.export.p."


def export_contacts(
    ctx: ServiceContext, path: Path, year: int, month: int, *, as_of: dt.date | None = None
) -> Path:
    """Write the month's 包联户联系情况表; with ``as_of``, contacts after that
    date are not counted (:func:`deskui.services.archive.liaison.contact_span`)."""
    ctx.require(Perm.EXPORT)
    rows = coverage(ctx, year, month, as_of=as_of)
    pending_rows = not_contacted(ctx, year, month, as_of=as_of)
    town = town_info(ctx)
    name = town.name if town else ""
    book = FormBook()
    cols = [
        Column(t(C + "official"), 12, "center"),
        Column(t(C + "households"), 10, "int"),
        Column(t(C + "visited"), 10, "int"),
        Column(t(C + "phoned"), 10, "int"),
        Column(t(C + "contacted"), 11, "int"),
        Column(t(C + "pending"), 11, "int"),
        Column(t(C + "rate"), 10, "rate"),
    ]
    sheet = book.sheet(
        t("archive.export.contacts_sheet"),
        t("archive.export.contacts_title", town=name, year=year, month=month),
        cols,
    )
    for r in rows:
        sheet.append(
            [
                r.official,
                r.households,
                r.visited,
                r.phoned,
                r.contacted,
                r.not_contacted,
                (r.contacted, r.households),
            ]
        )
    total = sum(r.households for r in rows)
    reached = sum(r.contacted for r in rows)
    sheet.append(
        [
            t(C + "total"),
            total,
            sum(r.visited for r in rows),
            sum(r.phoned for r in rows),
            reached,
            total - reached,
            (reached, total),
        ],
        mark=True,
    )
    sheet.note(t(C + "formula"))
    sheet.note(t(C + "formula2"))
    if as_of is not None:
        sheet.note(t(C + "as_of", as_of=as_of.isoformat()))
    sheet.signatures()
    pending_cols = [
        Column(t(C + "official"), 10, "center"),
        Column(t(P + "village"), 10, "center"),
        Column(t(P + "group"), 5, "int"),
        Column(t(P + "code"), 9, "code"),
        Column(t(P + "head"), 9, "center"),
        Column(t(P + "phone"), 14, "code"),
        Column(t(P + "tags"), 18),
        Column(t(P + "must"), 7, "center"),
        Column(t(P + "last"), 11, "date"),
    ]
    pending = book.sheet(
        t("archive.export.pending_sheet"),
        t("archive.export.pending_title", town=name, year=year, month=month),
        pending_cols,
    )
    for p in pending_rows:
        pending.append(
            [
                p.official,
                p.village,
                p.group_no or "",
                p.code,
                p.head_name,
                p.phone,
                p.tags,
                t("common.yes") if p.must_visit else "",
                p.last_contact,
            ],
            mark=p.must_visit,
        )
    pending.signatures()
    return book.save(path)
