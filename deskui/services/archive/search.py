"""Searching the household archive as the clerk types: one page of at most
``limit`` households, continued with ``after`` (the ``cursor`` of the last
row shown: keyset paging, so page 2,000 costs what page 1 costs). Rows are
plain frozen dataclasses; no model instance leaves this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from peewee import JOIN, SQL, Expression, Value, fn

from deskui.domain.privacy import mask_phone
from deskui.domain.roles import Perm
from deskui.domain.search import Query, classify_query
from deskui.services.context import ServiceContext
from deskui.store.models import Household, HouseholdTag, Official, Resident, SearchKey, Village

HEAD_RELATION = "户主"
KEY_END = "\uffff"


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
    return _household_rows(ctx, found, by_key, query if by_key else None)


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


def _group():  # type: ignore[no-untyped-def]
    return fn.COALESCE(Household.group_no, 0)


def _household_rows(
    ctx: ServiceContext,
    found: list[tuple],  # type: ignore[type-arg]
    by_key: bool,
    query: Query | None,
) -> list[HouseholdRow]:
    """Rows from ``_ROW_COLUMNS`` tuples, with their tags, the head's phone
    and (for a key search) the members the keys found, read in one statement
    (a UNION ALL of the three): a keystroke's search is two round trips."""
    ids = [f[0] for f in found]
    if not ids:
        return []
    details = _details(ctx.town_id, ids, query)
    tags: dict[int, list[str]] = {}
    phones: dict[int, str] = {}
    matched: dict[int, list[str]] = {}
    for kind, household_id, text, _order in details:
        if kind == _TAG:
            tags.setdefault(household_id, []).append(text)
        elif kind == _PHONE:
            phones.setdefault(household_id, text)
        elif text not in (names := matched.setdefault(household_id, [])):
            names.append(text)
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
                matched="、".join(n for n in matched.get(hid, []) if n != head_name),
            )
        )
    return out


_TAG, _PHONE, _MATCHED = 1, 2, 3


def _details(
    town_id: int | None, ids: list[int], query: Query | None
) -> list[tuple[int, int, str, int]]:
    """(kind, household, text, order) for the page's households: each tag
    (in the order given), the head's phone, and for a key search the members
    whose keys start with the typed text (in member order). The members are
    found like the households (:func:`_key_households`), one range of the
    (town, kind, key, household) index an arm: asked by the key range alone,
    the server read every town's keys of a common surname (陈: 18,000 keys,
    25 ms on the county) to keep the page's few. The page's ids are written
    into the statement as numbers (they are the database's own integers):
    as 200 parameters, building the statement cost more than running it."""
    page = SQL("(" + ",".join(str(int(i)) for i in ids) + ")")
    tags = HouseholdTag.select(
        Value(_TAG), HouseholdTag.household, HouseholdTag.tag, HouseholdTag.id
    ).where(HouseholdTag.household.in_(page))
    phones = Resident.select(Value(_PHONE), Resident.household, Resident.phone, Resident.id).where(
        (Resident.household.in_(page))
        & (Resident.relation == HEAD_RELATION)
        & (Resident.archived == False)  # noqa: E712
    )
    union = tags + phones  # UNION ALL
    if query is not None:

        def members(town: Expression):  # type: ignore[no-untyped-def]
            return (
                SearchKey.select(Value(_MATCHED), SearchKey.household, Resident.name, Resident.id)
                .join(Resident, on=(SearchKey.resident == Resident.id))
                .where(
                    town
                    & SearchKey.kind.in_(query.kinds)
                    & (SearchKey.key >= query.prefix)
                    & (SearchKey.key < query.prefix + KEY_END)
                    & SearchKey.household.in_(page)
                )
            )

        union = union + members(SearchKey.town == town_id) + members(SearchKey.town.is_null())
    ordered = union.order_by(SQL("1"), SQL("4"))
    return [(int(k), int(h), str(t or ""), int(o)) for k, h, t, o in ordered.tuples()]
