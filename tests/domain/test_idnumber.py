"""Resident ID numbers: GB 11643 rules, clear refusals, area codes never refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn.ric import calc_check_digit

from deskui.domain.errors import ValidationError
from deskui.domain.idnumber import age_on, check_char, is_valid, normalise, parse_id_number

TODAY = dt.date(2026, 11, 24)
DETERMINISTIC = settings(derandomize=True, max_examples=200, deadline=None)


def make(area: str, born: dt.date, seq: int) -> str:
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def refusal(text: str) -> str:
    with pytest.raises(ValidationError) as info:
        parse_id_number(text, today=TODAY)
    assert info.value.field == "id_number"
    return info.value.message


areas = st.one_of(
    st.sampled_from(["610902", "612401", "612400", "110101", "440305", "510104"]),
    st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@DETERMINISTIC
@given(areas, births, sequences)
def test_valid_numbers_round_trip(area: str, born: dt.date, seq: int) -> None:
    number = make(area, born, seq)
    info = parse_id_number(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == born
    assert info.sex == ("男" if seq % 2 else "女")
    assert info.area_code == area
    assert bool(info.warnings) != info.area_known
    assert is_valid(number, today=TODAY)
    assert calc_check_digit(number) == number[-1]  # agrees with python-stdnum


@DETERMINISTIC
@given(areas, births, sequences, st.sampled_from([0, 1, 2, 3, 4, 5, 14, 15, 16, 17]), st.data())
def test_one_wrong_digit_is_refused_by_the_check(
    area: str, born: dt.date, seq: int, position: int, data: st.DataObject
) -> None:
    number = make(area, born, seq)
    choices = [c for c in "0123456789X" if c != number[position]]
    if position < 17:
        choices.remove("X")
    wrong = number[:position] + data.draw(st.sampled_from(choices)) + number[position + 1 :]
    assert "校验位不对" in refusal(wrong)


@DETERMINISTIC
@given(areas, births, sequences, st.integers(min_value=6, max_value=13), st.data())
def test_a_wrong_birth_digit_is_refused(
    area: str, born: dt.date, seq: int, position: int, data: st.DataObject
) -> None:
    number = make(area, born, seq)
    digit = data.draw(st.sampled_from([c for c in "0123456789" if c != number[position]]))
    assert not is_valid(number[:position] + digit + number[position + 1 :], today=TODAY)


@DETERMINISTIC
@given(st.one_of(st.text(max_size=25), st.text(alphabet="0123456789Xx -１２", max_size=20)))
def test_random_text_only_ever_raises_validation_error(text: str) -> None:
    try:
        parse_id_number(text, today=TODAY)
    except ValidationError as exc:
        assert exc.field == "id_number" and exc.message


def test_ankang_numbers_are_accepted() -> None:
    # 安康地区 6124xx numbers of people born in the 1960s (the code was
    # renamed in 2000: python-stdnum's validate refuses them).
    for area in ("612401", "612400", "612422"):
        info = parse_id_number(make(area, dt.date(1965, 3, 15), 1), today=TODAY)
        assert info.birth_date == dt.date(1965, 3, 15) and info.sex == "男"
    # born in 1965, card issued after 2000 with the new code 汉滨区 610902
    info = parse_id_number(make("610902", dt.date(1965, 3, 15), 2), today=TODAY)
    assert info.area_known and info.area_name == "陕西省汉滨区" and info.sex == "女"
    assert info.warnings == ()


def test_unknown_area_code_is_only_a_warning() -> None:
    info = parse_id_number(make("999999", dt.date(1980, 1, 1), 2), today=TODAY)
    assert not info.area_known
    assert info.warnings and "999999" in info.warnings[0]


def test_normalisation() -> None:
    number = make("610902", dt.date(1965, 3, 15), 1)
    spaced = f" {number[:6]} {number[6:14]} {number[14:]} "
    assert parse_id_number(spaced, today=TODAY).number == number
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert parse_id_number(full_width, today=TODAY).number == number
    assert normalise("61090219650315001x") == "61090219650315001X"


def test_each_mistake_has_its_own_message() -> None:
    good = make("610902", dt.date(1965, 3, 15), 1)
    assert refusal("") == "请填写身份证号"
    assert refusal("   ") == "请填写身份证号"
    assert "18 位" in refusal("6109021965") and "10 位" in refusal("6109021965")
    assert "19 位" in refusal(good + "1")
    assert "不能含有“ab”" in refusal("6109ab196503150011")
    assert "最后一位" in refusal("61090X196503150011")
    assert "15 位的旧身份证号" in refusal("610902650315001")
    bad_date = "61090219650230001"
    assert "19650230 不存在" in refusal(bad_date + check_char(bad_date))
    future = "61090220271201001"
    assert "晚于今天" in refusal(future + check_char(future))
    old = "61090218991201001"
    assert "早于 1900 年" in refusal(old + check_char(old))
    wrong_last = good[:-1] + ("0" if good[-1] != "0" else "1")
    message = refusal(wrong_last)
    assert message.startswith("身份证号校验位不对") and f"不应是 {wrong_last[-1]}" in message


def test_check_char_known_values() -> None:
    assert check_char("11010519491231002") == "X"  # the GB 11643 example
    with pytest.raises(ValueError):
        check_char("123")


def test_age_on() -> None:
    born = dt.date(1965, 3, 15)
    assert age_on(born, dt.date(2026, 3, 14)) == 60
    assert age_on(born, dt.date(2026, 3, 15)) == 61
    leap = dt.date(2000, 2, 29)
    assert age_on(leap, dt.date(2026, 2, 28)) == 25
    assert age_on(leap, dt.date(2026, 3, 1)) == 26
