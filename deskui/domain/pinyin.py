"""Pinyin readings of Chinese names, for initials search and sorting.

A clerk types ``zs`` to find 张三. Names are full of heteronyms, and a
surname is often read differently from the character's common reading
(曾 Zēng, 单 Shàn, 仇 Qiú, 解 Xiè, 查 Zhā, 朴 Piáo, 区 Ōu, 盖 Gě, 覃 Qín …):
pypinyin alone reads 曾 as ``ceng`` and 单 as ``dan``. So every reading a
name may have is indexed, the surname reading first:

- the first character (or, in a name of three or more characters, a
  compound surname such as 尉迟, 万俟, 单于) is read from :data:`SURNAME_READINGS` / :data:`COMPOUND_SURNAMES` when listed
  there, otherwise like any other character;
- every other character gets all of pypinyin's readings (``heteronym=True``),
  its most common reading first;
- latin letters and digits pass through lowercased as one unit (``李a3`` →
  ``la3``); spaces, ``·`` and other punctuation are skipped; a character
  pypinyin does not know is skipped;
- at most :data:`MAX_VARIANTS` initials strings are produced, so a name made
  of heteronyms cannot explode: first the main reading with each surname
  reading, then readings that change one more character, and so on.

pypinyin is imported lazily: importing this module does not import it. It
is imported without its phrase dictionary and without copying its character
dictionary (pypinyin's own switches, the environment variables
``PYPINYIN_NO_PHRASES`` and ``PYPINYIN_NO_DICT_COPY``): only single
characters are looked up here, whose readings come from the character
dictionary alone (checked for every CJK character of the basic block and
extension A: the same readings), and the import costs 18 MiB instead of 63.
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from functools import lru_cache

MAX_VARIANTS = 8

# Surname reading first, then the character's other everyday readings.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng", "ceng"),
    "单": ("shan", "dan"),
    "仇": ("qiu", "chou"),
    "解": ("xie", "jie"),
    "查": ("zha", "cha"),
    "朴": ("piao", "pu"),
    "区": ("ou", "qu"),
    "盖": ("ge", "gai"),
    "覃": ("qin", "tan"),
    "缪": ("miao", "mou"),
    "翟": ("zhai", "di"),
    "乐": ("yue", "le"),
    "尉": ("yu", "wei"),
    "长": ("zhang", "chang"),
    "种": ("chong", "zhong"),
    "重": ("chong", "zhong"),
    "召": ("shao", "zhao"),
    "员": ("yun", "yuan"),
    "宓": ("mi", "fu"),
    "折": ("she", "zhe"),
    "秘": ("bi", "mi"),
    "句": ("gou", "ju"),
    "能": ("nai", "neng"),
    "藏": ("zang", "cang"),
    "柏": ("bai", "bo"),
    "朝": ("chao", "zhao"),
    "祭": ("zhai", "ji"),
    "沈": ("shen",),
    "任": ("ren",),
    "殷": ("yin",),
    "冼": ("xian",),
    "那": ("na",),
    "万": ("wan",),
}

# Two-character surnames whose characters read unusually together.
COMPOUND_SURNAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "尉迟": (("yu", "chi"), ("wei", "chi")),
    "万俟": (("mo", "qi"), ("wan", "qi")),
    "单于": (("chan", "yu"), ("shan", "yu"), ("dan", "yu")),
    "长孙": (("zhang", "sun"),),
    "澹台": (("tan", "tai"),),
    "乐正": (("yue", "zheng"),),
}

# One reading of one position: (initials, full syllables joined by spaces).
_Alt = tuple[str, str]


@lru_cache(maxsize=8192)
def _char_readings(ch: str) -> tuple[str, ...]:
    """All pypinyin readings of one CJK character, most common first."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")  # see the module doc
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, pinyin

    result = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    if not result:
        return ()
    return tuple(r for r in result[0] if r and r.isascii() and r.isalpha())


@lru_cache(maxsize=8192)
def _alts_from_readings(readings: tuple[tuple[str, ...], ...]) -> tuple[_Alt, ...]:
    """Alternatives of one position, deduplicated by their initials (one
    tuple a character, shared by every name that holds it)."""
    out: list[_Alt] = []
    seen: set[str] = set()
    for syllables in readings:
        initials = "".join(s[0] for s in syllables)
        if initials not in seen:
            seen.add(initials)
            out.append((initials, " ".join(syllables)))
    return tuple(out)


def _positions(name: str) -> list[tuple[_Alt, ...]]:
    """The name split into positions, each with its reading alternatives."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    positions: list[tuple[_Alt, ...]] = []
    latin = ""
    index = 0
    first = True
    while index < len(text):
        ch = text[index]
        if ch.isascii() and ch.isalnum():
            latin += ch.lower()
            index += 1
            continue
        if latin:
            positions.append(((latin, latin),))
            latin = ""
            first = False
        index += 1
        if ord(ch) < 0x2E80:
            continue  # spaces, ·, punctuation, other scripts
        pair = text[index - 1 : index + 1]
        if first and pair in COMPOUND_SURNAMES and len(text) > 2:
            positions.append(_alts_from_readings(COMPOUND_SURNAMES[pair]))
            index += 1
            first = False
            continue
        if first and ch in SURNAME_READINGS:
            positions.append(_alts_from_readings(tuple((r,) for r in SURNAME_READINGS[ch])))
            first = False
            continue
        readings = _char_readings(ch)
        if readings:
            positions.append(_alts_from_readings(tuple((r,) for r in readings)))
            first = False
    if latin:
        positions.append(((latin, latin),))
    return positions


def _combinations(positions: list[tuple[_Alt, ...]], limit: int) -> list[str]:
    """Initials strings, fewest deviations from the main reading first."""
    if not positions:
        return []
    head, rest = positions[0], positions[1:]
    if all(len(alts) == 1 for alts in rest):  # most names: one reading after the surname
        tail = "".join(alts[0][0] for alts in rest)
        return list(dict.fromkeys(surname[0] + tail for surname in head))[:limit]
    return _by_deviations(head, rest, limit)


def _by_deviations(head: tuple[_Alt, ...], rest: list[tuple[_Alt, ...]], limit: int) -> list[str]:
    """Every choice of readings, by how many of the non-surname positions use
    a secondary reading (each with every surname reading), up to ``limit``."""
    out: list[str] = []
    seen: set[str] = set()

    def add(choice: tuple[int, ...]) -> bool:
        for surname in head:
            word = surname[0] + "".join(rest[i][c][0] for i, c in enumerate(choice))
            if word not in seen:
                seen.add(word)
                out.append(word)
                if len(out) >= limit:
                    return False
        return True

    optional = [i for i, alts in enumerate(rest) if len(alts) > 1]
    for depth in range(len(optional) + 1):
        for changed in itertools.combinations(optional, depth):
            for picks in itertools.product(*(range(1, len(rest[i])) for i in changed)):
                choice = [0] * len(rest)
                for i, pick in zip(changed, picks, strict=True):
                    choice[i] = pick
                if not add(tuple(choice)):
                    return out
    return out


def initials_variants(name: str, *, limit: int = MAX_VARIANTS) -> list[str]:
    """Every lowercase initials reading of ``name``, the likeliest first.

    >>> initials_variants("曾国藩")
    ['zgf', 'cgf']
    """
    return _combinations(_positions(name), max(1, limit))


def full_pinyin(name: str) -> str:
    """The main reading without tones, syllables separated by spaces
    (surname reading for the surname): a sort key, 曾国藩 → ``zeng guo fan``."""
    return " ".join(alts[0][1] for alts in _positions(name))
