"""The town's villages after the first run: add, change the number of groups
and the remote (every other week) flag, rename, merge. Admin only, audited.

A renamed village keeps its old name as an alias (:class:`VillageAlias`):
``find_village`` and every importer still find it by that name. Merging
(合并村 / 村改居) moves every record of one village into another —
households, visits, matters, duty days, team places — and leaves the old
village archived, its name an alias of the one it joined. Nothing is
deleted; where two records would collide (the same household code, the same
ticket on one day, the same duty day), the moved one is renumbered or stays
with the archived village, and the summary says how many.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import fn

from deskui.domain.errors import NotFound, RuleViolation, ValidationError
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.town import settings as town_settings
from deskui.services.town.towns import find_village
from deskui.store.models import (
    DutyDay,
    Household,
    Matter,
    TeamMember,
    Town,
    Village,
    VillageAlias,
    Visit,
)


@dataclass(frozen=True)
class VillageInfo:
    """A village as the settings screen and ``village list`` show it."""

    id: int
    name: str
    group_count: int
    remote: bool
    cadence_weeks: int
    office_address: str
    aliases: tuple[str, ...]  # former names that still find it
    households: int


@dataclass(frozen=True)
class MergeResult:
    village: VillageInfo
    households: int
    visits: int
    matters: int
    duty_days: int
    team_members: int
    renumbered_households: int  # household codes prefixed (the code was taken)
    kept_duty_days: int  # the same day and shift in both: stays with the old village
    group_offset: int  # the old village's group N is now group N + offset


def _name(value: str) -> str:
    return clean_text(value, field="village", label=t("field.village"), max_len=40, required=True)


def _town(ctx: ServiceContext) -> Town:
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    if town is None:
        raise NotFound(t("official.no_town"))
    return town


def _taken(ctx: ServiceContext, name: str, own: int | None) -> None:
    """A name is free unless another village has it, or had it."""
    clash = Village.get_or_none((Village.town == ctx.town_id) & (Village.name == name))
    if clash is not None and clash.id != own:
        key = "village.name_archived" if clash.archived else "village.name_taken"
        raise ValidationError(t(key, name=name), field="name")
    alias = VillageAlias.get_or_none(
        (VillageAlias.town == ctx.town_id) & (VillageAlias.name == name)
    )
    if alias is not None and alias.village_id != own:
        owner = Village.get_by_id(alias.village_id)
        raise ValidationError(t("village.name_alias", name=name, village=owner.name), field="name")


def _groups(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 99:
        raise ValidationError(t("village.bad_groups", value=value), field="group_count")
    return value


def _info(v: Village) -> VillageInfo:
    aliases = tuple(
        a.name
        for a in VillageAlias.select().where(VillageAlias.village == v.id).order_by(VillageAlias.id)
    )
    households = Household.select().where(
        (Household.village == v.id) & (Household.archived == False)  # noqa: E712
    )
    return VillageInfo(
        id=v.id,
        name=v.name,
        group_count=v.group_count,
        remote=bool(v.remote),
        cadence_weeks=v.cadence_weeks,
        office_address=v.office_address,
        aliases=aliases,
        households=households.count(),
    )


def list_villages(ctx: ServiceContext) -> list[VillageInfo]:
    """The town's villages in their order, with their former names."""
    q = (
        Village.select()
        .where((Village.town == ctx.town_id) & (Village.archived == False))  # noqa: E712
        .order_by(Village.sort_order, Village.id)
    )
    return [_info(v) for v in q]


def get_village(ctx: ServiceContext, village: str) -> VillageInfo:
    return _info(Village.get_by_id(find_village(ctx, village).id))


def add_village(
    ctx: ServiceContext, name: str, group_count: int = 1, *, remote: bool = False
) -> VillageInfo:
    """A new village at the end of the list. A remote one serves every other
    week from the town's next service day."""
    ctx.require(Perm.ADMIN)
    town = _town(ctx)
    clean = _name(name)
    groups = _groups(group_count)

    def work() -> int:
        _taken(ctx, clean, None)
        last = Village.select(fn.MAX(Village.sort_order)).where(Village.town == town.id).scalar()
        v = audit.create(
            ctx, Village, town=town.id, name=clean, group_count=groups, sort_order=(last or 0) + 1
        )
        return int(v.id)

    vid = ctx.write(work)
    if remote:
        set_remote(ctx, clean, True)
    return _info(Village.get_by_id(vid))


def _next_service_day(ctx: ServiceContext) -> dt.date:
    day = ctx.today()
    weekday = _town(ctx).service_weekday
    return day + dt.timedelta(days=(weekday - day.isoweekday()) % 7)


def set_remote(
    ctx: ServiceContext, village: str, remote: bool, *, anchor: dt.date | None = None
) -> VillageInfo:
    """Mark a village remote (位置偏远: service day every other week, from
    ``anchor`` or the next service day) or not (every week)."""
    ctx.require(Perm.ADMIN)
    row = find_village(ctx, village)
    if remote:
        town_settings.update_village_settings(
            ctx, row.name, cadence_weeks=2, cadence_anchor=anchor or _next_service_day(ctx)
        )
    else:
        town_settings.update_village_settings(ctx, row.name, cadence_weeks=1, cadence_anchor=None)
    v = Village.get_by_id(row.id)
    ctx.write(lambda: audit.update(ctx, v, remote=remote))
    return _info(v)


def set_group_count(ctx: ServiceContext, village: str, group_count: int) -> VillageInfo:
    """Change the number of groups; refused while households or matters sit
    in a group beyond the new count."""
    ctx.require(Perm.ADMIN)
    groups = _groups(group_count)
    row = find_village(ctx, village)
    used = [
        n
        for n in (
            Household.select(fn.MAX(Household.group_no))
            .where(Household.village == row.id)
            .scalar(),
            Matter.select(fn.MAX(Matter.group_no)).where(Matter.village == row.id).scalar(),
        )
        if n
    ]
    if used and max(used) > groups:
        raise RuleViolation(
            t("village.groups_in_use", village=row.name, count=groups, used=max(used)),
            code="groups",
        )
    v = Village.get_by_id(row.id)
    ctx.write(lambda: audit.update(ctx, v, group_count=groups))
    return _info(v)


def rename_village(ctx: ServiceContext, village: str, new_name: str) -> VillageInfo:
    """Rename a village; its old name stays an alias that still finds it."""
    ctx.require(Perm.ADMIN)
    row = find_village(ctx, village)
    clean = _name(new_name)
    if clean == row.name:
        raise ValidationError(t("village.same_name", name=clean), field="name")

    def work() -> None:
        _taken(ctx, clean, row.id)
        v = Village.get_by_id(row.id)
        old = v.name
        own = VillageAlias.get_or_none(
            (VillageAlias.town == ctx.town_id) & (VillageAlias.name == clean)
        )
        if own is not None:  # back to a former name: it is the name again
            VillageAlias.delete().where(VillageAlias.id == own.id).execute()
            audit.log(ctx, "删除", "village_alias", own.id, {"name": [clean, None]})
        audit.update(ctx, v, name=clean, audit_note=t("village.rename_note", old=old, new=clean))
        audit.create(ctx, VillageAlias, village=v.id, town=ctx.town_id, name=old, since=ctx.today())

    ctx.write(work)
    return _info(Village.get_by_id(row.id))


def merge_villages(
    ctx: ServiceContext, source: str, into: str, *, renumber_groups: bool = True
) -> MergeResult:
    """Merge village ``source`` into ``into`` (合并村 / 村改居): every
    household, visit, matter, duty day and team place moves; ``source`` is
    archived and its names become aliases of ``into``. With
    ``renumber_groups`` the old village's groups follow the target's (its
    group 1 becomes group N+1 when the target had N groups)."""
    ctx.require(Perm.ADMIN)
    src = find_village(ctx, source)
    dst = find_village(ctx, into)
    if src.id == dst.id:
        raise ValidationError(t("village.merge_self", name=src.name), field="into")

    def work() -> MergeResult:
        s = Village.get_by_id(src.id)
        d = Village.get_by_id(dst.id)
        offset = d.group_count if renumber_groups else 0
        groups = (
            d.group_count + s.group_count if renumber_groups else max(d.group_count, s.group_count)
        )
        moved: dict[str, int] = {}

        # households: a code already taken in the target gets the old village's name in front
        renumbered = count = 0
        codes = {h.code for h in Household.select(Household.code).where(Household.village == d.id)}
        for h in Household.select().where(Household.village == s.id):
            values: dict[str, Any] = {"village": d.id}
            if h.group_no and offset:
                values["group_no"] = h.group_no + offset
            if h.code in codes:
                code = f"{s.name}-{h.code}"[:30]
                n = 2
                while code in codes:
                    code = f"{s.name}{n}-{h.code}"[:30]
                    n += 1
                values["code"] = code
                renumbered += 1
            codes.add(str(values.get("code", h.code)))
            audit.update(
                ctx, h, audit_note=t("village.merge_note", old=s.name, new=d.name), **values
            )
            count += 1
        moved["households"] = count

        # visits: a ticket already used that day moves after the target's last one
        count = 0
        last: dict[dt.date, int] = {}
        for v in Visit.select().where(Visit.village == s.id).order_by(Visit.date, Visit.ticket):
            if v.date not in last:
                last[v.date] = (
                    Visit.select(fn.MAX(Visit.ticket))
                    .where((Visit.village == d.id) & (Visit.date == v.date))
                    .scalar()
                    or 0
                )
            values = {"village": d.id, "ticket": v.ticket + last[v.date]}
            if v.group_no and offset:
                values["group_no"] = v.group_no + offset
            audit.update(ctx, v, **values)
            count += 1
        moved["visits"] = count

        count = 0
        for m in Matter.select().where(Matter.village == s.id):
            values = {"village": d.id}
            if m.group_no and offset:
                values["group_no"] = m.group_no + offset
            audit.update(ctx, m, **values)
            count += 1
        moved["matters"] = count

        taken_days = {(x.date, x.shift) for x in DutyDay.select().where(DutyDay.village == d.id)}
        count = kept = 0
        for day in DutyDay.select().where(DutyDay.village == s.id):
            if (day.date, day.shift) in taken_days:
                kept += 1
                continue
            audit.update(ctx, day, village=d.id)
            count += 1
        moved["duty_days"] = count

        members = {m.official_id: m for m in TeamMember.select().where(TeamMember.village == d.id)}
        has_leader = any(m.role == "组长" for m in members.values())
        count = 0
        for tm in TeamMember.select().where(TeamMember.village == s.id):
            if tm.official_id in members:
                continue
            role = "成员" if tm.role == "组长" and has_leader else tm.role
            audit.update(ctx, tm, village=d.id, role=role)
            count += 1
        moved["team_members"] = count

        for alias in VillageAlias.select().where(VillageAlias.village == s.id):
            audit.update(ctx, alias, village=d.id)
        audit.create(
            ctx, VillageAlias, village=d.id, town=ctx.town_id, name=s.name, since=ctx.today()
        )
        audit.update(ctx, d, group_count=groups)
        audit.archive(ctx, s, audit_note=t("village.merge_note", old=s.name, new=d.name))
        return MergeResult(
            village=_info(d),
            households=moved["households"],
            visits=moved["visits"],
            matters=moved["matters"],
            duty_days=moved["duty_days"],
            team_members=moved["team_members"],
            renumbered_households=renumbered,
            kept_duty_days=kept,
            group_offset=offset,
        )

    return ctx.write(work)
