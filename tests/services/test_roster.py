"""The roster service: teams, generating, the day, attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from deskui.domain.errors import NotFound, RuleViolation, ValidationError
from deskui.services import audit
from deskui.services.roster import duty as roster
from deskui.services.roster import teams as roster_teams
from deskui.services.roster import view as roster_view
from deskui.services.roster.teams import MemberSpec
from deskui.store.models import DutyAssignment, DutyDay, Official, TeamMember, Town, Village

D = dt.date
OFFICIALS = ["刘书记", "陈干事", "王委员", "李镇长", "赵会计", "周主任", "孙干事"]


@pytest.fixture
def rctx(town_ctx: Any) -> Any:
    def work() -> None:
        for i, name in enumerate(OFFICIALS):
            audit.create(town_ctx, Official, town=town_ctx.town_id, name=name, is_leader=i in (0, 3),
                         post="镇干部", phone=f"1390000{i:04d}")  # fmt: skip

    town_ctx.write(work)
    roster_teams.set_team(
        town_ctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("陈干事", "成员")]
    )
    roster_teams.set_team(
        town_ctx, "李家湾村", [MemberSpec("李镇长", "组长"), MemberSpec("王委员", "成员")]
    )
    roster_teams.set_team(
        town_ctx, "石门村", [MemberSpec("周主任", "组长"), MemberSpec("赵会计", "协助")]
    )
    return town_ctx


def days_of(village: str) -> list[tuple[dt.date, str, str]]:
    q = (
        DutyDay.select()
        .join(Village)
        .where(Village.name == village)
        .order_by(DutyDay.date, DutyDay.shift)
    )
    return [(d.date, d.shift, d.status) for d in q]


def test_team_listing_puts_the_leader_first(rctx: Any) -> None:
    rows = roster_teams.team(rctx, "李家湾")
    assert [(r.name, r.role) for r in rows] == [("李镇长", "组长"), ("王委员", "成员")]


def test_team_needs_one_leader(rctx: Any) -> None:
    with pytest.raises(RuleViolation, match="没有组长"):
        roster_teams.set_team(rctx, "桃园村", [MemberSpec("陈干事", "成员")])
    with pytest.raises(RuleViolation, match="只能有一名组长"):
        roster_teams.set_team(
            rctx, "桃园村", [MemberSpec("陈干事", "组长"), MemberSpec("刘书记", "组长")]
        )
    with pytest.raises(ValidationError, match="角色"):
        roster_teams.set_team(rctx, "桃园村", [MemberSpec("陈干事", "队长")])
    with pytest.raises(NotFound, match="张三"):
        roster_teams.set_team(rctx, "桃园村", [MemberSpec("张三", "组长")])


def test_generate_weekly_and_biweekly(rctx: Any) -> None:
    Village.update(cadence_weeks=2, cadence_anchor=D(2026, 11, 10)).where(
        Village.name == "石门村"
    ).execute()
    result = roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    assert result.created == 4 + 4 + 2 and result.unknown_years == ()
    assert [d for d, _, _ in days_of("桃园村")] == [
        D(2026, 11, 3),
        D(2026, 11, 10),
        D(2026, 11, 17),
        D(2026, 11, 24),
    ]
    assert [d for d, _, _ in days_of("石门村")] == [D(2026, 11, 10), D(2026, 11, 24)]
    assert DutyAssignment.select().count() == 20


def test_national_day_by_holiday_policy(rctx: Any) -> None:
    roster.generate(rctx, D(2026, 10, 1), D(2026, 10, 31))
    first = (
        DutyDay.select()
        .join(Village)
        .where(Village.name == "桃园村")
        .order_by(DutyDay.date)
        .first()
    )
    assert (first.date, first.status) == (D(2026, 10, 6), "取消") and "国庆节" in first.reason
    assert not first.assignments.exists()
    Town.update(holiday_policy="顺延").execute()
    roster.generate(rctx, D(2026, 10, 1), D(2026, 10, 31))
    first = (
        DutyDay.select()
        .join(Village)
        .where(Village.name == "桃园村")
        .order_by(DutyDay.date)
        .first()
    )
    assert (first.date, first.status, first.moved_from) == (D(2026, 10, 8), "顺延", D(2026, 10, 6))
    assert first.assignments.count() == 2
    # the make-up Saturday 10-10 is no service day
    assert not DutyDay.select().where(DutyDay.date == D(2026, 10, 10)).exists()


def test_half_days_and_member_shifts(rctx: Any) -> None:
    Village.update(shift="上下午").where(Village.name == "桃园村").execute()
    roster_teams.set_team(
        rctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("陈干事", "成员", "下午")]
    )
    roster.generate(rctx, D(2026, 11, 24), D(2026, 11, 24))
    assert [s for _, s, _ in days_of("桃园村")] == ["上午", "下午"]
    am, pm = DutyDay.select().join(Village).where(Village.name == "桃园村").order_by(DutyDay.shift)
    assert {a.official.name for a in am.assignments} == {"刘书记"}
    assert {a.official.name for a in pm.assignments} == {"刘书记", "陈干事"}
    assert am.hours == "9:00-12:00" and pm.hours == "14:00-17:30"


def test_odd_week_thursday_leader(rctx: Any) -> None:
    Town.update(second_weekday=4).execute()
    roster_teams.set_team(
        rctx,
        "桃园村",
        [MemberSpec("刘书记", "组长", odd_week_second_day=True), MemberSpec("陈干事", "成员")],
    )
    roster.generate(rctx, D(2026, 11, 16), D(2026, 11, 29))
    thursdays = (
        DutyDay.select().join(Village)
        .where((Village.name == "桃园村") & (DutyDay.second_day == True))  # noqa: E712
        .order_by(DutyDay.date)
    )  # fmt: skip
    got = [(d.date, sorted(a.official.name for a in d.assignments)) for d in thursdays]
    assert got == [(D(2026, 11, 19), ["刘书记", "陈干事"]), (D(2026, 11, 26), ["陈干事"])]
    # 石门村's leader has no odd-week flag: never on Thursday
    assert (
        not DutyAssignment.select()
        .join(DutyDay)
        .join(Village)
        .where(
            (Village.name == "石门村")
            & (DutyDay.second_day == True)  # noqa: E712
            & (DutyAssignment.role == "组长")
        )
        .exists()
    )


def test_regeneration_keeps_edits_and_sign_ins(rctx: Any) -> None:
    roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    roster.sign_in(rctx, "刘书记", D(2026, 11, 24), dt.time(8, 55))
    edited = DutyDay.get(
        (DutyDay.date == D(2026, 11, 17)) & (DutyDay.village == Village.get(name="石门村"))
    )
    edited.note, edited.edited = "改在村小学", True
    edited.save()
    roster_teams.set_team(
        rctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("孙干事", "成员")]
    )
    result = roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    assert result.kept == 2 and result.created == 10 and DutyDay.select().count() == 12
    signed = DutyAssignment.get(DutyAssignment.signed_in_at.is_null(False))
    assert signed.signed_in_at == dt.datetime(2026, 11, 24, 8, 55)
    kept_day = signed.duty_day
    assert {a.official.name for a in kept_day.assignments} == {"刘书记", "陈干事"}
    assert DutyDay.get_by_id(edited.id).note == "改在村小学"
    nov3 = DutyDay.get((DutyDay.date == D(2026, 11, 3)) & (DutyDay.village == kept_day.village))
    assert {a.official.name for a in nov3.assignments} == {"刘书记", "孙干事"}


def test_bad_generation_inputs_write_nothing(rctx: Any) -> None:
    with pytest.raises(ValidationError, match="早于"):
        roster.generate(rctx, D(2026, 12, 1), D(2026, 11, 1))
    with pytest.raises(ValidationError, match="超过两年"):
        roster.generate(rctx, D(2026, 1, 1), D(2028, 6, 1))
    with pytest.raises(
        RuleViolation, match="陈干事已在桃园村驻村（成员），与石门村的服务日同一时段"
    ):
        roster_teams.set_team(
            rctx, "石门村", [MemberSpec("周主任", "组长"), MemberSpec("陈干事", "成员")]
        )
    # a clash written past set_team (an older database, a direct import) is
    # still refused by generate before it writes anything
    stone = Village.get(Village.name == "石门村").id
    chen = Official.get(Official.name == "陈干事").id
    TeamMember.create(village=stone, official=chen, role="成员")
    with pytest.raises(RuleViolation, match=r"陈干事.*桃园村.*石门村"):
        roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    assert DutyDay.select().count() == 0
    # half days apart are fine: 石门村 mornings, 陈干事 the afternoon in 桃园村
    Village.update(shift="上午").where(Village.name == "石门村").execute()
    Village.update(shift="上下午").where(Village.name == "桃园村").execute()
    roster_teams.set_team(
        rctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("陈干事", "成员", "下午")]
    )
    assert roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30)).created == 16


def test_generation_refuses_a_village_without_leader(rctx: Any) -> None:
    from deskui.store.models import TeamMember

    TeamMember.delete().where(
        TeamMember.role == "组长", TeamMember.village == Village.get(name="石门村")
    ).execute()
    with pytest.raises(RuleViolation, match="石门村的驻村团队没有组长"):
        roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    assert DutyDay.select().count() == 0


def test_sign_in_absence_substitute_and_attendance(rctx: Any) -> None:
    roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    with pytest.raises(RuleViolation, match="孙干事在 2026-11-24 没有值班安排"):
        roster.sign_in(rctx, "孙干事", D(2026, 11, 24))
    with pytest.raises(RuleViolation, match="没有值班安排"):
        roster.sign_in(rctx, "刘书记", D(2026, 11, 25))
    at = roster.sign_in(rctx, "刘书记")
    assert at == dt.datetime(2026, 11, 24, 9, 30)
    with pytest.raises(RuleViolation, match="已于 09:30 签到"):
        roster.sign_in(rctx, "刘书记", D(2026, 11, 24))
    with pytest.raises(ValidationError, match="事由"):
        roster.mark_absent(rctx, "陈干事", D(2026, 11, 17), "  ")
    roster.mark_absent(rctx, "陈干事", D(2026, 11, 17), "病假")
    with pytest.raises(RuleViolation, match="缺勤"):
        roster.sign_in(rctx, "陈干事", D(2026, 11, 17))
    with pytest.raises(RuleViolation, match="同一时段已有值班"):
        roster.substitute(rctx, "陈干事", D(2026, 11, 24), "王委员", "出差")
    with pytest.raises(RuleViolation, match="本人"):
        roster.substitute(rctx, "陈干事", D(2026, 11, 24), "陈干事", "出差")
    roster.substitute(rctx, "陈干事", D(2026, 11, 24), "孙干事", "县里开会")
    roster.sign_in(rctx, "孙干事", D(2026, 11, 24), dt.time(8, 50))
    with pytest.raises(RuleViolation, match="已登记缺勤"):
        roster.sign_in(rctx, "陈干事", D(2026, 11, 24))
    for day in (3, 10):
        roster.sign_in(rctx, "陈干事", D(2026, 11, day), dt.time(8, 40))
    rows = {r.name: r for r in roster_view.attendance(rctx, 2026, 11)}
    chen, sun, liu = rows["陈干事"], rows["孙干事"], rows["刘书记"]
    assert (chen.scheduled, chen.signed_in, chen.absent, chen.replaced, chen.stood_in) == (
        4,
        2,
        2,
        1,
        0,
    )
    assert (sun.scheduled, sun.signed_in, sun.stood_in) == (0, 1, 1)
    assert (liu.scheduled, liu.signed_in, liu.absent) == (4, 1, 0)


def test_swap_exchanges_two_duties(rctx: Any) -> None:
    roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    roster.swap(rctx, "陈干事", D(2026, 11, 17), "王委员", D(2026, 11, 24))
    roster.sign_in(rctx, "陈干事", D(2026, 11, 24), dt.time(9, 0))  # his own and 王委员's that day
    with pytest.raises(RuleViolation, match="没有值班安排"):
        roster.sign_in(rctx, "陈干事", D(2026, 11, 17))
    roster.sign_in(rctx, "王委员", D(2026, 11, 17), dt.time(9, 0))


def test_clerk_cannot_generate(rctx: Any) -> None:
    from deskui.domain.errors import PermissionDenied
    from deskui.domain.roles import Role
    from deskui.services.context import Actor

    clerk = rctx.as_actor(Actor(None, "xw", "小王", Role.CLERK))
    with pytest.raises(PermissionDenied):
        roster.generate(clerk, D(2026, 11, 1), D(2026, 11, 30))
    roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    roster.sign_in(clerk, "刘书记")


def _lines_on(village: str, day: dt.date) -> list[tuple[str, str]]:
    q = (
        DutyDay.select()
        .join(Village)
        .where((Village.name == village) & (DutyDay.date == day))
        .order_by(DutyDay.shift)
    )
    return [(d.shift, d.status) for d in q]


def test_regenerating_after_a_shift_change_keeps_the_signed_line_alone(rctx: Any) -> None:
    roster.generate(rctx, D(2026, 12, 1), D(2026, 12, 31))
    # 12-01 is to come: an absence is recorded ahead; it keeps the line
    roster.mark_absent(rctx, "陈干事", D(2026, 12, 1), "县里培训")
    Village.update(shift="上下午").where(Village.name == "桃园村").execute()
    result = roster.generate(rctx, D(2026, 12, 1), D(2026, 12, 31))
    assert _lines_on("桃园村", D(2026, 12, 1)) == [("全天", "安排")]
    assert _lines_on("桃园村", D(2026, 12, 8)) == [("上午", "安排"), ("下午", "安排")]
    assert result.kept == 1
    # five Tuesdays: 桃园村's last four in halves, the two other villages whole
    assert result.created == 4 * 2 + 5 + 5
    again = roster.generate(rctx, D(2026, 12, 1), D(2026, 12, 31))
    assert again.kept == 1 and again.created == result.created
    assert DutyAssignment.select().where(DutyAssignment.absent == True).count() == 1  # noqa: E712


def test_the_store_refuses_two_lines_for_one_half_day(rctx: Any) -> None:
    from peewee import IntegrityError

    roster.generate(rctx, D(2026, 12, 1), D(2026, 12, 1))
    village = Village.get(name="桃园村")
    with pytest.raises(IntegrityError), rctx.db.atomic():
        DutyDay.create(village=village, date=D(2026, 12, 1), shift="上午")
    with pytest.raises(IntegrityError), rctx.db.atomic():  # a bulk insert, halves given
        DutyDay.insert(village=village, date=D(2026, 12, 1), shift="下午", pm=True).execute()
    afternoon = DutyDay.create(village=village, date=D(2026, 12, 2), shift="下午")
    assert (afternoon.am, afternoon.pm) == (None, True)
    afternoon.shift = "全天"
    afternoon.save(only=[DutyDay.shift])
    assert DutyDay.get_by_id(afternoon.id).am is True


def test_a_substitute_signs_in_on_their_own_line_and_counts_stay_sane(rctx: Any) -> None:
    roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    day = D(2026, 11, 24)
    roster.substitute(rctx, "陈干事", day, "孙干事", "县里开会")
    roster.sign_in(rctx, "孙干事", day, dt.time(8, 50))
    lines = {x.official: x for x in roster_view.day_duty(rctx, day)}
    assert lines["孙干事"].covers == "陈干事" and lines["孙干事"].signed_in_at is not None
    assert lines["陈干事"].absent and lines["陈干事"].signed_in_at is None
    assert lines["陈干事"].substitute == "孙干事"
    counts = roster_view.day_counts(rctx, day)
    assert (counts.on_duty, counts.signed, counts.waiting, counts.absent, counts.covered) == (
        len(lines) - 1,
        1,
        len(lines) - 2,
        1,
        1,
    )
    for name in [x for x in lines if x not in ("孙干事", "陈干事")]:
        roster.sign_in(rctx, name, day)
    counts = roster_view.day_counts(rctx, day)
    assert counts.waiting == 0 and counts.signed == counts.on_duty
    assert all(n >= 0 for n in counts.__dict__.values())


def test_absence_substitute_and_swap_on_a_day_to_come_and_withdrawal(rctx: Any) -> None:
    roster.generate(rctx, D(2026, 12, 1), D(2026, 12, 31))
    later = D(2026, 12, 8)
    with pytest.raises(RuleViolation, match="还没到"):
        roster.sign_in(rctx, "刘书记", later)
    roster.substitute(rctx, "陈干事", later, "孙干事", "出差")
    with pytest.raises(RuleViolation, match="还没到"):
        roster.sign_in(rctx, "孙干事", later)
    stand_ins = [x.official for x in roster_view.day_duty(rctx, later) if x.covers]
    assert stand_ins == ["孙干事"]
    roster.withdraw_absence(rctx, "陈干事", later)
    lines = {x.official: x for x in roster_view.day_duty(rctx, later) if x.village == "桃园村"}
    assert set(lines) == {"刘书记", "陈干事"} and not lines["陈干事"].absent
    with pytest.raises(RuleViolation, match="没有登记缺勤"):
        roster.withdraw_absence(rctx, "陈干事", later)
    roster.swap(rctx, "陈干事", later, "王委员", D(2026, 12, 15))
    names = {x.official for x in roster_view.day_duty(rctx, later) if x.village == "桃园村"}
    assert names == {"刘书记", "王委员"}


def test_withdrawal_refused_once_the_substitute_signed_in(rctx: Any) -> None:
    roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    day = D(2026, 11, 24)
    roster.substitute(rctx, "陈干事", day, "孙干事", "县里开会")
    roster.sign_in(rctx, "孙干事", day)
    with pytest.raises(RuleViolation, match="顶班人孙干事已签到"):
        roster.withdraw_absence(rctx, "陈干事", day)


def test_generate_refuses_a_year_without_holidays_unless_forced(rctx: Any) -> None:
    with pytest.raises(RuleViolation, match="2027年的节假日尚未公布"):
        roster.generate(rctx, D(2027, 1, 1), D(2027, 1, 31))
    assert DutyDay.select().count() == 0
    result = roster.generate(rctx, D(2027, 1, 1), D(2027, 1, 31), force=True)
    assert result.unknown_years == (2027,) and result.created > 0


def test_generation_is_audited_day_by_day_with_before_and_after(rctx: Any) -> None:
    import json

    from deskui.store.models import AuditLog

    def duty_rows(action: str) -> list[dict[str, Any]]:
        q = AuditLog.select().where((AuditLog.table == "duty_day") & (AuditLog.action == action)
                                    & AuditLog.record_id.is_null(False))  # fmt: skip
        return [json.loads(r.changes) for r in q.order_by(AuditLog.id)]

    roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    made = duty_rows("新增")
    assert len(made) == DutyDay.select().count() == 12
    taoyuan = Village.get(name="桃园村").id
    first = next(c for c in made if c["village"][1] == taoyuan)
    assert first["date"] == [None, "2026-11-03"] and first["shift"][0] is None
    liu = Official.get(name="刘书记").id
    assert liu in first["officials"][1]
    roster_teams.set_team(
        rctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("孙干事", "成员")]
    )
    roster.generate(rctx, D(2026, 11, 1), D(2026, 11, 30))
    removed = duty_rows("删除")
    assert len(removed) == 12  # every line rebuilt: each one's before
    before = next(c for c in removed if c["village"][0] == taoyuan and c["date"][0] == "2026-11-03")
    sun = Official.get(name="孙干事").id
    assert sun not in before["officials"][0] and before["officials"][1] is None
    again = [c for c in duty_rows("新增") if c["village"][1] == taoyuan]
    assert sun in again[-1]["officials"][1]
