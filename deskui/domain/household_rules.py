"""Field rules and vocabulary of the household archive (relations to the
head, key-household tags, the five must-visit kinds), shared by the edit
forms, the roll import, liaison and contacts: one rule, one place.

:func:`clean_member` checks a member's fields (name, relation, ID number,
sex, birth date, phone, occupation, health, income, note) and derives sex
and birth date from a valid ID number; :func:`clean_income` accepts a
non-negative whole number of yuan (``20000``, ``2,0000``, ``20000元``) and
refuses words such as ``两万``."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from deskui.domain.dates import parse_optional_date
from deskui.domain.errors import ValidationError
from deskui.domain.idnumber import parse_id_number
from deskui.domain.phone import normalise_phone
from deskui.domain.text import NOTE_MAX, clean_name, clean_note, clean_text
from deskui.i18n import t

HEAD = "户主"
RELATIONS = [
    "户主",
    "配偶",
    "妻",
    "夫",
    "子",
    "女",
    "长子",
    "次子",
    "三子",
    "长女",
    "次女",
    "三女",
    "儿子",
    "女儿",
    "父亲",
    "母亲",
    "父",
    "母",
    "孙子",
    "孙女",
    "外孙子",
    "外孙女",
    "儿媳",
    "女婿",
    "兄",
    "弟",
    "姐",
    "妹",
    "兄弟",
    "姐妹",
    "祖父",
    "祖母",
    "侄子",
    "侄女",
    "其他",
]
RELATION_ALIASES = {"本人": HEAD, "户主本人": HEAD, "妻子": "妻", "丈夫": "夫"}
KNOWN_TAGS = (
    "低保户",
    "五保户",
    "贫困户",
    "残疾人",
    "留守老人",
    "留守妇女",
    "留守儿童",
    "独居老人",
    "产业发展大户",
    "防汛防滑重点户",
    "矛盾纠纷重点户",
)
# 五必访: industry, flood/landslide, dispute, poor/低保, left-behind.
MUST_VISIT = frozenset(
    {
        "产业发展大户",
        "防汛防滑重点户",
        "矛盾纠纷重点户",
        "贫困户",
        "低保户",
        "留守老人",
        "留守妇女",
        "留守儿童",
    }
)
TAG_MAX = 10
INCOME_MAX = 100_000_000
TAG_SPLIT = re.compile(r"[、,，;；/\s]+")

AWAY_WORDS = ("外出", "务工", "在外", "打工")


def _norm(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def clean_income(value: object, *, field: str = "income", label: str | None = None) -> int | None:
    """A whole number of yuan, or None when empty; ``两万`` is refused."""
    name = label or t("archive.field.income")
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value:  # NaN
            return None
        if value < 0:
            raise ValidationError(t("archive.income_negative", label=name), field=field)
        if float(value) != int(value):
            raise ValidationError(t("archive.income_fraction", label=name), field=field)
        number = int(value)
    else:
        text = _norm(value).replace(",", "").replace("，", "").replace(" ", "")
        text = text.removesuffix("元")
        if not text:
            return None
        if text.startswith("-") and text[1:].replace(".", "", 1).isdigit():
            raise ValidationError(t("archive.income_negative", label=name), field=field)
        if re.fullmatch(r"\d+\.\d+", text):
            if float(text) != int(float(text)):
                raise ValidationError(t("archive.income_fraction", label=name), field=field)
            text = str(int(float(text)))
        if not (text.isascii() and text.isdigit()):
            shown = _norm(value)[:20]
            raise ValidationError(
                t("archive.income_not_number", label=name, text=shown), field=field
            )
        number = int(text)
    if number > INCOME_MAX:
        raise ValidationError(t("archive.income_too_big", label=name, text=number), field=field)
    return number


def clean_group(value: object, *, field: str = "group_no") -> int | None:
    text = _norm(value).removesuffix("组")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 99:
        raise ValidationError(t("archive.group_bad", text=_norm(value)), field=field)
    return int(text)


def clean_relation(value: object, *, field: str = "relation") -> str:
    text = clean_text(
        value, field=field, label=t("archive.field.relation"), max_len=10, required=True
    )
    text = RELATION_ALIASES.get(text, text)
    if text not in RELATIONS:
        raise ValidationError(
            t("archive.relation_bad", text=text, known="、".join(RELATIONS[:12]) + "…"),
            field=field,
        )
    return text


def clean_tags(value: object, *, field: str = "tags") -> tuple[str, ...]:
    """Tags split on 、 , ， ; (and spaces), duplicates dropped, order kept."""
    if isinstance(value, (list, tuple)):
        parts = [_norm(v) for v in value]
    else:
        text = clean_text(value, field=field, label=t("archive.field.tags"), max_len=200)
        parts = TAG_SPLIT.split(text)
    out: list[str] = []
    for part in parts:
        tag = clean_text(part, field=field, label=t("archive.field.tag"), max_len=40)
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise ValidationError(t("archive.tag_bad", text=tag[:20]), field=field)
        if tag not in out:
            out.append(tag)
    return tuple(out)


def clean_short(value: object, field: str, label_key: str, max_len: int = 40) -> str:
    if value is None or value == "":  # most of a roll's cells: no label to look up
        return ""
    return clean_text(value, field=field, label=t(label_key), max_len=max_len)


def clean_long(value: object, field: str, label_key: str) -> str:
    if value is None or value == "":
        return ""
    return clean_note(value, field=field, label=t(label_key), max_len=NOTE_MAX)


@dataclass(frozen=True)
class MemberValues:
    """A member's fields, checked and normalised."""

    name: str
    relation: str
    id_number: str | None
    sex: str
    birth_date: dt.date | None
    phone: str
    occupation: str
    working_away: bool
    health: str
    school: str
    income: int | None
    note: str
    warnings: tuple[str, ...] = ()


def clean_member(raw: dict[str, object], today: dt.date) -> MemberValues:
    """Check every field of one member; raise the first ValidationError."""
    name = clean_name(raw.get("name"), field="name")
    relation = clean_relation(raw.get("relation"))
    id_text = _norm(raw.get("id_number"))
    sex = _norm(raw.get("sex"))
    if sex and sex not in ("男", "女"):
        raise ValidationError(t("archive.sex_bad"), field="sex")
    birth_raw = raw.get("birth_date")
    birth = (
        birth_raw
        if isinstance(birth_raw, dt.date) and not isinstance(birth_raw, dt.datetime)
        else birth_raw.date()
        if isinstance(birth_raw, dt.datetime)
        else parse_optional_date(
            _norm(birth_raw), field="birth_date", label=t("archive.field.birth")
        )
    )
    number: str | None = None
    warnings: tuple[str, ...] = ()
    if id_text:
        info = parse_id_number(id_text, today=today)
        number, warnings = info.number, info.warnings
        if sex and sex != info.sex:
            raise ValidationError(t("archive.sex_mismatch", sex=sex, derived=info.sex), field="sex")
        if birth and birth != info.birth_date:
            raise ValidationError(
                t("archive.birth_mismatch", derived=info.birth_date.isoformat()),
                field="birth_date",
            )
        sex, birth = info.sex, info.birth_date
    occupation = clean_short(raw.get("occupation"), "occupation", "archive.field.occupation")
    away = raw.get("working_away")
    working_away = bool(away) if away is not None else any(w in occupation for w in AWAY_WORDS)
    return MemberValues(
        name=name,
        relation=relation,
        id_number=number,
        sex=sex,
        birth_date=birth,
        phone=normalise_phone(_norm(raw.get("phone"))),
        occupation=occupation,
        working_away=working_away,
        health=clean_short(raw.get("health"), "health", "archive.field.health"),
        school=clean_short(raw.get("school"), "school", "archive.field.school"),
        income=clean_income(
            raw.get("income"), field="income", label=t("archive.field.member_income")
        ),
        note=clean_long(raw.get("note"), "note", "field.note"),
        warnings=warnings,
    )
