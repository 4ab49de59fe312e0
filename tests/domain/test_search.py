"""Search keys and the classification of what the clerk types."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.idnumber import check_char
from deskui.domain.search import (
    KIND_ID,
    KIND_INITIALS,
    KIND_NAME,
    KIND_PHONE,
    Query,
    classify_query,
    id_key,
    phone_key,
    resident_keys,
)

DETERMINISTIC = settings(derandomize=True, max_examples=150, deadline=None)


def test_resident_keys_cover_name_initials_phone_and_id() -> None:
    keys = resident_keys("曾国藩", "0915-3212345", "61090219650315001x")
    assert keys == [
        ("n", "曾国藩"),
        ("i", "zgf"),
        ("i", "cgf"),
        ("p", "54321235190"),
        ("d", "X10051305691209016"),
    ]


def test_resident_keys_skip_missing_values_and_duplicates() -> None:
    assert resident_keys("张三", "", None) == [("n", "张三"), ("i", "zs")]
    assert resident_keys("", "", "") == []
    keys = resident_keys("张 三", "13912345678", None)
    assert keys[0] == (KIND_NAME, "张三")
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Query("empty", "")),
        ("   ", Query("empty", "")),
        ("？！", Query("empty", "")),
        ("张", Query("name", "张", (KIND_NAME,))),
        (" 张 三 ", Query("name", "张三", (KIND_NAME,))),
        ("zs", Query("initials", "zs", (KIND_INITIALS,))),
        (" ZGF ", Query("initials", "zgf", (KIND_INITIALS,))),
        ("ｚｓ", Query("initials", "zs", (KIND_INITIALS,))),
        ("5678", Query("digits", "8765", (KIND_PHONE, KIND_ID))),
        ("１２３４", Query("digits", "4321", (KIND_PHONE, KIND_ID))),
        ("139 1234 5678", Query("digits", "87654321931", (KIND_PHONE, KIND_ID))),
        ("+86 139-1234-5678", Query("digits", "87654321931", (KIND_PHONE, KIND_ID))),
        ("0915-3212345", Query("digits", "54321235190", (KIND_PHONE, KIND_ID))),
        ("3", Query("group", "3")),
        ("12", Query("group", "12")),
        ("0", Query("empty", "")),
        ("123", Query("empty", "")),
        ("001x", Query("id", "X100", (KIND_ID,))),
        ("61090219650315001X", Query("id", "X10051305691209016", (KIND_ID,))),
        ("1x", Query("empty", "")),
    ],
)
def test_classify(text: str, expected: Query) -> None:
    assert classify_query(text) == expected


def test_group_number() -> None:
    assert classify_query("05").group_no == 5
    assert classify_query("zs").group_no is None
    assert classify_query("").is_empty


@DETERMINISTIC
@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.integers(min_value=4, max_value=11),
)
def test_phone_tail_is_an_indexed_prefix(phone: str, tail: int) -> None:
    query = classify_query(phone[-tail:])
    assert query.kind == "digits"
    assert KIND_PHONE in query.kinds
    assert phone_key(phone).startswith(query.prefix)


@DETERMINISTIC
@given(st.from_regex(r"[1-6][0-9]{16}", fullmatch=True), st.integers(min_value=4, max_value=18))
def test_id_tail_is_an_indexed_prefix(first17: str, tail: int) -> None:
    number = first17 + check_char(first17)
    query = classify_query(number[-tail:].lower())
    assert KIND_ID in query.kinds
    assert id_key(number).startswith(query.prefix)


@DETERMINISTIC
@given(st.text(max_size=25))
def test_classify_never_fails(text: str) -> None:
    query = classify_query(text)
    assert query.kind in {"name", "initials", "digits", "id", "group", "empty"}
    assert len(query.prefix) <= 40
    assert (query.kind == "empty") == (query.prefix == "")


def _reference_phone_key(phone: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", phone or "")
    return "".join(ch for ch in text if ch.isdigit())[::-1][:40]


def _reference_id_key(number: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", number or "").upper()
    return "".join(ch for ch in text if ch.isdigit() or ch == "X")[::-1][:40]


@DETERMINISTIC
@given(st.text(alphabet=st.sampled_from("0123456789xX -+()（）０１２٣²abc张"), max_size=30))
def test_number_keys_keep_every_digit_and_only_digits(text: str) -> None:
    """The regex short path for plain text and the character loop for the
    rest give the same keys (full-width and other scripts' digits too)."""
    assert phone_key(text) == _reference_phone_key(text)
    assert id_key(text) == _reference_id_key(text)


@DETERMINISTIC
@given(st.text(max_size=12), st.text(alphabet="0123456789-", max_size=14))
def test_resident_keys_are_the_name_keys_then_the_number_keys(name: str, phone: str) -> None:
    from deskui.domain.search import name_keys, number_keys

    keys = resident_keys(name, phone, "61090219650315001X")
    assert keys == list(name_keys(name) + number_keys(phone, "61090219650315001X"))
    assert len(set(keys)) == len(keys)
