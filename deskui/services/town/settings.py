"""The service-day settings: the town's weekday(s) and holiday policy, and a
village's place, cadence, shift and hours. Admin only, audited.

Changing a setting does not rewrite duty days already generated: the next
``roster.generate`` over a range applies it (keeping edited or signed days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from deskui.domain import town_rules
from deskui.domain.errors import NotFound, ValidationError
from deskui.domain.roles import Perm
from deskui.domain.town_rules import TownSettings, VillageSettings
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.roster.teams import check_village_clashes
from deskui.services.town.towns import find_village
from deskui.store.models import Town, Village

TOWN_FIELDS = ("service_weekday", "second_weekday", "second_week_parity", "holiday_policy")
VILLAGE_FIELDS = tuple(VillageSettings.__dataclass_fields__)


def _town(ctx: ServiceContext) -> Town:
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    if town is None:
        raise NotFound(t("roster.no_town"))
    return town


def _unknown(fields: dict[str, Any], known: tuple[str, ...]) -> None:
    extra = sorted(set(fields) - set(known))
    if extra:
        raise ValidationError(t("rset.unknown_field", names="、".join(extra)), field=extra[0])


def town_settings(ctx: ServiceContext) -> TownSettings:
    town = _town(ctx)
    return TownSettings(
        town.service_weekday, town.second_weekday, town.second_week_parity, town.holiday_policy
    )


def update_town_settings(ctx: ServiceContext, **fields: Any) -> TownSettings:
    """Change some of ``service_weekday``, ``second_weekday`` (None clears it,
    and its parity with it), ``second_week_parity`` (单周 / 双周 / 每周) and
    ``holiday_policy`` (取消 / 顺延). All checked before anything is written."""
    ctx.require(Perm.ADMIN)
    _unknown(fields, TOWN_FIELDS)
    merged = {**asdict(town_settings(ctx)), **fields}
    if "second_weekday" in fields and fields["second_weekday"] in (None, "", "无"):
        merged["second_week_parity"] = fields.get("second_week_parity") or None
    checked = town_rules.check_town(
        merged["service_weekday"],
        merged["second_weekday"],
        merged["second_week_parity"],
        merged["holiday_policy"],
    )

    def work() -> None:
        audit.update(ctx, _town(ctx), audit_note=t("rset.town_note"), **asdict(checked))

    ctx.write(work)
    return checked


@dataclass(frozen=True)
class LoopRules:
    """The town's rules for the matter loop's order."""

    sign_before_visit: bool  # 回访 only after 签字确认 (default)
    require_return_visit: bool  # 销号 only after 回访 (default)


def loop_rules(ctx: ServiceContext) -> LoopRules:
    town = _town(ctx)
    return LoopRules(bool(town.sign_before_visit), bool(town.require_return_visit))


def update_loop_rules(
    ctx: ServiceContext,
    *,
    sign_before_visit: bool | None = None,
    require_return_visit: bool | None = None,
) -> LoopRules:
    """Relax or restore the loop's order (admin; audited). ``None`` keeps a
    rule as it is. 销号 always needs the applicant's signature."""
    ctx.require(Perm.ADMIN)
    changes = {
        k: v
        for k, v in (
            ("sign_before_visit", sign_before_visit),
            ("require_return_visit", require_return_visit),
        )
        if v is not None
    }
    if changes:
        ctx.write(lambda: audit.update(ctx, _town(ctx), audit_note=t("rset.loop_note"), **changes))
    return loop_rules(ctx)


def _village(ctx: ServiceContext, village: str) -> Village:
    return Village.get_by_id(find_village(ctx, village).id)


def _settings_of(v: Village) -> VillageSettings:
    return VillageSettings(
        v.office_address, v.cadence_weeks, v.cadence_anchor, v.shift, v.am_hours, v.pm_hours
    )


def village_settings(ctx: ServiceContext, village: str) -> VillageSettings:
    return _settings_of(_village(ctx, village))


def update_village_settings(ctx: ServiceContext, village: str, **fields: Any) -> VillageSettings:
    """Change some of a village's ``office_address``, ``cadence_weeks``
    (1 / 2 or 每周 / 隔周), ``cadence_anchor`` (a date it served, needed every
    other week), ``shift`` and ``am_hours`` / ``pm_hours``. Refuses a change
    that would put a team member on two villages at the same hour."""
    ctx.require(Perm.ADMIN)
    _unknown(fields, VILLAGE_FIELDS)
    v = _village(ctx, village)
    merged = {**asdict(_settings_of(v)), **fields}
    anchor = merged["cadence_anchor"]
    if anchor is not None and not isinstance(anchor, dt.date):
        raise ValidationError(t("rset.rule.bad_anchor"), field="cadence_anchor")
    checked = town_rules.check_village(
        merged["office_address"],
        merged["cadence_weeks"],
        anchor,
        merged["shift"],
        merged["am_hours"],
        merged["pm_hours"],
    )
    check_village_clashes(ctx, v.id, checked.rule())

    def work() -> None:
        audit.update(ctx, v, audit_note=t("rset.village_note", village=v.name), **asdict(checked))

    ctx.write(work)
    return checked
