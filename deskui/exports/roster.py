"""驻村服务日值班安排表 (FORMS.md §3): the month's roster, landscape.

One row a duty day of a village: the leader, the officials with their posts
and phones (masked unless the operator may see them), the substitute, the
sign-in. Cancelled and moved days appear with the reason; the foot names the
liaison (联络员及电话) and the supervision phone (监督电话)."""

from __future__ import annotations

from pathlib import Path

from deskui.domain.dates import weekday_name
from deskui.domain.privacy import mask_phone
from deskui.domain.roles import Perm
from deskui.exports.workbook import Column, FormBook
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.roster.view import DayEntry, month_entries
from deskui.services.town.towns import town_info

COLUMNS = (
    ("date", 11, "date"), ("weekday", 7, "center"), ("village", 10, "center"),
    ("shift", 7, "center"), ("place", 16, "text"), ("leader", 10, "center"),
    ("officials", 16, "text"), ("posts", 14, "text"), ("phones", 14, "code"),
    ("substitute", 10, "text"), ("signed", 12, "text"), ("note", 20, "text"),
)  # fmt: skip


def _row(entry: DayEntry) -> list[object]:
    held = entry.status != "取消"
    lines = entry.lines if held else ()
    leaders = [x for x in lines if x.role == "组长"]
    others = [x for x in lines if x.role != "组长"]
    subs = [f"{x.substitute}（{x.official}）" for x in lines if x.substitute]
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


def write_roster(ctx: ServiceContext, year: int, month: int, path: Path) -> Path:
    """The month's roster workbook at ``path``."""
    ctx.require(Perm.EXPORT)
    info = town_info(ctx)
    town = info.name if info else ""
    entries = month_entries(ctx, year, month)
    book = FormBook()
    columns = [Column(t(f"roster.form.col.{k}"), w, kind) for k, w, kind in COLUMNS]
    title = t("roster.form.title", town=town, y=year, m=month)
    sheet = book.sheet(t("roster.form.sheet", m=month), title, columns, landscape=True)
    for entry in entries:
        sheet.append(_row(entry), mark=entry.status != "安排")
    if not entries:
        sheet.note(t("roster.form.empty", y=year, m=month))
    liaison, liaison_phone, supervision = _contacts(ctx)
    see_all = ctx.actor.can(Perm.SEE_FULL_ID)
    sheet.note(
        t(
            "roster.form.footer",
            liaison=liaison or t("common.dash"),
            phone=(liaison_phone if see_all else mask_phone(liaison_phone)) or t("common.dash"),
            supervision=supervision or t("common.dash"),
        )
    )
    sheet.signatures()
    return book.save(path)


def _contacts(ctx: ServiceContext) -> tuple[str, str, str]:
    from deskui.services.roster.duty import town_contacts

    return town_contacts(ctx)
