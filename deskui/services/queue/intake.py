"""What the queue tab needs beside the queue itself: the resident lookup of
the intake form (取号登记), today's service day and team of a village, and
registering a visitor found in the archive (the phone on file is used when
the clerk typed none, so a masked phone never has to be shown to be kept).

Reads only, except :func:`register_intake`, which goes through
:func:`deskui.services.queue.visits.register_visit`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from peewee import fn

from deskui.domain.privacy import mask_id, mask_phone
from deskui.domain.roles import Perm
from deskui.domain.search import classify_query
from deskui.services.context import ServiceContext
from deskui.services.queue.rows import Ticket
from deskui.services.queue.visits import register_visit
from deskui.store.models import (
    DutyAssignment,
    DutyDay,
    Household,
    Official,
    Resident,
    SearchKey,
    Village,
)

KEY_END = "\uffff"
ARRANGED = "安排"


@dataclass(frozen=True)
class ResidentHit:
    """One resident the lookup found: what the intake form fills in."""

    resident_id: int
    household_id: int
    name: str
    relation: str
    village_id: int
    village: str
    group_no: int | None
    phone: str  # full, or masked when the operator may not see it
    phone_masked: bool  # True: leave the phone field empty, the archive keeps it
    head_name: str
    id_number: str = ""  # full, or masked when the operator may not see it
    id_masked: bool = False  # True: leave the ID field empty, the archive keeps it


@dataclass(frozen=True)
class TeamMember:
    official_id: int
    name: str
    role: str  # 组长 / 成员 / 协助 (顶班: the substitute of an absent member)


@dataclass(frozen=True)
class DeskVillage:
    id: int
    name: str
    group_count: int
    service_today: bool


@dataclass(frozen=True)
class DeskDay:
    """A village's service day as the queue tab announces it."""

    village_id: int
    village: str
    today: dt.date
    service_today: bool
    shift: str  # 全天 / 上午 / 下午, '' when none today
    place: str
    next_day: dt.date | None  # the next arranged day after today
    team: tuple[TeamMember, ...]


def search_residents(
    ctx: ServiceContext, text: str, *, village_id: int | None = None, limit: int = 8
) -> list[ResidentHit]:
    """Residents whose name, pinyin initials, phone or ID tail starts with
    what was typed (the archive's search keys); the chosen village first."""
    ctx.require(Perm.QUEUE)
    query = classify_query(text)
    if query.is_empty or query.kind == "group":
        return []
    # This town's keys only (index town, kind, key): a common surname in a
    # county database must not fill the 200 with other towns' people.
    keys = (
        SearchKey.select(SearchKey.resident)
        .where(
            (SearchKey.town == ctx.town_id)
            & (SearchKey.kind.in_(query.kinds))
            & (SearchKey.key >= query.prefix)
            & (SearchKey.key < query.prefix + KEY_END)
        )
        .limit(200)
    )
    q = (
        Resident.select(Resident, Household, Village.id, Village.name)
        .join(Household, on=Resident.household)
        .join(Village, on=Household.village)
        .where(
            Resident.id.in_(keys)
            & (Village.town == ctx.town_id)
            & (Resident.archived == False)  # noqa: E712
            & (Household.archived == False)  # noqa: E712
        )
        .order_by(Resident.id)
        .limit(200)
    )
    residents = list(q)
    if village_id is not None:
        residents.sort(key=lambda r: r.household.village_id != village_id)
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    out = []
    for r in residents[:limit]:
        h = r.household
        out.append(
            ResidentHit(
                resident_id=int(r.id),
                household_id=int(h.id),
                name=r.name,
                relation=r.relation,
                village_id=int(h.village_id),
                village=h.village.name,
                group_no=h.group_no,
                phone=r.phone if full else mask_phone(r.phone),
                phone_masked=not full and bool(r.phone),
                head_name=h.head_name,
                id_number=(r.id_number or "") if full else mask_id(r.id_number),
                id_masked=not full and bool(r.id_number),
            )
        )
    return out


def register_intake(
    ctx: ServiceContext,
    *,
    village: int | str,
    name: str,
    reason: str = "",
    phone: str = "",
    group_no: int | str | None = None,
    resident_id: int | None = None,
    household_id: int | None = None,
) -> Ticket:
    """Register a visitor from the intake form; a resident picked from the
    archive keeps the phone on file when none was typed."""
    if not phone.strip() and resident_id is not None:
        found = Resident.get_or_none(Resident.id == resident_id)
        phone = found.phone if found is not None else ""
    return register_visit(
        ctx,
        village=village,
        name=name,
        reason=reason,
        phone=phone,
        group_no=group_no,
        resident_id=resident_id,
        household_id=household_id,
    )


def desk_villages(ctx: ServiceContext) -> list[DeskVillage]:
    """The town's villages, those with a service day today first."""
    ctx.require(Perm.QUEUE)
    on_duty = DutyDay.select(DutyDay.id).where(
        (DutyDay.village == Village.id)
        & (DutyDay.date == ctx.today())
        & (DutyDay.status == ARRANGED)
    )
    villages = (
        Village.select(Village.id, Village.name, Village.group_count, fn.EXISTS(on_duty))
        .where((Village.town == ctx.town_id) & (Village.archived == False))  # noqa: E712
        .order_by(Village.sort_order, Village.id)
        .tuples()
    )
    rows = [
        DeskVillage(int(v[0]), v[1], v[2], bool(v[3]))
        for v in cast("list[tuple[Any, ...]]", villages)
    ]
    return sorted(rows, key=lambda v: not v.service_today)


def desk_day(ctx: ServiceContext, village_id: int) -> DeskDay:
    """Today's service day of a village (shift, place, team) or the next one."""
    ctx.require(Perm.QUEUE)
    today = ctx.today()
    village = Village.get_by_id(village_id)
    days = list(
        DutyDay.select()
        .where(
            (DutyDay.village == village_id) & (DutyDay.date == today) & (DutyDay.status == ARRANGED)
        )
        .order_by(DutyDay.id)
    )
    nxt = (
        DutyDay.select(DutyDay.date)
        .where(
            (DutyDay.village == village_id) & (DutyDay.date > today) & (DutyDay.status == ARRANGED)
        )
        .order_by(DutyDay.date)
        .first()
    )
    team: dict[int, TeamMember] = {}
    shared = False  # a member whose name another official of the town bears
    if days:
        peer = Official.alias()
        namesakes = (  # in-post officials of the town with the member's name
            peer.select(fn.COUNT(peer.id)).where(
                (peer.town == Official.town)
                & (peer.name == Official.name)
                & (peer.archived == False)  # noqa: E712
            )
        )
        q = (
            DutyAssignment.select(DutyAssignment, Official, namesakes.alias("namesakes"))
            .join(Official, on=DutyAssignment.official)
            .where(DutyAssignment.duty_day.in_([d.id for d in days]))
            .order_by(DutyAssignment.id)
        )
        for a in q:
            if a.absent and a.substitute_id:
                sub = Official.get_or_none(Official.id == a.substitute_id)
                if sub is not None:
                    team.setdefault(sub.id, TeamMember(sub.id, sub.name, "顶班"))
                    shared = True  # not counted by the statement: look it up
                continue
            if not a.absent:
                shared = shared or int(getattr(a, "namesakes", 0) or 0) > 1
                team.setdefault(a.official_id, TeamMember(a.official_id, a.official.name, a.role))
    if shared:
        from deskui.services.town.officials import town_labels

        labels = town_labels(village.town_id, {i: m.name for i, m in team.items()}, in_post=True)
        team = {i: TeamMember(i, labels[i], m.role) for i, m in team.items()}
    return DeskDay(
        village_id=village_id,
        village=village.name,
        today=today,
        service_today=bool(days),
        shift="、".join(dict.fromkeys(d.shift for d in days)),
        place=days[0].place if days else "",
        next_day=nxt.date if nxt is not None else None,
        team=tuple(team.values()),
    )


def town_officials(ctx: ServiceContext) -> list[TeamMember]:
    """Every official of the town, for a desk whose village has no team today."""
    ctx.require(Perm.QUEUE)
    from deskui.services.town.officials import town_labels

    q = (
        Official.select(Official.id, Official.name)
        .where((Official.town == ctx.town_id) & (Official.archived == False))  # noqa: E712
        .order_by(Official.is_leader.desc(), Official.id)
    )
    found = list(q)
    labels = town_labels(ctx.town_id, {o.id: o.name for o in found}, in_post=True)
    return [TeamMember(int(o.id), labels[o.id], "") for o in found]
