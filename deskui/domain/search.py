"""Archive search keys and how a typed query maps onto them.

Residents are found by indexed *prefix* search over precomputed keys (the
``SearchKey`` table: ``key`` + ``kind``), never by ``LIKE '%…%'`` or FTS:

==== ============================================ ==========================
kind key                                         example (张三, 13912345678)
==== ============================================ ==========================
n    the name as written (NFKC, spaces removed)   ``张三``
i    every pinyin-initials reading, lowercase     ``zs``
p    the phone's digits, REVERSED                 ``87654321931``
d    the ID number, REVERSED (``X`` kept upper)   ``X…``
==== ============================================ ==========================

Phone and ID keys are reversed so that "ends with 5678" is the prefix
``8765``: a tail search uses the index like a head search, and the full
number reversed is just the longest such prefix.

How :func:`classify_query` reads what the clerk typed (after dropping
control characters and lone surrogates, which no key holds, then NFKC, which
turns full-width digits and letters into ASCII, and trimming):

- nothing (or only punctuation) → ``empty``;
- any CJK character → ``name``: prefix of the name (``张`` finds 张三);
- latin letters (digits may follow, spaces ignored) → ``initials``:
  lowercase prefix of any reading (``zs``, ``cgf``);
- digits only (spaces, ``-`` and a leading ``+86``/``0086`` ignored):
  4 or more → ``digits``: the reversed digits, searched over phones and ID
  numbers (``5678`` is a phone or ID tail, a full 11-digit phone or 18-digit
  ID works the same); 1–2 digits → ``group``: the 组 number (``3`` = 3组,
  ``0`` is no group → ``empty``); exactly 3 digits → ``empty`` (too short to
  be a tail, too long to be a group);
- digits ending in ``X``/``x`` with at least 3 digits before it → ``id``:
  the reversed text (``X`` first), searched over ID numbers only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from deskui.domain.pinyin import initials_variants

KIND_NAME = "n"
KIND_INITIALS = "i"
KIND_PHONE = "p"
KIND_ID = "d"

KEY_MAX = 40  # SearchKey.key's column width
MIN_TAIL = 4  # the shortest phone / ID tail searched

# Compiled on first use: the astral range alone takes ~4 ms to compile, and
# the desk's start-up does not search.
_CJK = "[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
_SEPARATORS = re.compile(r"[\s\-_.()（）]+")
_LATIN = re.compile(r"[a-z][a-z0-9]*")
# Characters no stored key holds and a database may refuse to receive
# (NUL on PostgreSQL, lone surrogates anywhere): dropped from a query.
_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Query:
    """A classified search: ``kind`` is one of ``name``, ``initials``,
    ``digits``, ``id``, ``group`` and ``empty``; ``prefix`` is matched against
    ``SearchKey.key`` of the ``kinds`` listed (for ``group``, ``prefix`` is
    the group number as text and ``kinds`` is empty)."""

    kind: str
    prefix: str
    kinds: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.kind == "empty"

    @property
    def group_no(self) -> int | None:
        return int(self.prefix) if self.kind == "group" else None


EMPTY = Query("empty", "")


_NOT_ASCII_DIGIT = re.compile(r"[^0-9]")
_NOT_ID_CHAR = re.compile(r"[^0-9X]")


def _digits(text: str) -> str:
    if text.isascii():  # the usual case: one regex pass instead of a loop a character
        return _NOT_ASCII_DIGIT.sub("", text)
    return "".join(ch for ch in text if ch.isdigit())


def name_key(name: str) -> str:
    """The name key: NFKC-normalised, inner spaces removed, at most 40 chars."""
    text = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"\s+", "", text)[:KEY_MAX]


def phone_key(phone: str) -> str:
    """The phone's digits reversed (``0915-3212345`` → ``54321235190``)."""
    return _digits(unicodedata.normalize("NFKC", phone or ""))[::-1][:KEY_MAX]


def id_key(id_number: str) -> str:
    """The ID number reversed, ``X`` upper-case first when present."""
    text = unicodedata.normalize("NFKC", id_number or "").upper()
    if text.isascii():
        text = _NOT_ID_CHAR.sub("", text)
    else:
        text = "".join(ch for ch in text if ch.isdigit() or ch == "X")
    return text[::-1][:KEY_MAX]


def resident_keys(name: str, phone: str, id_number: str | None) -> list[tuple[str, str]]:
    """The (kind, key) pairs to store for one resident, without duplicates."""
    return list(name_keys(name) + number_keys(phone, id_number))  # kinds differ: no repeats


def name_keys(name: str) -> tuple[tuple[str, str], ...]:
    """The name's (kind, key) pairs: the name and its initials readings (a
    caller keying many people may keep them by name: namesakes are many)."""
    pairs: list[tuple[str, str]] = []
    key = name_key(name)
    if key:
        pairs.append((KIND_NAME, key))
    pairs.extend((KIND_INITIALS, v[:KEY_MAX]) for v in initials_variants(name))
    return tuple(dict.fromkeys(pairs))  # two readings may meet once cut to KEY_MAX


def number_keys(phone: str, id_number: str | None) -> tuple[tuple[str, str], ...]:
    """The phone's and the ID number's (kind, key) pairs."""
    pairs: list[tuple[str, str]] = []
    key = phone_key(phone)
    if key:
        pairs.append((KIND_PHONE, key))
    key = id_key(id_number or "")
    if key:
        pairs.append((KIND_ID, key))
    return tuple(pairs)


def _strip_country_code(digits: str) -> str:
    for prefix in ("0086", "86"):
        rest = digits[len(prefix) :]
        if digits.startswith(prefix) and len(rest) == 11 and rest.startswith("1"):
            return rest
    return digits


def classify_query(text: str) -> Query:
    """What the clerk typed, as a prefix search over the keys (see the module doc)."""
    raw = unicodedata.normalize("NFKC", _UNSEARCHABLE.sub("", text or "")).strip()
    if not raw:
        return EMPTY
    if re.search(_CJK, raw):
        key = name_key(raw)
        return Query("name", key, (KIND_NAME,)) if key else EMPTY
    compact = _SEPARATORS.sub("", raw).lower()
    if compact.startswith("+"):
        compact = compact[1:]
    if compact.isdigit() and compact.isascii():
        digits = _strip_country_code(compact)
        if len(digits) >= MIN_TAIL:
            return Query("digits", digits[::-1][:KEY_MAX], (KIND_PHONE, KIND_ID))
        if len(digits) <= 2 and int(digits) > 0:
            return Query("group", str(int(digits)))
        return EMPTY
    if (
        compact.endswith("x")
        and compact[:-1].isdigit()
        and compact.isascii()
        and len(compact) >= MIN_TAIL
    ):
        return Query("id", ("X" + compact[:-1][::-1])[:KEY_MAX], (KIND_ID,))
    if _LATIN.fullmatch(compact):
        return Query("initials", compact[:KEY_MAX], (KIND_INITIALS,))
    return EMPTY
