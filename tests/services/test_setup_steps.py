"""First-run setup, step by step (services/town/setup.py): each step's state,
the pasted lists (villages, officials) all or nothing, a village's team with
its place and hours in one write, desk accounts; and two officials of one
name kept apart in the month's figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from deskui.domain.errors import DomainError, ValidationError
from deskui.services.archive.household import create_household
from deskui.services.figures.month import month_figures
from deskui.services.roster import duty
from deskui.services.roster.teams import team
from deskui.services.town import auth, setup
from deskui.services.town import officials as off
from deskui.services.town.readiness import gaps, missing_for_service_day
from deskui.services.town.settings import village_settings
from deskui.services.town.villages import list_villages
from deskui.store.models import AuditLog, Official, TeamMember, Village

FIVE = (
    "刘建华 党委书记 镇党委 13991500001\n"
    "李志强，镇长，镇政府，13991500002\n"
    "陈干事、民政干事、民政办、13991500003\n"
    "王芳 副镇长 镇政府 0915-3210012\n"
    "赵敏 司法所长"
)


def states(ctx: Any) -> dict[str, tuple[bool, str]]:
    return {s.key: (s.done, s.detail) for s in setup.setup_steps(ctx)}


def test_steps_before_a_town(ctx: Any) -> None:
    s = states(ctx)
    assert list(s) == list(setup.STEPS)
    assert s["town"] == (False, "还没有镇")
    assert not any(done for done, _ in s.values())


def test_the_steps_fill_up_to_a_ready_tuesday(town_ctx: Any) -> None:
    ctx = town_ctx
    s = states(ctx)
    assert s["villages"] == (True, "3 个村")
    assert s["officials"] == (False, "还没有干部")
    assert s["teams"] == (False, "3 个村还没有驻村团队")
    assert s["town"][0] is False  # no service phone yet

    added = setup.add_officials(ctx, FIVE)
    assert [(o.name, o.post, o.unit, o.phone) for o in added] == [
        ("刘建华", "党委书记", "镇党委", "13991500001"),
        ("李志强", "镇长", "镇政府", "13991500002"),
        ("陈干事", "民政干事", "民政办", "13991500003"),
        ("王芳", "副镇长", "镇政府", "0915-3210012"),
        ("赵敏", "司法所长", "", ""),
    ]
    assert states(ctx)["officials"] == (False, "5 名干部；1 名干部没有联系电话")
    off.edit_official(ctx, "赵敏", phone="13991500007")
    assert states(ctx)["officials"] == (True, "5 名干部")

    done = setup.set_up_village(
        ctx, "桃园村", leader="刘建华", members="陈干事", place="桃园村委会", am_hours="8:30-12:00"
    )
    assert [(r.name, r.role) for r in done.team] == [("刘建华", "组长"), ("陈干事", "成员")]
    settings = village_settings(ctx, "桃园村")
    assert (settings.office_address, settings.am_hours) == ("桃园村委会", "8:30-12:00")
    assert setup.villages_without_team(ctx) == ["李家湾村", "石门村"]
    setup.set_up_village(ctx, "李家湾村", leader="李志强", members="赵敏")
    setup.set_up_village(ctx, "石门村", leader="王芳")
    assert states(ctx)["teams"] == (True, "每个村都有驻村团队")

    assert states(ctx)["operators"][0] is False
    assert [o.name for o in setup.officials_without_account(ctx)][:1] == ["刘建华"]
    auth.add_operator(ctx, "admin", "王主任", "管理员", "1234")
    row = setup.add_desk_account(ctx, "陈干事", "chen", "5678", "5678")
    assert (row.display_name, row.official_name, row.role.value) == ("陈干事", "陈干事", "驻村干部")
    assert "陈干事" not in [o.name for o in setup.officials_without_account(ctx)]
    assert states(ctx)["operators"] == (True, "1 名干部能登录本机")

    village = list_villages(ctx)[0].id
    create_household(ctx, village, {"name": "王建国"}, code="TY-001", group_no=1)
    assert states(ctx)["roll"] == (True, "1 户")
    first, last = setup.month_range(ctx.today())
    assert (first.day, last.month, (last + dt.timedelta(days=1)).day) == (1, first.month, 1)
    duty.generate(ctx, first, last, force=True)
    assert states(ctx)["roster"][0] is True
    assert missing_for_service_day(ctx) == ()
    g = gaps(ctx, exact=True)
    assert (g.villages, g.officials, g.no_team, g.no_phone, g.desk_officials) == (3, 5, 0, 0, 1)


def test_a_pasted_village_list_is_all_or_nothing(town_ctx: Any) -> None:
    before = Village.select().count()
    with pytest.raises(ValidationError, match="第 2 行") as exc:
        setup.add_villages(town_ctx, "新华村 3\n桃园村 2\n")  # 桃园村 is there already
    assert exc.value.field == "villages"
    with pytest.raises(ValidationError, match="第2行“东风村”"):
        setup.add_villages(town_ctx, "新华村 3\n东风村\n")
    with pytest.raises(ValidationError, match="第 2 行"):
        setup.add_villages(town_ctx, "新华村 3\n新华村 4")  # twice in one list
    assert Village.select().count() == before
    added = setup.add_villages(town_ctx, "新华村　3\n\n东风村 2\n")
    assert [(v.name, v.group_count) for v in added] == [("新华村", 3), ("东风村", 2)]
    assert [v.name for v in list_villages(town_ctx)][-2:] == ["新华村", "东风村"]


def test_typed_officials_are_all_or_nothing(town_ctx: Any) -> None:
    audits = AuditLog.select().count()
    for text, line in (
        ("刘建华 党委书记 镇党委 13991500001\n陈干事 民政办 139915", 2),  # a short phone
        ("刘建华\n13991500001 陈干事", 2),  # a phone where the name goes
        ("刘建华 a b c", 1),  # too many words
        ("张伟 干事 党政办 13800001111\n张伟 干事 党政办 13800001111", 2),  # the same 张伟 twice
    ):
        with pytest.raises(ValidationError, match=f"第 {line} 行"):
            setup.add_officials(town_ctx, text)
    with pytest.raises(ValidationError, match="至少写一名干部"):
        setup.add_officials(town_ctx, "  \n")
    assert Official.select().count() == 0
    assert AuditLog.select().count() == audits

    # two 张伟 of one 单位 are real when their phones differ: two officials
    rows = setup.add_officials(
        town_ctx, "张伟 干事 党政办 13800001111\n张伟 站长 党政办 13900002222"
    )
    assert len({r.id for r in rows}) == 2
    labels = {r.label for r in off.list_officials(town_ctx)}
    assert labels == {"张伟（13800001111）", "张伟（13900002222）"}


def test_a_village_team_with_its_place_and_hours_is_one_write(town_ctx: Any) -> None:
    setup.add_officials(town_ctx, FIVE)
    with pytest.raises(ValidationError) as exc:
        setup.set_up_village(town_ctx, "桃园村", leader="")
    assert exc.value.field == "leader"
    with pytest.raises(ValidationError) as exc:
        setup.set_up_village(town_ctx, "桃园村", leader="刘建华", pm_hours="11:00-13:00")
    assert exc.value.field == "pm_hours"  # before the morning ends
    assert TeamMember.select().count() == 0
    with pytest.raises(DomainError, match="无此人"):
        setup.set_up_village(town_ctx, "桃园村", leader="刘建华", members="无此人")
    assert TeamMember.select().count() == 0
    setup.set_up_village(town_ctx, "桃园村", leader="刘建华", members="陈干事 赵敏")
    # 赵敏 cannot serve two villages at the same hour: refused, 李家湾村 untouched
    with pytest.raises(DomainError, match="赵敏"):
        setup.set_up_village(town_ctx, "李家湾村", leader="李志强", members="赵敏", place="新址")
    assert team(town_ctx, "李家湾村") == []
    assert village_settings(town_ctx, "李家湾村").office_address == ""
    # the leader named among the members too counts once
    rows = setup.set_up_village(town_ctx, "李家湾村", leader="李志强", members="李志强、王芳").team
    assert [(r.name, r.role) for r in rows] == [("李志强", "组长"), ("王芳", "成员")]


def test_desk_accounts(town_ctx: Any) -> None:
    setup.add_officials(town_ctx, FIVE)
    auth.add_operator(town_ctx, "admin", "王主任", "管理员", "1234")
    with pytest.raises(ValidationError) as exc:
        setup.add_desk_account(town_ctx, "陈干事", "chen", "5678", "5679")
    assert exc.value.field == "confirm"
    with pytest.raises(ValidationError) as exc:
        setup.add_desk_account(town_ctx, "", "chen", "5678", "5678")
    assert exc.value.field == "official"
    off.leave_official(town_ctx, "赵敏", town_ctx.today(), keep_open=True)
    with pytest.raises(ValidationError, match="已离岗"):
        setup.add_desk_account(town_ctx, "赵敏", "zhao", "5678", "5678")
    assert [o.username for o in auth.list_operators(town_ctx)] == ["admin"]


def test_two_officials_of_one_name_stay_two_rows_in_the_figures(town_ctx: Any) -> None:
    a = off.add_official(town_ctx, "张伟", post="干事", unit="党政办", phone="13800001111")
    b = off.add_official(town_ctx, "张伟", post="站长", unit="党政办", phone="13900002222")
    c = off.add_official(town_ctx, "张伟", post="站长", unit="农业服务中心")
    village = list_villages(town_ctx)[0].id
    for n, who in enumerate((a.id, a.id, b.id)):
        create_household(
            town_ctx, village, {"name": f"户主{n}"}, code=f"H{n}", group_no=1, liaison_id=who
        )
    today = town_ctx.today()
    fig = month_figures(town_ctx, (today.year, today.month), today)
    rows = {r.id: r for r in fig.officials}
    assert {rows[a.id].name, rows[b.id].name, rows[c.id].name} == {
        "张伟（13800001111）",
        "张伟（13900002222）",
        "张伟（农业服务中心）",
    }
    assert (rows[a.id].counts.liaison, rows[b.id].counts.liaison) == (2, 1)
    assert rows[c.id].counts.liaison == 0


def test_a_team_whose_leader_left_lacks_a_leader(town_ctx: Any) -> None:
    setup.add_officials(town_ctx, FIVE)
    setup.set_up_village(town_ctx, "桃园村", leader="刘建华", members="陈干事")
    off.leave_official(town_ctx, "刘建华", town_ctx.today(), keep_open=True)
    assert "1 个村的驻村团队还没有组长" in missing_for_service_day(town_ctx)
    assert setup.villages_without_team(town_ctx) == ["桃园村", "李家湾村", "石门村"]
    done, detail = states(town_ctx)["teams"]
    assert not done and detail == "2 个村还没有驻村团队；1 个村的驻村团队还没有组长"
    # the guide's form for 桃园村: 陈干事 stays, 王芳 leads
    rows = setup.set_up_village(town_ctx, "桃园村", leader="王芳", members="陈干事").team
    assert [(r.name, r.role) for r in rows] == [("王芳", "组长"), ("陈干事", "成员")]
    assert "组长" not in "".join(missing_for_service_day(town_ctx))


def test_a_team_names_one_of_two_namesakes_by_label(town_ctx: Any) -> None:
    setup.add_officials(
        town_ctx,
        "李志强 镇长 镇政府 13991500002\n"
        "张伟 干事 党政办 13991500005\n"
        "张伟 站长 农业服务中心 13991500006",
    )
    with pytest.raises(DomainError, match="张伟"):  # which one?
        setup.set_up_village(town_ctx, "李家湾村", leader="李志强", members="张伟")
    rows = setup.set_up_village(
        town_ctx, "李家湾村", leader="李志强", members="张伟（农业服务中心）"
    ).team
    agri = next(o for o in off.list_officials(town_ctx) if o.unit == "农业服务中心")
    assert [(r.official_id, r.role) for r in rows][1] == (agri.id, "成员")


def test_two_namesakes_stay_two_rows_in_the_attendance(town_ctx: Any) -> None:
    from deskui.services.roster.view import attendance

    setup.add_officials(
        town_ctx, "张伟 干事 党政办 13991500005\n张伟 站长 农业服务中心 13991500006"
    )
    setup.set_up_village(town_ctx, "桃园村", leader="张伟（党政办）")
    setup.set_up_village(town_ctx, "李家湾村", leader="张伟（农业服务中心）")
    setup.set_up_village(town_ctx, "石门村", leader="张伟（党政办）")  # a leader leads two
    first, last = setup.month_range(town_ctx.today())
    duty.generate(town_ctx, first, last, force=True)
    rows = attendance(town_ctx, first.year, first.month)
    assert sorted(r.name for r in rows) == ["张伟（党政办）", "张伟（农业服务中心）"]
    assert len({r.official_id for r in rows}) == 2
    assert all(r.scheduled > 0 for r in rows)


def test_the_queue_pickers_tell_namesakes_of_one_unit_apart(town_ctx: Any) -> None:
    """Two 张伟 of the same 单位: the desk's official picker, with a team
    on duty and without one, shows two different lines (by phone)."""
    from deskui.services.queue.intake import desk_day, town_officials

    setup.add_officials(
        town_ctx,
        "张伟 干事 党政办 13991500005\n张伟 站长 党政办 13991500006\n王芳 副镇长 镇政府",
    )
    labels = [m.name for m in town_officials(town_ctx) if m.name.startswith("张伟")]
    assert sorted(labels) == ["张伟（13991500005）", "张伟（13991500006）"]
    setup.set_up_village(
        town_ctx, "桃园村", leader="张伟（13991500005）", members="张伟（13991500006）"
    )
    setup.set_up_village(town_ctx, "李家湾村", leader="王芳")
    setup.set_up_village(town_ctx, "石门村", leader="王芳")
    first, last = setup.month_range(town_ctx.today())
    duty.generate(town_ctx, first, last, force=True)
    village = Village.get(Village.name == "桃园村")
    from deskui.store.models import DutyDay

    day = DutyDay.select().where(DutyDay.village == village.id).order_by(DutyDay.date).first()
    town_ctx.settings = dataclasses.replace(
        town_ctx.settings, clock=dataclasses.replace(town_ctx.clock, fixed_today=day.date)
    )
    team_labels = [m.name for m in desk_day(town_ctx, village.id).team]
    assert sorted(team_labels) == ["张伟（13991500005）", "张伟（13991500006）"]


def test_typed_officials_with_a_leadership_post_are_the_leadership(town_ctx: Any) -> None:
    setup.add_officials(town_ctx, FIVE)
    leaders = {o.name for o in off.list_officials(town_ctx) if o.is_leader}
    assert leaders == {"刘建华", "李志强", "王芳"}
