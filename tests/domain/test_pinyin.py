"""Pinyin initials of names: surname readings, heteronyms, the cap, lazy import."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.pinyin import MAX_VARIANTS, full_pinyin, initials_variants

DETERMINISTIC = settings(derandomize=True, max_examples=150, deadline=None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("曾国藩", ["zgf", "cgf"]),
        ("张三", ["zs"]),
        ("单田芳", ["stf", "dtf"]),
        ("仇晓明", ["qxm", "cxm"]),
        ("解放军", ["xfj", "jfj"]),
        ("查良镛", ["zly", "cly"]),
        ("区丽华", ["olh", "qlh"]),
        ("覃海燕", ["qhy", "thy"]),
    ],
)
def test_surname_reading_comes_first(name: str, expected: list[str]) -> None:
    assert initials_variants(name)[: len(expected)] == expected


@pytest.mark.parametrize(
    ("surname", "readings"),
    [
        ("曾", {"z", "c"}),
        ("单", {"s", "d"}),
        ("仇", {"q", "c"}),
        ("解", {"x", "j"}),
        ("查", {"z", "c"}),
        ("朴", {"p"}),  # piao / pu share the initial
        ("区", {"o", "q"}),
        ("盖", {"g"}),  # ge / gai
        ("覃", {"q", "t"}),
    ],
)
def test_every_domain_surname_indexes_every_reading(surname: str, readings: set[str]) -> None:
    variants = initials_variants(surname + "明")
    assert {v[0] for v in variants} == readings
    assert all(v.endswith("m") for v in variants)


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("曾国藩", "zeng guo fan"),
        ("单田芳", "shan tian fang"),
        ("朴槿惠", "piao jin hui"),
        ("盖聂", "ge nie"),
        ("李a3", "li a3"),
    ],
)
def test_full_pinyin_uses_the_surname_reading(name: str, reading: str) -> None:
    assert full_pinyin(name) == reading


def test_compound_surnames() -> None:
    assert initials_variants("尉迟敬德")[0] == "ycjd"
    assert initials_variants("万俟卨")[0] == "mqx"
    assert "cyf" in initials_variants("单于飞")
    # two characters: surname 单 and given name 于, not the compound 单于
    assert initials_variants("单于")[0] == "sy"


def test_latin_digits_and_punctuation() -> None:
    assert initials_variants("李a3") == ["la3"]
    assert initials_variants("ＡＢ张") == ["abz"]
    assert initials_variants("阿卜杜拉·买买提")[0] == "abdlmmt"
    assert initials_variants("") == []
    assert initials_variants("  ·  ") == []
    assert full_pinyin("") == ""


def test_given_name_heteronyms_are_indexed() -> None:
    variants = initials_variants("张乐")
    assert set(variants) == {"zl", "zy"}


def test_heteronyms_cannot_explode() -> None:
    variants = initials_variants("曾乐乐乐乐乐乐乐乐乐")
    assert len(variants) == MAX_VARIANTS
    # both surname readings with the main given-name reading come first
    assert variants[:2] == ["z" + "l" * 9, "c" + "l" * 9]


@DETERMINISTIC
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=12))
def test_variants_are_bounded_distinct_lowercase(name: str) -> None:
    variants = initials_variants(name)
    assert len(variants) <= MAX_VARIANTS
    assert len(set(variants)) == len(variants)
    assert all(v.isascii() and v.isalnum() and v == v.lower() for v in variants)
    if variants:
        assert len({len(v) for v in variants}) == 1  # one letter per character


@DETERMINISTIC
@given(st.text(max_size=30))
def test_any_text_is_handled(name: str) -> None:
    for variant in initials_variants(name):
        assert variant == variant.lower()
    full_pinyin(name)


def test_importing_the_module_does_not_load_pypinyin() -> None:
    code = (
        "import sys, deskui.domain.pinyin, deskui.domain.search; "
        "assert 'pypinyin' not in sys.modules, 'pypinyin imported eagerly'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_pypinyin_is_loaded_without_its_phrase_dictionary() -> None:
    """Single characters only: the 57 MB phrase dictionary stays on disk
    (a 100,000-row roll import stays under its 200 MB budget), and the
    readings are the character dictionary's."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYPINYIN_")}
    code = (
        "from deskui.domain.pinyin import initials_variants\n"
        "print(initials_variants('曾长乐'))\n"
        "import pypinyin.constants as c\n"
        "print(len(c.PHRASES_DICT))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.split("\n")
    assert out[0] == str(initials_variants("曾长乐"))
    assert out[1] == "0"


_ALT = st.tuples(st.sampled_from("abcz"), st.just(""))


@DETERMINISTIC
@given(
    st.lists(st.lists(_ALT, min_size=1, max_size=3).map(tuple), max_size=6),
    st.integers(min_value=1, max_value=MAX_VARIANTS),
)
def test_one_reading_names_take_the_short_path_to_the_same_result(positions, limit: int) -> None:  # type: ignore[no-untyped-def]
    """Names whose characters after the surname have one reading each skip
    the enumeration by deviations: the short path gives what it gives."""
    from deskui.domain.pinyin import _by_deviations, _combinations

    single = [alts[:1] for alts in positions[1:]]
    head = positions[0] if positions else ()
    if head:
        assert _combinations([head, *single], limit) == _by_deviations(head, single, limit)
    assert _combinations(positions, limit) == (
        _by_deviations(positions[0], positions[1:], limit) if positions else []
    )
