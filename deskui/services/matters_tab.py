"""What the 代办事项 tab and its dialogs read: a filtered page of matters
(state, village, official, category, month; most urgent first, keyset
paged) and the choices the new-card form offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from deskui.domain.dates import month_bounds
from deskui.domain.roles import Perm
from deskui.services.browse_lists import MatterRow, matters_page, matters_query
from deskui.services.context import ServiceContext
from deskui.services.matters import categories
from deskui.services.towns import list_villages
from deskui.store.models import Matter, Official


@dataclass(frozen=True)
class MatterFilter:
    """The tab's filters; ``None`` / '' means any."""

    state: str | None = None  # a state, 未办结 (default) or 全部
    village_id: int | None = None
    official_id: int | None = None  # first receiver or handler
    category: str = ""
    month: tuple[int, int] | None = None  # accepted in (year, month)


@dataclass(frozen=True)
class FormChoices:
    villages: tuple[tuple[int, str, int], ...]  # id, name, group count
    categories: tuple[str, ...]
    officials: tuple[tuple[int, str], ...]  # id, name
    first_receiver: str  # the operator's own official ('' if none)


def list_officials(ctx: ServiceContext) -> list[tuple[int, str]]:
    """The town's active officials (id, name) in name order."""
    q = (
        Official.select(Official.id, Official.name)
        .where((Official.town == ctx.town_id) & (Official.archived == False))  # noqa: E712
        .order_by(Official.name, Official.id)
    )
    return [(o.id, o.name) for o in q]


def form_choices(ctx: ServiceContext) -> FormChoices:
    """What the new-card form offers in its lists."""
    ctx.require(Perm.VIEW_ARCHIVE)
    officials = list_officials(ctx)
    own = dict(officials).get(ctx.actor.official_id or 0, "")
    return FormChoices(
        villages=tuple((v.id, v.name, v.group_count) for v in list_villages(ctx)),
        categories=tuple(categories(ctx)),
        officials=tuple(officials),
        first_receiver=own,
    )


def list_matters_page(
    ctx: ServiceContext,
    flt: MatterFilter,
    *,
    limit: int = 100,
    after: Sequence[object] | None = None,
) -> list[MatterRow]:
    """One page of matters by urgency (overdue first, most days first, then
    due today, then by due date; no due date last), filtered by ``flt``."""
    ctx.require(Perm.VIEW_ARCHIVE)
    q = matters_query(ctx, flt.state, flt.village_id)
    if flt.official_id is not None:
        q = q.where(
            (Matter.first_receiver == flt.official_id) | (Matter.handler == flt.official_id)
        )
    if flt.category:
        q = q.where(Matter.category == flt.category)
    if flt.month is not None:
        first, last = month_bounds(*flt.month)
        q = q.where(Matter.accepted_on.between(first, last))
    return matters_page(ctx, q, limit=limit, after=after)


def numbers_accepted_on(ctx: ServiceContext, day: dt.date) -> list[str]:
    """The numbers of the cards accepted on ``day`` (refused ones left out)."""
    ctx.require(Perm.VIEW_ARCHIVE)
    q = (
        Matter.select(Matter.number)
        .where(
            (Matter.town == ctx.town_id)
            & (Matter.accepted_on == day)
            & (Matter.state != "不予受理")
        )
        .order_by(Matter.year, Matter.seq)
    )
    return [m.number for m in q]
