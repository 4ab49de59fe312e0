"""One household's file (一户一档): read it whole, edit it field by field.

Every write runs in one ``ctx.write`` transaction through :mod:`audit`, and
keeps the denormalised parts in step: ``Household.head_name`` and ``size``
(active members) and the members' ``SearchKey`` rows. A household always has
exactly one 户主 among its active members; members are archived, never
deleted; one ID number belongs to one person in the whole database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deskui.domain.errors import NotFound, RuleViolation, ValidationError
from deskui.domain.household_rules import (
    HEAD,
    MemberValues,
    clean_group,
    clean_income,
    clean_long,
    clean_member,
    clean_relation,
    clean_short,
    clean_tags,
)
from deskui.domain.privacy import mask_id
from deskui.domain.roles import Perm
from deskui.domain.search import resident_keys
from deskui.i18n import t
from deskui.services import audit
from deskui.services.archive.household_view import (
    HouseholdDetail,
    MemberView,
    _household,
    _member,
    get_household,
    member_view,
)
from deskui.services.context import ServiceContext
from deskui.store.models import Household, HouseholdTag, Official, Resident, SearchKey, Village

# ------------------------------------------------------------------ writing

HOUSEHOLD_FIELDS = (
    "group_no",
    "code",
    "address",
    "economy",
    "income",
    "problems",
    "demands",
    "note",
)


def clean_household(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check the household fields present in ``values`` (tags and liaison too)."""
    out: dict[str, Any] = {}
    if "group_no" in values:
        out["group_no"] = clean_group(values["group_no"])
    if "code" in values:
        code = clean_short(values["code"], "code", "archive.field.code", 30)
        if not code:
            raise ValidationError(t("archive.code_required"), field="code")
        out["code"] = code
    if "address" in values:
        out["address"] = clean_short(values["address"], "address", "archive.field.address", 200)
    if "economy" in values:
        out["economy"] = clean_short(values["economy"], "economy", "archive.field.economy", 60)
    if "income" in values:
        out["income"] = clean_income(values["income"])
    for key, label in (
        ("problems", "archive.field.problems"),
        ("demands", "archive.field.demands"),
    ):
        if key in values:
            out[key] = clean_long(values[key], key, label)
    if "note" in values:
        out["note"] = clean_long(values["note"], "note", "field.note")
    if "tags" in values:
        out["tags"] = clean_tags(values["tags"])
    if "liaison_id" in values:
        out["liaison_id"] = values["liaison_id"] or None
    return out


def check_liaison(official_id: int | None) -> None:
    if official_id is None:
        return
    o = Official.get_or_none(Official.id == official_id)
    if o is None:
        raise NotFound(t("archive.official_not_found", id=official_id), field="liaison")
    if o.archived:
        raise RuleViolation(t("archive.no_liaison_official", official=o.name), field="liaison")


def set_tags(ctx: ServiceContext, household_id: int, tags: tuple[str, ...]) -> bool:
    """Make the household's tags exactly ``tags`` (audited); True if changed."""
    current = {
        r.tag: r for r in HouseholdTag.select().where(HouseholdTag.household == household_id)
    }
    changed = False
    for tag, row in current.items():
        if tag not in tags:
            audit.log(ctx, "删除", HouseholdTag._meta.table_name, row.id, {"tag": [tag, None]})
            row.delete_instance()
            changed = True
    for tag in tags:
        if tag not in current:
            audit.create(ctx, HouseholdTag, household=household_id, tag=tag)
            changed = True
    return changed


def update_household(ctx: ServiceContext, household_id: int, **values: Any) -> HouseholdDetail:
    """Change household fields (``group_no code address economy income
    problems demands note tags liaison_id``); only what changed is written."""
    ctx.require(Perm.EDIT_ARCHIVE)
    clean = clean_household(values)

    def work() -> None:
        h = _household(household_id)
        tags = clean.pop("tags", None)
        if "liaison_id" in clean:
            check_liaison(clean["liaison_id"])
            clean["liaison"] = clean.pop("liaison_id")
        if "code" in clean and clean["code"] != h.code:
            taken = Household.get_or_none(
                (Household.village == h.village_id)
                & (Household.code == clean["code"])
                & (Household.id != h.id)
            )
            if taken is not None:
                village = Village.get_by_id(h.village_id).name
                raise ValidationError(
                    t("archive.code_taken", village=village, code=clean["code"]), field="code"
                )
        changed = audit.update(ctx, h, **clean)
        if tags is not None and set_tags(ctx, h.id, tags):
            changed = changed or {"tags": []}
        if changed:
            h.updated_at = ctx.now()
            h.save(only=[Household.updated_at])

    ctx.write(work)
    return get_household(ctx, household_id)


def check_unique_id(number: str | None, resident_id: int | None = None) -> None:
    """Refuse an ID number another (active or archived) resident already has."""
    if not number:
        return
    other = Resident.get_or_none(Resident.id_number == number)
    if other is None or other.id == resident_id:
        return
    h = Household.get_by_id(other.household_id)
    raise ValidationError(
        t(
            "archive.duplicate_id",
            masked=mask_id(number),
            village=Village.get_by_id(h.village_id).name,
            code=h.code,
            name=other.name,
        ),
        field="id_number",
    )


def write_keys(r: Resident, *, new: bool = False, town_id: int | None = None) -> None:
    """Replace the search keys of one resident (``new``: none exist yet).
    The keys carry the town, which scopes the archive search's index."""
    if not new:
        SearchKey.delete().where(SearchKey.resident == r.id).execute()
    if r.archived:
        return
    if town_id is None:
        town_id = (
            Village.select(Village.town)
            .join(Household)
            .where(Household.id == r.household_id)
            .scalar()
        )
    rows = [
        {"key": key, "kind": kind, "resident": r.id, "household": r.household_id, "town": town_id}
        for kind, key in resident_keys(r.name, r.phone, r.id_number)
    ]
    if rows:
        SearchKey.insert_many(rows).execute()


def refresh_household(ctx: ServiceContext, household_id: int) -> None:
    """Keep head_name and size in step with the active members (audited)."""
    h = _household(household_id)
    active = list(
        Resident.select(Resident.name, Resident.relation).where(
            (Resident.household == household_id) & (Resident.archived == False)  # noqa: E712
        )
    )
    head = next((r.name for r in active if r.relation == HEAD), "")
    if audit.update(ctx, h, head_name=head, size=len(active)):
        h.updated_at = ctx.now()
        h.save(only=[Household.updated_at])


def _member_fields(v: MemberValues) -> dict[str, Any]:
    return {
        "name": v.name,
        "relation": v.relation,
        "id_number": v.id_number,
        "sex": v.sex,
        "birth_date": v.birth_date,
        "phone": v.phone,
        "occupation": v.occupation,
        "working_away": v.working_away,
        "health": v.health,
        "school": v.school,
        "income": v.income,
        "note": v.note,
    }


def _active_head(household_id: int, excluding: int | None = None) -> Resident | None:
    q = Resident.select().where(
        (Resident.household == household_id)
        & (Resident.relation == HEAD)
        & (Resident.archived == False)  # noqa: E712
    )
    if excluding is not None:
        q = q.where(Resident.id != excluding)
    return q.first()


def add_member(ctx: ServiceContext, household_id: int, values: Mapping[str, Any]) -> MemberView:
    """Add a member (validated; a second 户主 and a known ID number refused)."""
    ctx.require(Perm.EDIT_ARCHIVE)
    v = clean_member(dict(values), ctx.today())

    def work() -> Resident:
        h = _household(household_id)
        check_unique_id(v.id_number)
        if v.relation == HEAD:
            head = _active_head(h.id)
            if head is not None:
                raise RuleViolation(t("archive.two_heads", name=head.name), field="relation")
        r = audit.create(ctx, Resident, household=h.id, **_member_fields(v))
        write_keys(r)
        refresh_household(ctx, h.id)
        return r

    r = ctx.write(work)
    return member_view(r, ctx.today(), ctx.actor.can(Perm.SEE_FULL_ID))


def update_member(ctx: ServiceContext, member_id: int, values: Mapping[str, Any]) -> MemberView:
    """Change a member's fields; ``values`` holds the whole form (missing
    fields keep their value). A masked ID number typed back is kept as is."""
    ctx.require(Perm.EDIT_ARCHIVE)
    current = _member(member_id)
    merged: dict[str, Any] = {**_member_fields(_stored(current)), **values}
    if merged.get("id_number") and merged["id_number"] == mask_id(current.id_number):
        merged["id_number"] = current.id_number
    elif merged.get("id_number") != current.id_number:
        # sex and birth date follow the new number unless typed with it
        if "sex" not in values:
            merged["sex"] = ""
        if "birth_date" not in values:
            merged["birth_date"] = None
    v = clean_member(merged, ctx.today())

    def work() -> Resident:
        r = _member(member_id)
        if r.archived:
            raise RuleViolation(t("archive.member_archived", name=r.name), field="name")
        check_unique_id(v.id_number, r.id)
        if (r.relation == HEAD) != (v.relation == HEAD):
            if r.relation == HEAD:
                raise RuleViolation(t("archive.head_relation"), field="relation")
            head = _active_head(r.household_id, excluding=r.id)
            if head is not None:
                raise RuleViolation(t("archive.two_heads", name=head.name), field="relation")
        if audit.update(ctx, r, **_member_fields(v)):
            write_keys(r)
            refresh_household(ctx, r.household_id)
        return r

    r = ctx.write(work)
    return member_view(r, ctx.today(), ctx.actor.can(Perm.SEE_FULL_ID))


def _stored(r: Resident) -> MemberValues:
    return MemberValues(
        r.name, r.relation, r.id_number, r.sex, r.birth_date, r.phone, r.occupation,
        r.working_away, r.health, r.school, r.income, r.note,
    )  # fmt: skip


def change_head(
    ctx: ServiceContext, member_id: int, old_head_relation: str = "其他"
) -> HouseholdDetail:
    """Make a member the 户主; the old head takes ``old_head_relation``."""
    ctx.require(Perm.EDIT_ARCHIVE)
    relation = clean_relation(old_head_relation)
    if relation == HEAD:
        raise ValidationError(t("archive.head_relation"), field="relation")

    def work() -> int:
        r = _member(member_id)
        if r.archived:
            raise RuleViolation(t("archive.member_archived", name=r.name), field="name")
        old = _active_head(r.household_id, excluding=r.id)
        note = t("archive.audit.head_change")
        if old is not None:
            audit.update(ctx, old, audit_note=note, relation=relation)
        audit.update(ctx, r, audit_note=note, relation=HEAD)
        refresh_household(ctx, r.household_id)
        return int(r.household_id)

    return get_household(ctx, ctx.write(work))


def archive_member(ctx: ServiceContext, member_id: int, note: str = "") -> HouseholdDetail:
    """Archive a member (moved away, deceased …): kept, never deleted. The
    head is archived only after another member became head."""
    ctx.require(Perm.EDIT_ARCHIVE)
    reason = clean_long(note, "note", "field.note")

    def work() -> int:
        r = _member(member_id)
        if r.relation == HEAD and not r.archived:
            raise RuleViolation(t("archive.head_archive", name=r.name), field="relation")
        audit.archive(ctx, r, audit_note=reason)
        write_keys(r)
        refresh_household(ctx, r.household_id)
        return int(r.household_id)

    return get_household(ctx, ctx.write(work))


def create_household(
    ctx: ServiceContext, village_id: int, head: Mapping[str, Any], **values: Any
) -> HouseholdDetail:
    """A new household with its head (``head`` holds the member fields; its
    relation is 户主) and the household fields of :func:`update_household`."""
    ctx.require(Perm.EDIT_ARCHIVE)
    clean = clean_household({"code": values.get("code", ""), **values})
    v = clean_member({**head, "relation": HEAD}, ctx.today())

    def work() -> int:
        village = Village.get_or_none(Village.id == village_id)
        if village is None:
            raise NotFound(t("town.unknown_village", name=village_id, known=""), field="village")
        if Household.get_or_none(
            (Household.village == village_id) & (Household.code == clean["code"])
        ):
            raise ValidationError(
                t("archive.code_taken", village=village.name, code=clean["code"]), field="code"
            )
        check_unique_id(v.id_number)
        tags = clean.pop("tags", ())
        liaison = clean.pop("liaison_id", None)
        check_liaison(liaison)
        h = audit.create(
            ctx, Household, village=village_id, liaison=liaison, updated_at=ctx.now(), **clean
        )
        r = audit.create(ctx, Resident, household=h.id, **_member_fields(v))
        write_keys(r)
        set_tags(ctx, h.id, tags)
        refresh_household(ctx, h.id)
        return int(h.id)

    return get_household(ctx, ctx.write(work))
