"""The rates, each defined once: hand-computed cases, zero denominators."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.rates import (
    RATES,
    STAT_COLUMNS,
    Counts,
    format_percent,
    formulas,
    percent,
    percent_of,
    ratio,
)


def test_hand_computed_month() -> None:
    # 20 accepted; 12 done (9 on time, 3 late); of the 8 open, 2 are past due.
    c = Counts(
        accepted=20, done=12, on_time=9, late=3, open=8, overdue_open=2,
        return_visits=10, satisfied=6, fairly_satisfied=1, unsatisfied=3,
        disputes=4, disputes_settled=3, liaison=80, contacted=60,
    )  # fmt: skip
    assert c.completion_rate == 12 / 20
    assert c.due == 14  # done + open past due (应办结件数)
    assert c.on_time_rate == 9 / 14
    assert c.satisfaction_rate == 7 / 10
    assert c.mediation_rate == 3 / 4
    assert c.contact_rate == 60 / 80
    assert c.below_floor  # 70% < 80%


def test_carried_over_matters_are_not_in_the_month_rates() -> None:
    # A carried-over matter finished this month is not "accepted this month":
    # the figures count only this month's intake, so it changes nothing here.
    this_month = Counts(accepted=4, done=3, on_time=3, overdue_open=1)
    assert this_month.completion_rate == 0.75
    assert this_month.on_time_rate == 3 / 4


def test_zero_denominators_give_none_printed_as_dash() -> None:
    empty = Counts()
    for rate in RATES.values():
        assert rate.of(empty) is None
    assert percent(empty.satisfaction_rate) == "—"
    assert not empty.below_floor  # no return visits: nobody is flagged
    assert percent(0.0) == "0.0%"
    assert percent(1.0) == "100.0%"


def test_floor_is_strictly_under_eighty_percent() -> None:
    assert not Counts(return_visits=5, satisfied=4).below_floor  # exactly 80%
    assert Counts(return_visits=5, satisfied=3).below_floor


def test_totals_add_counts_and_recompute_rates() -> None:
    a = Counts(accepted=2, done=1, return_visits=1, satisfied=1)
    b = Counts(accepted=3, done=3, return_visits=1, unsatisfied=1)
    total = Counts.total([a, b])
    assert total.accepted == 5 and total.done == 4
    assert total.completion_rate == 0.8  # not the mean of 50% and 100%
    assert total.satisfaction_rate == 0.5


def test_columns_and_formulas_are_the_printed_ones() -> None:
    headers = [c.header for c in STAT_COLUMNS]
    assert headers == [
        "服务日次数", "接待群众人次", "当场答复", "入户走访户次", "受理代办件数", "办结件数",
        "按时办结", "超时办结", "未办结", "超期未办结", "办结率", "按时办结率", "回访件数",
        "满意", "基本满意", "不满意", "满意率", "调处纠纷", "调处成功", "调处成功率",
        "包联户数", "本月已联系户数", "包联户联系率",
    ]  # fmt: skip
    texts = formulas()
    assert texts[0].startswith("办结率 = 办结件数 ÷ 受理代办件数")
    assert texts[1].startswith("按时办结率 = 按时办结 ÷ 应办结件数")
    assert texts[2].startswith("满意率 = (满意 + 基本满意) ÷ 回访件数")
    assert texts[3].startswith("调处成功率 = 调处成功 ÷ 调处纠纷")
    assert texts[4].startswith("包联户联系率 = 本月已联系户数 ÷ 包联户数")


counts = st.builds(
    Counts,
    accepted=st.integers(0, 500),
    done=st.integers(0, 500),
    on_time=st.integers(0, 500),
    overdue_open=st.integers(0, 500),
    return_visits=st.integers(0, 500),
    satisfied=st.integers(0, 500),
    fairly_satisfied=st.integers(0, 500),
    disputes=st.integers(0, 50),
    disputes_settled=st.integers(0, 50),
)


@given(counts)
def test_every_rate_is_its_formula_or_none(c: Counts) -> None:
    assert c.completion_rate == ratio(c.done, c.accepted)
    assert c.on_time_rate == ratio(c.on_time, c.done + c.overdue_open)
    assert c.satisfaction_rate == ratio(c.satisfied + c.fairly_satisfied, c.return_visits)
    assert c.mediation_rate == ratio(c.disputes_settled, c.disputes)
    for col in STAT_COLUMNS:
        value = col.value(c)
        assert value is None or isinstance(value, (int, float))


@given(st.lists(counts, max_size=5))
def test_total_of_parts_equals_sum(parts: list[Counts]) -> None:
    total = Counts.total(parts)
    assert total.accepted == sum(p.accepted for p in parts)
    assert total.satisfied == sum(p.satisfied for p in parts)


# Printing: one rounding rule, half up (四舍五入), in exact arithmetic.


def test_known_roundings() -> None:
    assert format_percent(65, 80) == "81.3%"  # 81.25: a float printed 81.2%
    assert format_percent(1, 16) == "6.3%"  # 6.25: a float printed 6.2%
    assert format_percent(0, 0) == "—"
    assert format_percent(3, 0) == "—"
    assert format_percent(0, 7) == "0.0%"
    assert format_percent(7, 7) == "100.0%"
    assert format_percent(2, 3) == "66.7%"
    assert format_percent(1, 3) == "33.3%"
    assert format_percent(29, 200) == "14.5%"  # 0.145 * 100 is 14.499999999999998 in floats
    assert format_percent(1, 2000) == "0.1%"  # 0.05% rounds up
    assert format_percent(1, 2001) == "0.0%"
    assert percent_of(65, 80) == Decimal("81.3")
    assert percent_of(0, 0) is None
    assert str(percent_of(1, 1)) == "100.0"


def test_legacy_percent_of_a_float_rounds_the_same_way() -> None:
    assert percent(65 / 80) == "81.3%"
    assert percent(1 / 16) == "6.3%"
    assert percent(29 / 200) == "14.5%"
    assert percent(None) == "—"


def test_rates_and_columns_print_through_format_percent() -> None:
    c = Counts(accepted=80, done=65, return_visits=16, satisfied=1)
    assert RATES["completion"].text(c) == "81.3%"
    assert RATES["completion"].percent(c) == Decimal("81.3")
    assert RATES["satisfaction"].text(c) == "6.3%"
    assert RATES["mediation"].text(c) == "—"
    texts = {col.key + ("%" if col.rate else ""): col.text(c) for col in STAT_COLUMNS}
    assert texts["completion%"] == "81.3%" and texts["accepted"] == "80"


def test_floor_is_exact() -> None:
    # 3999 / 5000 = 79.98% prints 80.0% but is under the floor.
    assert Counts(return_visits=5000, satisfied=3999).below_floor
    assert not Counts(return_visits=5000, satisfied=4000).below_floor


def _decimal_half_up(num: int, den: int) -> Decimal:
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


PAIRS = st.integers(1, 10_000).flatmap(lambda den: st.tuples(st.integers(0, den), st.just(den)))


def test_percent_is_decimal_half_up_for_every_small_pair() -> None:
    for den in range(1, 201):
        for num in range(den + 1):
            assert percent_of(num, den) == _decimal_half_up(num, den)


@settings(max_examples=600, deadline=None)
@given(PAIRS)
def test_percent_is_decimal_half_up(pair: tuple[int, int]) -> None:
    num, den = pair
    # Decimal's division is exact to 28 digits: ample for a tie to stay a tie.
    expected = _decimal_half_up(num, den)
    assert percent_of(num, den) == expected
    assert format_percent(num, den) == f"{expected}%"
    assert percent(ratio(num, den)) == f"{expected}%"  # the float route agrees


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 4000).map(lambda k: 2 * k + 1))
def test_every_tie_rounds_up(odd: int) -> None:
    # odd / 2000 is exactly halfway between two tenths of a percent.
    num, den = odd, 2000
    if num <= den:
        assert percent_of(num, den) == Decimal(odd + 1) / 20
