"""Importing the office's old rolls and reading the archive as a flat roll.

The roll is one row a person (FORMS.md §7), headers in
:data:`HEADERS` (synonyms accepted), in an ``.xlsx`` or a
``.csv`` (UTF-8 or GBK). :func:`import_households` checks every row — the
fields, the village, the liaison official, ID numbers repeated in the file
or registered in another household, exactly one 户主 a household (rows
without a 户编号 join the 户主 row above them) — and imports the good rows in
ONE transaction; a bad row, or every row of a household that cannot be
imported whole, comes back as a :class:`Reject` with its row number and
reason (the exports layer writes them to a rejects workbook beside the
input). Rows are matched on the ID number, else village + 户编号 + name, and
only changed fields are written, so importing a file twice changes nothing:
households found or created, members matched on the ID number, else on
the name within the household, every write audited.

One concern: the roll, in (the import: the checks across rows and the
write) and out (:func:`roll_rows`, the archive as a flat roll). A single
row's checks, and sharing them with a helper process for a long roll, are
:mod:`deskui.services.archive.roll_rows`; the write's batched inserts run in
a second thread (:class:`deskui.store.bulk.Background`, see ``_Writer.sync``).

Memory stays low however long the roll (100,000 rows: see
tests/benchmarks/roll_import.py). Every row is checked once. A checked row
keeps only what the checks across rows need (its line, village, 户编号, ID
number, whether it is a 户主) and its checked values packed into one UTF-8
byte string (~170 bytes a row, against ~5 KB for a checked row as
objects); the write, in the one transaction, unpacks each good row, gathers
a household's rows until its last line and writes it, and a written
household leaves the writer's cache: only the households still open are
held as records. The cells of a row refused only after the first pass (a
repeated ID number, a household without its 户主) are read again from the
file at the end, for the rejects workbook: the second read (python-calamine,
about a second for 100,000 rows) happens only when there are such rows.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from peewee import DateField, DateTimeField, Field, ForeignKeyField, Model, fn

from deskui.domain.errors import ValidationError
from deskui.domain.household_rules import HEAD
from deskui.domain.privacy import mask_id, mask_phone
from deskui.domain.roles import Perm
from deskui.domain.search import name_keys, number_keys
from deskui.i18n import t
from deskui.services import audit
from deskui.services.archive.household import _member_fields
from deskui.services.archive.roll_rows import (
    HEADERS,
    PARALLEL_ROWS,
    REQUIRED,
    Checker,
    Reject,
    Row,
    Seen,
    Shared,
    _unpack_row,
)
from deskui.services.context import ServiceContext
from deskui.services.spreadsheet import (
    TableStream,
    check_duplicate_columns,
    header_map,
    read_table,
)
from deskui.store.bulk import Background, IdBlock, insert_rows_sql, values_limit
from deskui.store.models import (
    AuditLog,
    Household,
    HouseholdTag,
    Official,
    Resident,
    SearchKey,
    Village,
)

HEADER_SCAN = 10
Progress = Callable[[int, int], None]
CHUNK = 500
M = TypeVar("M", bound=Model)


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


@dataclass(frozen=True)
class Plan:
    """What the checks across rows decided: the last line of every
    household to import, and the rows refused (line → reason)."""

    last: dict[tuple[int, str], int]
    late: dict[int, str]
    existing: dict[str, tuple[int, int, str]]  # ID number → (resident, household, name)
    head_ids: dict[tuple[int, str], str]  # a household without 户编号 → its head's ID number


def existing_homes(numbers: list[str], size: int = CHUNK) -> dict[str, tuple[int, int, str]]:
    """(resident id, household id, name) of the residents holding these ID
    numbers, ``size`` numbers a query, without building model instances."""
    found: dict[str, tuple[int, int, str]] = {}
    for i in range(0, len(numbers), size):
        q = Resident.select(
            Resident.id_number, Resident.id, Resident.household, Resident.name
        ).where(Resident.id_number.in_(numbers[i : i + size]))
        rows: list[tuple[str, int, int, str]] = list(q.tuples())  # type: ignore[arg-type]
        for number, rid, hid, name in rows:
            found[str(number)] = (rid, hid, name)
    return found


def town_households(ctx: ServiceContext) -> dict[tuple[int, str], int]:
    """(village, 户编号) → id of every household of the town (no instances)."""
    q = (
        Household.select(Household.village, Household.code, Household.id)
        .join(Village)
        .where(Village.town == ctx.town_id)
    )
    rows: list[tuple[int, str, int]] = list(q.tuples())  # type: ignore[arg-type]
    return {(village, code): hid for village, code, hid in rows}


def reject_all(rows: list[Row], reason: str, result: ImportResult) -> None:
    for r in rows:
        result.rejects.append(Reject(r.line, reason, r.raw))


# ----------------------------------------------------------------- applying


FLUSH_EVERY = 5000  # members applied between two writes of the queued audit rows and keys
# values a queued INSERT carries at most: long statements are few (the
# second thread's lock hand-overs are per statement), but the driver keeps
# each length's prepared form (about 0.1 KB a value): 8,000 values stay
# within the memory budget, 30,000 cost 20 MB more for no time saved
STATEMENT_VALUES = 8000
_INSERT_ORDER: list[type[Model]] = [
    Household,
    Resident,
    HouseholdTag,
]  # a record before those that refer to it


class _Writer:
    """The import's working set inside its transaction."""

    def __init__(self, ctx: ServiceContext, note: str, plan: Plan) -> None:
        self.ctx, self.note = ctx, note
        self.households = town_households(ctx)
        self.by_pk: dict[int, Household] = {}  # the households being written
        known = plan.existing
        self.by_id: dict[str, Resident] = {}
        self.members: dict[int, list[Resident]] = {}
        self.tags: dict[int, dict[str, HouseholdTag]] = {}
        self.audit: list[tuple[str, str, int | None, dict[str, list[Any]] | None, str]] = []
        self.keys: dict[int, list[tuple[str, str, int, int, int | None]]] = {}
        self.stale_keys: set[int] = set()
        self.names: dict[str, tuple[tuple[str, str], ...]] = {}  # name → its search keys
        self.shapes: dict[type[Model], _Shape] = {}
        # created records not yet written: their ids are taken ahead, and
        # they are inserted many a statement, households before what refers
        # to them, before anything reads or updates them
        self.ids: dict[type[Model], IdBlock] = {}
        self.pending: dict[type[Model], list[list[Any]]] = {}
        self.statements: dict[tuple[type[Model], int], str] = {}
        wanted: set[int] = set()
        for key in plan.last:
            if not key[1].startswith("#"):
                if key in self.households:
                    wanted.add(self.households[key])
                continue
            head_id = plan.head_ids.get(key, "")
            if head_id in known:
                wanted.add(known[head_id][1])
        self.known = {rid for rid, _h, _n in known.values()}
        self.background: Background | None = None
        self._load(sorted(wanted))
        rest = [rid for rid, hid, _n in known.values() if hid not in self.members]
        for chunk in _chunks(rest):
            for m in Resident.select().where(Resident.id.in_(chunk)):
                self.by_id[str(m.id_number)] = m
        self.chain = audit.Chain(ctx)
        # the batched inserts run in a second thread while the rows go on
        # being made; every statement of this thread waits for them (sync)
        # few statements, each long: the second thread waits for the
        # interpreter's lock before and after each one (up to the switch
        # interval, 5 ms), so a thousand short ones would cost seconds
        self.values = values_limit(ctx.db, STATEMENT_VALUES)
        self.background = Background(ctx.db, depth=8)

    def sync(self) -> None:
        """Insert what is pending and wait until every queued statement has
        run: before any statement of this thread (a read, an update), which
        must neither miss a queued row nor run beside the queue."""
        if self.background is None:
            return
        self.write_pending()
        self.background.drain()

    def close(self) -> None:
        """Write what is left, record the audit chain's head, stop the
        second thread (also after a failure: before the rollback)."""
        if self.background is None:
            return
        try:
            self.flush()
            self.sync()
            self.chain.close()
        finally:
            self.background.close()
            self.background = None

    def abandon(self) -> None:
        """Stop the second thread after a failure (the transaction rolls back)."""
        if self.background is not None:
            self.background.close()
            self.background = None

    # -- reading, batched
    def _load(self, ids: list[int]) -> None:
        self.sync()
        for hid in ids:
            self.members[hid] = []
            self.tags[hid] = {}
        for chunk in _chunks(ids):
            for home in Household.select().where(Household.id.in_(chunk)):
                self.by_pk.setdefault(home.id, home)
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

    def _household(self, hid: int) -> Household:
        """The household as being written (one instance), read when first needed."""
        if hid not in self.by_pk:
            self.sync()
            self.by_pk[hid] = Household.get_by_id(hid)
        return self.by_pk[hid]

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
        """``audit.create`` with the insert and the log row queued (the id is
        taken ahead: see :meth:`write_pending`)."""
        if model not in self.ids:
            self.ids[model] = IdBlock(self.ctx.db, model, block=5000, before_query=self.sync)
        pk = self.ids[model].take()
        shape = self.shapes.get(model) or self.shapes.setdefault(model, _Shape(model))
        instance = shape.instance(pk, values)
        data = instance.__data__
        get = data.get
        self.pending.setdefault(model, []).append([conv(get(n)) for n, conv in shape.stored])
        self.audit.append(("新增", shape.table, pk, shape.created(data), note))
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
            self.sync()  # an UPDATE of a row not yet inserted would change nothing
            instance.save(only=[instance._meta.fields[k] for k in changes])
            self.audit.append(("修改", instance._meta.table_name, instance.get_id(), changes, note))
        return changes

    def write_pending(self) -> None:
        """Queue the inserts of the created records, many a statement
        (households first: members and tags refer to them)."""
        for model in sorted(self.pending, key=lambda m: _INSERT_ORDER.index(m)):
            rows = self.pending.pop(model)
            fields = model._meta.sorted_fields
            if model is Resident:  # in the order of the ID-number index (see flush)
                column = fields.index(Resident.id_number)
                rows.sort(key=lambda row: row[column] or "")
            self._insert(model, fields, rows)

    def _insert(
        self, model: type[Model], fields: Sequence[Field], rows: list[Any], *, flat: bool = False
    ) -> None:
        """Queue the rows (values as stored; ``flat``: one list of values,
        row after row), as many a statement as the driver takes, then what
        is left in halves of that (see :func:`_batch_sizes`). A statement's
        text is made once a length and its prepared form kept by the driver
        (a megabyte or more when this long): a model has a dozen lengths,
        not one for every batch's leftover."""
        width = len(fields) if flat else 1
        count = len(rows) // width
        assert self.background is not None
        start = 0
        for n in _batch_sizes(count, max(1, self.values // len(fields))):
            batch = rows[start * width : (start + n) * width]
            start += n
            if (model, n) not in self.statements:
                self.statements[(model, n)] = insert_rows_sql(model, fields, n)
            params = batch if flat else [v for row in batch for v in row]
            self.background.submit(self.statements[(model, n)], params)

    def flush(self) -> None:
        """Queue what was made since the last flush."""
        self.write_pending()
        for batch in self.chain.batches(self.audit, self.values // len(audit.LOG_FIELDS)):
            self._insert(AuditLog, audit.LOG_FIELDS, batch, flat=True)
        self.audit = []
        if self.stale_keys:
            self.sync()
        for chunk in _chunks(sorted(self.stale_keys)):
            SearchKey.delete().where(SearchKey.resident.in_(chunk)).execute()
        # in the order of the key indexes: a batch walks each index once
        # instead of touching its pages at random (a county's keys outgrow
        # the page cache, and random inserts then cost a page read each)
        keys = sorted((k for rows in self.keys.values() for k in rows), key=_index_order)
        # (key, kind, resident, household, town): text and ids, stored as they are
        self._insert(SearchKey, _KEY_FIELDS, keys)
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
            self.households[(key[0], code)] = h.id
            self.by_pk[h.id] = h
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
        # done with it: its members and tags leave the cache (read again if
        # a later household of the roll turns out to be this one)
        self.members.pop(h.id, None)
        self.tags.pop(h.id, None)
        self.by_pk.pop(h.id, None)
        return True

    def find(self, key: tuple[int, str], head_row: Row | None) -> Household | None:
        if not key[1].startswith("#"):
            hid = self.households.get(key)
            return None if hid is None else self._household(hid)
        if head_row is None:
            return None
        number = head_row.member.id_number
        if number and number in self.by_id:
            hid = self.by_id[number].household_id
            return self._household(hid)
        self.sync()  # a household created earlier in this roll may be the one
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
                self.sync()
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
            self.keys[resident.id] = _key_rows(resident, self.ctx.town_id, self.names)
            result.new_members += 1
            return True
        for key in ("id_number", "sex", "birth_date", "phone", "occupation", "health", "note"):
            if not values[key] and getattr(resident, key):
                values.pop(key)  # an empty cell keeps what the archive knows
        for key in ("working_away", "school", "income"):
            values.pop(key)  # not in the roll
        if self.update(resident, values, self.note):
            self.stale_keys.add(resident.id)
            self.keys[resident.id] = _key_rows(resident, self.ctx.town_id, self.names)
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
            self.sync()
            h.save(only=[Household.updated_at])


class _Shape:
    """What creating a record of one model takes, worked out once: its
    stored fields and their converters, the fields audited and which of
    them are dates (logged as ISO text)."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.table = model._meta.table_name
        fields = model._meta.sorted_fields
        self.stored = [(f.name, f.db_value) for f in fields]
        self.audited = [f.name for f in fields if f.name not in audit.SKIP_FIELDS]
        self.dates = {f.name for f in fields if isinstance(f, (DateField, DateTimeField))}
        self.keys = {f.name for f in fields if isinstance(f, ForeignKeyField)}

    def instance(self, pk: int, values: dict[str, Any]) -> Any:
        """``model(id=pk, **values)`` as peewee makes it (defaults, then the
        values), without a descriptor call a field. A foreign key is given
        as the id (as peewee keeps it) or the record."""
        data = self.model._meta.get_default_dict()
        data.update(values)
        data["id"] = pk  # every model's key is its ``id``
        for name in self.keys.intersection(values):
            if isinstance(data[name], Model):
                data[name] = data[name].get_id()
        instance: Any = self.model.__new__(self.model)
        instance.__data__ = data
        instance._dirty = set(data)
        instance.__rel__ = {}
        return instance

    def created(self, data: dict[str, Any]) -> dict[str, list[Any]]:
        """What ``audit.create`` logs of a new record: its audited values as
        :func:`audit.snapshot` gives them, the empty ones left out (0 too:
        ``0 in (None, "", False)``)."""
        changes: dict[str, list[Any]] = {}
        for name in self.audited:
            value = data.get(name)
            if value in (None, "", False):
                continue
            changes[name] = [None, value.isoformat() if name in self.dates else value]
        return changes


_KEY_FIELDS: list[Field] = [
    SearchKey.key,
    SearchKey.kind,
    SearchKey.resident,
    SearchKey.household,
    SearchKey.town,
]


def _batch_sizes(count: int, full: int) -> Iterator[int]:
    """Statement lengths for ``count`` rows: ``full`` as long as it fits,
    then halves of it (``full // 2``, ``full // 4`` … 1), each as often as
    it fits: at most a dozen lengths whatever the counts."""
    size = full
    while count:
        while count >= size:
            yield size
            count -= size
        size = max(1, size // 2)


def _index_order(row: tuple[str, str, int, int, int | None]) -> tuple[int, str, str]:
    """A search key row's place in the (town, kind, key, household) index."""
    key, kind, _resident, _household, town = row
    return (town or 0, kind, key)


def _key_rows(
    r: Resident, town_id: int | None, names: dict[str, tuple[tuple[str, str], ...]]
) -> list[tuple[str, str, int, int, int | None]]:
    """``households.write_keys``'s rows: (key, kind, resident, household,
    town); a name's keys are kept in ``names`` (a roll repeats many names)."""
    pairs = names.get(r.name)
    if pairs is None:
        pairs = names[r.name] = name_keys(r.name)
    rid, hid = r.id, r.household_id
    return [
        (key, kind, rid, hid, town_id) for kind, key in pairs + number_keys(r.phone, r.id_number)
    ]


def _free_code(village_id: int, households: dict[tuple[int, str], int]) -> str:
    n = sum(1 for v, _c in households if v == village_id) + 1
    while (village_id, f"N{n:05d}") in households:
        n += 1
    return f"N{n:05d}"


def _chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _checker(ctx: ServiceContext) -> Checker:
    """The row checker for the town: its villages (with and without 村 or
    社区) and its officials in post, by name."""
    villages: dict[str, int] = {}
    for v in Village.select().where(Village.town == ctx.town_id):
        for name in {v.name, v.name.removesuffix("村"), v.name.removesuffix("社区")}:
            villages[name] = v.id
    officials = {
        o.name: o.id
        for o in Official.select().where(
            (Official.town == ctx.town_id) & (Official.archived == False)  # noqa: E712
        )
    }
    return Checker(villages, officials, ctx.today())


def import_households(
    ctx: ServiceContext,
    path: Path | str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of a roll and import the good ones in one transaction.

    The cyclic garbage collector is paused for the import: its rows and
    records are freed by reference counting as they go, make no cycles, and
    with a county's rows alive every full collection would walk them all
    again (a fifth of a 100,000-row import; ``gc.freeze`` of the checked
    rows won back less than half of it, and the desk has frozen its own
    start-up). Collection is as it was afterwards."""
    ctx.require(Perm.IMPORT)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(ctx, Path(path), dry_run, progress)
    finally:
        if collecting:
            gc.enable()


def _import(
    ctx: ServiceContext, path: Path, dry_run: bool, progress: Progress | None
) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    stream = read_table(path)
    table = iter(stream)  # streamed: only the checked rows are kept, not the sheet
    cols: dict[str, int] = {}
    start = 0
    for n, (_line, cells) in enumerate(table):
        found = header_map(cells, HEADERS)
        if "name" in found and len(found) >= 3:
            cols, start, result.headers = found, n + 1, cells
            break
        if n + 1 >= HEADER_SCAN:
            break
    if not cols:
        raise ValidationError(
            t("archive.io.no_header", headers="、".join(h[0] for h in HEADERS.values()))
        )
    check_duplicate_columns(result.headers, HEADERS)
    missing = [HEADERS[k][0] for k in REQUIRED if k not in cols]
    if missing:
        raise ValidationError(t("archive.io.missing_columns", columns="、".join(missing)))
    shared = Shared(_checker(ctx), cols, helper=stream.estimate >= PARALLEL_ROWS)
    n = start
    try:
        for n, (line, raw) in enumerate(table, start=start):
            if not any(c.strip() for c in raw):
                continue
            result.rows += 1
            shared.add(line, raw)
            if progress and n % 200 == 0:
                progress(n, max(stream.estimate, n + 1) * 2)
        checked = shared.finish()
    finally:
        shared.close()
    result.rejects += checked.rejects
    seen = checked.seen
    del checked
    total = n + 1
    plan = _group(seen, values_limit(ctx.db, STATEMENT_VALUES))
    return _apply(ctx, path, stream, seen, plan, result, total, dry_run, progress)


def _apply(
    ctx: ServiceContext,
    path: Path,
    stream: TableStream,
    seen: list[Seen],
    plan: Plan,
    result: ImportResult,
    total: int,
    dry_run: bool,
    progress: Progress | None,
) -> ImportResult:
    """Write the checked rows (or, in a dry run, only quote the refusals)."""
    if progress:
        progress(total, total * 2)
    if dry_run or not plan.last:
        _write(seen, plan, result, None)
    else:

        def work() -> None:
            writer = _Writer(ctx, t("archive.audit.import", file=path.name), plan)
            try:
                _write(seen, plan, result, writer, total, progress)
                writer.close()
            finally:
                writer.abandon()

        ctx.write(work)
    _fill_cells(stream, result)
    result.rejects.sort(key=lambda r: r.row)  # those refused across rows among the others
    if progress:
        progress(total * 2, total * 2)
    return result


def _fill_cells(stream: TableStream, result: ImportResult) -> None:
    """The cells of the rows refused after the first pass, read again from
    the file (the checked rows keep their values, not their cells)."""
    wanted = {r.row for r in result.rejects if not r.values}
    if not wanted:
        return
    cells = {line: tuple(raw) for line, raw in stream if line in wanted}
    result.rejects = [
        r if r.values else Reject(r.row, r.reason, cells.get(r.row, ())) for r in result.rejects
    ]


def _write(
    seen: list[Seen],
    plan: Plan,
    result: ImportResult,
    writer: _Writer | None,
    total: int = 0,
    progress: Progress | None = None,
) -> None:
    """Quote the rows refused across rows into ``result`` and, with a
    ``writer`` (in the import's transaction), write every household once its
    last row comes: the rows in file order, each unpacked and released as it
    goes."""
    open_rows: dict[tuple[int, str], list[Row]] = {}
    done = flushed = 0
    seen.reverse()  # popped from the end: in file order, each row let go once taken
    while seen:
        r = seen.pop()
        reason = plan.late.get(r.line)
        if reason is not None:
            result.rejects.append(Reject(r.line, reason, ()))
            continue
        if writer is None:
            continue
        row = _unpack_row(r)
        members = open_rows.setdefault(r.key, [])
        members.append(row)
        if plan.last[r.key] != r.line:
            continue
        del open_rows[r.key]
        if writer.apply_group(r.key, members, result):
            done += len(members)
        if progress and done % 200 < len(members):
            progress(total + done, total * 2)
        if done - flushed >= FLUSH_EVERY:  # the queued log rows and keys stay bounded
            writer.flush()
            flushed = done


def _group(rows: list[Seen], size: int = CHUNK) -> Plan:
    """Assign households, refuse repeated IDs and households without exactly
    one head. The households the check needs are read in batches, not row
    by row. The rows refused here are the plan's ``late`` (:func:`_write`
    quotes them into ``result``)."""
    # ``size`` numbers a query: building a query costs more than running it
    existing = existing_homes([r.id_number for r in rows if r.id_number], size)
    homes = _homes_of({hid for _rid, hid, _name in existing.values()})
    late: dict[int, str] = {}
    seen: dict[str, int] = {}
    good: list[Seen] = []
    last_head: dict[int, int] = {}  # village → line of the last head row without a code
    for r in rows:
        number = r.id_number
        if number and number in seen:
            late[r.line] = t(
                "archive.duplicate_id_in_file", masked=mask_id(number), row=seen[number]
            )
            continue
        if number:
            seen[number] = r.line
        if r.code:
            r.key = (r.village_id, r.code)
        elif r.head:
            last_head[r.village_id] = r.line
            r.key = (r.village_id, f"#{r.line}")
        elif r.village_id in last_head:
            r.key = (r.village_id, f"#{last_head[r.village_id]}")
        else:
            late[r.line] = t("archive.io.no_code")
            continue
        good.append(r)
    del seen
    by_key: dict[tuple[int, str], list[Seen]] = {}
    for r in good:
        by_key.setdefault(r.key, []).append(r)
    del good
    known = _known_codes({key[0] for key in by_key})
    village_names: dict[int, str] = {}
    last: dict[tuple[int, str], int] = {}
    head_ids: dict[tuple[int, str], str] = {}
    for key, members in by_key.items():
        heads = [r for r in members if r.head]
        code = key[1] if not key[1].startswith("#") else ""
        if len(heads) > 1:
            rows_text = "、".join(str(r.line) for r in heads)
            reason = t("archive.two_heads_in_file", code=code or heads[0].name, rows=rows_text)
            late.update((r.line, reason) for r in members)
            continue
        if not heads and (key[0], code) not in known:
            late.update((r.line, t("archive.no_head", code=code)) for r in members)
            continue
        for r in members:
            other = existing.get(r.id_number)
            if other is not None and not _same_household(homes[other[1]], r):
                village, home_code = homes[other[1]]
                if village not in village_names:
                    village_names[village] = Village.get_by_id(village).name
                late[r.line] = t(
                    "archive.duplicate_id",
                    masked=mask_id(r.id_number),
                    village=village_names[village],
                    code=home_code,
                    name=other[2],
                )
                continue
            last[key] = r.line
        if heads and heads[0].id_number and code == "":
            head_ids[key] = heads[0].id_number
    return Plan(last, late, existing, head_ids)


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


def _same_household(home: tuple[int, str], r: Seen) -> bool:
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
