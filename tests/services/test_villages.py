"""Villages after the first run: add, groups, remote, rename (the old name
still finds it), merge (every record kept), and the refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from deskui.domain.errors import NotFound, RuleViolation, ValidationError
from deskui.services.archive.household import create_household
from deskui.services.matters import cards
from deskui.services.queue.visits import register_visit
from deskui.services.roster import duty, teams
from deskui.services.roster.teams import MemberSpec
from deskui.services.town import officials
from deskui.services.town import villages as svc
from deskui.services.town.towns import find_village
from deskui.store.models import (
    AuditLog,
    DutyDay,
    Household,
    Matter,
    TeamMember,
    Village,
    Visit,
)

D = dt.date


def test_add_groups_remote(town_ctx: Any) -> None:
    row = svc.add_village(town_ctx, "新村社区", 3)
    assert [v.name for v in svc.list_villages(town_ctx)][-1] == "新村社区"
    assert find_village(town_ctx, "新村").id == row.id
    with pytest.raises(ValidationError, match="已有"):
        svc.add_village(town_ctx, "桃园村", 2)
    with pytest.raises(ValidationError, match="1 到 99"):
        svc.add_village(town_ctx, "某村", 0)
    far = svc.set_remote(town_ctx, "新村社区", True)
    assert far.remote and far.cadence_weeks == 2
    v = Village.get_by_id(row.id)
    assert v.cadence_anchor == D(2026, 11, 24)  # today is a Tuesday, the service day
    assert svc.set_remote(town_ctx, "新村社区", False).cadence_weeks == 1
    create_household(town_ctx, row.id, {"name": "李大爷"}, code="X-1", group_no=3)
    with pytest.raises(RuleViolation, match="第 3 组"):
        svc.set_group_count(town_ctx, "新村社区", 2)
    assert svc.set_group_count(town_ctx, "新村社区", 5).group_count == 5


def test_rename_keeps_the_old_name_as_alias(town_ctx: Any) -> None:
    old_id = find_village(town_ctx, "石门村").id
    row = svc.rename_village(town_ctx, "石门村", "石门社区")
    assert row.aliases == ("石门村",)
    assert find_village(town_ctx, "石门村").id == old_id
    assert find_village(town_ctx, "石门").id == old_id
    assert find_village(town_ctx, "石门社区").id == old_id
    before = AuditLog.select().count()
    with pytest.raises(ValidationError, match="已有"):
        svc.rename_village(town_ctx, "桃园村", "李家湾村")
    with pytest.raises(ValidationError, match="曾用名"):
        svc.rename_village(town_ctx, "桃园村", "石门村")
    assert AuditLog.select().count() == before
    back = svc.rename_village(town_ctx, "石门社区", "石门村")  # back to its own former name
    assert back.name == "石门村" and back.aliases == ("石门社区",)


def _fill(ctx: Any) -> None:
    for name in ("刘书记", "陈干事", "王委员", "赵干事"):
        officials.add_official(ctx, name)
    teams.set_team(ctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("陈干事", "成员")])
    teams.set_team(ctx, "石门村", [MemberSpec("刘书记", "组长"), MemberSpec("王委员", "成员")])
    teams.set_team(ctx, "李家湾村", [MemberSpec("赵干事", "组长")])
    ty, sm = find_village(ctx, "桃园村").id, find_village(ctx, "石门村").id
    create_household(ctx, ty, {"name": "李大爷"}, code="001", group_no=1)
    create_household(ctx, sm, {"name": "王大妈"}, code="001", group_no=2)
    create_household(ctx, sm, {"name": "赵老汉"}, code="002", group_no=1)
    register_visit(ctx, village="桃园村", name="甲", reason="问")
    register_visit(ctx, village="石门村", name="乙", reason="问")
    cards.open_matter(ctx, village="石门村", name="乙", content="修路", level="镇",
                      group_no=2, first_receiver="王委员")  # fmt: skip


def test_merge_keeps_every_record(town_ctx: Any) -> None:
    _fill(town_ctx)
    duty.generate(town_ctx, D(2026, 12, 1), D(2026, 12, 31))
    ty, sm = find_village(town_ctx, "桃园村").id, find_village(town_ctx, "石门村").id
    sm_days = DutyDay.select().where(DutyDay.village == sm).count()
    assert sm_days > 0
    with pytest.raises(ValidationError, match="它自己"):
        svc.merge_villages(town_ctx, "石门村", "石门")
    result = svc.merge_villages(town_ctx, "石门村", "桃园村")
    assert (result.households, result.visits, result.matters) == (2, 1, 1)
    assert result.renumbered_households == 1 and result.group_offset == 6
    assert result.kept_duty_days == sm_days  # the same Tuesdays: kept with the old village
    assert result.team_members == 1  # 王委员 joins (刘书记 leads both already)
    assert Village.get_by_id(sm).archived
    assert Village.get_by_id(ty).group_count == 11
    assert Household.select().where(Household.village == ty).count() == 3
    moved = Household.get(Household.head_name == "王大妈")
    assert (moved.code, moved.group_no) == ("石门村-001", 8)
    assert Matter.get().village_id == ty and Matter.get().group_no == 8
    tickets = sorted(v.ticket for v in Visit.select().where(Visit.village == ty))
    assert tickets == [1, 2]
    roles = {m.official.name: m.role for m in TeamMember.select().where(TeamMember.village == ty)}
    assert roles == {"刘书记": "组长", "陈干事": "成员", "王委员": "成员"}
    assert find_village(town_ctx, "石门村").id == ty  # the old name finds the merged village
    assert [v.name for v in svc.list_villages(town_ctx)] == ["桃园村", "李家湾村"]
    with pytest.raises(ValidationError, match="已合并"):
        svc.add_village(town_ctx, "石门村")


def test_unknown_village_is_a_clear_message(town_ctx: Any) -> None:
    with pytest.raises(NotFound, match="没有名为"):
        svc.rename_village(town_ctx, "无此村", "新名")
