"""What the desk's header shows: the town, today, the villages holding a
service day, the overdue count and the holiday years not yet set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskui.services.context import ServiceContext
from deskui.services.matters.lists import overdue_count
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

    @property
    def is_service_day(self) -> bool:
        return bool(self.service_villages)


def header_info(ctx: ServiceContext) -> HeaderInfo:
    """What the desk's header shows: town, today, service day, overdue count."""
    from deskui.services.town.calendar import unknown_years

    today = ctx.today()
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    villages: tuple[str, ...] = ()
    if town is not None:
        q = (
            Village.select(Village.name)
            .join(DutyDay, on=(DutyDay.village == Village.id))
            .where(
                (Village.town == town.id)
                & (DutyDay.date == today)
                & (DutyDay.status == "安排")
                & (Village.archived == False)  # noqa: E712
            )
            .distinct()
            .order_by(Village.name)
        )
        villages = tuple(sorted({v.name for v in q}, key=_village_order(ctx)))
    return HeaderInfo(
        town_name=town.name if town else "",
        today=today,
        service_villages=villages,
        overdue=overdue_count(ctx) if town else 0,
        unknown_years=tuple(unknown_years(ctx, today)),
        operator=ctx.actor.display_name,
        role=ctx.actor.role.value,
    )


def _village_order(ctx: ServiceContext):  # type: ignore[no-untyped-def]
    order = {
        v.name: (v.sort_order, v.id)
        for v in Village.select(Village.name, Village.sort_order, Village.id).where(
            Village.town == ctx.town_id
        )
    }
    return lambda name: order.get(name, (0, 0))
