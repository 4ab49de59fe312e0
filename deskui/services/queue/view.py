"""Everything the queue tab shows in one read: the villages a desk can pick,
the chosen village's service day and team (the town's officials when the
day has no team), its queue in arrival order, the day's figures and the
token other desks poll to notice a change."""

from __future__ import annotations

from dataclasses import dataclass

from deskui.domain.queue_rules import DayFigures
from deskui.services.context import ServiceContext
from deskui.services.queue import rows as queue_rows
from deskui.services.queue.intake import (
    DeskDay,
    DeskVillage,
    TeamMember,
    desk_day,
    desk_villages,
    town_officials,
)
from deskui.services.queue.rows import QueueToken, VisitRow


@dataclass(frozen=True)
class QueueView:
    villages: tuple[DeskVillage, ...]
    day: DeskDay | None
    team: tuple[TeamMember, ...]
    rows: tuple[VisitRow, ...]
    figures: DayFigures
    token: QueueToken | None


def queue_view(ctx: ServiceContext, village_id: int | None) -> QueueView:
    """The queue tab for ``village_id`` (the first village when it is None
    or unknown; an empty view when the town has no village)."""
    villages = tuple(desk_villages(ctx))
    ids = {v.id for v in villages}
    if village_id not in ids:
        village_id = villages[0].id if villages else None
    if village_id is None:
        return QueueView(villages, None, (), (), DayFigures(), None)
    day = desk_day(ctx, village_id)
    team = day.team or tuple(town_officials(ctx))
    place = queue_rows.resolve_village(ctx, village_id)  # once for the three reads
    rows = queue_rows.list_day(ctx, village=place)
    rows.sort(key=lambda r: (r.arrived_at, r.ticket))
    figures = queue_rows.day_figures(ctx, village=place)
    token = queue_rows.queue_token(ctx, village=place)
    return QueueView(villages, day, team, tuple(rows), figures, token)
