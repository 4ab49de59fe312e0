"""What a town still lacks for a ready service day (the desk's checklist).

Each line names one gap, in the order first-run setup fills them: officials,
each village's team, the officials' phones, the household roll, this month's
roster. The desk shows the lines until none is left; the first-run guide
(:mod:`deskui.services.town.setup`) reads the same counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import Select, fn

from deskui.domain.roster_rules import LEADER
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.store.models import DutyDay, Household, Official, Operator, TeamMember, Village


@dataclass(frozen=True)
class Gaps:
    """The counts behind the checklist (all 0 before the town is set up)."""

    villages: int = 0
    officials: int = 0  # in post
    no_team: int = 0  # villages without a team member in post
    no_leader: int = 0  # villages with a team but no 组长 in post (an imported 包联村)
    no_phone: int = 0  # officials in post without a phone
    desk_officials: int = 0  # officials in post with an active operator account
    households: int = 0
    month_days: int = 0  # this month's duty days


def gaps(ctx: ServiceContext, *, exact: bool = False) -> Gaps:
    """The counts; without ``exact`` the households and duty days are only
    0 or 1 (is there any: the header asks on every refresh, on a county's
    database too)."""
    town = ctx.town_id
    if town is None:
        return Gaps()
    today = ctx.today()
    in_post = Official.select(Official.id).where(
        (Official.town == town) & (Official.archived == False)  # noqa: E712
    )
    villages = Village.select(Village.id).where(
        (Village.town == town) & (Village.archived == False)  # noqa: E712
    )
    with_team = TeamMember.select(TeamMember.village).where(
        TeamMember.official.in_(in_post) & (TeamMember.until.is_null() | (TeamMember.until > today))
    )
    with_leader = with_team.where(TeamMember.role == LEADER)
    desk = Operator.select(Operator.official).where(
        Operator.official.in_(in_post) & (Operator.active == True)  # noqa: E712
    )
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    homes = Household.select(Household.id).where(Household.village.in_(villages))
    days = DutyDay.select(DutyDay.id).where(
        DutyDay.village.in_(villages) & (DutyDay.date >= first) & (DutyDay.date < following)
    )

    def count(query: Any, column: Any) -> Any:
        return query.select(fn.COUNT(column))

    # one round trip: every count a scalar subquery of one SELECT
    columns = [
        count(villages, Village.id),
        count(in_post, Official.id),
        count(villages.where(Village.id.not_in(with_team)), Village.id),
        count(
            villages.where(Village.id.in_(with_team) & Village.id.not_in(with_leader)), Village.id
        ),
        count(in_post.where(Official.phone == ""), Official.id),
        count(desk, Operator.official.distinct()),
        count(homes, Household.id) if exact else fn.EXISTS(homes),
        count(days, DutyDay.id) if exact else fn.EXISTS(days),
    ]
    values = Select(columns=columns).bind(ctx.db).tuples().get()
    return Gaps(*(int(v or 0) for v in values))


def missing_for_service_day(ctx: ServiceContext) -> tuple[str, ...]:
    """The checklist's open lines (empty when the town is ready, or has no
    town yet)."""
    if ctx.town_id is None:
        return ()
    g = gaps(ctx)
    out: list[str] = []
    if not g.officials:
        out.append(t("ready.no_officials"))
    if g.no_team:
        out.append(t("ready.no_team", n=g.no_team))
    if g.no_leader:
        out.append(t("ready.no_leader", n=g.no_leader))
    if g.no_phone:
        out.append(t("ready.no_phone", n=g.no_phone))
    if not g.households:
        out.append(t("ready.no_roll"))
    if not g.month_days:
        out.append(t("ready.no_roster"))
    return tuple(out)


def officials_without_account(ctx: ServiceContext) -> list[int]:
    """Ids of the officials in post with no operator account yet."""
    taken = Operator.select(Operator.official).where(Operator.official.is_null(False))
    return [
        o.id
        for o in Official.select(Official.id).where(
            (Official.town == ctx.town_id)
            & (Official.archived == False)  # noqa: E712
            & Official.id.not_in(taken)
        )
    ]


def villages_without_team(ctx: ServiceContext) -> list[str]:
    """Names of the villages (in their order) with no team member in post,
    or no 组长 in post."""
    today = ctx.today()
    in_post = Official.select(Official.id).where(
        (Official.town == ctx.town_id) & (Official.archived == False)  # noqa: E712
    )
    with_team = TeamMember.select(TeamMember.village).where(
        TeamMember.official.in_(in_post)
        & (TeamMember.until.is_null() | (TeamMember.until > today))
        & (TeamMember.role == LEADER)
    )
    q = Village.select(Village.name).where(
        (Village.town == ctx.town_id)
        & (Village.archived == False)  # noqa: E712
        & Village.id.not_in(with_team)
    )
    return [v.name for v in q.order_by(Village.sort_order, Village.id)]
