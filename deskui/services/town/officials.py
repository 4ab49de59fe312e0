"""The town's officials (镇干部): add, list, edit, leave. Admin only, audited.

An official is never deleted. One who leaves (离岗) on a date keeps every
matter, duty, sign-in and liaison household attributed to them; they drop
out of every picker (``archived``), their team places end that day, and
their liaison households are listed for reassignment
(:func:`liaison_to_reassign`). Open matters they handle are listed
(:func:`open_matters_of`): leaving takes a new handler for each, or keeps
them as they are (the first receiver never changes in any case).

Two officials may share a name (two 张伟 are real): they must differ by
单位 or phone, and commands naming one take a hint (``张伟（党政办）``,
see :func:`deskui.services.town.towns.find_official`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN

from deskui.domain.errors import NotFound, RuleViolation, ValidationError
from deskui.domain.matter_flow import State
from deskui.domain.phone import normalise_phone
from deskui.domain.pinyin import initials_variants
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.town.towns import find_official
from deskui.store.models import (
    Household,
    Matter,
    MatterEvent,
    Official,
    TeamMember,
    Village,
)

KINDS = ("镇干部", "村两委", "大学生村官", "法律顾问", "志愿者")
EDITABLE = ("name", "post", "unit", "phone", "serves_villages", "is_leader", "kind", "duties")


@dataclass(frozen=True)
class OfficialRow:
    """One official as the settings screen and the CLI show them."""

    id: int
    name: str
    post: str  # 职务
    unit: str  # 单位 / 科室
    phone: str
    serves_villages: bool
    is_leader: bool
    kind: str
    in_post: bool
    left_on: dt.date | None
    label: str  # the name, with 单位 / phone when another official shares it
    duties: str = ""  # 职责 (free text)


@dataclass(frozen=True)
class OpenMatter:
    """An open matter an official handles (or first received, unhandled)."""

    number: str
    original_number: str
    applicant: str
    village: str
    content: str
    state: str
    due_on: dt.date | None
    first_receiver: str
    handler: str


@dataclass(frozen=True)
class ReassignRow:
    """A liaison household whose official has left: give it to another."""

    household_id: int
    code: str
    head_name: str
    village: str
    group_no: int | None
    official_id: int
    official: str
    left_on: dt.date | None


@dataclass(frozen=True)
class LeaveResult:
    official: OfficialRow
    reassigned: tuple[tuple[str, str], ...]  # (matter number, new handler)
    kept: tuple[str, ...]  # open matters kept as they were
    teams_ended: int
    liaison_households: int


INITIALS_MAX = 60  # Official.initials


def official_initials(name: str) -> str:
    """The pinyin initials an official is found by (every reading, as many
    as the column holds)."""
    out = ""
    for variant in initials_variants(name):
        candidate = f"{out} {variant}".strip()
        if len(candidate) > INITIALS_MAX:
            break
        out = candidate
    return out


def distinct_labels(officials: list[Any]) -> dict[int, str]:
    """Official id → the label that tells them apart from every other
    official of ``officials`` with the same name: the name alone when it is
    unique, else with 单位, or the phone when 单位 does not tell them apart
    either, or 职务, or finally the record number (two 张伟 are real, and
    never one row)."""
    by_name: dict[str, list[Any]] = {}
    for o in officials:
        by_name.setdefault(o.name, []).append(o)
    out: dict[int, str] = {}
    for name, group in by_name.items():
        if len(group) == 1:
            out[group[0].id] = name
            continue
        for o in group:
            hint = ""
            for attr in ("unit", "phone", "post"):
                value = getattr(o, attr) or ""
                if value and sum(1 for x in group if (getattr(x, attr) or "") == value) == 1:
                    hint = value
                    break
            out[o.id] = f"{name}（{hint or f'#{o.id}'}）"
    return out


def town_labels(
    town_id: int | None, ids: dict[int, str], *, in_post: bool = False
) -> dict[int, str]:
    """Official id → picker label for the officials ``ids`` (id → name):
    the name, or for a name two officials of the town share, the name with
    what tells them apart among all the town's officials of that name
    (:func:`distinct_labels`), so that no picker shows two equal lines.
    ``in_post``: only officials still in post count as namesakes (a desk's
    picker, where one who left is no longer offered)."""
    scope = Official.town == town_id
    if in_post:
        scope &= Official.archived == False  # noqa: E712
    peers = list(  # one statement: every official of the town bearing one of the names
        Official.select(
            Official.id, Official.name, Official.unit, Official.phone, Official.post
        ).where(scope & Official.name.in_(set(ids.values())))
    )
    labels = dict(ids)
    labels.update({i: label for i, label in distinct_labels(peers).items() if i in ids})
    return labels


def _rows(ctx: ServiceContext, query: Any) -> list[OfficialRow]:
    found = list(query)
    labels = town_labels(ctx.town_id, {o.id: o.name for o in found})
    return [
        OfficialRow(
            id=o.id,
            name=o.name,
            post=o.post,
            unit=o.unit,
            phone=o.phone,
            serves_villages=bool(o.serves_villages),
            is_leader=bool(o.is_leader),
            kind=o.kind,
            in_post=not o.archived,
            left_on=o.left_on,
            label=labels[o.id],
            duties=o.duties,
        )
        for o in found
    ]


def list_officials(ctx: ServiceContext, *, include_left: bool = False) -> list[OfficialRow]:
    """The town's officials: the leadership first, then by name; those who
    left only with ``include_left`` (after the ones in post)."""
    q = Official.select().where(Official.town == ctx.town_id)
    if not include_left:
        q = q.where(Official.archived == False)  # noqa: E712
    rows = _rows(ctx, q)
    return sorted(rows, key=lambda r: (not r.in_post, not r.is_leader, r.name, r.id))


def get_official(ctx: ServiceContext, official: str | int) -> OfficialRow:
    oid = official if isinstance(official, int) else find_official(ctx, official)
    rows = _rows(
        ctx, Official.select().where((Official.id == oid) & (Official.town == ctx.town_id))
    )
    if not rows:
        raise NotFound(t("town.unknown_official", name=str(official)), field="official")
    return rows[0]


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ValidationError(t("official.unknown_field", names="、".join(unknown)))
    for key, value in fields.items():
        if key == "name":
            out[key] = clean_text(value, field="name", label=t("official.f_name"), max_len=20,
                                  required=True)  # fmt: skip
            if any(c in out[key] for c in "（()）/／"):
                raise ValidationError(t("official.bad_name", name=out[key]), field="name")
        elif key in ("post", "unit"):
            out[key] = clean_text(value or "", field=key, label=t(f"official.f_{key}"), max_len=40)
        elif key == "duties":
            out[key] = clean_text(value or "", field=key, label=t("official.f_duties"),
                                  max_len=2000, multiline=True)  # fmt: skip
        elif key == "phone":
            out[key] = normalise_phone(value)
        elif key == "kind":
            if value not in KINDS:
                raise ValidationError(
                    t("official.bad_kind", value=value, known="、".join(KINDS)), field="kind"
                )
            out[key] = value
        else:
            out[key] = bool(value)
    return out


def _check_distinct(ctx: ServiceContext, name: str, unit: str, phone: str, own: int | None) -> None:
    """Two officials with one name must differ by 单位 or phone."""
    q = Official.select().where((Official.town == ctx.town_id) & (Official.name == name))
    if own is not None:
        q = q.where(Official.id != own)
    for other in q:
        if other.unit == unit and other.phone == phone:
            raise ValidationError(
                t("official.duplicate", name=name, unit=unit or "—", phone=phone or "—"),
                field="unit",
            )


def add_official(
    ctx: ServiceContext,
    name: str,
    *,
    post: str = "",
    unit: str = "",
    phone: str = "",
    serves_villages: bool = True,
    is_leader: bool = False,
    kind: str = "镇干部",
    duties: str = "",
) -> OfficialRow:
    """A new official in post. A second official of the same name must
    differ by 单位 or phone."""
    ctx.require(Perm.ADMIN)
    if ctx.town_id is None:
        raise NotFound(t("official.no_town"))
    values = _clean(dict(name=name, post=post, unit=unit, phone=phone,
                         serves_villages=serves_villages, is_leader=is_leader, kind=kind,
                         duties=duties))  # fmt: skip

    def work() -> int:
        _check_distinct(ctx, values["name"], values["unit"], values["phone"], None)
        o = audit.create(
            ctx,
            Official,
            town=ctx.town_id,
            initials=official_initials(values["name"]),
            **values,
        )
        return int(o.id)

    return get_official(ctx, ctx.write(work))


def edit_official(ctx: ServiceContext, official: str | int, **fields: Any) -> OfficialRow:
    """Change some of ``name``, ``post``, ``unit``, ``phone``,
    ``serves_villages``, ``is_leader``, ``kind``, ``duties``."""
    ctx.require(Perm.ADMIN)
    values = _clean(fields)
    row = get_official(ctx, official)

    def work() -> None:
        o = Official.get_by_id(row.id)
        merged = {"name": o.name, "unit": o.unit, "phone": o.phone, **values}
        _check_distinct(ctx, merged["name"], merged["unit"], merged["phone"], o.id)
        if "name" in values:
            values["initials"] = official_initials(values["name"])
        audit.update(ctx, o, **values)

    ctx.write(work)
    return get_official(ctx, row.id)


_OPEN = tuple(s.value for s in State if s.open)


def _open_query(oid: int) -> Any:
    return Matter.select().where(
        Matter.state.in_(_OPEN)
        & ((Matter.handler == oid) | (Matter.handler.is_null() & (Matter.first_receiver == oid)))
    )


def open_matters_of(ctx: ServiceContext, official: str | int) -> list[OpenMatter]:
    """The open matters an official handles (or first received and nobody
    else handles), oldest first: what leaving must settle."""
    oid = get_official(ctx, official).id
    names = {o.id: o.name for o in Official.select(Official.id, Official.name)}
    villages = {v.id: v.name for v in Village.select(Village.id, Village.name)}
    return [
        OpenMatter(
            number=m.number,
            original_number=m.original_number,
            applicant=m.applicant,
            village=villages.get(m.village_id, ""),
            content=m.content,
            state=m.state,
            due_on=m.due_on,
            first_receiver=names.get(m.first_receiver_id, ""),
            handler=names.get(m.handler_id or m.first_receiver_id, ""),
        )
        for m in _open_query(oid).order_by(Matter.accepted_on, Matter.id)
    ]


def leave_official(
    ctx: ServiceContext,
    official: str | int,
    on: dt.date,
    *,
    handlers: dict[str, str] | None = None,
    keep_open: bool = False,
) -> LeaveResult:
    """The official leaves their post on ``on``. Their open matters (see
    :func:`open_matters_of`) each need a new handler in ``handlers``
    (matter number → official) unless ``keep_open`` keeps them as they are;
    otherwise nothing is written and the refusal lists them. The first
    receiver of a matter never changes."""
    ctx.require(Perm.ADMIN)
    row = get_official(ctx, official)
    if not row.in_post:
        raise RuleViolation(t("official.already_left", name=row.label, on=row.left_on or ""))
    handlers = dict(handlers or {})
    open_now = open_matters_of(ctx, row.id)
    numbers = {m.number for m in open_now}
    stray = sorted(set(handlers) - numbers)
    if stray:
        raise ValidationError(
            t("official.not_open_matter", name=row.label, numbers="、".join(stray)), field="handler"
        )
    missing = [m for m in open_now if m.number not in handlers]
    if missing and not keep_open:
        listing = "；".join(f"{m.number} {m.applicant} {m.content[:20]}" for m in missing)
        raise RuleViolation(
            t("official.open_matters", name=row.label, count=len(missing), matters=listing),
            code="open_matters",
        )
    new_ids: dict[str, int] = {}
    for number, who in handlers.items():
        oid = find_official(ctx, who, in_post=True)
        if oid == row.id:
            raise ValidationError(t("official.self_handler", name=row.label), field="handler")
        new_ids[number] = oid

    def work() -> tuple[int, int]:
        o = Official.get_by_id(row.id)
        for number, oid in new_ids.items():
            m = Matter.get(Matter.number == number)
            new = Official.get_by_id(oid)
            audit.update(ctx, m, handler=oid, audit_note=t("official.leave_note", name=row.label))
            audit.create(
                ctx,
                MatterEvent,
                matter=m.id,
                kind="进展",
                on=on,
                at=ctx.now(),
                operator=ctx.actor.id,
                official=oid,
                note=t("official.handover_event", old=row.label, new=new.name),
            )
        ended = 0
        for tm in TeamMember.select().where(
            (TeamMember.official == row.id) & (TeamMember.until.is_null() | (TeamMember.until > on))
        ):
            audit.update(ctx, tm, until=on)
            ended += 1
        liaison = Household.select().where(Household.liaison == row.id).count()
        audit.update(ctx, o, left_on=on, archived=True, audit_note=t("official.leave_audit"))
        return ended, liaison

    ended, liaison = ctx.write(work)
    return LeaveResult(
        official=get_official(ctx, row.id),
        reassigned=tuple((n, Official.get_by_id(i).name) for n, i in sorted(new_ids.items())),
        kept=tuple(m.number for m in missing),
        teams_ended=ended,
        liaison_households=liaison,
    )


def liaison_to_reassign(ctx: ServiceContext) -> list[ReassignRow]:
    """Liaison households (包联户) whose official has left: the desk shows
    them until each is given to an official in post."""
    q = (
        Household.select(Household, Official, Village)
        .join(Official, JOIN.INNER, on=(Household.liaison == Official.id))
        .switch(Household)
        .join(Village, on=(Household.village == Village.id))
        .where((Official.town == ctx.town_id) & (Official.archived == True))  # noqa: E712
        .order_by(Official.name, Village.sort_order, Household.group_no, Household.code)
    )
    rows = []
    for h in q:
        o = h.liaison
        assert o is not None
        rows.append(
            ReassignRow(
                household_id=h.id,
                code=h.code,
                head_name=h.head_name,
                village=h.village.name,
                group_no=h.group_no,
                official_id=o.id,
                official=o.name,
                left_on=o.left_on,
            )
        )
    return rows
