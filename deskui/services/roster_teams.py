"""A village's fixed team (驻村团队): who sits on it, in which role and shift."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deskui.domain import roster_rules as rules
from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.towns import find_official, find_village
from deskui.store.models import Official, TeamMember


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
        oid = find_official(ctx, spec.name)
        if oid in wanted:
            raise ValidationError(t("roster.team_twice", name=spec.name), field="official")
        wanted[oid] = spec
    leaders = [s.name for s in wanted.values() if s.role == rules.LEADER]
    if len(leaders) != 1:
        key = "roster.team_no_leader" if not leaders else "roster.team_two_leaders"
        raise RuleViolation(t(key, village=v.name, names="、".join(leaders)), field="role")

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
