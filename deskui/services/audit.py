"""The audit trail: every write records who, when, which record and the
fields before and after, in the same transaction as the change.

Services never call ``Model.create`` / ``save`` directly for user data; they
call :func:`create`, :func:`update` and :func:`archive` here inside
``ctx.write(...)``. ID numbers, phones and password hashes are masked in the
log. The log has no update or delete path in the application.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from peewee import Field, Model, fn

from deskui.domain.audit_chain import GENESIS, link
from deskui.domain.errors import PermissionDenied
from deskui.domain.privacy import SENSITIVE_FIELDS, mask_value
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.store.bulk import insert_rows_sql
from deskui.store.models import AuditLog, Operator, Setting

M = TypeVar("M", bound=Model)

SKIP_FIELDS = frozenset({"id", "created_at", "updated_at"})


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Model):
        return value.get_id()
    return value


def snapshot(instance: Model) -> dict[str, Any]:
    """The audited fields of a record as plain JSON values."""
    # A field's value is its __data__ entry (what peewee's accessor returns;
    # a foreign key's is the id, not the related record).
    data = instance.__data__
    return {
        name: _plain(data.get(name)) for name in instance._meta.fields if name not in SKIP_FIELDS
    }


def _ensure_tx(ctx: ServiceContext) -> None:
    if not ctx.db.in_transaction():
        raise RuntimeError("audited writes must run inside ctx.write(...)")
    if not ctx.actor.signed_in:  # nothing is recorded as nobody
        raise PermissionDenied(t("auth.sign_in_required"))


_CHANGES_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…, ensure_ascii=False)'s text

HEAD_KEY = "audit.head"  # Setting: "<id>:<hash>" of the newest audit row
_PG_CHAIN_LOCK = 0x64657331  # pg_advisory_xact_lock key: one chain writer at a time


def _chain_tail(ctx: ServiceContext) -> str:
    """The newest row's hash, read under a lock held to the end of the
    transaction, so two desks never chain to the same row (SQLite's
    transactions are BEGIN IMMEDIATE: one writer at a time already)."""
    if ctx.postgres:
        ctx.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_CHAIN_LOCK,))
    row = AuditLog.select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1).first()
    return row.hash if row is not None else GENESIS


def _set_head(ctx: ServiceContext, last_id: int, last_hash: str) -> None:
    value = f"{last_id}:{last_hash}"
    Setting.insert(key=HEAD_KEY, value=value).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: value}
    ).execute()


def _masked(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The changes as logged: ID numbers, phones and password hashes masked."""
    sensitive = SENSITIVE_FIELDS.intersection(changes)
    if not sensitive:
        return changes  # mask_value leaves every other field as it is
    masked = dict(changes)
    for k in sensitive:
        before, after = changes[k]
        masked[k] = [mask_value(k, before), mask_value(k, after)]
    return masked


def log(
    ctx: ServiceContext,
    action: str,
    table: str,
    record_id: int | None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> None:
    _ensure_tx(ctx)
    text = _CHANGES_JSON.encode(_masked(changes)) if changes else ""
    at = ctx.now()
    digest = link(
        _chain_tail(ctx), at, ctx.actor.id, ctx.actor.username, action, table, record_id, text, note
    )
    row = AuditLog.create(
        at=at,
        operator=ctx.actor.id,
        operator_name=ctx.actor.username,
        action=action,
        table=table,
        record_id=record_id,
        changes=text,
        note=note,
        hash=digest,
    )
    _set_head(ctx, row.id, digest)


LOG_BATCH = 500  # rows an INSERT: 9 columns stay far below SQLite's variable limit
LOG_FIELDS: tuple[Field, ...] = (
    AuditLog.at,
    AuditLog.operator,
    AuditLog.operator_name,
    AuditLog.action,
    AuditLog.table,
    AuditLog.record_id,
    AuditLog.changes,
    AuditLog.note,
    AuditLog.hash,
)


def log_many(
    ctx: ServiceContext,
    rows: Iterable[tuple[str, str, int | None, dict[str, list[Any]] | None, str]],
) -> int:
    """:func:`log` for many records at once: ``rows`` of (action, table,
    record_id, changes, note), masked the same way and inserted in batches in
    the caller's transaction, in the order given, each chained to the one
    before. Returns how many. The batch statement is built once and reused
    with new parameters."""
    chain = Chain(ctx)
    statements: dict[int, str] = {}
    for batch in chain.batches(rows):
        n = len(batch) // len(LOG_FIELDS)
        if n not in statements:
            statements[n] = insert_rows_sql(AuditLog, LOG_FIELDS, n)
        ctx.db.execute_sql(statements[n], batch)
    chain.close()
    return chain.count


class Chain:
    """Audit rows chained to the newest one, made ready to insert: the
    caller inserts each batch (in order, in the one transaction) and closes
    the chain to record its new head. The tail is read once, under the lock
    that keeps other desks off the chain until the transaction ends."""

    def __init__(self, ctx: ServiceContext) -> None:
        _ensure_tx(ctx)
        self.ctx = ctx
        self.previous = _chain_tail(ctx)
        self.count = 0

    def batches(
        self,
        rows: Iterable[tuple[str, str, int | None, dict[str, list[Any]] | None, str]],
        size: int = LOG_BATCH,
    ) -> Iterator[list[Any]]:
        """The rows' stored values, :data:`LOG_FIELDS` after each other,
        ``size`` rows a list."""
        now = self.ctx.now()
        op_id, name = self.ctx.actor.id, self.ctx.actor.username
        at = LOG_FIELDS[0].db_value(now)
        if not self.ctx.postgres:  # the text sqlite3's own adapter would make of it, a row
            at = now.isoformat(sep=" ")
        batch: list[Any] = []
        previous = self.previous
        for action, table, record_id, changes, note in rows:
            text = _CHANGES_JSON.encode(_masked(changes)) if changes else ""
            previous = link(previous, now, op_id, name, action, table, record_id, text, note)
            batch += (at, op_id, name, action, table, record_id, text, note, previous)
            self.count += 1
            if len(batch) >= size * len(LOG_FIELDS):
                self.previous = previous
                yield batch
                batch = []
        self.previous = previous
        if batch:
            yield batch

    def close(self) -> None:
        """Record the chain's new head (the rows inserted)."""
        if self.count:
            last = AuditLog.select(fn.MAX(AuditLog.id)).scalar()
            _set_head(self.ctx, int(last), self.previous)


def log_export(
    ctx: ServiceContext, form: str, path: object, *, full_ids: bool | None = None
) -> bool:
    """Record that ``form`` was written to ``path`` when it carries full ID
    numbers: by default when the operator may see them unmasked; ``full_ids``
    says so outright for a file that repeats what was typed (an import's
    rejects workbook), whatever the role. Returns whether a row was written;
    an export with masked numbers leaves the log as it was."""
    if not (ctx.actor.can(Perm.SEE_FULL_ID) if full_ids is None else full_ids):
        return False
    note = t("exportlog.note", form=form, path=str(path))
    ctx.write(lambda: log(ctx, t("exportlog.action"), "export", None, note=note))
    return True


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found: rows checked, the id of the first
    row that does not match (changed, or a row before it removed), and
    whether the newest rows are all there (the recorded head)."""

    rows: int
    first_bad: int | None
    head_ok: bool
    head: str

    @property
    def ok(self) -> bool:
        return self.first_bad is None and self.head_ok


def verify_chain(ctx: ServiceContext) -> ChainReport:
    """Walk the audit log in id order recomputing every hash. Reads only."""
    previous = GENESIS
    rows = 0
    first_bad: int | None = None
    last_id: int | None = None
    fields = (
        AuditLog.id, AuditLog.at, AuditLog.operator, AuditLog.operator_name, AuditLog.action,
        AuditLog.table, AuditLog.record_id, AuditLog.changes, AuditLog.note, AuditLog.hash,
    )  # fmt: skip
    query = AuditLog.select(*fields).order_by(AuditLog.id).tuples()
    for rid, at, op, name, action, table, record, changes, note, stored in query.iterator():
        rows += 1
        last_id = rid
        expected = link(previous, at, op, name, action, table, record, changes or "", note or "")
        if first_bad is None and stored != expected:
            first_bad = rid
        previous = stored  # one changed row is named once, not every row after it
    head_row = Setting.get_or_none(Setting.key == HEAD_KEY)
    recorded = head_row.value if head_row is not None else ""
    actual = f"{last_id}:{previous}" if last_id is not None else ""
    return ChainReport(rows, first_bad, recorded == actual, previous[:12])


def create(ctx: ServiceContext, model: type[M], *, audit_note: str = "", **values: Any) -> M:
    _ensure_tx(ctx)
    instance = model.create(**values)
    after = snapshot(instance)
    changes = {k: [None, v] for k, v in after.items() if v not in (None, "", False)}
    log(ctx, "新增", model._meta.table_name, instance.get_id(), changes, audit_note)
    return instance


def update(
    ctx: ServiceContext, instance: M, *, audit_note: str = "", **values: Any
) -> dict[str, list[Any]]:
    """Set ``values`` on ``instance``, save only what changed, log it.
    Returns the changes (empty when nothing changed: no write, no log)."""
    _ensure_tx(ctx)
    before = snapshot(instance)
    for name, value in values.items():
        setattr(instance, name, value)
    after = snapshot(instance)
    changes = {k: [before[k], after[k]] for k in values if before.get(k) != after.get(k)}
    if changes:
        instance.save(only=[instance._meta.fields[k] for k in changes])
        log(ctx, "修改", instance._meta.table_name, instance.get_id(), changes, audit_note)
    return changes


def delete(ctx: ServiceContext, instance: Model, *, audit_note: str = "") -> None:
    """Delete a row that is no ledger's business (a duty line withdrawn), logged
    with every field it had."""
    _ensure_tx(ctx)
    before = snapshot(instance)
    instance.delete_instance()
    changes = {k: [v, None] for k, v in before.items() if v not in (None, "", False)}
    log(ctx, "删除", instance._meta.table_name, instance.get_id(), changes, audit_note)


def archive(ctx: ServiceContext, instance: Model, *, audit_note: str = "") -> None:
    _ensure_tx(ctx)
    if getattr(instance, "archived", False):
        return
    instance.archived = True  # type: ignore[attr-defined]
    instance.save(only=[instance._meta.fields["archived"]])
    log(
        ctx,
        "归档",
        instance._meta.table_name,
        instance.get_id(),
        {"archived": [False, True]},
        audit_note,
    )


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    operator: str
    action: str
    table: str
    record_id: int | None
    changes: dict[str, list[Any]]
    note: str


def _rows(query: Any) -> list[AuditRow]:
    return [
        AuditRow(
            at=r.at,
            operator=r.operator_name,
            action=r.action,
            table=r.table,
            record_id=r.record_id,
            changes=json.loads(r.changes) if r.changes else {},
            note=r.note,
        )
        for r in query
    ]


def history(ctx: ServiceContext, table: str, record_id: int) -> list[AuditRow]:
    """Every logged change of one record, oldest first (leader / admin)."""
    ctx.require(Perm.VIEW_AUDIT)
    q = AuditLog.select().where((AuditLog.table == table) & (AuditLog.record_id == record_id))
    return _rows(q.order_by(AuditLog.id))


def by_operator(ctx: ServiceContext, username: str, limit: int = 500) -> list[AuditRow]:
    """The latest writes of one operator, newest first (leader / admin)."""
    ctx.require(Perm.VIEW_AUDIT)
    op = Operator.get_or_none(Operator.username == username)
    q = AuditLog.select().where(
        (AuditLog.operator == op.id) if op else (AuditLog.operator_name == username)
    )
    return _rows(q.order_by(AuditLog.id.desc()).limit(limit))
