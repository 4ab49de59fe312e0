"""Reading the values of a town's own, hand-kept matter ledger (FORMS.md §1
and its usual variants): the words and dates clerks write, turned into the
values deskui stores. Pure functions; the importer is
:mod:`deskui.services.matters.legacy_import`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from deskui.domain.dates import parse_optional_date
from deskui.domain.deadlines import Level
from deskui.domain.errors import ValidationError
from deskui.domain.matter_flow import Satisfaction
from deskui.i18n import t

# The columns of the layout and the names towns give them (spaces ignored).
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "原编号", "事项编号", "受理编号", "台账编号"),
    "accepted": ("登记日期", "受理日期", "接访日期", "反映日期", "日期"),
    "origin": ("来源", "诉求来源", "受理方式", "来源（服务日接待/入户走访/电话/其他）"),
    "name": ("姓名", "申请人", "诉求人", "群众姓名", "反映人", "申办人"),
    "place": ("村组住址", "村组", "住址", "地址", "家庭住址", "村组/住址", "所在村组"),
    "village": ("村", "村名", "所在村"),
    "group": ("组", "村民小组"),
    "phone": ("联系电话", "电话", "手机", "联系方式"),
    "content": (
        "反映问题（申办事项）", "反映问题(申办事项)", "反映问题", "申办事项", "诉求内容",
        "事项内容", "问题", "反映问题及诉求", "代办事项",
    ),
    "category": ("问题类别", "类别", "问题类型", "事项类别"),
    "level": ("办理层级", "层级", "事项层级", "办理级别"),
    "first": ("首办责任人", "首办人", "首问责任人", "受理人", "首办责任人（受理人）"),
    "leader": ("责任领导", "包抓领导", "分管领导"),
    "due": ("办结时限", "承诺办结时限", "承诺时限", "时限", "承诺办结日期"),
    "progress": ("办理情况", "办理进度", "进展情况", "办理结果", "办理情况（进展）"),
    "finished": ("办结日期", "办结时间", "完成日期"),
    "visit": ("回访情况", "回访", "回访日期", "回访记录"),
    "satisfaction": ("群众满意度", "满意度", "满意程度", "群众评价"),
    "closed": ("销号日期", "销号时间", "销号"),
    "note": ("备注",),
}  # fmt: skip
IGNORED = ("序号", "是否超期", "申办人签字", "签字", "申请人签字")

FOOTER = re.compile(r"^(填表人|审核人|制表人|填报日期|负责人|单位负责人|合计|小计|说明|注[:：])")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_FULL_DATE = re.compile(
    r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2}))"
)
_WORKDAYS = re.compile(r"^(\d{1,2}|[一二三四五六七八九十])\s*个?\s*工作日(内)?$")
_GROUP = re.compile(r"^\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*组")
_TITLE_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}

ORIGIN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("入户走访", ("入户走访", "入户", "走访", "上门")),
    ("电话", ("电话", "来电", "热线", "12345")),
    ("服务日接待", ("服务日接待", "服务日", "来访", "接访", "现场", "面对面", "来人")),
)


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def header_key(text: str) -> str | None:
    """The field a header cell names, or None."""
    name = norm(text)
    name_cn = "".join(text.split())
    for key, names in HEADERS.items():
        if name in names or name_cn in names or name in {norm(n) for n in names}:
            return key
    return None


def cn_number(text: str) -> int:
    """1–99 written in digits or Chinese numerals (三, 十二, 二十)."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10 + _CN_DIGITS[text[2]]
    return _CN_DIGITS[text]


def cell_date(value: object, *, field: str, label: str) -> dt.date | None:
    """A date cell, or a date typed as text: 2025-03-04, 2025年3月4日,
    2025.3.4, 2025/3/4, 20250304."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return parse_optional_date(str(value), field=field, label=label)


def workdays_of(text: str) -> int | None:
    """``1个工作日`` → 1, ``3个工作日内`` → 3; None for anything else."""
    m = _WORKDAYS.match(norm(text))
    return cn_number(m.group(1)) if m else None


def origin_of(text: str) -> str:
    """The source as the ledger says it, in deskui's four words."""
    value = norm(text)
    if not value:
        return "服务日接待"
    for origin, words in ORIGIN_WORDS:
        if any(w in value for w in words):
            return origin
    return "其他"


def level_of(text: str) -> Level | None:
    """一般性事务 / 需镇研究办理 / 超出镇职权 (or 村 / 镇 / 县, 村级 …);
    None for a matter not accepted (不符合政策规定 / 不予受理)."""
    value = norm(text).removesuffix("级")
    if value in ("不符合政策规定", "不予受理", "不符合政策"):
        return None
    for level, words in (
        (Level.VILLAGE, ("村", "一般", "一般性事务", "一般事务", "即办")),
        (Level.TOWN, ("镇", "需镇研究办理", "镇研究办理", "需镇研究")),
        (Level.COUNTY, ("县", "超出镇职权", "超出镇职权范围", "需县级部门办理")),
    ):
        if value in words:
            return level
    return Level.parse(text, field="level")


def satisfaction_in(text: str) -> Satisfaction | None:
    """满意 / 基本满意 / 不满意 named in free text (the strictest first)."""
    value = norm(text)
    for s in (Satisfaction.UNSATISFIED, Satisfaction.FAIRLY, Satisfaction.SATISFIED):
        if s.value in value:
            return s
    return None


def date_in(text: str, after: dt.date) -> dt.date | None:
    """The date a free text names (``3月8日电话回访``, ``2025年3月28日回访``):
    a date without a year is the first such date on or after ``after``."""
    value = unicodedata.normalize("NFKC", text)
    m = _FULL_DATE.search(value)
    if m:
        year = int(m.group(1))
        month, day = (int(m.group(2)), int(m.group(3))) if m.group(2) else (
            int(m.group(4)), int(m.group(5)))  # fmt: skip
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    m = _MONTH_DAY.search(value)
    if not m:
        return None
    for year in (after.year, after.year + 1):
        try:
            found = dt.date(year, int(m.group(1)), int(m.group(2)))
        except ValueError:
            return None
        if found >= after:
            return found
    return None


def split_place(text: str, villages: dict[str, int]) -> tuple[int, int | None, str] | None:
    """(village id, group or None, rest) of ``桃园村1组12号`` given the
    town's village names and aliases (``villages``: name → id). The longest
    name that starts the text wins; ``桃园1组`` finds 桃园村 too."""
    value = norm(text)
    names: list[tuple[str, int]] = []
    for name, vid in villages.items():
        names.append((name, vid))
        for suffix in ("村", "社区"):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                names.append((name.removesuffix(suffix), vid))
    for name, vid in sorted(names, key=lambda p: -len(p[0])):
        if value.startswith(name):
            rest = value[len(name) :]
            m = _GROUP.match(rest)
            return (vid, cn_number(m.group(1)) if m else None, rest)
    return None


def month_of_title(*texts: str) -> tuple[int, int] | None:
    """The month a sheet is about, from its title or name (``2025年4月``)."""
    for text in texts:
        m = _TITLE_MONTH.search(unicodedata.normalize("NFKC", text or ""))
        if m and 1 <= int(m.group(2)) <= 12:
            return int(m.group(1)), int(m.group(2))
    return None


def group_of(text: str) -> int | None:
    value = norm(text).removesuffix("组")
    if not value:
        return None
    try:
        return cn_number(value)
    except (KeyError, IndexError):
        raise ValidationError(t("legacy.bad_group", text=text), field="group") from None
