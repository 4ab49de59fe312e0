"""The month's matter ledger (服务群众销号台账, FORMS.md §1), streamed.

Rows are the domain's ON_LEDGER (:mod:`deskui.domain.ledger_rules`): the
matters accepted in the month, every matter accepted earlier and not crossed
off (销号) when the month began (carried over, with its latest progress —
a matter finished but never crossed off, e.g. after a 不满意 return visit,
stays on every month's ledger until it is), and so the matters finished or
crossed off during the month. 不予受理 is not a matter of the ledger, and
answers given on the spot (当场答复) never become matters. Everything is
judged as of the period's ``as_of`` date (:func:`ledger_entry`): a matter
accepted later is absent, one finished or crossed off later still reads as
open. The month's figures count the same rows: their intake is NEW_IN_MONTH.

Rows come out of :func:`ledger_rows` a page at a time (keyset on
``(accepted_on, id)``), so a county month never sits in memory whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from peewee import JOIN

from deskui.domain.deadlines import Timeliness
from deskui.domain.ledger_rules import ON_LEDGER, ledger_entry
from deskui.domain.privacy import mask_phone
from deskui.domain.roles import Perm
from deskui.domain.roster_rules import LEADER
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.figures.month import Period
from deskui.services.rules_sql import month_rule
from deskui.services.town.towns import VillageRow, list_villages
from deskui.store.models import Matter, Official, TeamMember, Village

PAGE = 500


@dataclass(frozen=True)
class LedgerRow:
    """One printed ledger line (the 序号 is added by the form)."""

    id: int
    village: str
    number: str
    accepted_on: dt.date
    origin: str
    applicant: str
    address: str  # 村组住址
    phone: str  # masked unless the operator may see it
    content: str
    category: str
    level: str
    first_receiver: str
    leader: str
    due_on: dt.date | None
    progress: str  # 办理情况: latest progress, or the result once done
    finished_on: dt.date | None
    overdue: bool  # 是否超期
    return_visit: str  # 回访情况
    satisfaction: str
    closed_on: dt.date | None
    note: str  # 备注 (上月结转 for a carried-over matter)
    carried: bool  # CARRIED_OVER: accepted before the month
    crossed_off: bool  # CROSSED_OFF_IN_MONTH
    timeliness: Timeliness | None  # against the deadline on as_of (None: never)
    due_provisional: bool = False  # the due date awaits the year's holidays
    original_number: str = ""  # 原编号: the town's own number (legacy import)
    leader_from_team: bool = False  # 责任领导 is the village team's 组长 (none on the card)


def _on_or_before(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day is not None and day <= as_of else None


@dataclass(frozen=True)
class _LeaderSpan:
    name: str
    since: dt.date | None
    until: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


def _team_leaders(village_id: int) -> list[_LeaderSpan]:
    """The village team's leaders (组长), latest first: one query a village."""
    q = (
        TeamMember.select(TeamMember.since, TeamMember.until, Official.name)
        .join(Official)
        .where((TeamMember.village == village_id) & (TeamMember.role == LEADER))
        .order_by(TeamMember.id)
    )
    spans = [_LeaderSpan(tm.official.name, tm.since, tm.until) for tm in q]
    # latest first: an open-ended span before a closed one, then by start
    spans.reverse()
    spans.sort(key=lambda s: (s.until is None, s.since or dt.date.min), reverse=True)
    return spans


def team_leader(spans: list[_LeaderSpan], day: dt.date) -> str:
    """The 组长 of the village on ``day``; the latest one when none covers it
    (a matter older than the team's records)."""
    for span in spans:
        if span.covers(day):
            return span.name
    return spans[0].name if spans else ""


def _row(m: Matter, p: Period, full: bool, leaders: list[_LeaderSpan] | None = None) -> LedgerRow:
    entry = ledger_entry(m, p.window)
    if entry is None:  # the query selects ON_LEDGER: never
        raise ValueError(f"matter {m.number} is not on the ledger of {p.label}")
    standing = entry.timeliness
    finished = m.finished_on if standing in (Timeliness.ON_TIME, Timeliness.LATE) else None
    overdue = standing is not None and standing.past_due
    visited = _on_or_before(m.return_visit_on, p.as_of)
    visitor = m.return_visitor.name if m.return_visitor_id and m.return_visitor else ""
    progress = (m.result or m.progress) if finished else m.progress
    if m.handler_unit:
        progress = "；".join(
            x for x in (t("ledger.transferred", unit=m.handler_unit), progress) if x
        )
    group = f"{m.group_no}组" if m.group_no else ""
    carried = entry.carried
    leader = m.leader.name if m.leader_id and m.leader else ""
    from_team = not leader and bool(leaders)
    if from_team:
        leader = team_leader(leaders or [], m.accepted_on)
    note = "；".join(x for x in (t("ledger.carried") if carried else "", m.note) if x)
    return LedgerRow(
        id=m.id,
        village=m.village.name,
        number=m.number,
        accepted_on=m.accepted_on,
        origin=m.origin,
        applicant=m.applicant,
        address=m.address or f"{m.village.name}{group}",
        phone=m.phone if full else mask_phone(m.phone),
        content=m.content,
        category=m.category,
        level=m.level,
        first_receiver=m.first_receiver.name,
        leader=leader,
        due_on=m.due_on,
        progress=progress,
        finished_on=finished,
        overdue=overdue,
        return_visit=t("ledger.visited", date=visited.isoformat(), who=visitor).strip()
        if visited
        else "",
        satisfaction=m.satisfaction if visited else "",
        closed_on=_on_or_before(m.closed_on, p.as_of),
        note=note,
        carried=carried,
        crossed_off=entry.crossed_off,
        timeliness=standing,
        due_provisional=bool(m.due_provisional) and finished is None,
        original_number=m.original_number or "",
        leader_from_team=from_team,
    )


def ledger_rows(ctx: ServiceContext, period: Period, village_id: int) -> Iterator[LedgerRow]:
    """The ledger lines of one village, in order of registration, a page of
    :data:`PAGE` rows fetched at a time."""
    ctx.require(Perm.EXPORT)
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    first = Official.alias()
    leader = Official.alias()
    visitor = Official.alias()
    base = (
        Matter.select(
            Matter,
            Village.id,
            Village.name,
            first.id,
            first.name,
            leader.id,
            leader.name,
            visitor.id,
            visitor.name,
        )
        .join(Village, on=(Matter.village == Village.id), attr="village")
        .switch(Matter)
        .join(first, on=(Matter.first_receiver == first.id), attr="first_receiver")
        .switch(Matter)
        .join(leader, JOIN.LEFT_OUTER, on=(Matter.leader == leader.id), attr="leader")
        .switch(Matter)
        .join(
            visitor,
            JOIN.LEFT_OUTER,
            on=(Matter.return_visitor == visitor.id),
            attr="return_visitor",
        )
        .where((Matter.village == village_id) & month_rule(ON_LEDGER, period.window))
        .order_by(Matter.accepted_on, Matter.id)
    )
    leaders = _team_leaders(village_id)
    after: tuple[dt.date, int] | None = None
    while True:
        q = base
        if after is not None:
            day, mid = after
            q = q.where(
                (Matter.accepted_on > day) | ((Matter.accepted_on == day) & (Matter.id > mid))
            )
        page = list(q.limit(PAGE))
        for m in page:
            yield _row(m, period, full, leaders)
        if len(page) < PAGE:
            return
        after = (page[-1].accepted_on, page[-1].id)


def ledger_villages(ctx: ServiceContext, village: str | None = None) -> list[VillageRow]:
    """The villages a ledger covers: the one named, or every village of the town."""
    if village:
        from deskui.services.town.towns import find_village

        return [find_village(ctx, village)]
    return list_villages(ctx)
