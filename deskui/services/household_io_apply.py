"""Writing the checked rows of a roll import (see :mod:`household_io`):
households found or created, members matched on the ID number, else on the
name within the household, and only changed fields written (audited)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from peewee import Field, Model

from deskui.domain.search import resident_keys
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.household_io_rows import HEAD, MemberValues
from deskui.services.households import _member_fields
from deskui.store.models import Household, HouseholdTag, Resident, SearchKey, Village

Progress = Callable[[int, int], None]
CHUNK = 500
KEY_BATCH = 800  # search-key rows an INSERT (4 columns each)
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Reject:
    row: int  # the row number in the file (1 = the first line)
    reason: str
    values: tuple[str, ...]  # the row as read, for the rejects workbook


@dataclass
class ImportResult:
    rows: int = 0
    new_households: int = 0
    changed_households: int = 0
    new_members: int = 0
    changed_members: int = 0
    unchanged: int = 0
    rejects: list[Reject] = field(default_factory=list)
    headers: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return self.rows - len(self.rejects)


@dataclass
class Row:
    line: int
    raw: tuple[str, ...]
    village_id: int
    code: str
    member: MemberValues
    group_no: int | None
    household: dict[str, Any]
    key: tuple[int, str] = (0, "")


def existing_homes(numbers: list[str]) -> dict[str, tuple[int, int, str]]:
    """(resident id, household id, name) of the residents holding these ID
    numbers, without building model instances."""
    found: dict[str, tuple[int, int, str]] = {}
    for i in range(0, len(numbers), CHUNK):
        q = Resident.select(
            Resident.id_number, Resident.id, Resident.household, Resident.name
        ).where(Resident.id_number.in_(numbers[i : i + CHUNK]))
        rows: list[tuple[str, int, int, str]] = list(q.tuples())  # type: ignore[arg-type]
        for number, rid, hid, name in rows:
            found[str(number)] = (rid, hid, name)
    return found


def town_households(ctx: ServiceContext) -> dict[tuple[int, str], Household]:
    q = Household.select().join(Village).where(Village.town == ctx.town_id)
    return {(h.village_id, h.code): h for h in q}


def reject_all(rows: list[Row], reason: str, result: ImportResult) -> None:
    for r in rows:
        result.rejects.append(Reject(r.line, reason, r.raw))


# ----------------------------------------------------------------- applying


def apply_rows(
    ctx: ServiceContext,
    rows: list[Row],
    result: ImportResult,
    total: int,
    progress: Progress | None,
    file_name: str,
) -> None:
    """Write the checked rows, household by household, in the caller's
    transaction. The members and tags of the households the roll touches are
    read in a few batched queries up front; records are inserted through one
    prepared statement a table; audit rows and search keys are written in
    batches at the end (nothing reads them meanwhile)."""
    groups: dict[tuple[int, str], list[Row]] = {}
    for r in rows:
        groups.setdefault(r.key, []).append(r)
    w = _Writer(ctx, t("archive.audit.import", file=file_name), groups)
    done = 0
    for key, members in groups.items():
        if not w.apply_group(key, members, result):
            continue
        done += len(members)
        if progress and done % 200 < len(members):
            progress(total + done, total * 2)
    w.flush()


class _Writer:
    """The import's working set inside its transaction."""

    def __init__(
        self, ctx: ServiceContext, note: str, groups: dict[tuple[int, str], list[Row]]
    ) -> None:
        self.ctx, self.note = ctx, note
        self.households = town_households(ctx)
        self.by_pk = {h.id: h for h in self.households.values()}
        known = existing_homes(
            [r.member.id_number for g in groups.values() for r in g if r.member.id_number]
        )
        self.by_id: dict[str, Resident] = {}
        self.members: dict[int, list[Resident]] = {}
        self.tags: dict[int, dict[str, HouseholdTag]] = {}
        self.audit: list[tuple[str, str, int | None, dict[str, list[Any]] | None, str]] = []
        self.keys: dict[int, list[tuple[str, str, int, int, int | None]]] = {}
        self.stale_keys: set[int] = set()
        self.inserts: dict[type[Model], tuple[str, list[Field]]] = {}
        wanted: set[int] = set()
        for key, members in groups.items():
            if not key[1].startswith("#"):
                if key in self.households:
                    wanted.add(self.households[key].id)
                continue
            head = next((r for r in members if r.member.relation == HEAD), None)
            if head is not None and (head.member.id_number or "") in known:
                wanted.add(known[str(head.member.id_number)][1])
        self.known = {rid for rid, _h, _n in known.values()}
        self._load(sorted(wanted))
        rest = [rid for rid, hid, _n in known.values() if hid not in self.members]
        for chunk in _chunks(rest):
            for m in Resident.select().where(Resident.id.in_(chunk)):
                self.by_id[str(m.id_number)] = m

    # -- reading, batched
    def _load(self, ids: list[int]) -> None:
        for hid in ids:
            self.members[hid] = []
            self.tags[hid] = {}
        for chunk in _chunks(ids):
            for m in Resident.select().where(Resident.household.in_(chunk)).order_by(Resident.id):
                known = self.by_id.get(m.id_number or "")
                if known is not None and known.id == m.id:
                    m = known  # one instance a resident
                elif m.id in self.known:
                    self.by_id[str(m.id_number)] = m
                self.members[m.household_id].append(m)
            q = HouseholdTag.select().where(HouseholdTag.household.in_(chunk))
            for tag in q.order_by(HouseholdTag.id):
                self.tags[tag.household_id][tag.tag] = tag

    def members_of(self, hid: int) -> list[Resident]:
        if hid not in self.members:
            self._load([hid])
        return self.members[hid]

    def tags_of(self, hid: int) -> dict[str, HouseholdTag]:
        if hid not in self.tags:
            self._load([hid])
        return self.tags[hid]

    # -- writing, audited
    def create(self, model: type[M], values: dict[str, Any], note: str) -> M:
        """``audit.create`` through a prepared INSERT; the log row is queued."""
        if model not in self.inserts:
            fields = [f for f in model._meta.sorted_fields if not f.primary_key]
            q = model.insert_many([tuple(None for _ in fields)], fields=fields)
            if self.ctx.db.returning_clause:
                q = q.returning(model._meta.primary_key)
            self.inserts[model] = (q.sql()[0], fields)
        sql, fields = self.inserts[model]
        instance = model(**values)
        cursor = self.ctx.db.execute_sql(
            sql, [f.db_value(instance.__data__.get(f.name)) for f in fields]
        )
        pk = cursor.fetchone()[0] if self.ctx.db.returning_clause else cursor.lastrowid
        instance._pk = pk  # type: ignore[attr-defined]
        after = audit.snapshot(instance)
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "", False)}
        self.audit.append(("新增", model._meta.table_name, pk, changes, note))
        return instance

    def update(self, instance: Model, values: dict[str, Any], note: str) -> dict[str, list[Any]]:
        """``audit.update`` with the log row queued."""
        data = instance.__data__
        if all(name in data and data[name] == value for name, value in values.items()):
            return {}  # nothing differs: the snapshots would be equal too
        before = audit.snapshot(instance)
        for name, value in values.items():
            setattr(instance, name, value)
        after = audit.snapshot(instance)
        changes = {k: [before[k], after[k]] for k in values if before.get(k) != after.get(k)}
        if changes:
            instance.save(only=[instance._meta.fields[k] for k in changes])
            self.audit.append(("修改", instance._meta.table_name, instance.get_id(), changes, note))
        return changes

    def flush(self) -> None:
        audit.log_many(self.ctx, self.audit)
        self.audit = []
        for chunk in _chunks(sorted(self.stale_keys)):
            SearchKey.delete().where(SearchKey.resident.in_(chunk)).execute()
        keys = [k for rows in self.keys.values() for k in rows]
        fields: list[Field] = [
            SearchKey.key,
            SearchKey.kind,
            SearchKey.resident,
            SearchKey.household,
            SearchKey.town,
        ]
        statements: dict[int, str] = {}  # one statement a batch size, reused
        for i in range(0, len(keys), KEY_BATCH):
            batch = keys[i : i + KEY_BATCH]
            if len(batch) not in statements:
                q = SearchKey.insert_many(batch, fields=fields)
                statements[len(batch)] = q.sql()[0]
            params = [f.db_value(v) for row in batch for f, v in zip(fields, row, strict=True)]
            self.ctx.db.execute_sql(statements[len(batch)], params)
        self.keys, self.stale_keys = {}, set()

    # -- one household of the roll
    def apply_group(self, key: tuple[int, str], members: list[Row], result: ImportResult) -> bool:
        head_row = next((r for r in members if r.member.relation == HEAD), None)
        h = self.find(key, head_row)
        fields: dict[str, Any] = {}
        for r in sorted(members, key=lambda m: m.member.relation != HEAD):
            for k, v in r.household.items():
                fields.setdefault(k, v)
        group_no = (head_row or members[0]).group_no
        tags = fields.pop("tags", None)
        if h is None:
            if head_row is None:
                reject_all(members, t("archive.no_head", code=key[1]), result)
                return False
            code = key[1] if not key[1].startswith("#") else _free_code(key[0], self.households)
            h = self.create(
                Household,
                dict(village=key[0], code=code, group_no=group_no, updated_at=self.ctx.now(),
                     head_name=head_row.member.name, size=len(members), **fields),
                self.note,
            )  # fmt: skip
            self.households[(key[0], code)] = self.by_pk[h.id] = h
            self.members[h.id], self.tags[h.id] = [], {}
            result.new_households += 1
            changed, new = True, True
        else:
            new = False
            if (
                head_row is not None
                and h.head_name
                and h.head_name != head_row.member.name
                and self.active_head_other(h.id, head_row)
            ):
                reject_all(members, t("archive.two_heads", name=h.head_name), result)
                return False
            if group_no is not None:
                fields["group_no"] = group_no
            changed = bool(self.update(h, fields, self.note))
        if tags is not None:
            changed = self.set_tags(h.id, tags) or changed
        members_changed = False
        for r in members:
            members_changed = self.apply_member(h, r, result, new=new) or members_changed
        if not new:
            self.refresh(h)
        if (changed or members_changed) and not new:
            result.changed_households += 1
        return True

    def find(self, key: tuple[int, str], head_row: Row | None) -> Household | None:
        if not key[1].startswith("#"):
            return self.households.get(key)
        if head_row is None:
            return None
        number = head_row.member.id_number
        if number and number in self.by_id:
            hid = self.by_id[number].household_id
            known = self.by_pk.get(hid)
            return known if known is not None else Household.get_by_id(hid)
        found = (
            Household.select()
            .where(
                (Household.village == key[0])
                & (Household.head_name == head_row.member.name)
                & (Household.group_no == head_row.group_no)
            )
            .first()
        )
        return None if found is None else self.by_pk.get(found.id, found)

    def active_head_other(self, hid: int, head_row: Row) -> bool:
        """Whether the household's current head is someone else than the row's head."""
        head = next(
            (m for m in self.members_of(hid) if m.relation == HEAD and not m.archived), None
        )
        if head is None:
            return False
        number = head_row.member.id_number
        if number and head.id_number:
            return bool(head.id_number != number)
        return bool(head.name != head_row.member.name)

    def set_tags(self, hid: int, tags: tuple[str, ...]) -> bool:
        """``households.set_tags`` on the cached tags."""
        current = self.tags_of(hid)
        changed = False
        for tag, row in list(current.items()):
            if tag not in tags:
                self.audit.append(
                    ("删除", HouseholdTag._meta.table_name, row.id, {"tag": [tag, None]}, "")
                )
                row.delete_instance()
                del current[tag]
                changed = True
        for tag in tags:
            if tag not in current:
                current[tag] = self.create(HouseholdTag, {"household": hid, "tag": tag}, "")
                changed = True
        return changed

    def apply_member(self, h: Household, r: Row, result: ImportResult, *, new: bool) -> bool:
        values = _member_fields(r.member)
        resident = self.by_id.get(r.member.id_number or "")
        if resident is None and not new:
            resident = next((m for m in self.members_of(h.id) if m.name == r.member.name), None)
        if resident is None:
            resident = self.create(Resident, {"household": h.id, **values}, self.note)
            self.members_of(h.id).append(resident)
            self.keys[resident.id] = _key_rows(resident, self.ctx.town_id)
            result.new_members += 1
            return True
        for key in ("id_number", "sex", "birth_date", "phone", "occupation", "health", "note"):
            if not values[key] and getattr(resident, key):
                values.pop(key)  # an empty cell keeps what the archive knows
        for key in ("working_away", "school", "income"):
            values.pop(key)  # not in the roll
        if self.update(resident, values, self.note):
            self.stale_keys.add(resident.id)
            self.keys[resident.id] = _key_rows(resident, self.ctx.town_id)
            result.changed_members += 1
            return True
        result.unchanged += 1
        return False

    def refresh(self, h: Household) -> None:
        """``households.refresh_household`` on the cached members."""
        active = [m for m in self.members_of(h.id) if not m.archived]
        head = next((m.name for m in active if m.relation == HEAD), "")
        if self.update(h, {"head_name": head, "size": len(active)}, ""):
            h.updated_at = self.ctx.now()
            h.save(only=[Household.updated_at])


def _key_rows(r: Resident, town_id: int | None) -> list[tuple[str, str, int, int, int | None]]:
    """``households.write_keys``'s rows: (key, kind, resident, household, town)."""
    return [
        (key, kind, r.id, r.household_id, town_id)
        for kind, key in resident_keys(r.name, r.phone, r.id_number)
    ]


def _free_code(village_id: int, households: dict[tuple[int, str], Household]) -> str:
    n = sum(1 for v, _c in households if v == village_id) + 1
    while (village_id, f"N{n:05d}") in households:
        n += 1
    return f"N{n:05d}"


def _chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
