"""The town, its villages and settings: the desk's frame of reference."""

from __future__ import annotations

import re
from dataclasses import dataclass

from deskui.domain.errors import NotFound, ValidationError
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.store.models import Official, Setting, Town, Village, VillageAlias

CURRENT_TOWN_KEY = "current_town"


@dataclass(frozen=True)
class TownInfo:
    id: int
    name: str
    county: str
    code: str
    service_weekday: int
    second_weekday: int | None
    holiday_policy: str
    require_return_visit: bool
    service_phone: str
    supervision_phone: str
    liaison_name: str = ""
    liaison_phone: str = ""


@dataclass(frozen=True)
class VillageRow:
    id: int
    name: str
    group_count: int
    office_address: str
    remote: bool
    cadence_weeks: int
    shift: str


def set_setting(key: str, value: str) -> None:
    """Upsert a shared setting (SQLite and PostgreSQL alike)."""
    Setting.insert(key=key, value=value).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: value}
    ).execute()


def current_town_id(ctx: ServiceContext) -> int | None:
    row = Setting.get_or_none(Setting.key == CURRENT_TOWN_KEY)
    if row and row.value.isdigit() and Town.get_or_none(Town.id == int(row.value)):
        return int(row.value)
    first = Town.select(Town.id).order_by(Town.id).first()
    return first.id if first else None


def is_empty(ctx: ServiceContext) -> bool:
    return not Town.select().exists()


def town_info(ctx: ServiceContext, town_id: int | None = None) -> TownInfo | None:
    tid = town_id or ctx.town_id
    town = Town.get_or_none(Town.id == tid) if tid else None
    if town is None:
        return None
    return TownInfo(
        id=town.id,
        name=town.name,
        county=town.county,
        code=town.code,
        service_weekday=town.service_weekday,
        second_weekday=town.second_weekday,
        holiday_policy=town.holiday_policy,
        require_return_visit=town.require_return_visit,
        service_phone=town.service_phone,
        supervision_phone=town.supervision_phone,
        liaison_name=town.liaison_name,
        liaison_phone=town.liaison_phone,
    )


def list_towns(ctx: ServiceContext) -> list[tuple[int, str]]:
    return [(t_.id, t_.name) for t_ in Town.select(Town.id, Town.name).order_by(Town.id)]


def list_villages(ctx: ServiceContext, town_id: int | None = None) -> list[VillageRow]:
    tid = town_id or ctx.town_id
    q = (
        Village.select()
        .where((Village.town == tid) & (Village.archived == False))  # noqa: E712
        .order_by(Village.sort_order, Village.id)
    )
    return [
        VillageRow(
            v.id, v.name, v.group_count, v.office_address, v.remote, v.cadence_weeks, v.shift
        )
        for v in q
    ]


def find_village(ctx: ServiceContext, name: str, town_id: int | None = None) -> VillageRow:
    """A village of the current town by its name (with or without 村), or
    by a former name (a village renamed, or merged into another)."""
    text = clean_text(name, field="village", label=t("field.village"), max_len=40, required=True)
    tid = town_id or ctx.town_id
    rows = list_villages(ctx, tid)
    for row in rows:
        if text in (row.name, row.name.removesuffix("村"), row.name.removesuffix("社区")):
            return row
    by_id = {row.id: row for row in rows}
    for candidate in (text, text + "村", text + "社区"):
        alias = VillageAlias.get_or_none(
            (VillageAlias.town == tid) & (VillageAlias.name == candidate)
        )
        if alias is not None and alias.village_id in by_id:
            return by_id[alias.village_id]  # a former name (renamed, or merged into it)
    raise NotFound(
        t("town.unknown_village", name=text, known="、".join(r.name for r in rows[:8])),
        field="village",
    )


_HINT = re.compile(r"^(?P<name>[^（(/／]+?)\s*(?:[（(](?P<a>[^）)]*)[）)]|[/／](?P<b>.+))$")


def _candidate(o: Official) -> str:
    details = "，".join(x for x in (o.unit, o.post, o.phone) if x)
    left = t("town.official_left") if o.archived else ""
    return f"{o.name}（{details}{left}）" if details or left else o.name


def find_official(ctx: ServiceContext, name: str, *, in_post: bool = False) -> int:
    """An official of the current town by name. Two officials may share a
    name (two 张伟): the name may carry a hint in brackets or after a slash —
    their 单位, 职务 or phone (or its last digits), e.g. ``张伟（党政办）`` or
    ``张伟/1234``. Officials in post are preferred to ones who left; when
    still more than one fits, a Chinese message lists the candidates.
    ``in_post`` refuses an official who has left."""
    text = clean_text(name, field="official", label=t("field.official"), max_len=60, required=True)
    match = _HINT.match(text)
    base, hint = (text, "")
    if match:
        base, hint = match["name"].strip(), (match["a"] or match["b"] or "").strip()
    rows = list(Official.select().where((Official.town == ctx.town_id) & (Official.name == base)))
    if hint:
        rows = [
            o
            for o in rows
            if hint in (o.unit, o.post)
            or (hint.isdigit() and len(hint) >= 3 and o.phone.replace("-", "").endswith(hint))
            or (len(hint) >= 2 and (hint in o.unit or hint in o.post))
        ]
    if not rows:
        raise NotFound(t("town.unknown_official", name=text), field="official")
    active = [o for o in rows if not o.archived]
    if in_post and not active:
        raise ValidationError(
            t("town.official_has_left", name=_candidate(rows[0])), field="official"
        )
    rows = active or rows
    if len(rows) > 1:
        raise ValidationError(
            t(
                "town.ambiguous_official",
                name=text,
                candidates="、".join(_candidate(o) for o in rows),
                example=f"{base}（{rows[0].unit or rows[0].phone or rows[0].post}）",
            ),
            field="official",
        )
    return int(rows[0].id)


def setup_town(
    ctx: ServiceContext,
    name: str,
    villages: list[tuple[str, int]],
    *,
    code: str = "",
    county: str = "",
) -> int:
    """First run: create the town and its villages (name, number of groups)."""
    ctx.require(Perm.ADMIN)
    town_name = clean_text(name, field="town", label=t("field.town"), max_len=40, required=True)
    if not villages:
        raise ValidationError(t("town.no_villages"), field="villages")
    clean: list[tuple[str, int]] = []
    for vname, groups in villages:
        v = clean_text(vname, field="villages", label=t("field.village"), max_len=40, required=True)
        if not 1 <= groups <= 99:
            raise ValidationError(t("town.bad_groups", village=v), field="villages")
        if v in {c[0] for c in clean}:
            raise ValidationError(t("town.duplicate_village", village=v), field="villages")
        clean.append((v, groups))

    def work() -> int:
        town = audit.create(
            ctx, Town, name=town_name, county=county, code=(code or "M")[:8].upper()
        )
        for i, (vname, groups) in enumerate(clean):
            audit.create(ctx, Village, town=town, name=vname, group_count=groups, sort_order=i)
        set_setting(CURRENT_TOWN_KEY, str(town.id))
        return int(town.id)

    town_id = ctx.write(work)
    ctx.town_id = town_id
    from deskui.services.town.calendar import seed_calendar

    seed_calendar(ctx)
    return town_id
