"""The matter loop's transition table, every state × step pair."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.matter_flow import (
    Facts,
    Satisfaction,
    State,
    Step,
    check_accepted_on,
    check_edit,
    check_extension,
    check_step,
    check_step_date,
    format_number,
    normalise_number,
    parse_origin,
    parse_satisfaction,
)

P, W, F, C, R = State.PENDING, State.IN_PROGRESS, State.FINISHED, State.CLOSED, State.REFUSED

# Default facts (unsigned, no return visit yet, the town requires one);
# 回访 is given 满意. ``None`` in a cell: the step is refused.
TABLE: dict[State | None, dict[Step, State | None]] = {
    None: {s: (P if s is Step.ACCEPT else None) for s in Step},
    P: {
        Step.ACCEPT: None,
        Step.TRANSFER: W,
        Step.SUPERVISE: P,
        Step.REMIND: P,
        Step.PROGRESS: W,
        Step.EXTEND: W,
        Step.FINISH: F,
        Step.SIGN: None,
        Step.RETURN_VISIT: None,
        Step.REDO: None,
        Step.CLOSE: None,
    },
    W: {
        Step.ACCEPT: None,
        Step.TRANSFER: W,
        Step.SUPERVISE: W,
        Step.REMIND: W,
        Step.PROGRESS: W,
        Step.EXTEND: W,
        Step.FINISH: F,
        Step.SIGN: None,
        Step.RETURN_VISIT: None,
        Step.REDO: None,
        Step.CLOSE: None,
    },
    F: {
        Step.ACCEPT: None,
        Step.TRANSFER: None,
        Step.SUPERVISE: None,
        Step.REMIND: None,
        Step.PROGRESS: None,
        Step.EXTEND: None,
        Step.FINISH: None,
        Step.SIGN: F,
        Step.RETURN_VISIT: None,  # only after 签字确认 (the default rule)
        Step.REDO: None,  # only after a 不满意 return visit
        Step.CLOSE: None,  # only after 签字确认 and a return visit (the town requires it)
    },
    C: dict.fromkeys(Step),
    R: dict.fromkeys(Step),
}

CASES = [(state, step, TABLE[state][step]) for state in TABLE for step in Step]


def test_table_covers_every_pair() -> None:
    assert len(CASES) == 6 * 11
    assert all(set(row) == set(Step) for row in TABLE.values())


@pytest.mark.parametrize(("state", "step", "expected"), CASES)
def test_transition(state: State | None, step: Step, expected: State | None) -> None:
    if expected is None:
        with pytest.raises(RuleViolation) as err:
            check_step(state, step, satisfaction=Satisfaction.SATISFIED)
        assert err.value.message  # a Chinese sentence, never empty
    else:
        assert check_step(state, step, satisfaction=Satisfaction.SATISFIED) is expected


@pytest.mark.parametrize(
    ("state", "step", "message"),
    [
        (P, Step.RETURN_VISIT, "还未办结，不能回访"),
        (W, Step.RETURN_VISIT, "还未办结，不能回访"),
        (P, Step.CLOSE, "未办结的事项不能销号"),
        (W, Step.SIGN, "还未办结，不能签字确认"),
        (W, Step.REDO, "事项还在办理中，无需重办"),
        (C, Step.PROGRESS, "已销号的事项不能再办理"),
        (C, Step.REDO, "已销号的事项不能再办理"),
        (R, Step.FINISH, "不予受理的事项不在办理流程中，不能再办理"),
        (F, Step.FINISH, "事项已经办结"),
        (F, Step.TRANSFER, "事项已办结，不能再转办；群众不满意的，回访后可重办"),
        (F, Step.CLOSE, "本次办结还没有申办人签字确认，签字确认后才能销号（重办后须重新签字）"),
        (
            F,
            Step.RETURN_VISIT,
            "申办人还未在办结栏签字确认，请先签字确认再回访（本镇规定先签字、后回访）",
        ),
        (F, Step.REDO, "只有回访不满意的事项才能重办"),
        (P, Step.ACCEPT, "事项已经受理过了"),
    ],
)
def test_refusal_messages(state: State, step: Step, message: str) -> None:
    with pytest.raises(RuleViolation, match=f"^{message}$"):
        check_step(state, step)


def test_state_words_are_accepted() -> None:
    assert check_step("办理中", "办结") is F
    assert check_step("待办", "督办") is P


def test_redo_after_unsatisfied_visit() -> None:
    facts = Facts(satisfaction="不满意")
    assert check_step(F, Step.REDO, facts=facts) is W
    with pytest.raises(RuleViolation, match="须重办后才能销号"):
        check_step(F, Step.CLOSE, facts=facts)
    with pytest.raises(RuleViolation, match="只有回访不满意"):
        check_step(F, Step.REDO, facts=Facts(satisfaction="基本满意"))


def test_close_after_visit_or_when_town_does_not_require_it() -> None:
    assert check_step(F, Step.CLOSE, facts=Facts(signed=True, satisfaction="满意")) is C
    assert check_step(F, Step.CLOSE, facts=Facts(signed=True, satisfaction="基本满意")) is C
    relaxed = Facts(signed=True, require_return_visit=False)
    assert check_step(F, Step.CLOSE, facts=relaxed) is C
    with pytest.raises(RuleViolation, match="须重办"):
        check_step(F, Step.CLOSE, facts=Facts(satisfaction="不满意", require_return_visit=False))
    with pytest.raises(RuleViolation, match="签字确认后才能销号"):
        check_step(F, Step.CLOSE, facts=Facts(satisfaction="满意", sign_before_visit=False))


def test_signature_before_return_visit_unless_the_town_relaxes_it() -> None:
    with pytest.raises(RuleViolation, match="请先签字确认再回访"):
        check_step(F, Step.RETURN_VISIT, satisfaction=Satisfaction.SATISFIED)
    assert (
        check_step(
            F, Step.RETURN_VISIT, facts=Facts(signed=True), satisfaction=Satisfaction.SATISFIED
        )
        is F
    )
    relaxed = Facts(sign_before_visit=False)
    assert check_step(F, Step.RETURN_VISIT, facts=relaxed, satisfaction=Satisfaction.SATISFIED) is F


def test_sign_and_visit_once_per_completion() -> None:
    with pytest.raises(RuleViolation, match="已签字确认过"):
        check_step(F, Step.SIGN, facts=Facts(signed=True))
    with pytest.raises(RuleViolation, match="已回访过（满意）"):
        check_step(F, Step.RETURN_VISIT, facts=Facts(satisfaction="满意"), satisfaction=None)


def test_return_visit_needs_satisfaction() -> None:
    with pytest.raises(ValidationError, match="满意度") as err:
        check_step(F, Step.RETURN_VISIT, facts=Facts(signed=True))
    assert err.value.field == "satisfaction"


@pytest.mark.parametrize("text", ["满意", "基本满意", "不满意", " 满意 "])
def test_parse_satisfaction(text: str) -> None:
    assert parse_satisfaction(text).value == text.strip()


@pytest.mark.parametrize("text", ["很满意", "ok", "满", "一般"])
def test_bad_satisfaction(text: str) -> None:
    with pytest.raises(ValidationError, match="只能是：满意、基本满意、不满意") as err:
        parse_satisfaction(text)
    assert err.value.field == "satisfaction"


def test_empty_satisfaction() -> None:
    with pytest.raises(ValidationError, match="回访须填写群众满意度"):
        parse_satisfaction("  ")


def test_satisfaction_rate_counts() -> None:
    assert [s.counts_satisfied for s in Satisfaction] == [True, True, False]


def test_first_receiver_can_never_be_edited() -> None:
    with pytest.raises(RuleViolation, match="首办责任人不能更改") as err:
        check_edit("first_receiver")
    assert err.value.field == "first_receiver"
    with pytest.raises(RuleViolation):
        check_edit("number")
    check_edit("content")
    check_edit("phone")


def test_extension_rules() -> None:
    due = dt.date(2026, 11, 25)
    check_extension("等待县民政局审批", dt.date(2026, 11, 30), due)
    with pytest.raises(ValidationError, match="延期须写明原因"):
        check_extension("  ", dt.date(2026, 11, 30), due)
    with pytest.raises(ValidationError, match="新的办结时限"):
        check_extension("原因", None, due)
    with pytest.raises(ValidationError, match="须晚于现在的时限 2026-11-25") as err:
        check_extension("原因", due, due)
    assert err.value.field == "new_due"


def test_step_dates() -> None:
    today = dt.date(2026, 11, 24)
    accepted = dt.date(2026, 11, 20)
    check_step_date(today, accepted_on=accepted, today=today)
    check_step_date(accepted, accepted_on=accepted, today=today)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        check_step_date(dt.date(2026, 11, 25), accepted_on=accepted, today=today)
    with pytest.raises(ValidationError, match="不能早于受理日期 2026-11-20"):
        check_step_date(dt.date(2026, 11, 19), accepted_on=accepted, today=today)
    with pytest.raises(ValidationError, match="不能早于办结日期"):
        check_step_date(
            dt.date(2026, 11, 21),
            accepted_on=accepted,
            today=today,
            finished_on=dt.date(2026, 11, 22),
        )
    with pytest.raises(ValidationError, match="受理日期 2026-11-25 不能晚于今天"):
        check_accepted_on(dt.date(2026, 11, 25), today)


def test_parsing_words() -> None:
    assert State.parse("已销号") is C
    assert Step.parse(" 回访 ") is Step.RETURN_VISIT
    assert parse_origin("") == "服务日接待"
    assert parse_origin("入户走访") == "入户走访"
    with pytest.raises(ValidationError, match="事项状态“完成”不对"):
        State.parse("完成")
    with pytest.raises(ValidationError, match="办理环节“结束”不对") as err:
        Step.parse("结束")
    assert "受理" not in err.value.message.split("：", 1)[1]
    with pytest.raises(ValidationError, match="事项来源"):
        parse_origin("微信群")


def test_numbers() -> None:
    assert format_number("XH", 2026, 1) == "XH2026-0001"
    assert format_number("XH", 2026, 12345) == "XH2026-12345"
    assert normalise_number(" xh2026-0007 ") == "XH2026-0007"
    assert State.PENDING.open and State.IN_PROGRESS.open and not State.FINISHED.open


_LOOP_STEPS = [s for s in Step if s is not Step.ACCEPT]


@given(
    steps=st.lists(st.sampled_from(_LOOP_STEPS), max_size=25),
    visits=st.lists(st.sampled_from(list(Satisfaction)), min_size=25, max_size=25),
    relaxed=st.booleans(),
    require_visit=st.booleans(),
)
def test_no_loop_closes_without_a_signature_of_its_last_completion(
    steps: list[Step], visits: list[Satisfaction], relaxed: bool, require_visit: bool
) -> None:
    """Whatever order the steps are tried in, a card is crossed off only when
    its last completion was signed, and (by default) visited only after the
    signature; 重办 always clears the signature."""
    state: State = check_step(None, Step.ACCEPT)
    signed, satisfaction = False, ""
    for step, visit in zip(steps, visits, strict=False):
        facts = Facts(signed, satisfaction, require_visit, sign_before_visit=not relaxed)
        try:
            new = check_step(state, step, facts=facts, satisfaction=visit)
        except RuleViolation as err:
            assert err.message
            continue
        if step is Step.CLOSE:
            assert signed and satisfaction != "不满意"
            assert satisfaction or not require_visit
        if step is Step.RETURN_VISIT:
            assert signed or relaxed
            satisfaction = visit.value
        if step is Step.SIGN:
            signed = True
        if step in (Step.REDO, Step.FINISH):
            signed, satisfaction = False, ""
        state = new
