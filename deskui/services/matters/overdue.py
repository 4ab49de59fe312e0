"""The town's overdue count (超期未办结), apart from the matters tab's lists:
the desk's header shows it at start-up, and importing the lists would bring
the card, step and calendar modules along before the first frame."""

from __future__ import annotations

from peewee import fn

from deskui.domain.deadlines import IS_OVERDUE
from deskui.services.context import ServiceContext
from deskui.services.rules_sql import matter_rule
from deskui.store.models import Matter


def overdue_count(ctx: ServiceContext) -> int:
    """Open matters of the town whose due date has passed (超期未办结)."""
    return int(
        Matter.select(fn.COUNT(Matter.id))
        .where((Matter.town == ctx.town_id) & matter_rule(IS_OVERDUE, as_of=ctx.today()))
        .scalar()
        or 0
    )
