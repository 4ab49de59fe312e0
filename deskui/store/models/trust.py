"""The audit log and shared settings."""

from __future__ import annotations

from peewee import (
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from deskui.store.models.base import BaseModel
from deskui.store.models.people import Operator


class AuditLog(BaseModel):
    """Every write: who, when, which record, the fields before and after."""

    at = DateTimeField()
    operator = ForeignKeyField(Operator, null=True, on_delete="RESTRICT", backref="audit")
    operator_id: int | None
    operator_name = CharField(max_length=30, default="")
    action = CharField(max_length=10)  # 新增 / 修改 / 归档 / 登录 …
    table = CharField(max_length=30)
    record_id = IntegerField(null=True)
    changes = TextField(default="")  # JSON {field: [before, after]}
    note = TextField(default="")
    # the hash chain (deskui/domain/audit_chain.py): this row and the one before
    hash = CharField(max_length=64, default="")

    class Meta:
        indexes = ((("table", "record_id"), False), (("operator", "at"), False))


class Setting(BaseModel):
    """A key/value setting stored with the data (town-wide, shared by desks)."""

    key = CharField(max_length=40, primary_key=True)
    value = TextField(default="")
