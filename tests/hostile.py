"""The bad-input corpus shared by the service, importer and form tests:
hostile text values, hypothesis strategies over them, and the check that a
refusal message is clear Chinese (no traceback, no exception text, no repr).
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

CJK = re.compile(r"[\u4e00-\u9fff]")

HOSTILE = [
    "",
    " ",
    "张三\x00",
    "\x1b[31m红\x1b[0m",
    '=HYPERLINK("http://x","点我")',
    "+86 139",
    "-1+2",
    "@SUM(A1)",
    "李四'; DROP TABLE visit; --",
    "王五\u202e",
    "赵六\u200f",
    "😀😀",
    "𠀀𠀁",  # CJK extension B
    "a" * 10_000,
    "长" * 21,
    "第一行\n第二行",
    "\t制表",
    "NaN",
    "0000-00-00",
    "2026-02-30",
    "Ｚｓ",
    "ـــ",
    "null",
    "张\ud800",  # a lone surrogate (half an emoji): cannot be encoded
    "张\uffff",  # a noncharacter: XML (so .xlsx) forbids it
    "张\u200b三",  # zero-width space: looks like 张三, is not
    "甲\u2028乙",  # Unicode line separator
]

# Short hostile values a form or a cell may hold (the long one is added
# where a field's limit is the point).
HOSTILE_SHORT = [v for v in HOSTILE if len(v) < 100]

# ID numbers: invalid and edge cases (a valid one is built by the tests).
HOSTILE_IDS = [
    "123",
    "610902196503150110",  # wrong check character
    "610902196502300117",  # 1965-02-30
    "000000000000000000",
    "61090219650315011",  # 17 characters
    "6109021965031501100",  # 19 characters
    "61090220991231011X",  # born in the future
    "６１０９０２",  # full-width digits, too short
    "=610902196503150118",
    "610902196503150118\x00",
]

HOSTILE_DATES = ["0000-00-00", "2026-02-30", "2026-13-01", "9999-99-99", "昨天", "-1", "NaN"]

HOSTILE_INCOMES = ["-1", "-20000", "NaN", "1e9", "两万", "12.5", "999999999999", "=1+1", "∞"]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(min_size=0, max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
)

# Text a spreadsheet cell can hold: openpyxl refuses \x00-\x08\x0b\x0c\x0e-\x1f
# in a cell and XML forbids surrogates and U+FFFE/U+FFFF, so the workbook
# tests draw from the rest.
_CELL_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
cell_text = hostile_text.map(lambda s: _CELL_BAD.sub("", s))

_TECHNICAL = re.compile(
    r"Traceback|Error\b|Exception|File \"|object at 0x|errno|codec|can't|"
    r"invalid literal|NoneType|\bline \d+|[A-Za-z]+Error"
)


def is_clear(message: str, *, echoed: str = "") -> bool:
    """A refusal a clerk can read: Chinese, no exception text, no repr.

    ``echoed`` is the hostile value the message may quote back (it is removed
    before looking for technical words)."""
    text = str(message)
    if echoed:
        text = text.replace(echoed, "")
    return bool(CJK.search(text)) and not _TECHNICAL.search(text)
