"""The matter card's closed loop (接洽 → 登记 → 转办 → 督办 → 办结 → 回访 → 销号).

States: 待办 (accepted, untouched), 办理中, 已办结, 已销号 (crossed off, final)
and 不予受理 (refused under policy with an explanation, never in the loop).

Transition table (``check_step``):

============================ ============== =============================
step                          allowed in     resulting state
============================ ============== =============================
受理                           (new card)     待办
转办 进展 延期                  待办 办理中     办理中
督办 催办                       待办 办理中     unchanged
办结                           待办 办理中     已办结
签字确认 (once a completion)    已办结          已办结
回访 (satisfaction required,   已办结          已办结
once a completion; after
签字确认 unless the town
relaxes it)
重办 (after a 不满意 回访;      已办结          办理中
clears the signature)
销号 (after 签字确认 of this    已办结          已销号
completion; after 回访 when
the town requires it; never
after an unresolved 不满意)
============================ ============== =============================

Nothing moves out of 已销号 or 不予受理. The first receiver (首办责任人)
is never edited (首办负责制).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from deskui.domain.errors import RuleViolation, ValidationError
from deskui.i18n import t

E = TypeVar("E", bound=Enum)


def _parse_member(cls: type[E], text: str, offered: list[Any], key: str, field: str) -> E:
    """The member whose value is ``text``, or a message listing ``offered``."""
    value = (text or "").strip()
    for member in cls:
        if value == member.value:
            return member
    known = "、".join(m.value for m in offered)
    raise ValidationError(t(key, text=value, known=known), field=field)


class State(str, Enum):
    PENDING = "待办"
    IN_PROGRESS = "办理中"
    FINISHED = "已办结"
    CLOSED = "已销号"
    REFUSED = "不予受理"

    @classmethod
    def parse(cls, text: str, *, field: str = "state") -> State:
        return _parse_member(cls, text, list(cls), "matter.bad_state", field)

    @property
    def open(self) -> bool:
        """Still being handled: counts for overdue."""
        return self in (State.PENDING, State.IN_PROGRESS)


class Step(str, Enum):
    ACCEPT = "受理"
    TRANSFER = "转办"
    SUPERVISE = "督办"
    REMIND = "催办"
    PROGRESS = "进展"
    EXTEND = "延期"
    FINISH = "办结"
    SIGN = "签字确认"
    RETURN_VISIT = "回访"
    REDO = "重办"
    CLOSE = "销号"

    @classmethod
    def parse(cls, text: str, *, field: str = "step") -> Step:
        return _parse_member(cls, text, list(LOOP_STEPS), "matter.bad_step", field)


# The steps a card takes after acceptance (the CLI's choices).
LOOP_STEPS: tuple[Step, ...] = tuple(s for s in Step if s is not Step.ACCEPT)

REFUSED_EVENT = "不予受理"  # the event recorded when a card is refused


class Satisfaction(str, Enum):
    SATISFIED = "满意"
    FAIRLY = "基本满意"
    UNSATISFIED = "不满意"

    @property
    def counts_satisfied(self) -> bool:
        """满意率 counts 满意 and 基本满意."""
        return self is not Satisfaction.UNSATISFIED


def parse_satisfaction(text: str | None, *, field: str = "satisfaction") -> Satisfaction:
    """满意 / 基本满意 / 不满意 exactly (surrounding spaces ignored)."""
    value = (text or "").strip()
    if not value:
        raise ValidationError(t("matter.satisfaction_required"), field=field)
    for item in Satisfaction:
        if value == item.value:
            return item
    known = "、".join(s.value for s in Satisfaction)
    raise ValidationError(t("matter.bad_satisfaction", text=value, known=known), field=field)


ORIGINS: tuple[str, ...] = ("服务日接待", "入户走访", "电话", "其他")


def parse_origin(text: str | None, *, field: str = "origin") -> str:
    value = (text or "").strip() or ORIGINS[0]
    if value not in ORIGINS:
        known = "、".join(ORIGINS)
        raise ValidationError(t("matter.bad_origin", text=value, known=known), field=field)
    return value


@dataclass(frozen=True)
class Facts:
    """What the loop needs to know about a card beyond its state.

    ``satisfaction`` is the return visit's result since the last completion
    ('' when no return visit yet); ``signed`` whether the applicant signed
    this completion (重办 clears it); ``require_return_visit`` the town's rule
    for 销号; ``sign_before_visit`` the town's rule that 签字确认 comes before
    回访 (the default; a town may relax it). 销号 always needs the signature.
    """

    signed: bool = False
    satisfaction: str = ""
    require_return_visit: bool = True
    sign_before_visit: bool = True


_ACTIVE = (State.PENDING, State.IN_PROGRESS)
_MOVES_TO_PROGRESS = (Step.TRANSFER, Step.PROGRESS, Step.EXTEND)
_KEEPS_STATE = (Step.SUPERVISE, Step.REMIND)


def _refuse(key: str, **values: object) -> RuleViolation:
    return RuleViolation(t(key, **values), field="step")


def _finished_step(step: Step, facts: Facts, satisfaction: Satisfaction | None) -> State:
    """The steps allowed on a finished (已办结) card."""
    if step is Step.SIGN:
        if facts.signed:
            raise _refuse("matter.flow.signed_twice")
        return State.FINISHED
    if step is Step.RETURN_VISIT:
        if facts.satisfaction:
            raise _refuse("matter.flow.visited_twice", satisfaction=facts.satisfaction)
        if facts.sign_before_visit and not facts.signed:
            raise _refuse("matter.flow.visit_needs_signature")
        if satisfaction is None:
            raise ValidationError(t("matter.satisfaction_required"), field="satisfaction")
        return State.FINISHED
    if step is Step.REDO:
        if facts.satisfaction != Satisfaction.UNSATISFIED.value:
            raise _refuse("matter.flow.redo_needs_unsatisfied")
        return State.IN_PROGRESS
    if step is Step.CLOSE:
        if facts.satisfaction == Satisfaction.UNSATISFIED.value:
            raise _refuse("matter.flow.close_unsatisfied")
        if not facts.signed:
            raise _refuse("matter.flow.close_needs_signature")
        if facts.require_return_visit and not facts.satisfaction:
            raise _refuse("matter.flow.close_needs_visit")
        return State.CLOSED
    if step is Step.FINISH:
        raise _refuse("matter.flow.finished_twice")
    raise _refuse("matter.flow.finished_no_more", step=step.value)


def _active_step(state: State, step: Step) -> State:
    """The steps allowed on an accepted, unfinished card."""
    if step in _MOVES_TO_PROGRESS:
        return State.IN_PROGRESS
    if step in _KEEPS_STATE:
        return state
    if step is Step.FINISH:
        return State.FINISHED
    key = {
        Step.SIGN: "matter.flow.sign_unfinished",
        Step.RETURN_VISIT: "matter.flow.visit_unfinished",
        Step.REDO: "matter.flow.redo_unfinished",
        Step.CLOSE: "matter.flow.close_unfinished",
    }[step]
    raise _refuse(key)


def check_step(
    state: State | str | None,
    step: Step | str,
    *,
    facts: Facts | None = None,
    satisfaction: Satisfaction | None = None,
) -> State:
    """The state a card reaches by ``step`` from ``state`` (``None``: not yet
    accepted), or RuleViolation saying why the step is not allowed now."""
    step = Step(step)
    facts = facts or Facts()
    if state is None:
        if step is Step.ACCEPT:
            return State.PENDING
        raise _refuse("matter.flow.not_accepted")
    state = State(state)
    if state is State.CLOSED:
        raise _refuse("matter.flow.closed")
    if state is State.REFUSED:
        raise _refuse("matter.flow.refused")
    if step is Step.ACCEPT:
        raise _refuse("matter.flow.accepted_twice")
    if state in _ACTIVE:
        return _active_step(state, step)
    return _finished_step(step, facts, satisfaction)


LOCKED_FIELDS = frozenset({"first_receiver", "number", "town", "year", "seq", "accepted_on"})


def check_edit(field: str) -> None:
    """Refuse editing a field the loop fixes (首办负责制: the first receiver)."""
    if field == "first_receiver":
        raise RuleViolation(t("matter.flow.first_receiver_locked"), field=field)
    if field in LOCKED_FIELDS:
        raise RuleViolation(t("matter.flow.field_locked"), field=field)


def check_extension(reason: str, new_due: dt.date | None, current_due: dt.date | None) -> None:
    """延期 needs a reason and a new due date later than the current one."""
    if not (reason or "").strip():
        raise ValidationError(t("matter.extend_reason_required"), field="note")
    if new_due is None:
        raise ValidationError(t("matter.extend_due_required"), field="new_due")
    if current_due is not None and new_due <= current_due:
        raise ValidationError(
            t("matter.extend_not_later", new=new_due.isoformat(), current=current_due.isoformat()),
            field="new_due",
        )


def check_step_date(
    on: dt.date,
    *,
    accepted_on: dt.date,
    today: dt.date,
    finished_on: dt.date | None = None,
) -> None:
    """A step happens between acceptance (or completion) and today."""
    if on > today:
        raise ValidationError(
            t("matter.date_future", on=on.isoformat(), today=today.isoformat()), field="on"
        )
    if on < accepted_on:
        raise ValidationError(
            t("matter.date_before_accept", on=on.isoformat(), accepted=accepted_on.isoformat()),
            field="on",
        )
    if finished_on is not None and on < finished_on:
        raise ValidationError(
            t("matter.date_before_finish", on=on.isoformat(), finished=finished_on.isoformat()),
            field="on",
        )


def check_accepted_on(accepted_on: dt.date, today: dt.date) -> None:
    if accepted_on > today:
        raise ValidationError(
            t("matter.accepted_future", on=accepted_on.isoformat(), today=today.isoformat()),
            field="accepted_on",
        )


def format_number(code: str, year: int, seq: int) -> str:
    """``XH2026-0001``: readable, unique per town and year."""
    return f"{code}{year}-{seq:04d}"


_NUMBER = re.compile(r"[A-Z0-9\-]{1,24}")


def normalise_number(text: str | None) -> str:
    """A matter number as stored (upper case, no spaces), or '' when the text
    cannot be one (control characters, punctuation, over-long pastes)."""
    candidate = (text or "").strip().upper()
    return candidate if _NUMBER.fullmatch(candidate) else ""


def printable(text: str | None, limit: int = 24) -> str:
    """User text fit to quote back in a message: no control characters."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", "", text or "")[:limit]
