"""Importing the office's old rolls and reading the archive as a flat roll.

The roll is one row a person (FORMS.md §7), headers in
:data:`household_io_rows.HEADERS` (synonyms accepted), in an ``.xlsx`` or a
``.csv`` (UTF-8 or GBK). :func:`import_households` checks every row — the
fields, the village, the liaison official, ID numbers repeated in the file
or registered in another household, exactly one 户主 a household (rows
without a 户编号 join the 户主 row above them) — and imports the good rows in
ONE transaction; a bad row, or every row of a household that cannot be
imported whole, comes back as a :class:`Reject` with its row number and
reason (the exports layer writes them to a rejects workbook beside the
input). Rows are matched on the ID number, else village + 户编号 + name, and
only changed fields are written, so importing a file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from peewee import fn

from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.privacy import mask_id, mask_phone
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.household_io_apply import (
    ImportResult,
    Progress,
    Reject,
    Row,
    apply_rows,
    existing_homes,
    reject_all,
)
from deskui.services.household_io_rows import (
    HEAD,
    HEADERS,
    REQUIRED,
    ROLL_HEADERS,
    check_duplicate_columns,
    clean_group,
    clean_income,
    clean_member,
    clean_short,
    clean_tags,
    header_map,
    read_table,
)
from deskui.store.models import Household, HouseholdTag, Official, Resident, Village

__all__ = ["ROLL_HEADERS", "ImportResult", "Progress", "Reject", "import_households", "roll_rows"]

HEADER_SCAN = 10
CHUNK = 500


class _Checker:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.today = ctx.today()
        self.villages: dict[str, int] = {}
        for v in Village.select().where(Village.town == ctx.town_id):
            for name in {v.name, v.name.removesuffix("村"), v.name.removesuffix("社区")}:
                self.villages[name] = v.id
        self.officials = {
            o.name: o.id
            for o in Official.select().where(
                (Official.town == ctx.town_id) & (Official.archived == False)  # noqa: E712
            )
        }

    def row(self, line: int, raw: tuple[str, ...], cols: dict[str, int]) -> Row:
        def get(key: str) -> str:
            i = cols.get(key)
            return raw[i] if i is not None and i < len(raw) else ""

        for key in REQUIRED:
            if not get(key).strip():
                label = HEADERS[key][0]
                raise ValidationError(t("text.required", label=label), field=key)
        village = get("village").strip()
        vid = self.villages.get(village)
        if vid is None:
            known = "、".join(sorted(set(self.villages))[:8])
            raise ValidationError(t("town.unknown_village", name=village, known=known))
        member = clean_member(
            {
                "name": get("name"),
                "relation": get("relation"),
                "id_number": get("id_number"),
                "sex": get("sex"),
                "birth_date": get("birth"),
                "phone": get("phone"),
                "occupation": get("occupation"),
                "health": get("health"),
                "note": get("note"),
            },
            self.today,
        )
        household: dict[str, Any] = {}
        if get("tags").strip():
            household["tags"] = clean_tags(get("tags"))
        if get("income").strip():
            household["income"] = clean_income(get("income"))
        for key, label in (
            ("economy", "archive.field.economy"),
            ("address", "archive.field.address"),
        ):
            if get(key).strip():
                household[key] = clean_short(get(key), key, label, 200)
        liaison = get("liaison").strip()
        if liaison:
            if liaison not in self.officials:
                raise ValidationError(t("town.unknown_official", name=liaison), field="liaison")
            household["liaison"] = self.officials[liaison]
        code = clean_short(get("code"), "code", "archive.field.code", 30)
        return Row(line, raw, vid, code, member, clean_group(get("group")), household)


def import_households(
    ctx: ServiceContext,
    path: Path | str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of a roll and import the good ones in one transaction."""
    ctx.require(Perm.IMPORT)
    path = Path(path)
    result = ImportResult(dry_run=dry_run)
    table = list(read_table(path))
    total = len(table)
    cols: dict[str, int] = {}
    start = 0
    for n, (_line, cells) in enumerate(table[:HEADER_SCAN]):
        found = header_map(cells)
        if "name" in found and len(found) >= 3:
            cols, start, result.headers = found, n + 1, cells
            break
    if not cols:
        raise ValidationError(
            t("archive.io.no_header", headers="、".join(h[0] for h in HEADERS.values()))
        )
    check_duplicate_columns(result.headers)
    missing = [HEADERS[k][0] for k in REQUIRED if k not in cols]
    if missing:
        raise ValidationError(t("archive.io.missing_columns", columns="、".join(missing)))
    checker = _Checker(ctx)
    rows: list[Row] = []
    for n, (line, raw) in enumerate(table[start:], start=start):
        if not any(c.strip() for c in raw):
            continue
        result.rows += 1
        try:
            rows.append(checker.row(line, raw, cols))
        except DomainError as exc:
            result.rejects.append(Reject(line, str(exc), raw))
        if progress and n % 200 == 0:
            progress(n, total * 2)
    rows = _group(rows, result)
    if progress:
        progress(total, total * 2)
    if dry_run or not rows:
        if progress:
            progress(total * 2, total * 2)
        return result

    def work() -> None:
        apply_rows(ctx, rows, result, total, progress, path.name)

    ctx.write(work)
    if progress:
        progress(total * 2, total * 2)
    return result


def _group(rows: list[Row], result: ImportResult) -> list[Row]:
    """Assign households, refuse repeated IDs and households without exactly
    one head; returns the rows that can be imported. The households the
    check needs are read in batches, not row by row."""
    existing = existing_homes([r.member.id_number for r in rows if r.member.id_number])
    homes = _homes_of({hid for _rid, hid, _name in existing.values()})
    seen: dict[str, int] = {}
    good: list[Row] = []
    last_head: dict[int, int] = {}  # village → line of the last head row without a code
    for r in rows:
        number = r.member.id_number
        if number and number in seen:
            result.rejects.append(
                Reject(
                    r.line,
                    t("archive.duplicate_id_in_file", masked=mask_id(number), row=seen[number]),
                    r.raw,
                )
            )
            continue
        if number:
            seen[number] = r.line
        if r.code:
            r.key = (r.village_id, r.code)
        elif r.member.relation == HEAD:
            last_head[r.village_id] = r.line
            r.key = (r.village_id, f"#{r.line}")
        elif r.village_id in last_head:
            r.key = (r.village_id, f"#{last_head[r.village_id]}")
        else:
            result.rejects.append(Reject(r.line, t("archive.io.no_code"), r.raw))
            continue
        good.append(r)
    by_key: dict[tuple[int, str], list[Row]] = {}
    for r in good:
        by_key.setdefault(r.key, []).append(r)
    known = _known_codes({key[0] for key in by_key})
    village_names: dict[int, str] = {}
    out: list[Row] = []
    for key, members in by_key.items():
        heads = [r for r in members if r.member.relation == HEAD]
        code = key[1] if not key[1].startswith("#") else ""
        if len(heads) > 1:
            rows_text = "、".join(str(r.line) for r in heads)
            reject_all(
                members,
                t("archive.two_heads_in_file", code=code or heads[0].member.name, rows=rows_text),
                result,
            )
            continue
        if not heads and (key[0], code) not in known:
            reject_all(members, t("archive.no_head", code=code), result)
            continue
        for r in members:
            other = existing.get(r.member.id_number or "")
            if other is not None and not _same_household(homes[other[1]], r):
                village, home_code = homes[other[1]]
                if village not in village_names:
                    village_names[village] = Village.get_by_id(village).name
                reason = t(
                    "archive.duplicate_id",
                    masked=mask_id(r.member.id_number),
                    village=village_names[village],
                    code=home_code,
                    name=other[2],
                )
                result.rejects.append(Reject(r.line, reason, r.raw))
                members = [m for m in members if m is not r]
        out.extend(members)
    return out


def _homes_of(household_ids: set[int]) -> dict[int, tuple[int, str]]:
    """(village, 户编号) of these households, by id (batched)."""
    ids = sorted(household_ids)
    homes: dict[int, tuple[int, str]] = {}
    for i in range(0, len(ids), CHUNK):
        q = Household.select(Household.id, Household.village, Household.code)
        rows: list[tuple[int, int, str]] = list(
            q.where(Household.id.in_(ids[i : i + CHUNK])).tuples()  # type: ignore[arg-type]
        )
        for hid, village, code in rows:
            homes[hid] = (village, code)
    return homes


def _known_codes(village_ids: set[int]) -> set[tuple[int, str]]:
    """(village, 户编号) of every household already in these villages."""
    q = Household.select(Household.village, Household.code).where(
        Household.village.in_(sorted(village_ids))
    )
    pairs: list[tuple[int, str]] = list(q.tuples())  # type: ignore[arg-type]
    return set(pairs)


def _same_household(home: tuple[int, str], r: Row) -> bool:
    if r.code:
        return home == (r.village_id, r.code)
    return home[0] == r.village_id


# ------------------------------------------------------------------ the roll


def roll_rows(ctx: ServiceContext, village_id: int | None = None) -> Iterator[tuple[str, ...]]:
    """The archive as a flat roll, one row a person in :data:`ROLL_HEADERS`
    order, by village, group, household code, head first. ID numbers and
    phones are masked unless the operator may see them (a masked roll
    cannot be imported back). Streams in pages: a town never sits in memory."""
    ctx.require(Perm.VIEW_ARCHIVE)
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    officials: dict[int, str] = dict(
        Official.select(Official.id, Official.name).where(Official.town == ctx.town_id).tuples()  # type: ignore[arg-type]
    )
    q = (
        Household.select(Household, Village.name)
        .join(Village)
        .where(
            (Village.town == ctx.town_id) & (Household.archived == False)  # noqa: E712
        )
    )
    if village_id is not None:
        q = q.where(Household.village == village_id)
    q = q.order_by(
        Village.sort_order, Village.id, fn.COALESCE(Household.group_no, 0), Household.code
    )
    households: list[tuple[int]] = list(q.select(Household.id).tuples())  # type: ignore[arg-type]
    for i in range(0, len(households), CHUNK):
        ids = [h[0] for h in households[i : i + CHUNK]]
        homes = {
            h.id: h
            for h in Household.select(Household, Village.name)
            .join(Village)
            .where(Household.id.in_(ids))
        }
        tags: dict[int, list[str]] = {}
        for tag in (
            HouseholdTag.select().where(HouseholdTag.household.in_(ids)).order_by(HouseholdTag.id)
        ):
            tags.setdefault(tag.household_id, []).append(tag.tag)
        members: dict[int, list[Resident]] = {}
        for r in Resident.select().where(
            Resident.household.in_(ids) & (Resident.archived == False)  # noqa: E712
        ):
            members.setdefault(r.household_id, []).append(r)
        for hid in ids:
            h = homes[hid]
            for r in sorted(members.get(hid, []), key=lambda m: (m.relation != HEAD, m.id)):
                head = r.relation == HEAD
                yield (
                    h.village.name,
                    str(h.group_no or ""),
                    h.code,
                    r.name,
                    r.relation,
                    (r.id_number or "") if full else mask_id(r.id_number),
                    r.sex,
                    r.birth_date.isoformat() if r.birth_date else "",
                    r.phone if full else mask_phone(r.phone),
                    r.occupation,
                    r.health,
                    "、".join(tags.get(hid, [])) if head else "",
                    officials.get(h.liaison_id, "") if head and h.liaison_id else "",
                    str(h.income) if head and h.income is not None else "",
                    h.economy if head else "",
                    h.address if head else "",
                    r.note,
                )
