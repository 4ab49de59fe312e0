"""The town's officials: add, list, edit, leave; two of one name; open
matters on leaving; liaison households flagged; pickers drop those who left."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from deskui.domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.services.archive.household import create_household
from deskui.services.context import Actor
from deskui.services.matters import cards
from deskui.services.matters.lists import list_officials as matter_pickers
from deskui.services.roster import teams
from deskui.services.roster.teams import MemberSpec
from deskui.services.town import officials as svc
from deskui.services.town.towns import find_official
from deskui.store.models import AuditLog, Household, Matter, MatterEvent, Official, TeamMember

D = dt.date


@pytest.fixture
def octx(town_ctx: Any) -> Any:
    svc.add_official(town_ctx, "刘书记", post="党委书记", unit="党政办", is_leader=True)
    svc.add_official(town_ctx, "张伟", post="干事", unit="党政办", phone="13800001111")
    svc.add_official(town_ctx, "张伟", post="站长", unit="农业服务中心", phone="13900002222")
    svc.add_official(town_ctx, "陈干事", unit="民政办")
    return town_ctx


def test_add_list_edit_with_audit(octx: Any) -> None:
    rows = svc.list_officials(octx)
    assert rows[0].name == "刘书记"  # leadership first
    labels = sorted(r.label for r in rows)
    assert "张伟（党政办）" in labels and "张伟（农业服务中心）" in labels
    assert "陈干事" in labels
    before = AuditLog.select().count()
    row = svc.edit_official(octx, "陈干事", phone="139 0000 3333", serves_villages=False)
    assert row.phone == "13900003333" and not row.serves_villages
    assert AuditLog.select().count() == before + 1
    o = Official.get(Official.name == "陈干事")
    assert "cgs" in o.initials or "cgs" in o.initials.split()


def test_same_name_needs_unit_or_phone_and_commands_say_which(octx: Any) -> None:
    with pytest.raises(ValidationError, match="同名干部"):
        svc.add_official(octx, "张伟", post="干事", unit="党政办", phone="13800001111")
    with pytest.raises(ValidationError) as exc:
        find_official(octx, "张伟")
    assert "党政办" in exc.value.message and "农业服务中心" in exc.value.message
    a = find_official(octx, "张伟（党政办）")
    b = find_official(octx, "张伟(农业服务中心)")
    c = find_official(octx, "张伟/2222")
    assert a != b and b == c
    with pytest.raises(NotFound):
        find_official(octx, "张伟（财政所）")
    with pytest.raises(ValidationError, match="括号"):
        svc.add_official(octx, "王五（新）")
    # editing one into the other's identity is refused
    with pytest.raises(ValidationError, match="同名干部"):
        svc.edit_official(octx, "张伟/2222", unit="党政办", phone="13800001111")


def test_only_admin_manages_officials(octx: Any) -> None:
    clerk = octx.as_actor(Actor(id=None, username="c", display_name="录入", role=Role.CLERK))
    with pytest.raises(PermissionDenied):
        svc.add_official(clerk, "王五")


def _household(ctx: Any, liaison: int) -> int:
    detail = create_household(ctx, 1, {"name": "李大爷"}, code="TY-001", group_no=1)
    h = Household.get_by_id(detail.id)
    h.liaison = liaison
    h.save()
    return int(h.id)


def test_leave_with_open_matters_lists_them_then_hands_over(octx: Any) -> None:
    teams.set_team(octx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("陈干事", "成员")])
    chen = find_official(octx, "陈干事")
    hid = _household(octx, chen)
    m1 = cards.open_matter(octx, village="桃园村", name="王大妈", content="低保申请", level="村",
                           first_receiver="陈干事")  # fmt: skip
    m2 = cards.open_matter(octx, village="桃园村", name="赵老汉", content="修路", level="镇",
                           first_receiver="陈干事")  # fmt: skip
    listed = svc.open_matters_of(octx, "陈干事")
    assert [m.number for m in listed] == [m1.number, m2.number]
    before = (AuditLog.select().count(), Official.get_by_id(chen).archived)
    with pytest.raises(RuleViolation) as exc:
        svc.leave_official(octx, "陈干事", D(2026, 11, 30))
    assert m1.number in exc.value.message and m2.number in exc.value.message
    with pytest.raises(RuleViolation):  # one handler is not enough
        svc.leave_official(octx, "陈干事", D(2026, 11, 30), handlers={m1.number: "刘书记"})
    assert (AuditLog.select().count(), Official.get_by_id(chen).archived) == before
    with pytest.raises(ValidationError):
        svc.leave_official(octx, "陈干事", D(2026, 11, 30),
                           handlers={m1.number: "刘书记", m2.number: "陈干事"})  # fmt: skip
    result = svc.leave_official(
        octx, "陈干事", D(2026, 11, 30), handlers={m1.number: "刘书记", m2.number: "张伟（党政办）"}
    )
    assert result.teams_ended == 1 and result.liaison_households == 1
    assert not result.official.in_post and result.official.left_on == D(2026, 11, 30)
    liu = find_official(octx, "刘书记")
    m = Matter.get(Matter.number == m1.number)
    assert m.handler_id == liu and m.first_receiver_id == chen  # first receiver never changes
    assert MatterEvent.select().where(MatterEvent.matter == m.id).count() == 2
    assert TeamMember.get(TeamMember.official == chen).until == D(2026, 11, 30)
    # out of every picker, still on the list with --all, still findable for history
    assert chen not in [o.id for o in teams.officials(octx)]
    assert chen not in [i for i, _ in matter_pickers(octx)]
    assert chen not in [r.id for r in svc.list_officials(octx)]
    assert chen in [r.id for r in svc.list_officials(octx, include_left=True)]
    assert find_official(octx, "陈干事") == chen
    with pytest.raises(ValidationError, match="离岗"):
        find_official(octx, "陈干事", in_post=True)
    flagged = svc.liaison_to_reassign(octx)
    assert [(r.household_id, r.official) for r in flagged] == [(hid, "陈干事")]
    assert Household.get_by_id(hid).liaison_id == chen  # kept until reassigned
    with pytest.raises(RuleViolation, match="已于"):
        svc.leave_official(octx, "陈干事", D(2026, 12, 1))


def test_leave_keeping_open_matters(octx: Any) -> None:
    m1 = cards.open_matter(octx, village="桃园村", name="王大妈", content="低保申请", level="村",
                           first_receiver="张伟（党政办）")  # fmt: skip
    result = svc.leave_official(octx, "张伟（党政办）", D(2026, 11, 30), keep_open=True)
    assert result.kept == (m1.number,) and result.reassigned == ()
    # the other 张伟 is now the only one in post: the bare name finds him
    assert find_official(octx, "张伟") == find_official(octx, "张伟（农业服务中心）")


def test_team_pickers_leave_out_who_left_or_serves_no_village(octx: Any) -> None:
    svc.edit_official(octx, "陈干事", serves_villages=False)
    assert "陈干事" not in [o.name for o in teams.officials(octx)]
    svc.leave_official(octx, "刘书记", D(2026, 11, 30))
    with pytest.raises(ValidationError, match="离岗"):
        teams.set_team(octx, "桃园村", [MemberSpec("刘书记", "组长")])


def test_queue_picker_tells_same_names_apart_and_drops_who_left(octx: Any) -> None:
    from deskui.services.queue.intake import town_officials

    names = [m.name for m in town_officials(octx)]
    assert names[0] == "刘书记"
    assert "张伟（党政办）" in names and "张伟（农业服务中心）" in names
    svc.add_official(octx, "赵敏", phone="13991500007")
    assert "赵敏" in [m.name for m in town_officials(octx)]
    svc.leave_official(octx, "张伟（党政办）", D(2026, 11, 1), keep_open=True)
    names = [m.name for m in town_officials(octx)]
    assert "张伟" in names and not any("党政办" in n for n in names)
