"""The visitor queue's rules (接访队列): statuses, outcomes, allowed moves,
times and the day's figures. Pure: no database, no clock.

A visit moves 等候 → 接待中 (called by an official) → 已办 (an outcome is
recorded), or to 离开 (left unserved, 离开未办) from 等候 or 接待中:

- only a waiting visitor can be called;
- an outcome is recorded only for a visitor being served, except 离开未办,
  which a waiting visitor may also get;
- 当场答复 / 政策咨询 need a note of the answer given (seed 003: 当场答复解决并
  做好记录), 不予受理 needs the explanation given (宣传解释), 调处纠纷 needs the
  parties and a result (成功 / 未成功 / 转交); 受理代办 and 离开未办 take an
  optional note (the matter card carries the detail).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.text import NAME_MAX, clean_name, clean_note, clean_text
from deskui.i18n import t

PARTIES_MAX = 200
REASON_MAX = 200


class Status(str, Enum):
    WAITING = "等候"
    SERVING = "接待中"
    DONE = "已办"
    LEFT = "离开"

    def __str__(self) -> str:  # shown as its word wherever a row is printed
        return str(self.value)


class Outcome(str, Enum):
    ANSWERED = "当场答复"
    POLICY = "政策咨询"
    MATTER = "受理代办"
    DISPUTE = "调处纠纷"
    REFUSED = "不予受理"
    LEFT = "离开未办"


class DisputeResult(str, Enum):
    SETTLED = "成功"
    UNSETTLED = "未成功"
    HANDED_OVER = "转交"


ON_THE_SPOT = frozenset({Outcome.ANSWERED, Outcome.POLICY})
NOTE_REQUIRED = frozenset({Outcome.ANSWERED, Outcome.POLICY, Outcome.REFUSED})


def parse_outcome(value: Outcome | str) -> Outcome:
    """An outcome from its Chinese word; a message listing the six otherwise."""
    if isinstance(value, Outcome):
        return value
    text = str(value or "").strip()
    for outcome in Outcome:
        if text == outcome.value:
            return outcome
    raise ValidationError(
        t("queue.bad_outcome", value=text, choices="、".join(o.value for o in Outcome)),
        field="outcome",
    )


def parse_dispute_result(value: DisputeResult | str) -> DisputeResult:
    if isinstance(value, DisputeResult):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValidationError(t("queue.result_required"), field="result")
    for result in DisputeResult:
        if text == result.value:
            return result
    raise ValidationError(
        t("queue.bad_result", value=text, choices="、".join(r.value for r in DisputeResult)),
        field="result",
    )


def clean_visitor_name(value: object) -> str:
    """The visitor's name: required, one line, at most 20 characters. A pasted
    paragraph (several lines, or far too long) gets its own clear message."""
    text = str(value or "").replace("\r\n", "\n").strip()
    if "\n" in text or "\r" in text:
        raise ValidationError(t("queue.name_one_line"), field="name")
    if len(text) > NAME_MAX:
        raise ValidationError(
            t("queue.name_too_long", max=NAME_MAX, length=len(text)), field="name"
        )
    return clean_name(value)


def clean_reason(value: object) -> str:
    """事由: optional here, several lines allowed, at most 200 characters."""
    return clean_note(value, field="reason", label=t("field.reason"), max_len=REASON_MAX)


def clean_group(value: int | str | None, *, group_count: int, village: str) -> int | None:
    """A group number 1..group_count (``3``, ``3组``, ``３``); None for none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().removesuffix("组").strip()
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= max(group_count, 1):
        raise ValidationError(
            t("queue.bad_group", village=village, value=value, count=max(group_count, 1)),
            field="group_no",
        )
    return number


def check_call(status: Status | str, *, ticket: int, name: str) -> None:
    """Refuse calling a visitor who is not waiting (already called, done, left)."""
    status = Status(status)
    if status is not Status.WAITING:
        raise RuleViolation(
            t("queue.not_waiting", ticket=ticket, name=name, status=status.value),
            field="visit",
        )


@dataclass(frozen=True)
class OutcomeRecord:
    """What a recorded outcome writes on the visit: the checked values."""

    outcome: Outcome
    status: Status
    note: str
    parties: str
    result: str


def check_outcome(
    status: Status | str,
    outcome: Outcome | str,
    *,
    ticket: int,
    name: str,
    note: str = "",
    parties: str = "",
    result: str = "",
) -> OutcomeRecord:
    """Check that ``outcome`` may be recorded now and that it carries what it
    needs; return the cleaned values and the visit's new status."""
    status = Status(status)
    chosen = parse_outcome(outcome)
    if status in (Status.DONE, Status.LEFT):
        raise RuleViolation(
            t("queue.already_finished", ticket=ticket, name=name, status=status.value),
            field="visit",
        )
    if status is Status.WAITING and chosen is not Outcome.LEFT:
        raise RuleViolation(
            t("queue.not_called", ticket=ticket, name=name, outcome=chosen.value),
            field="outcome",
        )
    label = t(f"queue.note_label.{chosen.name.lower()}")
    clean = clean_note(note, label=label, required=chosen in NOTE_REQUIRED)
    clean_parties, clean_result = "", ""
    if chosen is Outcome.DISPUTE:
        clean_parties = clean_text(
            parties,
            field="parties",
            label=t("queue.parties_label"),
            max_len=PARTIES_MAX,
            required=True,
        )
        clean_result = parse_dispute_result(result).value
    elif parties.strip() or result.strip():
        raise ValidationError(t("queue.dispute_only", outcome=chosen.value), field="parties")
    new_status = Status.LEFT if chosen is Outcome.LEFT else Status.DONE
    return OutcomeRecord(chosen, new_status, clean, clean_parties, clean_result)


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, int((end - start).total_seconds() // 60))


def wait_minutes(arrived: dt.datetime | None, called: dt.datetime | None) -> int | None:
    """Whole minutes from arrival to the call (None while not called)."""
    return _minutes(arrived, called)


def serve_minutes(called: dt.datetime | None, finished: dt.datetime | None) -> int | None:
    """Whole minutes from the call to the outcome (None while not finished)."""
    return _minutes(called, finished)


@dataclass(frozen=True)
class VisitFact:
    """The parts of one visit the day's figures count."""

    status: Status | str
    outcome: Outcome | str | None
    arrived_at: dt.datetime
    called_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    dispute_result: str = ""


@dataclass(frozen=True)
class DayFigures:
    """The queue's figures for one day (one village or the whole town).

    - registered: every visitor put in the queue;
    - waiting / serving: still waiting, being received now;
    - received (接待群众人次): visitors an official received (called and not
      recorded as 离开未办), including those being received now;
    - answered (当场答复): 当场答复 + 政策咨询;
    - matters (受理代办): matter cards opened from the queue;
    - disputes (调处纠纷) and disputes_settled (result 成功);
    - refused (不予受理); left (离开未办);
    - avg_wait_minutes: mean minutes from arrival to call over the visitors
      called, one decimal, None when nobody was called;
    - avg_serve_minutes: mean minutes from call to outcome over the visitors
      finished after a call, one decimal, None when there are none.
    """

    registered: int = 0
    waiting: int = 0
    serving: int = 0
    received: int = 0
    answered: int = 0
    matters: int = 0
    disputes: int = 0
    disputes_settled: int = 0
    refused: int = 0
    left: int = 0
    avg_wait_minutes: float | None = None
    avg_serve_minutes: float | None = None


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def day_figures(facts: Iterable[VisitFact]) -> DayFigures:
    """Count one day's visits (see :class:`DayFigures` for each figure)."""
    counts = dict.fromkeys(
        ("registered", "waiting", "serving", "received", "answered", "matters"), 0
    )
    counts.update(dict.fromkeys(("disputes", "disputes_settled", "refused", "left"), 0))
    waits: list[int] = []
    serves: list[int] = []
    for fact in facts:
        status = Status(fact.status)
        outcome = Outcome(fact.outcome) if fact.outcome else None
        counts["registered"] += 1
        if status is Status.WAITING:
            counts["waiting"] += 1
        elif status is Status.SERVING:
            counts["serving"] += 1
        if fact.called_at is not None and outcome is not Outcome.LEFT:
            counts["received"] += 1
        if outcome in ON_THE_SPOT:
            counts["answered"] += 1
        elif outcome is Outcome.MATTER:
            counts["matters"] += 1
        elif outcome is Outcome.DISPUTE:
            counts["disputes"] += 1
            if fact.dispute_result == DisputeResult.SETTLED.value:
                counts["disputes_settled"] += 1
        elif outcome is Outcome.REFUSED:
            counts["refused"] += 1
        elif outcome is Outcome.LEFT:
            counts["left"] += 1
        wait = wait_minutes(fact.arrived_at, fact.called_at)
        if wait is not None:
            waits.append(wait)
        serve = serve_minutes(fact.called_at, fact.finished_at)
        if serve is not None and outcome is not None:
            serves.append(serve)
    return DayFigures(**counts, avg_wait_minutes=_mean(waits), avg_serve_minutes=_mean(serves))
