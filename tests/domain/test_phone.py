"""Phone numbers: mobiles, landlines with area codes, clear refusals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.errors import ValidationError
from deskui.domain.phone import normalise_phone, phone_kind

DETERMINISTIC = settings(derandomize=True, max_examples=150, deadline=None)


@pytest.mark.parametrize(
    ("text", "stored", "kind"),
    [
        ("13912345678", "13912345678", "mobile"),
        ("139 1234 5678", "13912345678", "mobile"),
        ("139-1234-5678", "13912345678", "mobile"),
        ("１３９１２３４５６７８", "13912345678", "mobile"),
        ("+86 139 1234 5678", "13912345678", "mobile"),
        ("008613912345678", "13912345678", "mobile"),
        ("8613912345678", "13912345678", "mobile"),
        ("0915-3212345", "0915-3212345", "landline"),
        ("09153212345", "0915-3212345", "landline"),
        ("(0915) 321 2345", "0915-3212345", "landline"),
        ("010-12345678", "010-12345678", "landline"),
        ("01012345678", "010-12345678", "landline"),
        ("029 87654321", "029-87654321", "landline"),
        ("+86 915 3212345", "0915-3212345", "landline"),
        ("+86-10-12345678", "010-12345678", "landline"),
    ],
)
def test_accepted(text: str, stored: str, kind: str) -> None:
    assert normalise_phone(text) == stored
    assert phone_kind(text) == kind


def test_empty_is_no_phone() -> None:
    assert normalise_phone("") == ""
    assert normalise_phone("  ") == ""
    assert normalise_phone(None) == ""
    assert phone_kind("") == ""


def refusal(text: str) -> str:
    with pytest.raises(ValidationError) as info:
        normalise_phone(text)
    assert info.value.field == "phone"
    return info.value.message


def test_refusals_are_clear() -> None:
    assert refusal("139abc45678") == "电话号码只能包含数字"
    assert refusal("一三九") == "电话号码只能包含数字"
    assert "11 位" in refusal("1391234567") and "10 位" in refusal("1391234567")
    assert "12 位" in refusal("139123456789")
    assert "13–19" in refusal("12912345678")
    assert "区号" in refusal("3212345")
    assert "9 位" in refusal("0915-32123")
    assert "0915-3212345" in refusal("0915-32123")
    assert "5 位" in refusal("98765")
    assert "0 位" in refusal("+86")


@DETERMINISTIC
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mobiles_round_trip(number: str) -> None:
    spaced = f"{number[:3]} {number[3:7]}-{number[7:]}"
    assert normalise_phone(spaced) == number
    assert normalise_phone(normalise_phone(number)) == number


@DETERMINISTIC
@given(st.text(max_size=20))
def test_random_text_only_ever_raises_validation_error(text: str) -> None:
    try:
        stored = normalise_phone(text)
    except ValidationError as exc:
        assert exc.field == "phone"
    else:
        assert stored == "" or normalise_phone(stored) == stored
