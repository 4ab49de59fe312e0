"""The month's figures (驻村服务日工作月统计): per village, per official and for
the town, as of a date, with the rates of :mod:`deskui.domain.rates`.

The counting is done by the database (:mod:`figures_queries`); this module
fixes the period, names the rows and adds the totals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from deskui.domain.dates import month_bounds, parse_date, parse_month
from deskui.domain.errors import NotFound, ValidationError
from deskui.domain.ledger_rules import MonthWindow
from deskui.domain.rates import Counts
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.figures import queries as fq
from deskui.services.town.officials import distinct_labels
from deskui.store.models import Official, Town, Village

STAFF = "镇干部"


@dataclass(frozen=True)
class Period:
    """A month, counted as of a date: acceptance in [start, end], states
    judged on ``as_of`` (end = the month's last day, or ``as_of`` if earlier)."""

    year: int
    month: int
    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def window(self) -> MonthWindow:
        """The month as the domain's ledger rules read it."""
        return MonthWindow(self.start, self.end, self.as_of)


def month_period(
    ctx: ServiceContext,
    month: str | tuple[int, int],
    as_of: str | dt.date | None = None,
) -> Period:
    """The period of ``month`` (``2026-11``) as of ``as_of`` (default: today
    for the current month, the month's last day for an earlier one).
    A month still to come, or an ``as_of`` outside [month start, today], is
    refused with a message naming the field."""
    year, mon = (
        parse_month(month, field="month", label=t("stats.month_label"))
        if isinstance(month, str)
        else month
    )
    first, last = month_bounds(year, mon)
    today = ctx.today()
    if first > today:
        raise ValidationError(
            t("stats.future_month", year=year, month=mon, today=today.isoformat()), field="month"
        )
    if as_of is None or as_of == "":
        day = min(today, last)
    elif isinstance(as_of, dt.date):
        day = as_of
    else:
        day = parse_date(as_of, field="as_of", label=t("stats.as_of_label"))
    if day < first:
        raise ValidationError(
            t("stats.as_of_before", as_of=day.isoformat(), year=year, month=mon), field="as_of"
        )
    if day > today:
        raise ValidationError(
            t("stats.as_of_future", as_of=day.isoformat(), today=today.isoformat()),
            field="as_of",
        )
    return Period(year, mon, first, min(last, day), day)


@dataclass(frozen=True)
class FigureRow:
    id: int
    name: str
    counts: Counts

    @property
    def flagged(self) -> bool:
        """满意率 under 80%."""
        return self.counts.below_floor


@dataclass(frozen=True)
class DayBar:
    """One service day: visitors received and matters accepted."""

    date: dt.date
    visits: int
    matters: int


@dataclass(frozen=True)
class MonthFigures:
    town: str
    period: Period
    villages: tuple[FigureRow, ...]
    officials: tuple[FigureRow, ...]
    days: tuple[DayBar, ...]

    @property
    def village_total(self) -> Counts:
        return Counts.total(r.counts for r in self.villages)

    @property
    def official_total(self) -> Counts:
        return Counts.total(r.counts for r in self.officials)

    @property
    def empty(self) -> bool:
        """Nothing happened in the month (the form is still printed, blank):
        no service day, visit, contact or matter; liaison households alone do
        not count as activity."""
        total = replace(self.village_total, liaison=0)
        return not self.days and total.is_empty()


def _gather(town: int, by: str, p: Period) -> fq.Grouped:
    merged = fq.new_grouped()
    parts = (
        fq.service_days(town, by, p.start, p.end),
        fq.visits(town, by, p.start, p.end),
        fq.home_visits(town, by, p.start, p.end),
        fq.matters(town, by, p.window),
        fq.return_visits(town, by, p.start, p.end),
        fq.liaison(town, by, p.start, p.end),
    )
    for part in parts:
        for key, values in part.items():
            merged[key].update(values)
    return merged


def _counts(values: dict[str, int]) -> Counts:
    counts = Counts(**values)
    return Counts(**{**values, "open": counts.accepted - counts.done})


def require_town(ctx: ServiceContext) -> Town:
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    if town is None:
        raise NotFound(t("stats.no_town"), field="town")
    return town


def month_figures(
    ctx: ServiceContext,
    month: str | tuple[int, int],
    as_of: str | dt.date | None = None,
) -> MonthFigures:
    """The month's figures of the current town (FORMS.md §2)."""
    ctx.require(Perm.EXPORT)
    period = month_period(ctx, month, as_of)
    town = require_town(ctx)
    by_village = _gather(town.id, "village", period)
    villages = tuple(
        FigureRow(v.id, v.name, _counts(by_village.get(v.id, {})))
        for v in Village.select(Village.id, Village.name)
        .where((Village.town == town.id) & (Village.archived == False))  # noqa: E712
        .order_by(Village.sort_order, Village.id)
    )
    by_official = _gather(town.id, "official", period)
    officials = []
    everyone = list(
        Official.select(
            Official.id, Official.name, Official.kind, Official.archived, Official.unit,
            Official.phone, Official.post,
        )
        .where(Official.town == town.id)
        .order_by(Official.is_leader.desc(), Official.id)
    )  # fmt: skip
    # one row an official (by id): two 张伟 stay two rows, told apart by 单位 or phone
    labels = distinct_labels(everyone)
    for o in everyone:
        counts = _counts(by_official.get(o.id, {}))
        if counts.is_empty() and (o.archived or o.kind != STAFF):
            continue  # helpers and archived officials appear only with figures
        officials.append(FigureRow(o.id, labels[o.id], counts))
    days = tuple(DayBar(d, v, m) for d, v, m in fq.by_day(town.id, period.start, period.end))
    return MonthFigures(town.name, period, villages, tuple(officials), days)
