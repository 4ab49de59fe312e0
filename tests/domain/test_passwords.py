"""Password hashing and the rules for a new password or PIN."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskui.domain.errors import ValidationError
from deskui.domain.passwords import check_password_rules, hash_password, verify_password

STORED_RE = re.compile(r"scrypt\$16384\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}")


def test_hash_has_the_stored_form_and_a_fresh_salt() -> None:
    a, b = hash_password("县河镇2026"), hash_password("县河镇2026")
    assert STORED_RE.fullmatch(a), a
    assert STORED_RE.fullmatch(b)
    assert a != b  # salted
    assert a.split("$")[4] != b.split("$")[4]


def test_verify_accepts_the_password_and_refuses_others() -> None:
    stored = hash_password("1234")
    assert verify_password("1234", stored)
    assert not verify_password("12345", stored)
    assert not verify_password("", stored)
    assert not verify_password("1234 ", stored)


def test_verify_matches_the_same_text_typed_composed_or_decomposed() -> None:
    stored = hash_password("caf\u00e9-01")
    assert verify_password("cafe\u0301-01", stored)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain-text-password",
        "scrypt$16384$8$1$zz$00",
        "scrypt$16384$8$1$00112233",
        "bcrypt$16384$8$1$00112233445566778899aabbccddeeff$" + "00" * 32,
        "scrypt$16385$8$1$00112233445566778899aabbccddeeff$" + "00" * 32,  # n not a power of 2
        "scrypt$1073741824$8$1$00112233445566778899aabbccddeeff$" + "00" * 32,  # n too big
        "scrypt$16384$99$1$00112233445566778899aabbccddeeff$" + "00" * 32,
        "scrypt$16384$8$1$00112233445566778899aabbccddeeff$" + "0" * 63,
        "scrypt$-1$8$1$00112233445566778899aabbccddeeff$" + "00" * 32,
        "scrypt$１６３８４$8$1$00112233445566778899aabbccddeeff$" + "00" * 32,
    ],
)
def test_verify_is_false_for_malformed_hashes(stored: str) -> None:
    assert verify_password("secret1", stored) is False


def test_verify_reads_its_parameters_from_the_hash() -> None:
    import hashlib

    salt = bytes(range(16))
    key = hashlib.scrypt(b"abcdef", salt=salt, n=2**10, r=4, p=2, dklen=32)
    stored = f"scrypt$1024$4$2${salt.hex()}${key.hex()}"
    assert verify_password("abcdef", stored)
    assert not verify_password("abcdeg", stored)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40))
def test_round_trip_for_any_text(pw: str) -> None:
    stored = hash_password(pw)
    assert verify_password(pw, stored)
    assert not verify_password(pw + "x", stored)


@pytest.mark.parametrize("pw", ["1234", "000000", "abcdef", "县河镇驻村日", "pass word", "a1!b2@"])
def test_rules_accept_pins_and_passwords(pw: str) -> None:
    check_password_rules(pw)


@pytest.mark.parametrize(
    ("pw", "message"),
    [
        ("", "请输入密码"),
        ("123", "数字密码（PIN）至少 4 位"),
        ("abc12", "密码至少 6 个字符（纯数字密码至少 4 位）"),
        ("１２３４", "密码至少 6 个字符"),  # full-width digits are not a PIN
        ("abc\tdef", "控制字符"),
        ("abcdef\n", "控制字符"),
        ("abc\x00defg", "控制字符"),
        ("a" * 129, "不能超过 128 个字符"),
    ],
)
def test_rules_refuse_with_a_clear_message(pw: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_password_rules(pw)
    assert message in str(info.value)
    assert info.value.field == "password"
