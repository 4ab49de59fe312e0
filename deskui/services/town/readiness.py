"""What a town still lacks for a ready service day (the desk's checklist).

Each line names one gap, in the order first-run setup fills them: officials,
each village's team, the officials' phones, the household roll, this month's
roster. The desk
shows the lines until none is left.
"""

from __future__ import annotations

import datetime as dt

from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.store.models import DutyDay, Household, Official, TeamMember, Village


def missing_for_service_day(ctx: ServiceContext) -> tuple[str, ...]:
    """The checklist's open lines (empty when the town is ready, or has no
    town yet)."""
    town = ctx.town_id
    if town is None:
        return ()
    today = ctx.today()
    out: list[str] = []
    in_post = Official.select(Official.id).where(
        (Official.town == town) & (Official.archived == False)  # noqa: E712
    )
    if not in_post.exists():
        out.append(t("ready.no_officials"))
    villages = Village.select(Village.id).where(
        (Village.town == town) & (Village.archived == False)  # noqa: E712
    )
    with_team = TeamMember.select(TeamMember.village).where(
        TeamMember.official.in_(in_post) & (TeamMember.until.is_null() | (TeamMember.until > today))
    )
    no_team = villages.where(Village.id.not_in(with_team)).count()
    if no_team:
        out.append(t("ready.no_team", n=no_team))
    no_phone = in_post.where(Official.phone == "").count()
    if no_phone:
        out.append(t("ready.no_phone", n=no_phone))
    if not Household.select(Household.id).where(Household.village.in_(villages)).exists():
        out.append(t("ready.no_roll"))
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    roster = DutyDay.select(DutyDay.id).where(
        DutyDay.village.in_(villages) & (DutyDay.date >= first) & (DutyDay.date < following)
    )
    if not roster.exists():
        out.append(t("ready.no_roster"))
    return tuple(out)
