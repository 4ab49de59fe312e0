"""Operators' passwords and PINs: hashing, checking, and the rules a new one
must follow. Pure standard library (hashlib.scrypt).

Stored form: ``scrypt$16384$8$1$<salt hex>$<hash hex>`` (n, r, p, a 16-byte
random salt, a 32-byte key). The parameters travel with the hash so they can
be raised later without invalidating the existing ones.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from deskui.domain.errors import ValidationError
from deskui.i18n import t

SCHEME = "scrypt"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32

PIN_MIN = 4
PASSWORD_MIN = 6
PASSWORD_MAX = 128

# Bounds on the parameters read back from a stored hash, so a tampered row
# cannot make a sign-in allocate gigabytes.
_N_RANGE = (2**10, 2**17)
_R_RANGE = (1, 16)
_P_RANGE = (1, 4)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HEX = re.compile(r"[0-9a-f]+")


def _normalise(pw: str) -> bytes:
    """NFC, so the same password typed through different IMEs matches."""
    return unicodedata.normalize("NFC", pw).encode("utf-8")


def _derive(pw: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    maxmem = 128 * r * n * p + 2 * 1024 * 1024
    return hashlib.scrypt(_normalise(pw), salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=length)


def hash_password(pw: str) -> str:
    """A fresh salted scrypt hash of ``pw`` in the stored form."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(pw, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    _, n_text, r_text, p_text, salt_hex, key_hex = parts
    if not (n_text.isascii() and n_text.isdigit()):
        return None
    if not (r_text.isascii() and r_text.isdigit() and p_text.isascii() and p_text.isdigit()):
        return None
    n, r, p = int(n_text), int(r_text), int(p_text)
    if not (_N_RANGE[0] <= n <= _N_RANGE[1]) or n & (n - 1):
        return None
    if not (_R_RANGE[0] <= r <= _R_RANGE[1] and _P_RANGE[0] <= p <= _P_RANGE[1]):
        return None
    if not (_HEX.fullmatch(salt_hex) and _HEX.fullmatch(key_hex)):
        return None
    if len(salt_hex) % 2 or len(key_hex) % 2 or not 16 <= len(key_hex) <= 128:
        return None
    return n, r, p, bytes.fromhex(salt_hex), bytes.fromhex(key_hex)


def verify_password(pw: str, stored: str) -> bool:
    """True when ``pw`` matches ``stored``; False for a wrong or malformed one.
    The comparison takes the same time wherever the keys differ."""
    if not isinstance(pw, str) or not isinstance(stored, str):
        return False
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    try:
        candidate = _derive(pw, salt, n, r, p, len(key))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, key)


def is_pin(pw: str) -> bool:
    return pw.isascii() and pw.isdigit()


def check_password_rules(pw: str, *, field: str = "password") -> None:
    """A PIN of at least 4 digits, or a password of at least 6 characters;
    no control characters. Raise ValidationError otherwise."""
    if not pw:
        raise ValidationError(t("password.required"), field=field)
    if _CONTROL.search(pw):
        raise ValidationError(t("password.control_chars"), field=field)
    if len(pw) > PASSWORD_MAX:
        raise ValidationError(t("password.too_long", max=PASSWORD_MAX), field=field)
    if is_pin(pw):
        if len(pw) < PIN_MIN:
            raise ValidationError(t("password.pin_too_short", min=PIN_MIN), field=field)
        return
    if len(pw) < PASSWORD_MIN:
        raise ValidationError(
            t("password.too_short", min=PASSWORD_MIN, pin_min=PIN_MIN), field=field
        )


PASSPHRASE_MIN = 8


def check_passphrase_rules(text: str) -> None:
    """A new database passphrase (``deskui encrypt``): at least 8 characters,
    no control characters. Nothing recovers a forgotten one, so no PIN."""
    if _CONTROL.search(text):
        raise ValidationError(t("password.control_chars"), field="passphrase")
    if len(text) > PASSWORD_MAX:
        raise ValidationError(t("password.too_long", max=PASSWORD_MAX), field="passphrase")
    if len(text.strip()) < PASSPHRASE_MIN:
        raise ValidationError(t("cipher.too_short", min=PASSPHRASE_MIN), field="passphrase")
