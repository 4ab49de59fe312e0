"""Read-only lists for the desk's header and its four tabs.

Every function here fetches only what one screen shows: a page of at most
``limit`` rows, continued with ``after`` (the ``cursor`` of the last row
shown: keyset paging, so page 2,000 costs what page 1 costs). Rows are plain
frozen dataclasses; no model instance leaves this module.

The matter and roster lists live in :mod:`deskui.services.browse_lists`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from peewee import JOIN, Expression, fn

from deskui.domain.privacy import mask_phone
from deskui.domain.roles import Perm
from deskui.domain.search import Query, classify_query
from deskui.services.browse_lists import (
    DutyRow,
    MatterRow,
    list_matters,
    overdue_count,
    roster_of_month,
)
from deskui.services.context import ServiceContext
from deskui.store.database import StorageError, storage_errors
from deskui.store.models import (
    DutyDay,
    Household,
    HouseholdTag,
    Official,
    Resident,
    SearchKey,
    Town,
    Village,
    Visit,
)

__all__ = [
    "DutyRow",
    "HeaderInfo",
    "HouseholdRow",
    "MatterRow",
    "VisitRow",
    "header_info",
    "list_matters",
    "overdue_count",
    "reading",
    "roster_of_month",
    "search_households",
    "visits_of_day",
]

HEAD_RELATION = "户主"
KEY_END = "\uffff"


@contextmanager
def reading(ctx: ServiceContext) -> Iterator[None]:
    """A connection for the calling worker thread, closed when done.

    Peewee keeps one connection a thread; a UI worker thread opens its own
    here and closes it afterwards, so threads never share a connection and
    finished workers leave none behind (a thread already connected opens
    none). A database failure comes out as a Chinese :class:`StorageError`.
    """
    opened = ctx.db.is_closed()
    try:
        if opened:
            ctx.db.connect()
        yield
    except storage_errors() as exc:
        # The desk shows this next to the form and keeps what was typed; a
        # raw driver error would end the whole program.
        raise StorageError(exc) from exc
    finally:
        if opened:
            ctx.db.close()


# --------------------------------------------------------------------- header


@dataclass(frozen=True)
class HeaderInfo:
    town_name: str
    today: dt.date
    service_villages: tuple[str, ...]  # villages with a service day (安排) today
    overdue: int
    unknown_years: tuple[int, ...]  # holiday calendar years not set yet
    operator: str
    role: str

    @property
    def is_service_day(self) -> bool:
        return bool(self.service_villages)


def header_info(ctx: ServiceContext) -> HeaderInfo:
    """What the desk's header shows: town, today, service day, overdue count."""
    from deskui.services.calendar import unknown_years

    today = ctx.today()
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    villages: tuple[str, ...] = ()
    if town is not None:
        q = (
            Village.select(Village.name)
            .join(DutyDay, on=(DutyDay.village == Village.id))
            .where(
                (Village.town == town.id)
                & (DutyDay.date == today)
                & (DutyDay.status == "安排")
                & (Village.archived == False)  # noqa: E712
            )
            .distinct()
            .order_by(Village.name)
        )
        villages = tuple(sorted({v.name for v in q}, key=_village_order(ctx)))
    return HeaderInfo(
        town_name=town.name if town else "",
        today=today,
        service_villages=villages,
        overdue=overdue_count(ctx) if town else 0,
        unknown_years=tuple(unknown_years(ctx, today)),
        operator=ctx.actor.display_name,
        role=ctx.actor.role.value,
    )


def _village_order(ctx: ServiceContext):  # type: ignore[no-untyped-def]
    order = {
        v.name: (v.sort_order, v.id)
        for v in Village.select(Village.name, Village.sort_order, Village.id).where(
            Village.town == ctx.town_id
        )
    }
    return lambda name: order.get(name, (0, 0))


# ------------------------------------------------------------------ archive


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    village: str
    group_no: int | None
    code: str
    head_name: str
    size: int
    tags: str  # joined with 、
    liaison: str
    phone: str  # the head's phone, masked unless the operator may see it
    cursor: tuple[object, ...]  # pass as ``after`` to get the next page
    matched: str = ""  # members other than the head that a key search found


def _search_condition(
    ctx: ServiceContext, query: Query, after_id: int | None
) -> tuple[Expression | None, bool]:
    """The WHERE part a query adds, and whether results come in id order
    (a key search) rather than village/group/code order (a plain listing)."""
    if query.kind == "empty":
        return None, False
    if query.kind == "group":
        return Household.group_no == query.group_no, False
    return Household.id.in_(_key_households(ctx.town_id, query, after_id)), True


def _key_households(town_id: int | None, query: Query, after_id: int | None):  # type: ignore[no-untyped-def]
    """The households whose keys of this town start with the prefix.

    Each arm is one range of the covering index (town, kind, key, household),
    so a common surname reads that town's matches only, never the county's.
    The second arm takes the keys no writer gave a town yet (none, once every
    writer sets it: an empty range); the outer query's town filter still
    decides. Past ``after_id`` only, so page 2,000 reads no more than page 1.
    """

    def arm(town: Expression):  # type: ignore[no-untyped-def]
        cond = (
            town
            & SearchKey.kind.in_(query.kinds)
            & (SearchKey.key >= query.prefix)
            & (SearchKey.key < query.prefix + KEY_END)
        )
        if after_id is not None:
            cond &= SearchKey.household > after_id
        return SearchKey.select(SearchKey.household).where(cond)

    return arm(SearchKey.town == town_id) + arm(SearchKey.town.is_null())  # UNION ALL


def search_households(
    ctx: ServiceContext,
    text: str = "",
    *,
    village_id: int | None = None,
    tag: str | None = None,
    liaison_id: int | None = None,
    limit: int = 50,
    after: Sequence[object] | None = None,
) -> list[HouseholdRow]:
    """One page of the archive: households matching the search text (name,
    pinyin initials, phone or ID tail, ``3组``), filtered by village, tag
    and liaison official. An empty text lists by village, group and code."""
    ctx.require(Perm.VIEW_ARCHIVE)
    query = classify_query(text)
    after_id = int(str(after[0])) if after and query.kinds else None
    cond, by_key = _search_condition(ctx, query, after_id)
    q = (
        Household.select(*_ROW_COLUMNS)
        .join(Village, on=Household.village)
        .switch(Household)
        .join(Official, JOIN.LEFT_OUTER, on=Household.liaison)
        .where((Village.town == ctx.town_id) & (Household.archived == False))  # noqa: E712
    )
    if cond is not None:
        q = q.where(cond)
    if village_id is not None:
        q = q.where(Household.village == village_id)
    if tag:
        q = q.where(
            Household.id.in_(
                HouseholdTag.select(HouseholdTag.household).where(HouseholdTag.tag == tag)
            )
        )
    if liaison_id is not None:
        q = q.where(Household.liaison == liaison_id)
    if by_key:
        if after_id is not None:
            q = q.where(Household.id > after_id)
        q = q.order_by(Household.id)
    else:
        if after:
            v, g, c, i = after
            q = q.where(
                (Household.village > v)
                | ((Household.village == v) & (_group() > g))
                | ((Household.village == v) & (_group() == g) & (Household.code > c))
                | (
                    (Household.village == v)
                    & (_group() == g)
                    & (Household.code == c)
                    & (Household.id > i)
                )
            )
        q = q.order_by(Household.village, _group(), Household.code, Household.id)
    found: list[tuple] = list(q.limit(limit).tuples())  # type: ignore[type-arg,arg-type]
    rows = _household_rows(ctx, found, by_key)
    if by_key and rows:
        rows = _with_matched(rows, query)
    return rows


# What a row shows, and nothing else (no notes or problems texts), read as
# tuples: a page costs its rows, not 50 model instances.
_ROW_COLUMNS = (
    Household.id,
    Household.village,
    Household.group_no,
    Household.code,
    Household.head_name,
    Household.size,
    Village.name,
    Official.name,
)


def _with_matched(rows: list[HouseholdRow], query: Query) -> list[HouseholdRow]:
    """Name the members a key search found, where that is not the head."""
    found: dict[int, list[str]] = {}
    q = (
        SearchKey.select(SearchKey.household, Resident.name)
        .join(Resident, on=(SearchKey.resident == Resident.id))
        .where(
            (SearchKey.key >= query.prefix)
            & (SearchKey.key < query.prefix + KEY_END)
            & (SearchKey.kind.in_(query.kinds))
            & SearchKey.household.in_([r.id for r in rows])
        )
        .order_by(Resident.id)
    )
    pairs: list[tuple[int, str]] = list(q.tuples())  # type: ignore[arg-type]
    for household_id, name in pairs:
        names = found.setdefault(household_id, [])
        if name not in names:
            names.append(name)
    return [
        replace(r, matched="、".join(n for n in found.get(r.id, []) if n != r.head_name))
        for r in rows
    ]


def _group():  # type: ignore[no-untyped-def]
    return fn.COALESCE(Household.group_no, 0)


def _household_rows(ctx: ServiceContext, found: list[tuple], by_key: bool) -> list[HouseholdRow]:  # type: ignore[type-arg]
    """Rows from ``_ROW_COLUMNS`` tuples, with tags and the head's phone."""
    ids = [f[0] for f in found]
    if not ids:
        return []
    tags: dict[int, list[str]] = {}
    for row in (
        HouseholdTag.select(HouseholdTag.household, HouseholdTag.tag)
        .where(HouseholdTag.household.in_(ids))
        .order_by(HouseholdTag.id)
    ):
        tags.setdefault(row.household_id, []).append(row.tag)
    phones: dict[int, str] = {}
    for res in Resident.select(Resident.household, Resident.phone).where(
        (Resident.household.in_(ids))
        & (Resident.relation == HEAD_RELATION)
        & (Resident.archived == False)  # noqa: E712
    ):
        phones.setdefault(res.household_id, res.phone)
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    out = []
    for hid, village_id, group_no, code, head_name, size, village, liaison in found:
        phone = phones.get(hid, "")
        cursor: tuple[object, ...] = (hid,) if by_key else (village_id, group_no or 0, code, hid)
        out.append(
            HouseholdRow(
                id=hid,
                village=village,
                group_no=group_no,
                code=code,
                head_name=head_name,
                size=size,
                tags="、".join(tags.get(hid, [])),
                liaison=liaison or "",
                phone=phone if full else mask_phone(phone),
                cursor=cursor,
            )
        )
    return out


# ------------------------------------------------------------------- visits


@dataclass(frozen=True)
class VisitRow:
    id: int
    ticket: int
    name: str
    village: str
    group_no: int | None
    reason: str
    status: str
    official: str
    arrived_at: dt.datetime
    called_at: dt.datetime | None
    finished_at: dt.datetime | None
    wait_minutes: int  # arrival to call, or to now while still waiting


def visits_of_day(
    ctx: ServiceContext, day: dt.date, village_id: int | None = None, *, limit: int = 1000
) -> list[VisitRow]:
    """The visitor queue of one day, in order of arrival."""
    ctx.require(Perm.QUEUE)
    q = (
        Visit.select(Visit, Village.id, Village.name, Official.id, Official.name)
        .join(Village, on=Visit.village)
        .switch(Visit)
        .join(Official, JOIN.LEFT_OUTER, on=Visit.official)
        .where((Visit.date == day) & (Village.town == ctx.town_id))
    )
    if village_id is not None:
        q = q.where(Visit.village == village_id)
    now = ctx.now()
    out = []
    for v in q.order_by(Visit.arrived_at, Visit.id).limit(limit):
        end = v.called_at or (now if v.status == "等候" and day == now.date() else v.finished_at)
        wait = max(0, int((end - v.arrived_at).total_seconds() // 60)) if end else 0
        out.append(
            VisitRow(
                id=v.id,
                ticket=v.ticket,
                name=v.name,
                village=v.village.name,
                group_no=v.group_no,
                reason=v.reason,
                status=v.status,
                official=v.official.name if v.official is not None else "",
                arrived_at=v.arrived_at,
                called_at=v.called_at,
                finished_at=v.finished_at,
                wait_minutes=wait,
            )
        )
    return out
