"""Phone numbers: mainland mobiles and landlines with their area code.

Stored forms:

- mobile: 11 digits starting 13–19, e.g. ``13912345678``;
- landline: ``<area>-<number>``, the area code with its leading 0 (3 digits
  for 010 and 02x, 4 digits otherwise, or as the clerk split it with a dash)
  and a 7–8 digit number, e.g. ``0915-3212345``, ``010-12345678``.

Accepted input: spaces, dashes, dots and brackets anywhere, full-width
digits, a ``+86`` / ``0086`` (or bare ``86`` before a mobile) prefix. An
empty value means "no phone" and normalises to ``''``. Letters, a wrong
digit count (the count typed is named) and a landline without its area code
are refused with a Chinese message on field ``phone``.
"""

from __future__ import annotations

import re
import unicodedata

from deskui.domain.errors import ValidationError
from deskui.i18n import t

FIELD = "phone"
MOBILE = "mobile"
LANDLINE = "landline"

_SEPARATORS = re.compile(r"[\s.()（）]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def _fail(key: str, **values: object) -> ValidationError:
    return ValidationError(t(key, **values), field=FIELD)


def _strip_country(text: str) -> str:
    if text.startswith("+86"):
        return text[3:].lstrip("-")
    if text.startswith("0086"):
        return text[4:].lstrip("-")
    digits = text.replace("-", "")
    if digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
        return digits[2:]
    return text


def _landline(text: str, digits: str) -> str:
    """``0915-3212345`` from a landline typed with or without its dash."""
    parts = [p for p in text.split("-") if p]
    if len(parts) == 2 and parts[0].startswith("0"):
        area, number = parts
    else:
        cut = 3 if digits[:2] in ("01", "02") else 4
        area, number = digits[:cut], digits[cut:]
    if not (3 <= len(area) <= 4 and 7 <= len(number) <= 8 and number[0] != "0"):
        raise _fail("phone.landline_length", count=len(digits))
    return f"{area}-{number}"


def normalise_phone(text: str | None) -> str:
    """The stored form of a phone number, ``''`` for none (see the module doc)."""
    value = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
    value = value.replace("—", "-").replace("－", "-").strip("-")
    if not value:
        return ""
    stripped = _strip_country(value)
    mobile_like = stripped.startswith("1") and not stripped.startswith("10")
    if stripped != value and stripped and not stripped.startswith("0") and not mobile_like:
        stripped = "0" + stripped  # +86 915 3212345: the area code's 0 is dropped abroad
    value = stripped
    digits = value.replace("-", "")
    if not digits:
        raise _fail("phone.bad_length", count=0)
    if not (digits.isascii() and digits.isdigit()):
        raise _fail("phone.letters")
    if digits.startswith("1"):
        if len(digits) != 11:
            raise _fail("phone.mobile_length", count=len(digits))
        if not _MOBILE.fullmatch(digits):
            raise _fail("phone.mobile_prefix", number=digits)
        return digits
    if digits.startswith("0"):
        return _landline(value, digits)
    if len(digits) in (7, 8):
        raise _fail("phone.no_area_code")
    raise _fail("phone.bad_length", count=len(digits))


def phone_kind(text: str | None) -> str:
    """``'mobile'`` or ``'landline'`` (``''`` for no phone); refuses a bad one."""
    value = normalise_phone(text)
    if not value:
        return ""
    return LANDLINE if "-" in value else MOBILE
