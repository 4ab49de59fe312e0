"""Service-day settings: the town's weekdays and holiday policy, a village's
place and hours; admin only, audited, nothing half-written; and what
generating the roster then does with them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from deskui.domain.errors import PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.services import audit
from deskui.services.context import Actor
from deskui.services.roster import duty as roster
from deskui.services.roster import teams as roster_teams
from deskui.services.roster.teams import MemberSpec
from deskui.services.town import settings as town_settings
from deskui.store.models import AuditLog, DutyAssignment, DutyDay, Official, Town, Village

D = dt.date


def as_role(ctx: Any, role: Role) -> Any:
    return ctx.as_actor(Actor(id=None, username=role.name.lower(), display_name="某人", role=role))


@pytest.fixture
def sctx(town_ctx: Any) -> Any:
    def work() -> None:
        for name in ["刘书记", "陈干事", "王委员", "李镇长", "赵会计"]:
            audit.create(town_ctx, Official, town=town_ctx.town_id, name=name,
                         is_leader=name in ("刘书记", "李镇长"), post="镇干部")  # fmt: skip

    town_ctx.write(work)
    roster_teams.set_team(
        town_ctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("陈干事", "成员")]
    )
    roster_teams.set_team(
        town_ctx, "李家湾村", [MemberSpec("李镇长", "组长"), MemberSpec("王委员", "成员")]
    )
    roster_teams.set_team(
        town_ctx, "石门村", [MemberSpec("刘书记", "组长"), MemberSpec("赵会计", "协助")]
    )
    return town_ctx


def town_row() -> tuple[Any, ...]:
    town = Town.get()
    return (town.service_weekday, town.second_weekday, town.second_week_parity,
            town.holiday_policy)  # fmt: skip


def test_read_and_change_town_settings_with_audit(sctx: Any) -> None:
    assert town_settings.town_settings(sctx) == town_settings.TownSettings(2, None, None, "取消")
    before = AuditLog.select().count()
    done = town_settings.update_town_settings(
        sctx, second_weekday="周四", second_week_parity="单周", holiday_policy="顺延"
    )
    assert done == town_settings.TownSettings(2, 4, "单周", "顺延")
    assert town_row() == (2, 4, "单周", "顺延")
    log = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert AuditLog.select().count() == before + 1
    assert (log.action, log.table, log.note) == ("修改", "town", "修改服务日设置")
    assert json.loads(log.changes)["holiday_policy"] == ["取消", "顺延"]
    # clearing the second weekday clears its parity with it
    town_settings.update_town_settings(sctx, second_weekday=None)
    assert town_row() == (2, None, None, "顺延")
    # nothing changed: nothing logged
    count = AuditLog.select().count()
    town_settings.update_town_settings(sctx, service_weekday=2)
    assert AuditLog.select().count() == count


@pytest.mark.parametrize("role", [Role.CLERK, Role.OFFICIAL, Role.LEADER])
def test_only_an_admin_changes_settings(sctx: Any, role: Role) -> None:
    before = (town_row(), AuditLog.select().count())
    with pytest.raises(PermissionDenied):
        town_settings.update_town_settings(as_role(sctx, role), holiday_policy="顺延")
    with pytest.raises(PermissionDenied):
        town_settings.update_village_settings(as_role(sctx, role), "桃园村", shift="上午")
    assert (town_row(), AuditLog.select().count()) == before
    assert Village.get(Village.name == "桃园村").shift == "全天"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"service_weekday": 0}, "服务日“0”无效，应为星期一至星期日"),
        ({"service_weekday": 8}, "服务日“8”无效"),
        ({"second_week_parity": "单周"}, "没有第二服务日"),
        ({"second_weekday": 2}, "第二服务日不能与服务日相同"),
        ({"holiday_policy": "推迟"}, "节假日处理方式“推迟”无效"),
        ({"second_weekday": 4, "second_week_parity": "隔周"}, "单双周“隔周”无效"),
        ({"weekday": 3}, "无法识别的设置项：weekday"),
    ],
)
def test_bad_town_settings_write_nothing(sctx: Any, fields: dict[str, Any], words: str) -> None:
    before = (town_row(), AuditLog.select().count())
    with pytest.raises(ValidationError, match=words):
        town_settings.update_town_settings(sctx, **{"holiday_policy": "顺延", **fields})
    assert (town_row(), AuditLog.select().count()) == before


def test_village_settings_change_and_refuse(sctx: Any) -> None:
    done = town_settings.update_village_settings(
        sctx, "桃园", office_address="村委会二楼", cadence_weeks="隔周",
        cadence_anchor=D(2026, 11, 10), shift="上下午", am_hours="8:30-11:30",
    )  # fmt: skip
    v = Village.get(Village.name == "桃园村")
    assert (v.office_address, v.cadence_weeks, v.cadence_anchor, v.shift, v.am_hours) == (
        "村委会二楼",
        2,
        D(2026, 11, 10),
        "上下午",
        "8:30-11:30",
    )
    assert done == town_settings.village_settings(sctx, "桃园村")
    log = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert log.table == "village" and "桃园村" in log.note
    count = AuditLog.select().count()
    for fields, words in [
        ({"cadence_weeks": 2, "cadence_anchor": None}, "基准日期"),
        ({"shift": "晚上"}, "服务时段“晚上”无效"),
        ({"pm_hours": "14:00-13:00"}, "结束早于"),
        ({"cadence_anchor": "下周二"}, "基准日期无效"),
    ]:
        with pytest.raises(ValidationError, match=words):
            town_settings.update_village_settings(sctx, "桃园村", office_address="别处", **fields)
    assert AuditLog.select().count() == count
    assert Village.get(Village.name == "桃园村").office_address == "村委会二楼"


def test_a_village_change_that_would_double_book_an_official(sctx: Any) -> None:
    # 陈干事 serves 桃园村 mornings (上下午 village) and 李家湾村 afternoons.
    town_settings.update_village_settings(sctx, "桃园村", shift="上下午")
    town_settings.update_village_settings(sctx, "李家湾村", shift="上下午")
    roster_teams.set_team(
        sctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("陈干事", "成员", "上午")]
    )
    roster_teams.set_team(sctx, "李家湾村", [MemberSpec("李镇长", "组长"),
                                       MemberSpec("陈干事", "成员", "下午")])  # fmt: skip
    with pytest.raises(RuleViolation, match="陈干事已在李家湾村驻村（成员）"):
        town_settings.update_village_settings(sctx, "桃园村", shift="全天")
    assert Village.get(Village.name == "桃园村").shift == "上下午"


def test_team_with_an_official_on_two_villages_at_the_same_hour(sctx: Any) -> None:
    before = [(r.name, r.role) for r in roster_teams.team(sctx, "李家湾村")]
    with pytest.raises(
        RuleViolation, match="陈干事已在桃园村驻村（成员），与李家湾村的服务日同一时段"
    ):
        roster_teams.set_team(sctx, "李家湾村", [MemberSpec("李镇长", "组长"),
                                           MemberSpec("陈干事", "协助")])  # fmt: skip
    assert [(r.name, r.role) for r in roster_teams.team(sctx, "李家湾村")] == before
    # out of phase every other week: allowed
    town_settings.update_village_settings(sctx, "桃园村", cadence_weeks=2,
                                          cadence_anchor=D(2026, 11, 3))  # fmt: skip
    town_settings.update_village_settings(sctx, "李家湾村", cadence_weeks=2,
                                          cadence_anchor=D(2026, 11, 10))  # fmt: skip
    rows = roster_teams.set_team(sctx, "李家湾村", [MemberSpec("李镇长", "组长"),
                                              MemberSpec("陈干事", "协助")])  # fmt: skip
    assert ("陈干事", "协助") in [(r.name, r.role) for r in rows]
    # a leader leading two villages takes them in turn: no clash
    roster_teams.set_team(sctx, "李家湾村", [MemberSpec("刘书记", "组长")])


def test_second_weekday_odd_weeks_through_the_settings(sctx: Any) -> None:
    town_settings.update_town_settings(sctx, second_weekday=4, second_week_parity="单周")
    roster_teams.set_team(sctx, "桃园村", [MemberSpec("刘书记", "组长", odd_week_second_day=True),
                                     MemberSpec("陈干事", "成员")])  # fmt: skip
    roster.generate(sctx, D(2026, 11, 1), D(2026, 11, 30))
    village = Village.get(Village.name == "桃园村")
    thursdays = [d.date for d in DutyDay.select().where(
        (DutyDay.village == village.id) & (DutyDay.second_day == True)  # noqa: E712
    ).order_by(DutyDay.date)]  # fmt: skip
    assert thursdays == [D(2026, 11, 5), D(2026, 11, 19)]  # ISO weeks 45 and 47
    assert all(d.isocalendar()[1] % 2 == 1 for d in thursdays)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("取消", (D(2026, 10, 6), "取消", None)), ("顺延", (D(2026, 10, 8), "顺延", D(2026, 10, 6)))],
)
def test_national_day_tuesday_by_the_policy_set(
    sctx: Any, policy: str, expected: tuple[Any, ...]
) -> None:
    town_settings.update_town_settings(sctx, holiday_policy=policy)
    roster.generate(sctx, D(2026, 10, 1), D(2026, 10, 10))
    day = (
        DutyDay.select().join(Village).where(Village.name == "桃园村").order_by(DutyDay.date).get()
    )
    assert (day.date, day.status, day.moved_from) == expected
    assert "国庆节" in day.reason
    has_duty = DutyAssignment.select().where(DutyAssignment.duty_day == day.id).exists()
    assert has_duty == (policy == "顺延")


def test_settings_do_not_rewrite_days_until_regenerated(sctx: Any) -> None:
    roster.generate(sctx, D(2026, 11, 1), D(2026, 11, 30))
    tuesdays = sorted({d.date for d in DutyDay.select()})
    town_settings.update_town_settings(sctx, service_weekday=3)
    assert sorted({d.date for d in DutyDay.select()}) == tuesdays
    roster.sign_in(sctx, "陈干事", D(2026, 11, 24), dt.time(8, 50))
    roster.generate(sctx, D(2026, 11, 1), D(2026, 11, 30))
    days = sorted({d.date for d in DutyDay.select()})
    assert D(2026, 11, 24) in days  # signed: kept as it was
    assert [d for d in days if d != D(2026, 11, 24)] == [D(2026, 11, 4), D(2026, 11, 11),
                                                         D(2026, 11, 18), D(2026, 11, 25)]  # fmt: skip
