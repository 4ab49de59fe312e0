"""The lists of matters the desk and the CLI read: a filtered page of
matters (state, village, official, category, month; most urgent first,
keyset paged) and the choices the new-card form
offers. The 代办事项 tab and ``deskui matter list`` read the same pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peewee import JOIN

from deskui.domain.dates import month_bounds
from deskui.domain.deadlines import IS_OVERDUE, urgency_of
from deskui.domain.matter_flow import State
from deskui.domain.pinyin import full_pinyin
from deskui.domain.roles import Perm
from deskui.services.context import ServiceContext
from deskui.services.matters.cards import categories
from deskui.services.rules_sql import matter_rule
from deskui.services.town.officials import distinct_labels
from deskui.services.town.towns import list_villages
from deskui.store.models import Matter, Official, Village

OPEN_STATES = tuple(s.value for s in State if s.open)
STATE_ALL = "全部"
STATE_OPEN = "未办结"
CONTENT_SHORT = 24
NO_DUE = "no_due"  # an open matter without a due date (not expected, shown last)


def _name(official: Any) -> str:
    """An official's name, '' for a missing one (nullable foreign keys)."""
    return str(official.name) if official is not None else ""


# ------------------------------------------------------------------ matters


@dataclass(frozen=True)
class MatterRow:
    id: int
    number: str
    applicant: str
    village: str
    group_no: int | None
    content: str  # shortened to one line
    level: str
    state: str
    accepted_on: dt.date
    due_on: dt.date | None
    first_receiver: str
    handler: str
    urgency: str  # overdue / due_today / ok / done (deskui.domain.deadlines), or no_due
    days: int  # days overdue / left, as urgency() counts them
    cursor: tuple[object, ...]  # pass as ``after`` for the next page
    due_provisional: bool = False  # counted through a year whose holidays are not set


def _short(text: str) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= CONTENT_SHORT else line[: CONTENT_SHORT - 1] + "…"


def _state_filter(state: str | None):  # type: ignore[no-untyped-def]
    if state in (None, "", STATE_OPEN):
        return Matter.state.in_(OPEN_STATES)
    if state == STATE_ALL:
        return None
    return Matter.state == state


def matters_query(ctx: ServiceContext, state: str | None, village_id: int | None) -> Any:
    """The town's matters joined to their village, first receiver and
    handler, filtered by state (see :func:`list_matters_page`) and village."""
    handler = Official.alias()
    q = (
        Matter.select(
            Matter, Village.id, Village.name, Official.id, Official.name, handler.id, handler.name
        )
        .join(Village, on=Matter.village)
        .switch(Matter)
        .join(Official, on=Matter.first_receiver)
        .switch(Matter)
        .join(handler, JOIN.LEFT_OUTER, on=Matter.handler)
        .where(Matter.town == ctx.town_id)
    )
    cond = _state_filter(state)
    if cond is not None:
        q = q.where(cond)
    if village_id is not None:
        q = q.where(Matter.village == village_id)
    return q


def matters_page(
    ctx: ServiceContext, q: Any, *, limit: int, after: Sequence[object] | None
) -> list[MatterRow]:
    """One keyset page of ``q`` by urgency: by due date (overdue first, the
    most days first), matters without a due date last."""
    if after:
        due, last_id = after
        if due is None:
            q = q.where(Matter.due_on.is_null() & (Matter.id > last_id))
        else:
            q = q.where(
                (Matter.due_on > due)
                | ((Matter.due_on == due) & (Matter.id > last_id))
                | Matter.due_on.is_null()
            )
    q = q.order_by(Matter.due_on.asc(nulls="LAST"), Matter.id).limit(limit)
    today = ctx.today()
    out = []
    for m in q:
        u = urgency_of(m, today)
        kind, days = (NO_DUE, 0) if u is None else (u.state, u.days)
        out.append(
            MatterRow(
                id=m.id,
                number=m.number,
                applicant=m.applicant,
                village=m.village.name,
                group_no=m.group_no,
                content=_short(m.content),
                level=m.level,
                state=m.state,
                accepted_on=m.accepted_on,
                due_on=m.due_on,
                first_receiver=m.first_receiver.name,
                handler=_name(m.handler),
                urgency=kind,
                days=days,
                cursor=(m.due_on, m.id),
                due_provisional=bool(m.due_provisional),
            )
        )
    return out


@dataclass(frozen=True)
class MatterFilter:
    """The tab's filters; ``None`` / '' means any."""

    state: str | None = None  # a state, 未办结 (default) or 全部
    village_id: int | None = None
    official_id: int | None = None  # first receiver or handler
    category: str = ""
    month: tuple[int, int] | None = None  # accepted in (year, month)
    overdue: bool = False  # only the open matters past their due date today (超期)
    number: str = ""  # a deskui number or 原编号 (or a part of one)


@dataclass(frozen=True)
class FormChoices:
    villages: tuple[tuple[int, str, int], ...]  # id, name, group count
    categories: tuple[str, ...]
    officials: tuple[tuple[int, str], ...]  # id, label (namesakes told apart)
    first_receiver: str  # the operator's own official's label ('' if none)
    own_official: int | None = None  # the operator's own official (in post)


def list_officials(ctx: ServiceContext) -> list[tuple[int, str]]:
    """The town's officials in post (id, label) in pinyin order (曾 under
    z, as a clerk reads it), two of one name told apart by
    :func:`~deskui.services.town.officials.distinct_labels`."""
    q = Official.select(
        Official.id, Official.name, Official.unit, Official.phone, Official.post
    ).where((Official.town == ctx.town_id) & (Official.archived == False))  # noqa: E712
    found = list(q)
    labels = distinct_labels(found)
    found.sort(key=lambda o: (full_pinyin(o.name), labels[o.id], o.id))
    return [(int(o.id), labels[o.id]) for o in found]


def form_choices(ctx: ServiceContext) -> FormChoices:
    """What the new-card form offers in its lists."""
    ctx.require(Perm.VIEW_ARCHIVE)
    officials = list_officials(ctx)
    labels = dict(officials)
    mine = ctx.actor.official_id if ctx.actor.official_id in labels else None
    return FormChoices(
        villages=tuple((v.id, v.name, v.group_count) for v in list_villages(ctx)),
        categories=tuple(categories(ctx)),
        officials=tuple(officials),
        first_receiver=labels.get(mine or 0, ""),
        own_official=mine,
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
    return matters_page(ctx, _filtered(ctx, flt), limit=limit, after=after)


def count_matters(ctx: ServiceContext, flt: MatterFilter) -> int:
    """How many matters ``flt`` lets through (the tab's 共 N 件 while it
    shows the first page)."""
    return int(_filtered(ctx, flt).count())


def _filtered(ctx: ServiceContext, flt: MatterFilter) -> Any:
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
    if flt.overdue:
        q = q.where(matter_rule(IS_OVERDUE, as_of=ctx.today()))
    if flt.number.strip():
        part = "".join(flt.number.split())
        q = q.where(Matter.number.contains(part.upper()) | Matter.original_number.contains(part))
    return q


def numbers_accepted_on(ctx: ServiceContext, day: dt.date) -> list[str]:
    """The numbers of the cards accepted on ``day`` (refused ones left out)."""
    ctx.require(Perm.VIEW_ARCHIVE)
    q = (
        Matter.select(Matter.number)
        .where(
            (Matter.town == ctx.town_id)
            & (Matter.accepted_on == day)
            & (Matter.state != State.REFUSED.value)
        )
        .order_by(Matter.year, Matter.seq)
    )
    return [m.number for m in q]


def numbers_of_visits(ctx: ServiceContext, visit_ids: list[int]) -> dict[int, str]:
    """The card number each visit opened (受理代办), by visit id; several
    cards of one visit are joined with 、."""
    ctx.require(Perm.VIEW_ARCHIVE)
    out: dict[int, list[str]] = {}
    for i in range(0, len(visit_ids), 500):
        q = (
            Matter.select(Matter.visit, Matter.number)
            .where((Matter.town == ctx.town_id) & Matter.visit.in_(visit_ids[i : i + 500]))
            .order_by(Matter.year, Matter.seq)
        )
        for m in q:
            if m.visit_id is not None:
                out.setdefault(m.visit_id, []).append(m.number)
    return {visit: "、".join(numbers) for visit, numbers in out.items()}
