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
from dataclasses import dataclass
from typing import Any, TypeVar

from peewee import ForeignKeyField, Model

from deskui.domain.privacy import mask_value
from deskui.domain.roles import Perm
from deskui.services.context import ServiceContext
from deskui.store.models import AuditLog, Operator

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
    out: dict[str, Any] = {}
    for name, fld in instance._meta.fields.items():
        if name in SKIP_FIELDS:
            continue
        raw = (
            instance.__data__.get(name)
            if isinstance(fld, ForeignKeyField)
            else getattr(instance, name)
        )
        out[name] = _plain(raw)
    return out


def _ensure_tx(ctx: ServiceContext) -> None:
    if not ctx.db.in_transaction():
        raise RuntimeError("audited writes must run inside ctx.write(...)")


def log(
    ctx: ServiceContext,
    action: str,
    table: str,
    record_id: int | None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> None:
    _ensure_tx(ctx)
    masked = {k: [mask_value(k, b), mask_value(k, a)] for k, (b, a) in (changes or {}).items()}
    AuditLog.create(
        at=ctx.now(),
        operator=ctx.actor.id,
        operator_name=ctx.actor.username,
        action=action,
        table=table,
        record_id=record_id,
        changes=json.dumps(masked, ensure_ascii=False) if masked else "",
        note=note,
    )


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
