"""Matter cards (代办事项受理卡): accept, refuse, and move through the loop.

Every write runs in one ``ctx.write`` transaction and is audited; a refused
step changes nothing. The loop's rules live in :mod:`deskui.domain.matter_flow`,
the deadlines in :mod:`deskui.domain.deadlines`. Reading lives in
:mod:`deskui.services.matters.card_view` (re-exported here).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import fn

from deskui.domain.dates import parse_optional_date
from deskui.domain.deadlines import Level, due_date_provisional
from deskui.domain.errors import DomainError, NotFound, RuleViolation, ValidationError
from deskui.domain.idnumber import parse_id_number
from deskui.domain.matter_flow import (
    REFUSED_EVENT,
    Facts,
    State,
    Step,
    check_accepted_on,
    check_step,
    format_number,
    parse_origin,
    parse_satisfaction,
)
from deskui.domain.phone import normalise_phone
from deskui.domain.roles import Perm
from deskui.domain.text import clean_name, clean_note, clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.matters.card_view import (
    MatterCard,
    card_of,
    find_matter,
)
from deskui.services.matters.steps import apply_step, create_event
from deskui.services.town.calendar import load_calendar
from deskui.services.town.towns import find_official, find_village
from deskui.store.models import (
    Category,
    Household,
    Matter,
    MatterCounter,
    Official,
    Resident,
    Town,
    Visit,
)

CATEGORY_MAX = 20


def as_date(value: dt.date | str | None, *, field: str, label: str) -> dt.date | None:
    """A date given as a date or as text the clerk typed (``None`` if empty)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_optional_date(str(value), field=field, label=label)


def _town(ctx: ServiceContext) -> Town:
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    if town is None:
        raise RuleViolation(t("matter.no_town"), field="town")
    return town


def official_id(ctx: ServiceContext, value: int | str | None, field: str) -> int | None:
    """An official in post of the current town, by id or by name (``None``
    if empty): a new card names no one who has left (离岗), nor a name that
    is no official's (the refusal names the field)."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        row = Official.get_or_none((Official.id == value) & (Official.town == ctx.town_id))
        if row is None:
            raise NotFound(t("matter.unknown_official_id", id=value), field=field)
        if row.archived:
            raise ValidationError(t("town.official_has_left", name=row.name), field=field)
        return int(row.id)
    try:
        return find_official(ctx, str(value), in_post=True)
    except DomainError as exc:
        raise type(exc)(exc.message, field=field) from None


def categories(ctx: ServiceContext) -> list[str]:
    """The town's active matter categories, in order (seeded when none)."""
    ensure_categories(ctx)
    q = (
        Category.select(Category.name)
        .where((Category.town == ctx.town_id) & (Category.active == True))  # noqa: E712
        .order_by(Category.sort_order, Category.id)
    )
    return [c.name for c in q]


def ensure_categories(ctx: ServiceContext) -> int:
    """Seed DOMAIN.md's categories for a town that has none; returns how many."""
    town = _town(ctx)
    if Category.select().where(Category.town == town.id).exists():
        return 0
    names = t("matter.categories").split(",")

    def work() -> int:
        if Category.select().where(Category.town == town.id).exists():
            return 0
        for i, name in enumerate(names):
            audit.create(ctx, Category, town=town.id, name=name, sort_order=i)
        return len(names)

    return ctx.write(work)


def _category(ctx: ServiceContext, value: str | None) -> str:
    text = clean_text(
        value, field="category", label=t("matter.field_category"), max_len=CATEGORY_MAX
    )
    if not text:
        return ""
    known = categories(ctx)
    if text not in known:
        raise ValidationError(
            t("matter.bad_category", text=text, known="、".join(known)), field="category"
        )
    return text


def _group(village_name: str, group_count: int, group_no: int | str | None) -> int | None:
    if group_no is None or group_no == "":
        return None
    text = str(group_no).strip().removesuffix("组")
    if not text.isdigit() or not 1 <= int(text) <= group_count:
        raise ValidationError(
            t("matter.bad_group", village=village_name, count=group_count, group=group_no),
            field="group_no",
        )
    return int(text)


def _linked(model: Any, value: int | None, label_key: str, field: str) -> Any:
    if value is None:
        return None
    row = model.get_or_none(model.id == value)
    if row is None:
        raise NotFound(t("matter.unknown_record", label=t(label_key), id=value), field=field)
    return row


def _intake(ctx: ServiceContext, kw: dict[str, Any]) -> dict[str, Any]:
    """Validate what a new card (accepted or refused) records."""
    _town(ctx)
    village = find_village(ctx, kw["village"])
    resident = _linked(Resident, kw.get("resident_id"), "matter.field_resident", "resident")
    household = _linked(Household, kw.get("household_id"), "matter.field_household", "household")
    if household is None and resident is not None:
        household = Household.get_by_id(resident.household_id)
    visit = _linked(Visit, kw.get("visit_id"), "matter.field_visit", "visit")
    accepted = (
        as_date(kw.get("accepted_on"), field="accepted_on", label=t("matter.field_accepted"))
        or ctx.today()
    )
    check_accepted_on(accepted, ctx.today())
    group = _group(village.name, village.group_count, kw.get("group_no"))
    if group is None and household is not None:
        group = household.group_no
    phone = normalise_phone(kw.get("phone"))
    if not phone and resident is not None:
        phone = resident.phone or ""
    typed_id = str(kw.get("id_number") or "").strip()
    if typed_id:  # checked as every ID number is (GB 11643); the area code never refuses
        id_number = parse_id_number(typed_id, today=ctx.today()).number
    else:  # none typed: the archive's, when the card is linked to a resident
        id_number = (resident.id_number or "") if resident else ""
    receiver = official_id(ctx, kw.get("first_receiver"), "first_receiver")
    receiver = receiver or ctx.actor.official_id
    if receiver is None:
        raise ValidationError(t("matter.no_first_receiver"), field="first_receiver")
    return {
        "village": village.id,
        "applicant": clean_name(kw["name"], field="name", label=t("matter.field_applicant")),
        "content": clean_note(
            kw["content"], field="content", label=t("matter.field_content"), required=True
        ),
        "phone": phone,
        "group_no": group,
        "category": _category(ctx, kw.get("category")),
        "accepted_on": accepted,
        "origin": parse_origin(kw.get("origin")),
        "first_receiver": receiver,
        "visit": visit.id if visit else None,
        "resident": resident.id if resident else None,
        "household": household.id if household else None,
        "id_number": id_number,
        "address": household.address if household else "",
    }


def next_number(town: Town, year: int) -> tuple[int, str]:
    """The next card's sequence and number (XH2026-0012) in a town and year;
    call inside the write transaction that inserts the card. The town and
    year's counter row gives it (+1): on PostgreSQL the row stays locked
    until that transaction ends, so concurrent desks wait their turn rather
    than race for one number. A town and year without a counter yet (its
    first card, or numbers written by an import) starts after its highest
    card."""
    seq = _take_number(town.id, year)
    if seq is None:
        top = (
            Matter.select(fn.MAX(Matter.seq))
            .where((Matter.town == town.id) & (Matter.year == year))
            .scalar()
        )
        MatterCounter.insert(
            town=town.id, year=year, last_seq=int(top or 0)
        ).on_conflict_ignore().execute()
        seq = _take_number(town.id, year)
        assert seq is not None
    return seq, format_number(town.code, year, seq)


def _take_number(town_id: int, year: int) -> int | None:
    """Bump the counter and read it back: one ``UPDATE … RETURNING`` where the
    database has it (PostgreSQL, SQLite 3.35+); None without a counter row."""
    bump = MatterCounter.update(last_seq=MatterCounter.last_seq + 1).where(
        (MatterCounter.town == town_id) & (MatterCounter.year == year)
    )
    if MatterCounter._meta.database.returning_clause:
        rows = list(bump.returning(MatterCounter.last_seq).tuples())
        return int(rows[0][0]) if rows else None
    if not bump.execute():
        return None
    return int(
        MatterCounter.select(MatterCounter.last_seq)
        .where((MatterCounter.town == town_id) & (MatterCounter.year == year))
        .scalar()
    )


def forget_numbers(town_id: int) -> None:
    """Drop a town's counters after cards were written with numbers of their
    own (an import): the next card starts again after the highest one."""
    MatterCounter.delete().where(MatterCounter.town == town_id).execute()


def _allocate(ctx: ServiceContext, values: dict[str, Any], event: dict[str, Any]) -> int:
    """Insert the card under the next number of its town and year, and its
    first event; run inside ``ctx.write``."""
    town = _town(ctx)
    year = values["accepted_on"].year
    seq, number = next_number(town, year)
    matter = audit.create(
        ctx,
        Matter,
        audit_note=number,
        town=town.id,
        number=number,
        year=year,
        seq=seq,
        created_at=ctx.now(),
        **values,
    )
    create_event(
        ctx,
        audit_note=number,
        matter=matter.id,
        on=values["accepted_on"],
        at=ctx.now(),
        operator=ctx.actor.id,
        official=values["first_receiver"],
        **event,
    )
    return int(matter.id)


def open_matter(
    ctx: ServiceContext,
    *,
    village: str,
    name: str,
    content: str,
    level: Level | str,
    phone: str = "",
    group_no: int | str | None = None,
    category: str = "",
    promised_on: dt.date | str | None = None,
    accepted_on: dt.date | str | None = None,
    origin: str = "服务日接待",
    visit_id: int | None = None,
    resident_id: int | None = None,
    household_id: int | None = None,
    id_number: str = "",
    handler: int | str | None = None,
    leader: int | str | None = None,
    materials: str = "",
    first_receiver: int | str | None = None,
) -> MatterCard:
    """Accept a matter: a numbered card (``XH2026-0001``), due by the
    working-day rule of its level, with a 受理 event. ``id_number`` is the
    applicant's 身份证号 (checked; empty: the linked resident's on file);
    ``origin`` one of 服务日接待/入户走访/电话/其他 (来源). A due date counted
    through a year whose holidays are not set is marked provisional
    (``due_provisional``) and recomputed when the town sets them."""
    ctx.require(Perm.HANDLE_MATTER)
    values = _intake(ctx, locals())
    lvl = level if isinstance(level, Level) else Level.parse(level)
    promised = as_date(promised_on, field="promised_on", label=t("matter.field_promised"))
    deadline = due_date_provisional(lvl, values["accepted_on"], load_calendar(ctx), promised)
    due = deadline.due_on
    state = check_step(None, Step.ACCEPT)
    values.update(
        level=lvl.value,
        state=state.value,
        due_on=due,
        due_provisional=deadline.provisional,
        promised_on=promised if lvl is Level.COUNTY else None,
        handler=official_id(ctx, handler, "handler") or values["first_receiver"],
        leader=official_id(ctx, leader, "leader"),
        materials=clean_note(materials, field="materials", label=t("matter.field_materials")),
    )
    event = {"kind": Step.ACCEPT.value, "new_due": due, "note": values["content"][:200]}
    matter_id = ctx.write(lambda: _allocate(ctx, values, event))
    return card_of(ctx, Matter.get_by_id(matter_id))


def refuse_matter(
    ctx: ServiceContext,
    *,
    village: str,
    name: str,
    content: str,
    explanation: str,
    phone: str = "",
    group_no: int | str | None = None,
    category: str = "",
    accepted_on: dt.date | str | None = None,
    origin: str = "服务日接待",
    visit_id: int | None = None,
    resident_id: int | None = None,
    household_id: int | None = None,
    id_number: str = "",
    first_receiver: int | str | None = None,
) -> MatterCard:
    """Record a matter not acceptable under policy (不予受理) with the
    explanation given; it is numbered but never enters the loop."""
    ctx.require(Perm.HANDLE_MATTER)
    values = _intake(ctx, locals())
    reason = clean_note(
        explanation, field="explanation", label=t("matter.field_explanation"), required=False
    )
    if not reason:
        raise ValidationError(t("matter.explanation_required"), field="explanation")
    values.update(level="", state=State.REFUSED.value, due_on=None, refused_reason=reason)
    event = {"kind": REFUSED_EVENT, "note": reason}
    matter_id = ctx.write(lambda: _allocate(ctx, values, event))
    return card_of(ctx, Matter.get_by_id(matter_id))


def step(
    ctx: ServiceContext,
    number: str,
    kind: Step | str,
    *,
    note: str = "",
    to: str = "",
    on: dt.date | str | None = None,
    satisfaction: str | None = None,
    new_due: dt.date | str | None = None,
    demand_met: bool | None = None,
    feedback: str = "",
) -> MatterCard:
    """Record one step of the loop (see :mod:`deskui.domain.matter_flow`)."""
    stp = kind if isinstance(kind, Step) else Step.parse(kind)
    ctx.require(Perm.SUPERVISE if stp is Step.SUPERVISE else Perm.HANDLE_MATTER)
    inputs: dict[str, Any] = {
        "note": clean_note(note, field="note", label=t("matter.field_note")),
        "to": clean_text(to, field="to", label=t("matter.field_to")),
        "on": as_date(on, field="on", label=t("matter.field_on")) or ctx.today(),
        "satisfaction": parse_satisfaction(satisfaction) if satisfaction else None,
        "new_due": as_date(new_due, field="new_due", label=t("matter.field_new_due")),
        "demand_met": demand_met,
        "feedback": clean_note(feedback, field="feedback", label=t("matter.field_feedback")),
    }

    def work() -> int:
        matter = find_matter(ctx, number)
        town = Town.get_by_id(matter.town_id)
        facts = Facts(
            signed=bool(matter.signed),
            satisfaction=matter.satisfaction,
            require_return_visit=bool(town.require_return_visit),
            sign_before_visit=bool(town.sign_before_visit),
        )
        new_state = check_step(matter.state, stp, facts=facts, satisfaction=inputs["satisfaction"])
        changes, event = apply_step(ctx, matter, stp, inputs)
        changes["state"] = new_state.value
        audit.update(ctx, matter, audit_note=f"{matter.number} {stp.value}", **changes)
        create_event(
            ctx,
            audit_note=f"{matter.number} {stp.value}",
            matter=matter.id,
            kind=stp.value,
            on=inputs["on"],
            at=ctx.now(),
            operator=ctx.actor.id,
            **event,
        )
        return int(matter.id)

    matter_id = ctx.write(work)
    return card_of(ctx, Matter.get_by_id(matter_id))
