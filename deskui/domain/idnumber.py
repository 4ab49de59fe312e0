"""Resident ID numbers (居民身份证号码, GB 11643-1999).

18 characters: a 6-digit area code, the 8-digit birth date (YYYYMMDD), a
3-digit sequence (odd = male, even = female) and an ISO 7064 MOD 11-2 check
character (0–9 or X).

Rules kept here:

- Input is normalised first: full-width digits and letters become ASCII
  (NFKC), spaces and dashes are removed, a lowercase ``x`` becomes ``X``.
- Each way a number can be wrong has its own message (empty, letters, X not
  last, wrong length with the count typed, impossible / future / pre-1900
  birth date, wrong check character).
- **15-digit numbers are refused**, not converted: the first-generation cards
  they come from expired in 2013, and converting means guessing the century
  and inventing a check character the person's real card may not carry. The
  message asks for the 18-digit number (on the card or the 户口簿).
- **The area code never causes a refusal.** Codes are renamed and retired
  (安康地区 6124xx → 安康市 → 汉滨区 610902 in 2000) and people keep their
  numbers, so an unknown code is only a warning in :attr:`IdInfo.warnings`.
  python-stdnum's ``cn.ric.validate`` is not used: it rejects a number whose
  code did not exist in the birth year. Its area table (``cn/loc``) is used
  only to say whether a code is known, loaded on first use.
- The check character message says what the last character should *not* be,
  never what it should be: a typo elsewhere must not be "fixed" by changing
  the last character.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from deskui.domain.errors import ValidationError
from deskui.i18n import t

FIELD = "id_number"
LENGTH = 18
OLD_LENGTH = 15
EARLIEST_BIRTH = dt.date(1900, 1, 1)

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_CHECK = "10X98765432"
MALE = "男"  # stored as the word the forms print, like Resident.sex
FEMALE = "女"  # index: weighted sum mod 11
_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class IdInfo:
    """A valid ID number and what it says about its holder."""

    number: str
    birth_date: dt.date
    sex: str  # 男 / 女
    area_code: str
    area_known: bool
    area_name: str = ""
    warnings: tuple[str, ...] = ()


def normalise(text: str | None) -> str:
    """Full-width → ASCII, spaces and dashes removed, ``x`` → ``X``."""
    value = unicodedata.normalize("NFKC", text or "")
    return _SEPARATORS.sub("", value).replace("x", "X")


def check_char(first17: str) -> str:
    """The MOD 11-2 check character of the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("check_char needs exactly 17 ASCII digits")
    total = sum(map(operator.mul, map(int, first17), _WEIGHTS))  # 17 each: checked above
    return _CHECK[total % 11]


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on ``day`` (a 29 February birthday counts on 1 March)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


@lru_cache(maxsize=1)
def _area_table():  # type: ignore[no-untyped-def]
    from stdnum import numdb

    return numdb.get("cn/loc")


def _clean_county(value: str) -> str:
    """The latest name in stdnum's ``[1988-2000]安康市,…`` county notation."""
    names = [re.sub(r"^\[[^\]]*\]", "", part) for part in value.split(",") if part]
    return names[-1] if names else ""


@lru_cache(maxsize=8192)
def area_lookup(code: str) -> tuple[bool, str]:
    """(is the 6-digit area code in the table?, province + county name)."""
    info: dict[str, str] = {}
    for _part, props in _area_table().info(code):
        info.update(props)
    province = info.get("province", "")
    county = _clean_county(info.get("county", ""))
    return bool(province and county), province + county


def _birth_date(number: str, today: dt.date) -> dt.date:
    text = number[6:14]
    try:
        born = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise ValidationError(t("idno.bad_birth", text=text), field=FIELD) from None
    if born > today:
        raise ValidationError(t("idno.birth_future", date=born.isoformat()), field=FIELD)
    if born < EARLIEST_BIRTH:
        raise ValidationError(t("idno.birth_too_old", date=born.isoformat()), field=FIELD)
    return born


def _check_shape(number: str) -> None:
    last = number[-1:]
    usual = len(number) == LENGTH and number.isascii() and number[:17].isdigit()
    if usual and (last.isdigit() or last == "X"):
        return  # 17 digits and a digit or X
    if not number:
        raise ValidationError(t("idno.required"), field=FIELD)
    bad = sorted({ch for ch in number if not (ch.isascii() and ch.isdigit()) and ch != "X"})
    if bad:
        raise ValidationError(t("idno.bad_chars", chars="".join(bad)), field=FIELD)
    if "X" in number[:-1]:
        raise ValidationError(t("idno.x_not_last"), field=FIELD)
    if len(number) == OLD_LENGTH and number.isdigit():
        raise ValidationError(t("idno.old_15"), field=FIELD)
    if len(number) != LENGTH:
        raise ValidationError(t("idno.bad_length", count=len(number)), field=FIELD)


def parse_id_number(text: str, *, today: dt.date | None = None) -> IdInfo:
    """Validate and read an ID number; ValidationError(field='id_number') if wrong.

    ``today`` bounds the birth date (services pass ``ctx.today()``)."""
    number = normalise(text)
    _check_shape(number)
    born = _birth_date(number, today or dt.date.today())
    if number[-1] != check_char(number[:17]):
        raise ValidationError(t("idno.bad_check", last=number[-1]), field=FIELD)
    area = number[:6]
    known, name = area_lookup(area)
    warnings = () if known else (t("idno.unknown_area", code=area),)
    return IdInfo(
        number=number,
        birth_date=born,
        sex=MALE if int(number[16]) % 2 else FEMALE,
        area_code=area,
        area_known=known,
        area_name=name,
        warnings=warnings,
    )


def is_valid(text: str, *, today: dt.date | None = None) -> bool:
    try:
        parse_id_number(text, today=today)
    except ValidationError:
        return False
    return True
