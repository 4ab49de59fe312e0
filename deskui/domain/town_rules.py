"""The service-day settings of a town and of a village (pure rules, no I/O).

- A town holds its service day on one ISO weekday (1 = Monday … 7 = Sunday,
  default 2 = Tuesday) and may add a **second weekday** (一线工作日, e.g.
  Thursday), every week (每周) or only in odd (单周) / even (双周) ISO weeks;
  a week parity without a second weekday is refused, and the second weekday
  must differ from the first.
- A holiday on a service day is cancelled (取消) or moved (顺延), by the
  town's ``holiday_policy``.
- A village serves every week (每周, ``cadence_weeks == 1``) or every other
  week (隔周, 2) in phase with an anchor date; its shift is 全天 / 上午 / 下午
  / 上下午 with the morning and afternoon hours ``H:MM-H:MM``.

The checks return the normalised values; every refusal is a
:class:`ValidationError` naming its field, in Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from deskui.domain import roster_rules as rules
from deskui.domain.errors import ValidationError
from deskui.domain.text import clean_text
from deskui.i18n import t

WEEKDAY_NAMES = ("一", "二", "三", "四", "五", "六", "日")
EVERY_WEEK = "每周"
PARITIES = (EVERY_WEEK, rules.ODD, rules.EVEN)
EVERY_OTHER_WEEK = "隔周"
CADENCES = {EVERY_WEEK: 1, EVERY_OTHER_WEEK: 2}
MAX_PLACE = 200


def weekday_label(day: int | None) -> str:
    """``2`` → 周二; ``None`` → ''."""
    return f"周{WEEKDAY_NAMES[day - 1]}" if day else ""


def parse_weekday(value: object, *, field: str = "service_weekday") -> int:
    """An ISO weekday from ``2`` / ``"2"`` / ``周二`` / ``星期二`` / ``二``."""
    text = str(value).strip()
    for prefix in ("星期", "礼拜", "周"):
        text = text.removeprefix(prefix)
    if text == "天":
        text = "日"
    if text in WEEKDAY_NAMES:
        return WEEKDAY_NAMES.index(text) + 1
    if text.lstrip("-").isdigit() and 1 <= int(text) <= 7:
        return int(text)
    raise ValidationError(t("rset.rule.bad_weekday", value=str(value).strip()), field=field)


@dataclass(frozen=True)
class TownSettings:
    service_weekday: int = 2
    second_weekday: int | None = None
    second_week_parity: str | None = None  # 单周 / 双周 / None = every week
    holiday_policy: str = rules.CANCELLED

    def rule(self) -> rules.TownRule:
        return rules.TownRule(
            self.service_weekday, self.second_weekday, self.second_week_parity, self.holiday_policy
        )


def check_town(
    service_weekday: object,
    second_weekday: object,
    parity: str | None,
    holiday_policy: str,
) -> TownSettings:
    """Validate a town's service-day settings; ``parity`` 每周 / '' / None
    mean every week (stored as None)."""
    weekday = parse_weekday(service_weekday)
    second: int | None = None
    if second_weekday not in (None, "", "无"):
        second = parse_weekday(second_weekday, field="second_weekday")
        if second == weekday:
            raise ValidationError(
                t("rset.rule.same_weekday", day=weekday_label(weekday)), field="second_weekday"
            )
    wanted = (parity or "").strip()
    if wanted and wanted not in PARITIES:
        raise ValidationError(
            t("rset.rule.bad_parity", value=wanted, known="、".join(PARITIES)), field="parity"
        )
    stored = None if wanted in ("", EVERY_WEEK) else wanted
    if stored is not None and second is None:
        raise ValidationError(t("rset.rule.parity_alone", value=wanted), field="parity")
    policy = (holiday_policy or "").strip()
    if policy not in rules.POLICIES:
        raise ValidationError(t("roster.rule.bad_policy", policy=policy), field="holiday_policy")
    return TownSettings(weekday, second, stored, policy)


def parse_hours(text: str, *, field: str) -> tuple[dt.time, dt.time]:
    """``9:00-12:00`` → (09:00, 12:00); the end must come after the start."""
    value = (text or "").strip().replace("：", ":").replace("—", "-").replace("－", "-")
    try:
        begin, end = (dt.time.fromisoformat(f"{int(h):02d}:{m}") for h, m in
                      (part.strip().split(":") for part in value.split("-")))  # fmt: skip
    except ValueError:
        raise ValidationError(t("rset.rule.bad_hours", text=text), field=field) from None
    if end <= begin:
        raise ValidationError(t("rset.rule.hours_backwards", text=text), field=field)
    return begin, end


def _hours_text(begin: dt.time, end: dt.time) -> str:
    return f"{begin.hour}:{begin.minute:02d}-{end.hour}:{end.minute:02d}"


@dataclass(frozen=True)
class VillageSettings:
    office_address: str = ""
    cadence_weeks: int = 1
    cadence_anchor: dt.date | None = None
    shift: str = rules.WHOLE
    am_hours: str = "9:00-12:00"
    pm_hours: str = "14:00-17:30"

    def rule(self) -> rules.VillageRule:
        return rules.VillageRule(
            self.cadence_weeks, self.cadence_anchor, self.shift, self.am_hours, self.pm_hours
        )


def parse_cadence(value: object) -> int:
    """每周 / 1 → 1; 隔周 / 2 → 2."""
    text = str(value).strip()
    if text in CADENCES:
        return CADENCES[text]
    if text in ("1", "2"):
        return int(text)
    raise ValidationError(t("rset.rule.bad_cadence", value=text), field="cadence_weeks")


def check_village(
    office_address: str,
    cadence_weeks: object,
    cadence_anchor: dt.date | None,
    shift: str,
    am_hours: str,
    pm_hours: str,
) -> VillageSettings:
    """Validate a village's service settings (place, cadence, shift, hours).
    Every other week needs an anchor date (a day the village served)."""
    place = clean_text(
        office_address, field="office_address", label=t("rset.field.place"), max_len=MAX_PLACE
    )
    cadence = parse_cadence(cadence_weeks)
    if cadence == 2 and cadence_anchor is None:
        raise ValidationError(t("rset.rule.anchor_needed"), field="cadence_anchor")
    anchor = cadence_anchor if cadence == 2 else None
    if shift not in rules.VILLAGE_SHIFTS:
        raise ValidationError(
            t("rset.rule.bad_village_shift", value=shift, known="、".join(rules.VILLAGE_SHIFTS)),
            field="shift",
        )
    am_begin, am_end = parse_hours(am_hours, field="am_hours")
    pm_begin, pm_end = parse_hours(pm_hours, field="pm_hours")
    if pm_begin < am_end:
        raise ValidationError(t("rset.rule.hours_overlap"), field="pm_hours")
    return VillageSettings(
        place, cadence, anchor, shift, _hours_text(am_begin, am_end), _hours_text(pm_begin, pm_end)
    )


# The town's leadership (党政班子成员, with 人大主席 and 武装部长): the posts
# of a 干部名册 that make an official one of the 班子 who lead the villages'
# teams. A village post (村党支部书记) is not one.
LEADERSHIP_POST = re.compile(
    r"^(镇|乡|街道)?(党委|党工委)(副)?书记$"
    r"|^(镇|乡|街道)?(党委|党工委)委员"
    r"|^(镇|乡|街道)?纪(委|工委)(副)?书记"
    r"|^(副)?(镇|乡)长$"
    r"|^(街道)?办事处(副)?主任$"
    r"|^(镇|乡|街道)?人大(工委)?(副)?主(席|任)"
    r"|^(组织|宣传|政法|统战)委员"
    r"|^(人武部|武装部)(副)?部?长"
)
YES = frozenset({"是", "√", "✓", "✔", "Y", "y", "yes", "YES", "1"})
NO = frozenset({"", "否", "×", "✗", "N", "n", "no", "NO", "0"})


def is_leadership_post(post: str) -> bool:
    """``党委书记`` / ``副镇长`` / ``人大主席`` / ``组织委员`` → True;
    ``干事`` / ``村党支部书记`` / ``站长`` → False."""
    return any(
        LEADERSHIP_POST.match(part) for part in re.split(r"[、，,/／\s]+", post.strip()) if part
    )


def yes_no_cell(text: str, field: str) -> bool:
    """A spreadsheet's 是/否 cell (√, ×, 1, 0, empty) as a bool; anything
    else is refused naming the column."""
    value = text.strip()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValidationError(t("townimp.bad_yes_no", value=value[:20]), field=field)
