"""A village's fixed team (驻村团队): who sits on it, in which role and shift.

:func:`set_team` refuses a team without exactly one leader (组长), an
official named twice, and an official who would serve another village at
the same hour (a leader may lead several villages: they take them in turn).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deskui.domain import roster_rules as rules
from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.town.towns import find_official, find_village
from deskui.store.models import Official, TeamMember, Village


@dataclass(frozen=True)
class TeamRow:
    official_id: int
    name: str
    post: str
    phone: str
    role: str
    shift: str
    odd_week_second_day: bool


@dataclass(frozen=True)
class MemberSpec:
    """One member of a team as entered: the official's name, role, shift."""

    name: str
    role: str
    shift: str = ""
    odd_week_second_day: bool = False


@dataclass(frozen=True)
class OfficialChoice:
    """An official of the town who may sit on a team (for a picker)."""

    id: int
    name: str
    post: str
    unit: str
    is_leader: bool


def officials(ctx: ServiceContext) -> list[OfficialChoice]:
    """The town's officials in post who serve villages, the leadership
    (班子成员) first, then by name."""
    q = Official.select().where(
        (Official.town == ctx.town_id)
        & (Official.archived == False)  # noqa: E712
        & (Official.serves_villages == True)  # noqa: E712
    )
    rows = [OfficialChoice(o.id, o.name, o.post, o.unit, o.is_leader) for o in q]
    return sorted(rows, key=lambda o: (not o.is_leader, o.name, o.id))


def village_rule(v: Village) -> rules.VillageRule:
    return rules.VillageRule(v.cadence_weeks, v.cadence_anchor, v.shift, v.am_hours, v.pm_hours)


def _check_clashes(
    ctx: ServiceContext,
    village_id: int,
    rule: rules.VillageRule,
    members: dict[int, tuple[str, str]],
) -> None:
    """Refuse a member who would serve another village at the same hour.
    ``members``: official → (role, shift) on the village being changed."""
    if not members:
        return
    others = (
        TeamMember.select(TeamMember, Village, Official)
        .join(Village)
        .switch(TeamMember)
        .join(Official)
        .where(
            TeamMember.official.in_(list(members))
            & (TeamMember.village != village_id)
            & (Village.archived == False)  # noqa: E712
            & (TeamMember.until.is_null() | (TeamMember.until >= ctx.today()))
        )
        .order_by(TeamMember.id)
    )
    here = Village.get_by_id(village_id).name
    for m in others:
        role, shift = members[m.official_id]
        if rules.team_clash((rule, role, shift), (village_rule(m.village), m.role, m.shift)):
            raise RuleViolation(
                t("rset.team_clash", name=m.official.name, a=here, b=m.village.name,
                  role=m.role),
                field="official",
            )  # fmt: skip


def check_village_clashes(ctx: ServiceContext, village_id: int, rule: rules.VillageRule) -> None:
    """Would the village's current team, under ``rule``, serve elsewhere at
    the same hour? (a change of the village's cadence or shift)"""
    current = TeamMember.select().where(TeamMember.village == village_id)
    _check_clashes(ctx, village_id, rule, {m.official_id: (m.role, m.shift) for m in current})


def team(ctx: ServiceContext, village: str) -> list[TeamRow]:
    """The village's team: leader first, then members and helpers."""
    vid = find_village(ctx, village).id
    q = (
        TeamMember.select(TeamMember, Official)
        .join(Official)
        .where(TeamMember.village == vid)
        .order_by(TeamMember.id)
    )
    order = {r: i for i, r in enumerate(rules.ROLES)}
    rows = [
        TeamRow(
            m.official.id,
            m.official.name,
            m.official.post,
            m.official.phone,
            m.role,
            m.shift,
            m.odd_week_second_day,
        )
        for m in q
    ]
    return sorted(rows, key=lambda r: order.get(r.role, 9))


def set_team(ctx: ServiceContext, village: str, members: list[MemberSpec]) -> list[TeamRow]:
    """Replace a village's team (one 组长, members and helpers); audited."""
    ctx.require(Perm.EDIT_ROSTER)
    v = find_village(ctx, village)
    wanted: dict[int, MemberSpec] = {}
    for spec in members:
        if spec.role not in rules.ROLES:
            raise ValidationError(t("roster.bad_role", role=spec.role), field="role")
        if spec.shift not in ("", rules.WHOLE, rules.AM, rules.PM):
            raise ValidationError(t("roster.bad_shift", shift=spec.shift), field="shift")
        oid = find_official(ctx, spec.name, in_post=True)
        if oid in wanted:
            raise ValidationError(t("roster.team_twice", name=spec.name), field="official")
        wanted[oid] = spec
    leaders = [s.name for s in wanted.values() if s.role == rules.LEADER]
    if len(leaders) != 1:
        key = "roster.team_no_leader" if not leaders else "roster.team_two_leaders"
        raise RuleViolation(t(key, village=v.name, names="、".join(leaders)), field="role")
    rule = village_rule(Village.get_by_id(v.id))
    _check_clashes(ctx, v.id, rule, {oid: (s.role, s.shift) for oid, s in wanted.items()})

    def work() -> None:
        current = {m.official_id: m for m in TeamMember.select().where(TeamMember.village == v.id)}
        for oid, m in current.items():
            if oid not in wanted:
                before = audit.snapshot(m)
                m.delete_instance()
                audit.log(
                    ctx, "删除", "teammember", m.id, {k: [x, None] for k, x in before.items()}
                )
        for oid, spec in wanted.items():
            fields: dict[str, Any] = {"role": spec.role, "shift": spec.shift}
            fields["odd_week_second_day"] = spec.odd_week_second_day
            if oid in current:
                audit.update(ctx, current[oid], **fields)
            else:
                audit.create(ctx, TeamMember, village=v.id, official=oid, **fields)

    ctx.write(work)
    return team(ctx, v.name)
