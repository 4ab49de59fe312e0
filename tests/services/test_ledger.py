"""The ledger's rows: this month's intake, carried-over open matters, matters
crossed off this month; refused ones and old closed ones left out; streamed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_figures import build_month

from deskui.services.figures import ledger as ledger_service
from deskui.services.figures.ledger import ledger_rows, ledger_villages
from deskui.services.figures.month import month_period
from deskui.services.town.auth import actor_for, add_operator


@pytest.fixture
def month(town_ctx: Any) -> tuple[Any, dict[str, int]]:
    return town_ctx, build_month(town_ctx)


def _all(ctx: Any, month_text: str, as_of: str | None = None) -> list[Any]:
    p = month_period(ctx, month_text, as_of)
    return [r for v in ledger_villages(ctx) for r in ledger_rows(ctx, p, v.id)]


def test_rows_of_the_month(month: Any) -> None:
    ctx, _ids = month
    rows = {r.applicant: r for r in _all(ctx, "2026-11")}
    # m6 refused, m7 crossed off in September: not on the ledger
    assert set(rows) == {"申请人m1", "申请人m2", "申请人m3", "申请人m4", "申请人m5", "申请人m8"}
    m5 = rows["申请人m5"]
    assert m5.carried and "上月结转" in m5.note and m5.progress == "已转县局"
    assert m5.overdue and m5.finished_on is None
    m8 = rows["申请人m8"]
    assert m8.carried and m8.closed_on == dt.date(2026, 11, 3) and not m8.overdue
    m2 = rows["申请人m2"]
    assert m2.overdue and m2.finished_on == dt.date(2026, 11, 16)
    assert m2.satisfaction == "不满意" and "回访" in m2.return_visit
    assert rows["申请人m3"].overdue and not rows["申请人m4"].overdue
    assert rows["申请人m1"].leader == "刘书记" and rows["申请人m1"].first_receiver == "陈干事"


def test_order_is_by_village_then_registration(month: Any) -> None:
    ctx, _ = month
    names = [r.applicant for r in _all(ctx, "2026-11")]
    assert names == ["申请人m1", "申请人m2", "申请人m3", "申请人m5", "申请人m4", "申请人m8"]


def test_as_of_hides_later_steps(month: Any) -> None:
    ctx, _ = month
    rows = {r.applicant: r for r in _all(ctx, "2026-11", "2026-11-15")}
    assert "申请人m3" not in rows  # accepted 11-17
    m2 = rows["申请人m2"]
    assert m2.finished_on is None and m2.return_visit == "" and m2.overdue


def test_october_carries_and_closes_differently(month: Any) -> None:
    ctx, _ = month
    names = {r.applicant for r in _all(ctx, "2026-10")}
    assert names == {"申请人m5", "申请人m8"}


def test_phones_masked_for_a_clerk(month: Any) -> None:
    ctx, _ = month
    assert _all(ctx, "2026-11")[0].phone == "13912345678"  # SYSTEM admin sees it
    add_operator(ctx, "admin", "管理员甲", "管理员", "1234")
    add_operator(ctx, "clerk", "小王", "录入员", "5678")
    clerk = ctx.as_actor(actor_for(ctx, "clerk"))
    assert _all(clerk, "2026-11")[0].phone == "139****5678"


def test_rows_are_fetched_a_page_at_a_time(month: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, ids = month
    monkeypatch.setattr(ledger_service, "PAGE", 1)
    p = month_period(ctx, "2026-11")
    stream = ledger_rows(ctx, p, ids["v1"])
    assert next(stream).applicant == "申请人m1"  # a generator: nothing else fetched yet
    assert [r.applicant for r in stream] == ["申请人m2", "申请人m3"]


def test_one_village_by_name(month: Any) -> None:
    ctx, _ = month
    assert [v.name for v in ledger_villages(ctx, "石门")] == ["石门村"]


def _finished_never_crossed_off(ctx: Any) -> None:
    """A September matter finished, visited 不满意, never reopened nor crossed off."""
    from deskui.services import audit
    from deskui.store.models import Matter, Official, Village

    village = Village.get(Village.name == "石门村").id
    chen = Official.get(Official.name == "陈干事").id
    ctx.write(
        lambda: audit.create(
            ctx, Matter, town=ctx.town_id, number="XH2026-0099", year=2026, seq=99,
            village=village, applicant="申请人m9", content="事项m9", level="镇",
            accepted_on=dt.date(2026, 9, 1), due_on=dt.date(2026, 9, 4), first_receiver=chen,
            state="已办结", finished_on=dt.date(2026, 9, 2), return_visit_on=dt.date(2026, 9, 5),
            satisfaction="不满意",
        )
    )  # fmt: skip


def test_finished_but_not_crossed_off_stays_on_every_month(month: Any) -> None:
    ctx, _ = month
    _finished_never_crossed_off(ctx)
    for text in ("2026-09", "2026-10", "2026-11"):
        rows = {r.applicant: r for r in _all(ctx, text)}
        m9 = rows["申请人m9"]
        assert m9.carried == (text != "2026-09") and not m9.crossed_off
        assert m9.finished_on == dt.date(2026, 9, 2) and m9.timeliness.value == "on_time"
    # crossed off in October: on October's ledger (crossed off there), gone in November
    from deskui.store.models import Matter

    Matter.update(state="已销号", closed_on=dt.date(2026, 10, 9)).where(
        Matter.number == "XH2026-0099"
    ).execute()
    october = {r.applicant: r for r in _all(ctx, "2026-10")}
    assert october["申请人m9"].crossed_off and october["申请人m9"].closed_on == dt.date(2026, 10, 9)
    assert "申请人m9" not in {r.applicant for r in _all(ctx, "2026-11")}
    # as of a date before the crossing-off, it still reads not crossed off
    early = {r.applicant: r for r in _all(ctx, "2026-10", "2026-10-08")}
    assert not early["申请人m9"].crossed_off and early["申请人m9"].closed_on is None


def test_rows_are_the_domain_rule(month: Any) -> None:
    """The SQL selects exactly what ON_LEDGER selects in Python, for every
    month and several as-of dates."""
    from deskui.domain.ledger_rules import ledger_window, on_ledger
    from deskui.store.models import Matter

    ctx, _ = month
    _finished_never_crossed_off(ctx)
    matters = list(Matter.select())
    for text, as_of in (("2026-09", "2026-09-03"), ("2026-10", None), ("2026-11", "2026-11-12"),
                        ("2026-11", None)):  # fmt: skip
        p = month_period(ctx, text, as_of)
        window = ledger_window(p.year, p.month, p.as_of)
        expected = {m.number for m in matters if on_ledger(m, window)}
        assert {r.number for r in _all(ctx, text, as_of)} == expected


def test_the_team_leader_of_the_day_fills_an_empty_leader() -> None:
    from deskui.services.figures.ledger import _LeaderSpan, team_leader

    spans = [
        _LeaderSpan("新组长", dt.date(2026, 10, 1), None),
        _LeaderSpan("老组长", None, dt.date(2026, 9, 30)),
    ]
    assert team_leader(spans, dt.date(2026, 9, 30)) == "老组长"
    assert team_leader(spans, dt.date(2026, 10, 1)) == "新组长"
    gap = [_LeaderSpan("后来的组长", dt.date(2026, 11, 1), None)]
    assert team_leader(gap, dt.date(2026, 10, 1)) == "后来的组长"  # older than the records
    assert team_leader([], dt.date(2026, 10, 1)) == ""
