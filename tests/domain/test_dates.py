"""Dates and months as typed, weekday names."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.dates import (
    month_bounds,
    parse_date,
    parse_month,
    parse_optional_date,
    weekday_name,
)
from deskui.domain.errors import ValidationError

DETERMINISTIC = settings(derandomize=True, max_examples=150, deadline=None)
NOV_24 = dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-24",
        "2026/11/24",
        "2026.11.24",
        "20261124",
        "2026年11月24日",
        "2026年11月24",
        " ２０２６－１１－２４ ",
        "２０２６年１１月２４日",
    ],
)
def test_accepted_forms(text: str) -> None:
    assert parse_date(text, field="accepted_on", label="受理日期") == NOV_24


def test_single_digit_month_and_day() -> None:
    assert parse_date("2026-1-5", field="d", label="日期") == dt.date(2026, 1, 5)
    assert parse_date("2026年1月5日", field="d", label="日期") == dt.date(2026, 1, 5)


def refusal(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_date(text, field="accepted_on", label="受理日期")
    assert info.value.field == "accepted_on"
    assert "受理日期" in info.value.message
    return info.value


def test_refusals_name_the_field() -> None:
    assert "2026年2月没有30日" in refusal("2026-02-30").message
    assert "2025年2月没有29日" in refusal("2025-02-29").message
    assert "年份" in refusal("0000-00-00").message
    assert "月份" in refusal("2026-13-01").message
    assert "不是日期" in refusal("garbage").message
    assert "不是日期" in refusal("2026-11-24 extra").message
    assert "不是日期" in refusal("20261").message
    assert refusal("").message == "请填写受理日期"


def test_leap_day_accepted() -> None:
    assert parse_date("2024-02-29", field="d", label="日期") == dt.date(2024, 2, 29)


def test_optional_date() -> None:
    assert parse_optional_date("  ", field="d", label="日期") is None
    assert parse_optional_date("2026/11/24", field="d", label="日期") == NOV_24


@DETERMINISTIC
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["{:%Y-%m-%d}", "{:%Y/%m/%d}", "{:%Y.%m.%d}", "{:%Y%m%d}", "{:%Y年%m月%d日}"]),
)
def test_round_trip(day: dt.date, pattern: str) -> None:
    assert parse_date(pattern.format(day), field="d", label="日期") == day


@DETERMINISTIC
@given(st.text(max_size=20))
def test_random_text_only_ever_raises_validation_error(text: str) -> None:
    try:
        parse_date(text, field="d", label="日期")
    except ValidationError as exc:
        assert exc.field == "d"


@pytest.mark.parametrize(
    "text", ["2026-11", "2026/11", "2026.11", "202611", "2026年11月", "2026-11 "]
)
def test_parse_month(text: str) -> None:
    assert parse_month(text) == (2026, 11)


def test_parse_month_refusals() -> None:
    for text, words in [("2026-13", "月份不对"), ("x", "不是月份"), ("", "请填写月份")]:
        with pytest.raises(ValidationError) as info:
            parse_month(text)
        assert words in info.value.message and info.value.field == "month"


def test_weekday_names() -> None:
    assert weekday_name(NOV_24) == "星期二"
    names = [weekday_name(NOV_24 + dt.timedelta(days=i)) for i in range(7)]
    assert names == ["星期二", "星期三", "星期四", "星期五", "星期六", "星期日", "星期一"]


def test_month_bounds() -> None:
    assert month_bounds(2026, 2) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert month_bounds(2024, 2)[1] == dt.date(2024, 2, 29)
    assert month_bounds(2026, 12) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
