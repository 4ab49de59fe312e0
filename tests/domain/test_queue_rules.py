"""The queue's pure rules: moves, required fields, minutes, day figures."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.queue_rules import (
    DayFigures,
    Outcome,
    Status,
    VisitFact,
    check_call,
    check_outcome,
    clean_group,
    clean_visitor_name,
    day_figures,
    parse_outcome,
    serve_minutes,
    wait_minutes,
)

T0 = dt.datetime(2026, 11, 24, 9, 0)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_only_a_waiting_visitor_is_called() -> None:
    check_call(Status.WAITING, ticket=1, name="张三")
    for status in (Status.SERVING, Status.DONE, Status.LEFT):
        with pytest.raises(RuleViolation, match="3号 张三 不在等候中") as err:
            check_call(status.value, ticket=3, name="张三")
        assert status.value in str(err.value)


@pytest.mark.parametrize("outcome", [o for o in Outcome if o is not Outcome.LEFT])
def test_waiting_visitor_gets_no_outcome_but_left(outcome: Outcome) -> None:
    with pytest.raises(RuleViolation, match="还没有叫号接待") as err:
        check_outcome(
            Status.WAITING,
            outcome,
            ticket=2,
            name="李四",
            note="说明",
            parties="甲、乙",
            result="成功",
        )
    assert err.value.field == "outcome"


def test_left_from_waiting_and_from_serving() -> None:
    for status in (Status.WAITING, Status.SERVING):
        record = check_outcome(status, "离开未办", ticket=1, name="张三")
        assert record.status is Status.LEFT and record.outcome is Outcome.LEFT


@pytest.mark.parametrize("status", [Status.DONE, Status.LEFT])
def test_a_finished_visit_is_final(status: Status) -> None:
    with pytest.raises(RuleViolation, match="不能再记录办理结果"):
        check_outcome(status, Outcome.ANSWERED, ticket=1, name="张三", note="已答复")


@pytest.mark.parametrize(
    ("outcome", "label"),
    [("当场答复", "答复内容"), ("政策咨询", "答复内容"), ("不予受理", "解释说明")],
)
def test_note_required(outcome: str, label: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_outcome(Status.SERVING, outcome, ticket=1, name="张三", note="  ")
    assert str(err.value) == f"请填写{label}" and err.value.field == "note"
    record = check_outcome(Status.SERVING, outcome, ticket=1, name="张三", note=" 已说明政策 ")
    assert record.note == "已说明政策" and record.status is Status.DONE


def test_matter_needs_no_note() -> None:
    record = check_outcome(Status.SERVING, "受理代办", ticket=1, name="张三")
    assert (record.outcome, record.status, record.note) == (Outcome.MATTER, Status.DONE, "")


def test_dispute_needs_parties_and_result() -> None:
    with pytest.raises(ValidationError, match="请填写纠纷当事人"):
        check_outcome(Status.SERVING, "调处纠纷", ticket=1, name="张三", result="成功")
    with pytest.raises(ValidationError, match="请填写调处结果") as err:
        check_outcome(Status.SERVING, "调处纠纷", ticket=1, name="张三", parties="张三、李四")
    assert err.value.field == "result"
    with pytest.raises(ValidationError, match="调处结果“和解”无效"):
        check_outcome(
            Status.SERVING, "调处纠纷", ticket=1, name="张三", parties="张三、李四", result="和解"
        )
    record = check_outcome(
        Status.SERVING, "调处纠纷", ticket=1, name="张三", parties="张三、李四", result="转交"
    )
    assert (record.parties, record.result) == ("张三、李四", "转交")


def test_parties_only_for_a_dispute() -> None:
    with pytest.raises(ValidationError, match="只有“调处纠纷”需要"):
        check_outcome(Status.SERVING, "当场答复", ticket=1, name="张三", note="好", parties="甲")


def test_unknown_outcome_lists_the_six() -> None:
    with pytest.raises(ValidationError) as err:
        parse_outcome("办完了")
    assert "当场答复、政策咨询、受理代办、调处纠纷、不予受理、离开未办" in str(err.value)
    assert err.value.field == "outcome"


def test_visitor_name_messages() -> None:
    assert clean_visitor_name("  张三 ") == "张三"
    with pytest.raises(ValidationError, match="请填写姓名"):
        clean_visitor_name("   ")
    with pytest.raises(ValidationError, match="只能填一行"):
        clean_visitor_name("张三\n反映低保问题")
    with pytest.raises(ValidationError, match=r"不能超过 20 个字（现在 500 个字）"):
        clean_visitor_name("张" * 500)
    with pytest.raises(ValidationError, match="控制字符"):
        clean_visitor_name("张\x07三")


def test_group_numbers() -> None:
    assert clean_group(None, group_count=6, village="桃园村") is None
    assert clean_group("", group_count=6, village="桃园村") is None
    assert clean_group("3组", group_count=6, village="桃园村") == 3
    assert clean_group("６", group_count=6, village="桃园村") == 6
    for bad in ("7", "0", "三组", 9):
        with pytest.raises(ValidationError, match="桃园村的村民小组应为 1 到 6 组"):
            clean_group(bad, group_count=6, village="桃园村")


def test_minutes() -> None:
    assert wait_minutes(at(0), None) is None
    assert wait_minutes(at(0), at(12) + dt.timedelta(seconds=59)) == 12
    assert wait_minutes(at(5), at(0)) == 0  # a clock set back never gives a negative wait
    assert serve_minutes(None, at(3)) is None
    assert serve_minutes(at(10), at(25)) == 15


@given(st.integers(0, 600), st.integers(0, 600))
def test_minutes_are_whole_and_never_negative(a: int, b: int) -> None:
    value = wait_minutes(at(a), at(b))
    assert value == max(0, b - a)


def test_day_figures() -> None:
    facts = [
        VisitFact(Status.DONE, Outcome.ANSWERED, at(0), at(10), at(15)),
        VisitFact("已办", "政策咨询", at(1), at(21), at(31)),
        VisitFact(Status.DONE, Outcome.MATTER, at(2), at(32), at(50)),
        VisitFact(Status.DONE, Outcome.DISPUTE, at(3), at(53), at(80), dispute_result="成功"),
        VisitFact(Status.DONE, Outcome.DISPUTE, at(4), at(54), at(90), dispute_result="转交"),
        VisitFact(Status.DONE, Outcome.REFUSED, at(5), at(55), at(60)),
        VisitFact(Status.LEFT, Outcome.LEFT, at(6), None, at(40)),
        VisitFact(Status.LEFT, Outcome.LEFT, at(7), at(57), at(58)),
        VisitFact(Status.SERVING, None, at(8), at(98)),
        VisitFact(Status.WAITING, None, at(9)),
        VisitFact(Status.WAITING, "", at(10)),
    ]
    figures = day_figures(facts)
    assert figures == DayFigures(
        registered=11,
        waiting=2,
        serving=1,
        received=7,  # six finished after a call + one being served; not the two who left
        answered=2,
        matters=1,
        disputes=2,
        disputes_settled=1,
        refused=1,
        left=2,
        # waits of the eight called: 10, 20, 30, 50, 50, 50, 50, 90
        avg_wait_minutes=round(350 / 8, 1),
        # serves of the seven finished after a call: 5, 10, 18, 27, 36, 5, 1
        avg_serve_minutes=round(102 / 7, 1),
    )


def test_day_figures_of_an_empty_day() -> None:
    figures = day_figures([])
    assert figures.registered == 0 and figures.avg_wait_minutes is None
    assert figures.avg_serve_minutes is None
