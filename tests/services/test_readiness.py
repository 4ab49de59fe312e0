"""The desk's checklist: what a town still lacks for a ready service day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from deskui.services.archive.household import create_household
from deskui.services.roster import duty, teams
from deskui.services.roster.teams import MemberSpec
from deskui.services.town import officials, villages
from deskui.services.town.readiness import missing_for_service_day


def test_an_empty_database_has_no_checklist(ctx: Any) -> None:
    assert missing_for_service_day(ctx) == ()


def test_the_checklist_empties_step_by_step(town_ctx: Any) -> None:
    assert missing_for_service_day(town_ctx) == (
        "还没有干部",
        "3 个村还没有驻村团队",
        "还没有户籍名册",
        "本月还没有值班表",
    )
    village = villages.list_villages(town_ctx)[0].id
    create_household(town_ctx, village, {"name": "王建国"}, code="TY-001", group_no=1)
    officials.add_official(town_ctx, "刘建华", phone="13991500001")
    officials.add_official(town_ctx, "陈干事")
    officials.add_official(town_ctx, "王芳", unit="党政办")
    assert missing_for_service_day(town_ctx) == (
        "3 个村还没有驻村团队",
        "2 名干部没有联系电话",
        "本月还没有值班表",
    )
    teams.set_team(town_ctx, "桃园村", [MemberSpec("刘建华", "组长")])
    teams.set_team(town_ctx, "李家湾村", [MemberSpec("陈干事", "组长")])
    officials.edit_official(town_ctx, "陈干事", phone="13991500002")
    officials.edit_official(town_ctx, "王芳", phone="13991500003")
    assert missing_for_service_day(town_ctx) == ("1 个村还没有驻村团队", "本月还没有值班表")
    teams.set_team(town_ctx, "石门村", [MemberSpec("王芳", "组长")])
    today = town_ctx.today()
    first = today.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    duty.generate(town_ctx, first, last, force=True)
    assert missing_for_service_day(town_ctx) == ()

    # a team whose only member left counts as no team again
    officials.leave_official(town_ctx, "王芳", today, keep_open=True)
    assert missing_for_service_day(town_ctx) == ("1 个村还没有驻村团队",)


def test_the_checklist_is_one_round_trip(town_ctx: Any) -> None:
    """The header asks on every start and refresh, on a server too: every
    count in one statement."""
    from tests.statements import statements

    with statements() as sent:
        missing_for_service_day(town_ctx)
    assert len(sent) == 1
