"""The month's figures: a hand-built November counted by village, by official
and for the town, as of two dates; future months, empty months."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from deskui.domain.errors import ValidationError
from deskui.services import audit
from deskui.services.figures.month import month_figures, month_period
from deskui.store.models import (
    Contact,
    DutyAssignment,
    DutyDay,
    Household,
    Matter,
    MatterEvent,
    Official,
    Village,
    Visit,
)

D = dt.date


def build_month(ctx: Any) -> dict[str, int]:
    """November 2026 in 县河镇 (see the expectations in the tests below)."""
    v = {x.name: x.id for x in Village.select()}
    v1, v2, v3 = v["桃园村"], v["李家湾村"], v["石门村"]
    ids: dict[str, int] = {}

    def work() -> None:
        town = ctx.town_id
        chen = audit.create(ctx, Official, town=town, name="陈干事").id
        liu = audit.create(ctx, Official, town=town, name="刘书记", is_leader=True).id
        ids.update(chen=chen, liu=liu)
        seq = 0

        def matter(key: str, village: int, who: int, accepted: D, due: D, **kw: Any) -> int:
            nonlocal seq
            seq += 1
            m = audit.create(
                ctx, Matter, town=town, number=f"XH2026-{seq:04d}", year=2026, seq=seq,
                village=village, applicant=f"申请人{key}", content=f"事项{key}", level="镇",
                accepted_on=accepted, due_on=due, first_receiver=who, leader=liu,
                phone="13912345678", **kw,
            )  # fmt: skip
            ids[key] = m.id
            return int(m.id)

        m1 = matter("m1", v1, chen, D(2026, 11, 3), D(2026, 11, 4), state="已销号",
                    finished_on=D(2026, 11, 4), closed_on=D(2026, 11, 10),
                    return_visit_on=D(2026, 11, 6), satisfaction="满意")  # fmt: skip
        m2 = matter("m2", v1, chen, D(2026, 11, 10), D(2026, 11, 13), state="已办结",
                    finished_on=D(2026, 11, 16), return_visit_on=D(2026, 11, 18),
                    satisfaction="不满意")  # fmt: skip
        matter(
            "m3", v1, chen, D(2026, 11, 17), D(2026, 11, 18), state="办理中", progress="已上门核实"
        )
        matter("m4", v2, liu, D(2026, 11, 24), D(2026, 11, 25))
        matter("m5", v2, liu, D(2026, 10, 20), D(2026, 10, 21), state="办理中", progress="已转县局")
        matter("m6", v2, liu, D(2026, 11, 10), D(2026, 11, 10), state="不予受理")
        matter("m7", v1, chen, D(2026, 9, 8), D(2026, 9, 9), state="已销号",
               finished_on=D(2026, 9, 9), closed_on=D(2026, 9, 20))  # fmt: skip
        matter("m8", v3, chen, D(2026, 10, 13), D(2026, 10, 14), state="已销号",
               finished_on=D(2026, 10, 14), closed_on=D(2026, 11, 3))  # fmt: skip
        at = dt.datetime(2026, 11, 20, 10, 0)
        for m, on, word in ((m1, D(2026, 11, 6), "满意"), (m2, D(2026, 11, 18), "不满意")):
            audit.create(ctx, MatterEvent, matter=m, kind="回访", on=on, at=at, satisfaction=word)
        # visits
        for ticket, (village, day, status, outcome, who, result) in enumerate(
            [
                (v1, D(2026, 11, 10), "已办", "当场答复", chen, ""),
                (v1, D(2026, 11, 10), "已办", "调处纠纷", chen, "成功"),
                (v1, D(2026, 11, 10), "离开", "离开未办", None, ""),
                (v2, D(2026, 11, 17), "已办", "调处纠纷", liu, "未成功"),
            ],
            start=1,
        ):
            audit.create(
                ctx, Visit, village=village, date=day, ticket=ticket, name=f"群众{ticket}",
                status=status, outcome=outcome, official=who, dispute_result=result,
                arrived_at=dt.datetime.combine(day, dt.time(9, ticket)),
            )  # fmt: skip
        # liaison households and contacts
        homes = {}
        for code, village, liaison in (("H1", v1, chen), ("H2", v1, chen), ("H3", v2, liu),
                                       ("H4", v2, None)):  # fmt: skip
            homes[code] = audit.create(
                ctx, Household, village=village, code=code, head_name=code, liaison=liaison
            ).id
        for code, who, day, mode in (
            ("H1", chen, D(2026, 11, 10), "登门"),
            ("H1", chen, D(2026, 11, 12), "电话"),
            ("H3", liu, D(2026, 10, 30), "电话"),
            ("H4", liu, D(2026, 11, 17), "登门"),
        ):
            audit.create(ctx, Contact, household=homes[code], official=who, date=day, mode=mode)
        # the roster
        days = {}
        for village, day, shift, status in (
            (v1, D(2026, 11, 3), "全天", "安排"),
            (v1, D(2026, 11, 10), "全天", "安排"),
            (v1, D(2026, 11, 17), "全天", "安排"),
            (v1, D(2026, 11, 24), "全天", "安排"),
            (v1, D(2026, 12, 1), "全天", "安排"),
            (v2, D(2026, 11, 10), "上午", "安排"),
            (v2, D(2026, 11, 10), "下午", "安排"),
            (v2, D(2026, 11, 17), "全天", "取消"),
        ):
            days[(village, day, shift)] = audit.create(
                ctx, DutyDay, village=village, date=day, shift=shift, status=status
            ).id
        for key, who, absent, sub in (
            ((v1, D(2026, 11, 3), "全天"), chen, False, None),
            ((v1, D(2026, 11, 10), "全天"), chen, False, None),
            ((v1, D(2026, 11, 17), "全天"), chen, True, liu),
            ((v2, D(2026, 11, 10), "上午"), liu, False, None),
            ((v2, D(2026, 11, 10), "下午"), liu, False, None),
        ):
            audit.create(ctx, DutyAssignment, duty_day=days[key], official=who, role="成员",
                         absent=absent, substitute=sub)  # fmt: skip

    ctx.write(work)
    ids.update(v1=v1, v2=v2, v3=v3)
    return ids


@pytest.fixture
def month(town_ctx: Any) -> tuple[Any, dict[str, int]]:
    return town_ctx, build_month(town_ctx)


def test_by_village_as_of_today(month: Any) -> None:
    ctx, _ids = month
    fig = month_figures(ctx, "2026-11")
    assert fig.period.as_of == D(2026, 11, 24) and fig.period.end == D(2026, 11, 24)
    rows = {r.name: r.counts for r in fig.villages}
    a = rows["桃园村"]
    assert (a.service_days, a.visitors, a.answered, a.home_visits) == (4, 2, 1, 1)
    assert (a.accepted, a.done, a.on_time, a.late, a.open, a.overdue_open) == (3, 2, 1, 1, 1, 1)
    assert a.completion_rate == pytest.approx(2 / 3)
    assert a.on_time_rate == pytest.approx(1 / 3)  # 1 on time of 3 due (2 done + 1 overdue)
    assert (a.return_visits, a.satisfied, a.unsatisfied, a.satisfaction_rate) == (2, 1, 1, 0.5)
    assert (a.disputes, a.disputes_settled, a.mediation_rate) == (1, 1, 1.0)
    assert (a.liaison, a.contacted, a.contact_rate) == (2, 1, 0.5)
    b = rows["李家湾村"]
    # m4 accepted today and not yet due; m5 carried over; m6 refused
    assert (b.accepted, b.done, b.overdue_open, b.on_time_rate) == (1, 0, 0, None)
    assert b.service_days == 1  # two shifts on one day; the cancelled day not counted
    assert (b.disputes, b.mediation_rate) == (1, 0.0)
    assert (b.liaison, b.contacted, b.contact_rate) == (1, 0, 0.0)
    assert b.home_visits == 1
    assert rows["石门村"].is_empty()
    total = fig.village_total
    assert (total.accepted, total.done, total.mediation_rate) == (4, 2, 0.5)
    assert total.satisfaction_rate == 0.5


def test_by_official_and_flag(month: Any) -> None:
    ctx, _ids = month
    fig = month_figures(ctx, "2026-11")
    rows = {r.name: r for r in fig.officials}
    assert [r.name for r in fig.officials] == ["刘书记", "陈干事"]  # leaders first
    chen, liu = rows["陈干事"], rows["刘书记"]
    assert chen.counts.service_days == 2  # absent on 11-17
    assert liu.counts.service_days == 2  # 11-10 (two shifts) and standing in on 11-17
    assert (chen.counts.accepted, chen.counts.visitors, chen.counts.answered) == (3, 2, 1)
    assert chen.counts.satisfaction_rate == 0.5 and chen.flagged
    assert not liu.flagged  # no return visits: no rate, no flag
    assert (chen.counts.liaison, chen.counts.contacted) == (2, 1)
    assert fig.official_total.accepted == 4


def test_as_of_an_earlier_date(month: Any) -> None:
    ctx, _ = month
    fig = month_figures(ctx, "2026-11", "2026-11-15")
    a = {r.name: r.counts for r in fig.villages}["桃园村"]
    # m2 was finished on 11-16: as of 11-15 it is open and past its 11-13 deadline
    assert (a.accepted, a.done, a.open, a.overdue_open) == (2, 1, 1, 1)
    assert a.return_visits == 1 and a.satisfaction_rate == 1.0
    assert a.service_days == 2


def test_service_days_for_the_chart(month: Any) -> None:
    ctx, _ = month
    fig = month_figures(ctx, "2026-11")
    assert [(d.date.day, d.visits, d.matters) for d in fig.days] == [
        (3, 0, 1), (10, 2, 1), (17, 1, 1), (24, 0, 1),
    ]  # fmt: skip


def test_past_month_defaults_to_its_last_day(month: Any) -> None:
    ctx, _ = month
    p = month_period(ctx, "2026-10")
    assert (p.start, p.end, p.as_of) == (D(2026, 10, 1), D(2026, 10, 31), D(2026, 10, 31))
    fig = month_figures(ctx, "2026年10月")
    assert {r.name: r.counts.accepted for r in fig.villages}["李家湾村"] == 1


def test_a_month_with_no_data_is_empty_not_an_error(month: Any) -> None:
    ctx, _ = month
    fig = month_figures(ctx, "2026-08")
    assert fig.empty
    assert fig.village_total.completion_rate is None
    assert len(fig.villages) == 3


@pytest.mark.parametrize(
    ("month_text", "as_of", "field", "words"),
    [
        ("2026-12", None, "month", "还没有到"),
        ("2027-01", None, "month", "还没有到"),
        ("2026-13", None, "month", ""),
        ("十一月", None, "month", ""),
        ("2026-11", "2026-10-31", "as_of", "早于"),
        ("2026-11", "2026-11-30", "as_of", "晚于今天"),
        ("2026-11", "昨天", "as_of", ""),
    ],
)
def test_bad_months_are_refused_clearly(
    town_ctx: Any, month_text: str, as_of: str | None, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as err:
        month_figures(town_ctx, month_text, as_of)
    assert err.value.field == field
    assert words in str(err.value)
