"""What the desk's header shows: the town, today, the villages holding a
service day, the overdue count and the holiday years not yet set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.matters.overdue import overdue_count
from deskui.store.models import DutyDay, Town, Village


@dataclass(frozen=True)
class HeaderInfo:
    town_name: str
    today: dt.date
    service_villages: tuple[str, ...]  # villages with a service day (安排) today
    overdue: int
    unknown_years: tuple[int, ...]  # holiday calendar years not set yet
    operator: str
    role: str
    # From 1 November: next year, when its holidays are not set yet (else None)
    next_year_missing: int | None = None
    # For an administrator: what to do about it, one line to show ('' otherwise)
    holiday_notice: str = ""
    # What the town still lacks for a ready service day (the desk's checklist)
    missing: tuple[str, ...] = ()

    @property
    def is_service_day(self) -> bool:
        return bool(self.service_villages)


def header_info(ctx: ServiceContext) -> HeaderInfo:
    """What the desk's header shows: town, today, service day, overdue count."""
    from deskui.services.town.calendar import unknown_years
    from deskui.services.town.readiness import missing_for_service_day

    today = ctx.today()
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    villages: tuple[str, ...] = ()
    if town is not None:
        q = (
            Village.select(Village.name, Village.sort_order, Village.id)
            .join(DutyDay, on=(DutyDay.village == Village.id))
            .where(
                (Village.town == town.id)
                & (DutyDay.date == today)
                & (DutyDay.status == "安排")
                & (Village.archived == False)  # noqa: E712
            )
            .distinct()
            .order_by(Village.sort_order, Village.id)
            .tuples()
        )
        villages = tuple(name for name, _order, _id in cast("list[tuple[str, int, int]]", q))
    missing = tuple(unknown_years(ctx, today))
    next_year = today.year + 1 if today.year + 1 in missing else None
    notice = ""
    if next_year is not None and ctx.actor.can(Perm.ADMIN):
        notice = t("calendar.next_year_missing", year=next_year)
    return HeaderInfo(
        town_name=town.name if town else "",
        today=today,
        service_villages=villages,
        overdue=overdue_count(ctx) if town else 0,
        unknown_years=missing,
        operator=ctx.actor.display_name,
        role=ctx.actor.role.value,
        next_year_missing=next_year,
        holiday_notice=notice,
        missing=missing_for_service_day(ctx) if town else (),
    )
