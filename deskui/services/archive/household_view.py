"""Reading one household's file (一户一档) whole: members with ID numbers
and phones masked for the operator's role, sex and age derived from the ID
number, tags, liaison official, contact log, visits and matters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from deskui.domain.errors import NotFound
from deskui.domain.household_rules import HEAD
from deskui.domain.idnumber import age_on
from deskui.domain.privacy import mask_id, mask_phone
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.store.models import (
    Contact,
    Household,
    HouseholdTag,
    Matter,
    Official,
    Resident,
    Village,
    Visit,
)

HISTORY_LIMIT = 50


@dataclass(frozen=True)
class MemberView:
    id: int
    name: str
    relation: str
    id_number: str  # masked unless the operator may see it
    sex: str
    age: int | None
    birth_date: dt.date | None
    phone: str  # masked likewise
    occupation: str
    working_away: bool
    health: str
    school: str
    income: int | None
    note: str
    archived: bool


@dataclass(frozen=True)
class ContactView:
    id: int
    date: dt.date
    official: str
    mode: str
    event_kind: str
    note: str
    follow_up: bool


@dataclass(frozen=True)
class VisitView:
    date: dt.date
    name: str
    reason: str
    outcome: str
    official: str


@dataclass(frozen=True)
class MatterView:
    number: str
    applicant: str
    content: str
    state: str
    accepted_on: dt.date
    due_on: dt.date | None


@dataclass(frozen=True)
class HouseholdDetail:
    id: int
    town: str
    village_id: int
    village: str
    group_no: int | None
    code: str
    address: str
    head_name: str
    size: int
    economy: str
    income: int | None
    tags: tuple[str, ...]
    liaison_id: int | None
    liaison: str
    problems: str
    demands: str
    note: str
    members: tuple[MemberView, ...]  # active first (head first), then archived
    contacts: tuple[ContactView, ...]  # newest first
    visits: tuple[VisitView, ...]
    matters: tuple[MatterView, ...]
    full_id: bool  # the ID numbers and phones above are unmasked
    # how many there are in all (the lists above hold the newest few)
    contact_count: int = 0
    visit_count: int = 0
    matter_count: int = 0

    @property
    def head(self) -> MemberView | None:
        return next((m for m in self.members if m.relation == HEAD and not m.archived), None)


# ------------------------------------------------------------------ reading


def _household(household_id: int) -> Household:
    h = Household.get_or_none(Household.id == household_id)
    if h is None:
        raise NotFound(t("archive.household_not_found", id=household_id), field="household")
    return h


def _member(member_id: int) -> Resident:
    r = Resident.get_or_none(Resident.id == member_id)
    if r is None:
        raise NotFound(t("archive.member_not_found", id=member_id), field="member")
    return r


def member_view(r: Resident, today: dt.date, full: bool) -> MemberView:
    return MemberView(
        id=r.id,
        name=r.name,
        relation=r.relation,
        id_number=(r.id_number or "") if full else mask_id(r.id_number),
        sex=r.sex,
        age=age_on(r.birth_date, today) if r.birth_date else None,
        birth_date=r.birth_date,
        phone=r.phone if full else mask_phone(r.phone),
        occupation=r.occupation,
        working_away=r.working_away,
        health=r.health,
        school=r.school,
        income=r.income,
        note=r.note,
        archived=r.archived,
    )


def member_order(r: Resident) -> tuple[bool, bool, int]:
    return (r.archived, r.relation != HEAD, r.id)


def get_household(ctx: ServiceContext, household_id: int) -> HouseholdDetail:
    """The whole file of one household, masked for the operator's role."""
    ctx.require(Perm.VIEW_ARCHIVE)
    h = _household(household_id)
    village = Village.get_by_id(h.village_id)
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    today = ctx.today()
    members = sorted(Resident.select().where(Resident.household == h.id), key=member_order)
    tags = tuple(
        r.tag
        for r in HouseholdTag.select()
        .where(HouseholdTag.household == h.id)
        .order_by(HouseholdTag.id)
    )
    contacts = (
        Contact.select(Contact, Official.name)
        .join(Official)
        .where(Contact.household == h.id)
        .order_by(Contact.date.desc(), Contact.id.desc())
        .limit(HISTORY_LIMIT)
    )
    visits = (
        Visit.select(Visit, Official.name)
        .join(Official, JOIN.LEFT_OUTER, on=Visit.official)
        .where(Visit.household == h.id)
        .order_by(Visit.date.desc(), Visit.id.desc())
        .limit(HISTORY_LIMIT)
    )
    matters = (
        Matter.select()
        .where(Matter.household == h.id)
        .order_by(Matter.accepted_on.desc(), Matter.id.desc())
        .limit(HISTORY_LIMIT)
    )
    liaison = Official.get_or_none(Official.id == h.liaison_id) if h.liaison_id else None
    return HouseholdDetail(
        id=h.id,
        town=village.town.name,
        village_id=village.id,
        village=village.name,
        group_no=h.group_no,
        code=h.code,
        address=h.address,
        head_name=h.head_name,
        size=h.size,
        economy=h.economy,
        income=h.income,
        tags=tags,
        liaison_id=h.liaison_id,
        liaison=liaison.name if liaison else "",
        problems=h.problems,
        demands=h.demands,
        note=h.note,
        members=tuple(member_view(r, today, full) for r in members),
        contacts=tuple(
            ContactView(c.id, c.date, c.official.name, c.mode, c.event_kind, c.note, c.follow_up)
            for c in contacts
        ),
        visits=tuple(
            VisitView(
                v.date,
                v.name,
                v.reason,
                v.outcome,
                v.official.name if v.official_id and v.official else "",
            )
            for v in visits
        ),
        matters=tuple(
            MatterView(m.number, m.applicant, m.content, m.state, m.accepted_on, m.due_on)
            for m in matters
        ),
        full_id=full,
        contact_count=Contact.select().where(Contact.household == h.id).count(),
        visit_count=Visit.select().where(Visit.household == h.id).count(),
        matter_count=Matter.select().where(Matter.household == h.id).count(),
    )
