"""包联户: every official liaises with about 80 households and must contact
each one at least once a month (by visit or phone). This module assigns
households to officials, hands them all over when an official leaves, and
answers the desk's monthly question: which liaison households has nobody
contacted yet this month, and what share of each official's households
were reached (包联户联系率 = 本月已联系户数 ÷ 包联户数).

A household counts as contacted when any contact (登门, 电话, 微信, 来访)
was logged against it in the month, by whichever official.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import fn

from deskui.domain.dates import month_bounds
from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.household_rules import HEAD, MUST_VISIT
from deskui.domain.ledger_rules import ledger_window
from deskui.domain.privacy import mask_phone
from deskui.domain.rates import format_percent, ratio
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services import audit
from deskui.services.archive.household import check_liaison
from deskui.services.context import ServiceContext
from deskui.store.models import Contact, Household, HouseholdTag, Official, Resident, Village

NOT_CONTACTED_LIMIT = 5000


@dataclass(frozen=True)
class NotContactedRow:
    household_id: int
    official_id: int
    official: str
    village: str
    group_no: int | None
    code: str
    head_name: str
    phone: str  # the head's, masked unless the operator may see it
    tags: str  # joined with 、
    must_visit: bool  # one of the five must-visit kinds (五必访)
    last_contact: dt.date | None


@dataclass(frozen=True)
class CoverageRow:
    official_id: int
    official: str
    households: int  # 包联户数
    visited: int  # households visited at home this month (本月登门)
    phoned: int  # households phoned this month (本月电话)
    contacted: int  # households reached this month by any mode
    not_contacted: int

    @property
    def rate(self) -> float | None:
        """包联户联系率 as a float (for sorting); None when the official has no
        households. Print :attr:`rate_text`."""
        return ratio(self.contacted, self.households)

    @property
    def rate_text(self) -> str:
        """包联户联系率 as printed (``66.7%``, ``—``): the domain's one rule."""
        return format_percent(self.contacted, self.households)


def assign_households(
    ctx: ServiceContext, official_id: int | None, household_ids: Iterable[int]
) -> int:
    """Make ``official_id`` (None: nobody) the liaison of these households;
    returns how many changed."""
    ctx.require(Perm.EDIT_ARCHIVE)
    ids = list(dict.fromkeys(household_ids))

    def work() -> int:
        check_liaison(official_id)
        changed = 0
        for h in Household.select().where(Household.id.in_(ids)):
            if audit.update(ctx, h, liaison=official_id):
                changed += 1
        return changed

    return ctx.write(work)


def _held_by(official_id: int):  # type: ignore[no-untyped-def]
    """The active households whose liaison is ``official_id``."""
    return Household.select().where(
        (Household.liaison == official_id) & (Household.archived == False)  # noqa: E712
    )


def liaison_count(ctx: ServiceContext, official_id: int) -> int:
    """How many households :func:`reassign_all` would move from this official."""
    ctx.require(Perm.VIEW_ARCHIVE)
    return int(_held_by(official_id).count())


def reassign_all(ctx: ServiceContext, from_official: int, to_official: int) -> int:
    """Hand every household of one official to another (the first leaves)."""
    ctx.require(Perm.EDIT_ARCHIVE)
    if from_official == to_official:
        raise RuleViolation(t("archive.same_official"), field="official")

    def work() -> int:
        check_liaison(to_official)
        old = Official.get_by_id(from_official).name
        new = Official.get_by_id(to_official).name
        note = t("archive.audit.reassign", from_=old, to=new)
        changed = 0
        for h in _held_by(from_official):
            audit.update(ctx, h, audit_note=note, liaison=to_official)
            changed += 1
        return changed

    return ctx.write(work)


def _liaison_households(ctx: ServiceContext, official: int | None):  # type: ignore[no-untyped-def]
    q = (
        Household.select(Household.id)
        .join(Village, on=Household.village)
        .where(
            (Village.town == ctx.town_id)
            & Household.liaison.is_null(False)
            & (Household.archived == False)  # noqa: E712
        )
    )
    if official is not None:
        q = q.where(Household.liaison == official)
    return q


def _contacted_ids(first: dt.date, last: dt.date, mode: str | None = None):  # type: ignore[no-untyped-def]
    q = Contact.select(Contact.household).where(Contact.date.between(first, last))
    if mode:
        q = q.where(Contact.mode == mode)
    return q


def contact_span(
    ctx: ServiceContext, year: int, month: int, as_of: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The days whose contacts count for the month: its first day to its last,
    or to ``as_of`` if earlier (a report as of a date ignores what came
    after, like the ledger and the figures). An ``as_of`` before the month
    or after today is refused (field ``as_of``)."""
    first, last = month_bounds(year, month)
    if as_of is None:
        return first, last
    if as_of > ctx.today():
        raise ValidationError(
            t("stats.as_of_future", as_of=as_of.isoformat(), today=ctx.today().isoformat()),
            field="as_of",
        )
    window = ledger_window(year, month, as_of)
    return window.start, window.end


def not_contacted(
    ctx: ServiceContext,
    year: int,
    month: int,
    official: int | None = None,
    *,
    as_of: dt.date | None = None,
) -> list[NotContactedRow]:
    """This month's liaison households nobody has contacted yet (as of
    ``as_of``: see :func:`contact_span`), per official (by name), the five
    must-visit kinds first, then village, group, code.

    One query answers it: ``NOT EXISTS`` a contact this month and the last
    earlier contact date are correlated subqueries served by the
    contact(household, date) index, the head's phone one on
    resident(household, relation); the tags follow in a few batched reads."""
    ctx.require(Perm.VIEW_ARCHIVE)
    first, last = contact_span(ctx, year, month, as_of)
    this_month = Contact.select(Contact.id).where(
        (Contact.household == Household.id) & Contact.date.between(first, last)
    )
    before: Any = Contact.select(fn.MAX(Contact.date)).where(
        (Contact.household == Household.id) & (Contact.date < first)
    )
    phone: Any = (
        Resident.select(Resident.phone)
        .where(
            (Resident.household == Household.id)
            & (Resident.relation == HEAD)
            & (Resident.archived == False)  # noqa: E712
        )
        .order_by(Resident.id.desc())
        .limit(1)
    )
    must_visit = fn.EXISTS(
        HouseholdTag.select(HouseholdTag.id).where(
            (HouseholdTag.household == Household.id) & HouseholdTag.tag.in_(sorted(MUST_VISIT))
        )
    )
    q = (
        Household.select(
            Household.id,
            Household.liaison,
            Official.name,
            Village.name,
            Household.group_no,
            Household.code,
            Household.head_name,
            phone.alias("phone"),
            before.alias("last_contact"),
        )
        .join(Village, on=Household.village)
        .switch(Household)
        .join(Official, on=Household.liaison)
        .where(
            (Village.town == ctx.town_id)
            & (Household.archived == False)  # noqa: E712
            & ~fn.EXISTS(this_month)
        )
        .order_by(
            Official.name,
            Official.id,
            must_visit.desc(),
            Village.name,
            fn.COALESCE(Household.group_no, 0),
            Household.code,
            Household.id,
        )
        .limit(NOT_CONTACTED_LIMIT)
    )
    if official is not None:
        q = q.where(Household.liaison == official)
    found: list[tuple[Any, ...]] = list(q.tuples())  # type: ignore[arg-type]
    tags: dict[int, list[str]] = {}
    for chunk in _chunks([row[0] for row in found]):
        pairs: list[tuple[int, str]] = list(
            HouseholdTag.select(HouseholdTag.household, HouseholdTag.tag)
            .where(HouseholdTag.household.in_(chunk))
            .order_by(HouseholdTag.id)
            .tuples()  # type: ignore[arg-type]
        )
        for hid, tag in pairs:
            tags.setdefault(hid, []).append(tag)
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    rows = []
    for hid, liaison, name, village, group_no, code, head_name, head_phone, seen in found:
        htags = tags.get(hid, [])
        phone_text = head_phone or ""
        rows.append(
            NotContactedRow(
                household_id=hid,
                official_id=int(liaison or 0),
                official=name or "",
                village=village,
                group_no=group_no,
                code=code,
                head_name=head_name,
                phone=phone_text if full else mask_phone(phone_text),
                tags="、".join(htags),
                must_visit=any(tag in MUST_VISIT for tag in htags),
                last_contact=_as_date(seen),
            )
        )
    rows.sort(
        key=lambda r: (
            r.official,
            r.official_id,
            not r.must_visit,
            r.village,
            r.group_no or 0,
            r.code,
        )
    )
    return rows


def _as_date(value: object) -> dt.date | None:
    """MAX(date) comes back as a date (PostgreSQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def coverage(
    ctx: ServiceContext, year: int, month: int, *, as_of: dt.date | None = None
) -> list[CoverageRow]:
    """Per official with liaison households: how many, how many reached in the
    month (as of ``as_of``: see :func:`contact_span`)."""
    ctx.require(Perm.VIEW_ARCHIVE)
    first, last = contact_span(ctx, year, month, as_of)
    base = _liaison_households(ctx, None)

    def counts(extra=None) -> dict[int, int]:  # type: ignore[no-untyped-def]
        q = Household.select(Household.liaison, fn.COUNT(Household.id)).where(
            Household.id.in_(base)
        )
        if extra is not None:
            q = q.where(Household.id.in_(extra))
        pairs: list[tuple[int, int]] = list(q.group_by(Household.liaison).tuples())  # type: ignore[arg-type]
        return dict(pairs)

    total = counts()
    reached = counts(_contacted_ids(first, last))
    visited = counts(_contacted_ids(first, last, "登门"))
    phoned = counts(_contacted_ids(first, last, "电话"))
    name_pairs: list[tuple[int, str]] = list(
        Official.select(Official.id, Official.name).where(Official.id.in_(list(total))).tuples()  # type: ignore[arg-type]
    )
    names = dict(name_pairs)
    rows = [
        CoverageRow(
            official_id=oid,
            official=names.get(oid, ""),
            households=n,
            visited=visited.get(oid, 0),
            phoned=phoned.get(oid, 0),
            contacted=reached.get(oid, 0),
            not_contacted=n - reached.get(oid, 0),
        )
        for oid, n in total.items()
    ]
    rows.sort(key=lambda r: (r.official, r.official_id))
    return rows


def liaison_officials(ctx: ServiceContext) -> list[tuple[int, str]]:
    """(id, name) of the town's active officials, for pickers."""
    q = (
        Official.select(Official.id, Official.name)
        .where((Official.town == ctx.town_id) & (Official.archived == False))  # noqa: E712
        .order_by(Official.name, Official.id)
    )
    return [(o.id, o.name) for o in q]


def liaison_holders(ctx: ServiceContext) -> list[tuple[int, str, bool]]:
    """(id, name, archived) of the town's officials who hold active liaison
    households, those no longer active too (one who left may still hold
    some): whom a hand-over can move households from."""
    held = Household.select(Household.liaison).where(
        Household.liaison.is_null(False) & (Household.archived == False)  # noqa: E712
    )
    q = (
        Official.select(Official.id, Official.name, Official.archived)
        .where((Official.town == ctx.town_id) & Official.id.in_(held))
        .order_by(Official.archived, Official.name, Official.id)
    )
    return [(o.id, o.name, bool(o.archived)) for o in q]


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
