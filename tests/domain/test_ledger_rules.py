"""Which matters a month's ledger lists: examples, random histories against a
day-by-day oracle, reports as of a date, and SQLite running the same rules."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.deadlines import (
    FINISHED_LATE,
    FINISHED_ON_TIME,
    IS_DUE_TODAY,
    IS_FINISHED,
    IS_OPEN,
    IS_OVERDUE,
    MatterDates,
    Timeliness,
)
from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.ledger_rules import (
    CARRIED_OVER,
    CROSSED_OFF_IN_MONTH,
    FINISHED_IN_MONTH,
    NEW_IN_MONTH,
    ON_LEDGER,
    Intake,
    LedgerEntry,
    MonthWindow,
    ledger_entry,
    ledger_window,
    on_ledger,
)
from deskui.domain.matter_flow import Facts, Satisfaction, State, Step, check_step
from deskui.domain.predicates import Predicate, holds, sql_text, truth

D = dt.date
DAY = dt.timedelta(days=1)
FIRST = D(2026, 1, 1)
TODAY = D(2027, 3, 31)  # after every generated event


# --- examples ---------------------------------------------------------------


def test_window() -> None:
    assert ledger_window(2026, 11, D(2026, 11, 24)) == (
        D(2026, 11, 1),
        D(2026, 11, 24),
        D(2026, 11, 24),
    )
    assert ledger_window(2026, 10, D(2026, 11, 5)) == MonthWindow(
        D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 5)
    )
    assert ledger_window(2026, 2, D(2026, 3, 1)).end == D(2026, 2, 28)
    with pytest.raises(ValidationError) as info:
        ledger_window(2026, 11, D(2026, 10, 31))
    assert info.value.field == "as_of"


def test_the_documented_sql() -> None:
    assert sql_text(ON_LEDGER) == (
        "state <> '不予受理' AND accepted_on <= :end AND (closed_on IS NULL OR closed_on >= :start)"
    )
    tail = {
        NEW_IN_MONTH: " AND accepted_on >= :start",
        CARRIED_OVER: " AND accepted_on < :start",
        CROSSED_OFF_IN_MONTH: (
            " AND closed_on IS NOT NULL AND closed_on >= :start AND closed_on <= :end"
        ),
        FINISHED_IN_MONTH: (
            " AND finished_on IS NOT NULL AND finished_on >= :start AND finished_on <= :end"
        ),
    }
    for rule, text in tail.items():
        assert sql_text(rule) == sql_text(ON_LEDGER) + text


NOV = ledger_window(2026, 11, D(2026, 11, 24))


def m(
    accepted: dt.date,
    due: dt.date | None = None,
    finished: dt.date | None = None,
    closed: dt.date | None = None,
    state: str = State.IN_PROGRESS.value,
) -> MatterDates:
    return MatterDates(accepted, due, finished, closed, state)


@pytest.mark.parametrize(
    ("matter", "entry"),
    [
        # accepted this month, open, due tomorrow
        (m(D(2026, 11, 3), D(2026, 11, 25)), LedgerEntry(Intake.NEW, False, Timeliness.PENDING)),
        # accepted this month, finished late and crossed off this month
        (
            m(D(2026, 11, 3), D(2026, 11, 4), D(2026, 11, 6), D(2026, 11, 10), "已销号"),
            LedgerEntry(Intake.NEW, True, Timeliness.LATE),
        ),
        # carried over from October, still open and overdue
        (
            m(D(2026, 10, 20), D(2026, 10, 21)),
            LedgerEntry(Intake.CARRIED, False, Timeliness.OVERDUE),
        ),
        # finished in October, not crossed off yet (awaiting the return visit): carried over
        (
            m(D(2026, 10, 20), D(2026, 10, 21), D(2026, 10, 21), state="已办结"),
            LedgerEntry(Intake.CARRIED, False, Timeliness.ON_TIME),
        ),
        # carried over and crossed off this month
        (
            m(D(2026, 9, 1), D(2026, 9, 2), D(2026, 9, 2), D(2026, 11, 1), "已销号"),
            LedgerEntry(Intake.CARRIED, True, Timeliness.ON_TIME),
        ),
        # crossed off after the as-of date: reads as not crossed off
        (
            m(D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 2), D(2026, 11, 25), "已销号"),
            LedgerEntry(Intake.CARRIED, False, Timeliness.ON_TIME),
        ),
        # finished after the as-of date: reads as open, overdue
        (
            m(D(2026, 11, 2), D(2026, 11, 3), D(2026, 11, 26), state="已办结"),
            LedgerEntry(Intake.NEW, False, Timeliness.OVERDUE),
        ),
        # due on the as-of date
        (m(D(2026, 11, 23), D(2026, 11, 24)), LedgerEntry(Intake.NEW, False, Timeliness.DUE_TODAY)),
        # crossed off in October: gone
        (m(D(2026, 9, 1), D(2026, 9, 2), D(2026, 9, 2), D(2026, 10, 31), "已销号"), None),
        # accepted after the as-of date: absent
        (m(D(2026, 11, 25), D(2026, 11, 26)), None),
        # refused: not a matter of the ledger
        (m(D(2026, 11, 3), state="不予受理"), None),
    ],
)
def test_entries(matter: MatterDates, entry: LedgerEntry | None) -> None:
    assert ledger_entry(matter, NOV) == entry
    assert on_ledger(matter, NOV) == (entry is not None)
    if entry is not None:
        assert entry.carried == (entry.intake is Intake.CARRIED)


def test_reopened_matter_reads_open_as_of_before_its_new_completion() -> None:
    # Finished 10-10, reopened (重办) 10-20: the store clears finished_on, and
    # the card reads open on every date until it is finished again.
    reopened = m(D(2026, 10, 1), D(2026, 10, 12), None, state="办理中")
    entry = ledger_entry(reopened, ledger_window(2026, 10, D(2026, 10, 31)))
    assert entry == LedgerEntry(Intake.NEW, False, Timeliness.OVERDUE)
    again = replace(reopened, finished_on=D(2026, 11, 3), state="已办结")
    assert ledger_entry(again, NOV) == LedgerEntry(Intake.CARRIED, False, Timeliness.LATE)


# --- random histories -------------------------------------------------------


@dataclass(frozen=True)
class Event:
    step: Step
    on: dt.date
    new_due: dt.date | None = None
    satisfaction: str = ""


@dataclass(frozen=True)
class History:
    accepted_on: dt.date
    due_on: dt.date
    refused: bool
    events: tuple[Event, ...]  # after the acceptance, in the order recorded


STEPS = [s for s in Step if s is not Step.ACCEPT]


@st.composite
def histories(draw: st.DrawFn) -> History:
    """A card's life as the loop allows it: steps on non-decreasing days,
    each drawn among those :func:`check_step` allows at that point."""
    accepted = draw(st.dates(min_value=FIRST, max_value=D(2026, 12, 31)))
    due = accepted + DAY * draw(st.integers(0, 12))
    if draw(st.integers(0, 9)) == 0:
        return History(accepted, due, True, ())
    require_visit = draw(st.booleans())
    state, day, current_due = State.PENDING, accepted, due
    signed, satisfaction = False, ""
    events: list[Event] = []
    for _ in range(draw(st.integers(0, 12))):
        day += DAY * draw(st.sampled_from([0, 1, 2, 3, 5, 8, 13, 21, 34]))
        if day > TODAY:
            break
        said = draw(st.sampled_from([*Satisfaction, Satisfaction.UNSATISFIED]))
        facts = Facts(signed, satisfaction, require_visit)
        allowed = {}
        for step in STEPS:
            try:
                allowed[step] = check_step(state, step, facts=facts, satisfaction=said)
            except RuleViolation:
                continue
        if not allowed:
            break
        step = draw(st.sampled_from(sorted(allowed, key=STEPS.index)))
        state = allowed[step]
        new_due = None
        if step is Step.EXTEND or (step is Step.REDO and draw(st.booleans())):
            new_due = max(current_due, day) + DAY * draw(st.integers(1, 15))
            current_due = new_due
        if step is Step.FINISH or step is Step.REDO:
            signed, satisfaction = False, ""
        signed = signed or step is Step.SIGN
        if step is Step.RETURN_VISIT:
            satisfaction = said.value
        events.append(Event(step, day, new_due, said.value if step is Step.RETURN_VISIT else ""))
        if state is State.CLOSED:
            break
    return History(accepted, due, False, tuple(events))


def card_on(h: History, day: dt.date) -> MatterDates | None:
    """The card as the store holds it after the steps recorded up to ``day``
    (services/matters_steps.py: 办结 sets finished_on, 重办 clears it and may
    set due_on, 延期 sets due_on, 销号 sets closed_on); ``None`` before the
    acceptance."""
    if h.accepted_on > day:
        return None
    if h.refused:
        return MatterDates(h.accepted_on, None, None, None, State.REFUSED.value)
    card = MatterDates(h.accepted_on, h.due_on, None, None, State.PENDING.value)
    for e in h.events:
        if e.on > day:
            break
        if e.step is Step.FINISH:
            card = replace(card, finished_on=e.on, state=State.FINISHED.value)
        elif e.step is Step.REDO:
            card = replace(card, finished_on=None, state=State.IN_PROGRESS.value)
        elif e.step is Step.CLOSE:
            card = replace(card, closed_on=e.on, state=State.CLOSED.value)
        elif e.step in (Step.TRANSFER, Step.PROGRESS, Step.EXTEND):
            card = replace(card, state=State.IN_PROGRESS.value)
        if e.new_due is not None:
            card = replace(card, due_on=e.new_due)
    return card


def month_of(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    out, (y, mo) = [], first
    while (y, mo) <= last:
        out.append((y, mo))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def oracle(h: History, year: int, month: int, as_of: dt.date) -> bool:
    """On the ledger of the month, walking the history day by day: accepted
    by the month's end (capped at as_of) and not crossed off before the
    month started. Refused cards are never on it."""
    start = D(year, month, 1)
    last = (D(year + (month == 12), month % 12 + 1, 1)) - DAY
    cap = min(last, as_of)
    accepted = crossed_off_before = False
    day = min(h.accepted_on, start)
    while day <= cap:
        accepted = accepted or day == h.accepted_on
        for e in h.events:
            if e.on == day and e.step is Step.CLOSE and day < start:
                crossed_off_before = True
        day += DAY
    return not h.refused and accepted and not crossed_off_before


AS_OF = st.dates(min_value=FIRST, max_value=TODAY)
DETERMINISTIC = settings(derandomize=True, max_examples=250, deadline=None)


@DETERMINISTIC
@given(histories(), AS_OF)
def test_a_matter_is_on_exactly_the_months_the_oracle_says(h: History, as_of: dt.date) -> None:
    now = card_on(h, TODAY)
    assert now is not None
    for year, month in months((2025, 12), month_of(as_of)):
        window = ledger_window(year, month, as_of)
        assert on_ledger(now, window) == oracle(h, year, month, as_of), (year, month)


@DETERMINISTIC
@given(histories(), AS_OF)
def test_a_report_as_of_a_date_ignores_every_later_event(h: History, as_of: dt.date) -> None:
    now = card_on(h, TODAY)
    then = card_on(h, as_of)  # the card as it stood on as_of: the truth then
    assert now is not None
    later_changes = any(
        e.on > as_of and e.step in (Step.REDO, Step.EXTEND) for e in h.events
    )  # the card keeps only the latest completion and due date
    for year, month in months((2025, 12), month_of(as_of)):
        window = ledger_window(year, month, as_of)
        entry_now = ledger_entry(now, window)
        entry_then = None if then is None else ledger_entry(then, window)
        assert (entry_now is None) == (entry_then is None)
        if entry_now is None or entry_then is None:
            continue
        assert entry_now.intake == entry_then.intake
        assert entry_now.crossed_off == entry_then.crossed_off
        if not later_changes:
            assert entry_now.timeliness == entry_then.timeliness


@DETERMINISTIC
@given(histories(), AS_OF)
def test_a_matter_not_crossed_off_is_on_every_month_from_its_acceptance(
    h: History, as_of: dt.date
) -> None:
    now = card_on(h, TODAY)
    assert now is not None
    crossed_off = now.closed_on is not None and now.closed_on <= as_of
    if h.refused or crossed_off or h.accepted_on > as_of:
        return
    listed = [
        (year, month)
        for year, month in months((2025, 12), month_of(as_of))
        if on_ledger(now, ledger_window(year, month, as_of))
    ]
    assert listed == months(month_of(h.accepted_on), month_of(as_of))
    for i, (year, month) in enumerate(listed):
        entry = ledger_entry(now, ledger_window(year, month, as_of))
        assert entry is not None
        assert entry.intake is (Intake.NEW if i == 0 else Intake.CARRIED)


def three_clauses(card: MatterDates, w: MonthWindow) -> bool:
    """The issue's wording: accepted in the month; or accepted before it and
    not crossed off before it began; or finished or crossed off during it."""
    if card.state == State.REFUSED.value:
        return False

    def within(day: dt.date | None) -> bool:
        return day is not None and w.start <= day <= w.end

    return (
        within(card.accepted_on)
        or (card.accepted_on < w.start and not (card.closed_on and card.closed_on < w.start))
        or within(card.finished_on)
        or within(card.closed_on)
    )


@DETERMINISTIC
@given(histories(), AS_OF)
def test_the_rule_is_the_issues_three_clauses(h: History, as_of: dt.date) -> None:
    seen = card_on(h, as_of)  # nothing after as_of
    if seen is None:
        return
    for year, month in months(month_of(FIRST), month_of(as_of)):
        window = ledger_window(year, month, as_of)
        assert on_ledger(seen, window) == three_clauses(seen, window)


RULES: dict[str, Predicate] = {
    "ON_LEDGER": ON_LEDGER,
    "NEW_IN_MONTH": NEW_IN_MONTH,
    "CARRIED_OVER": CARRIED_OVER,
    "CROSSED_OFF_IN_MONTH": CROSSED_OFF_IN_MONTH,
    "FINISHED_IN_MONTH": FINISHED_IN_MONTH,
    "IS_OPEN": IS_OPEN,
    "IS_FINISHED": IS_FINISHED,
    "IS_OVERDUE": IS_OVERDUE,
    "IS_DUE_TODAY": IS_DUE_TODAY,
    "FINISHED_ON_TIME": FINISHED_ON_TIME,
    "FINISHED_LATE": FINISHED_LATE,
}


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(histories(), min_size=1, max_size=40), AS_OF)
def test_sqlite_selects_what_the_rules_select(hs: list[History], as_of: dt.date) -> None:
    """A query with the rule's SQL text picks the same cards as Python does."""
    cards = [card_on(h, TODAY) for h in hs]
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE matter (id INTEGER PRIMARY KEY, state TEXT NOT NULL,"
        " accepted_on DATE NOT NULL, due_on DATE, finished_on DATE, closed_on DATE)"
    )

    def iso(day: dt.date | None) -> str | None:
        return None if day is None else day.isoformat()

    db.executemany(
        "INSERT INTO matter VALUES (?, ?, ?, ?, ?, ?)",
        [
            (i, c.state, iso(c.accepted_on), iso(c.due_on), iso(c.finished_on), iso(c.closed_on))
            for i, c in enumerate(cards)
            if c is not None
        ],
    )
    window = ledger_window(*month_of(as_of), as_of)
    params = window.params()
    sql_params = {k: v.isoformat() for k, v in params.items()}
    for name, rule in RULES.items():
        query = f"SELECT id FROM matter WHERE {sql_text(rule)}"
        selected = {i for (i,) in db.execute(query, sql_params)}
        expected = set()
        for i, c in enumerate(cards):
            assert c is not None
            assert truth(rule, c, params) is not None, name  # never unknown
            if holds(rule, c, params):
                expected.add(i)
        assert selected == expected, name
