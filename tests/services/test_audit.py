"""The audit trail: who changed what, masked, in the same transaction."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from deskui.domain.errors import PermissionDenied
from deskui.domain.roles import Role
from deskui.services import audit
from deskui.services.context import Actor
from deskui.services.town.auth import actor_for, add_operator
from deskui.store.models import AuditLog, Household, Resident, Town, Village
from tests.conftest import FROZEN_NOW

ID = "610902196503150012"
PHONE = "13912345678"


@pytest.fixture
def op_ctx(ctx):  # type: ignore[no-untyped-def]
    """The context acting as a signed-in admin operator, with a village."""
    add_operator(ctx, "wang", "王管理", Role.ADMIN, "1234")
    me = ctx.as_actor(actor_for(ctx, "wang"))

    def work() -> None:
        town = audit.create(me, Town, name="县河镇", code="XH")
        village = audit.create(me, Village, town=town, name="桃园村", group_count=6)
        audit.create(me, Household, village=village, code="001", head_name="张三")

    me.write(work)
    return me


def _household() -> Household:
    return Household.get(Household.code == "001")


def _logs(table: str | None = None) -> list[AuditLog]:
    q = AuditLog.select().order_by(AuditLog.id)
    if table:
        q = q.where(AuditLog.table == table)
    return list(q)


def _add_resident(ctx) -> Resident:  # type: ignore[no-untyped-def]
    return ctx.write(
        lambda: audit.create(
            ctx,
            Resident,
            household=_household(),
            name="张三",
            relation="户主",
            id_number=ID,
            phone=PHONE,
            note="",
        )
    )


def test_create_logs_operator_time_and_masked_values(op_ctx) -> None:  # type: ignore[no-untyped-def]
    resident = _add_resident(op_ctx)
    (row,) = _logs("resident")
    assert row.action == "新增" and row.record_id == resident.id
    assert row.operator_id == op_ctx.actor.id and row.operator_name == "wang"
    assert row.at == FROZEN_NOW
    changes = json.loads(row.changes)
    assert changes["id_number"] == [None, "610902********0012"]
    assert changes["phone"] == [None, "139****5678"]
    assert changes["name"] == [None, "张三"]
    assert changes["household"] == [None, _household().id]
    assert "note" not in changes and "archived" not in changes  # empty values are left out
    assert ID not in row.changes and PHONE not in row.changes


def test_update_logs_before_and_after_only_for_what_changed(op_ctx) -> None:  # type: ignore[no-untyped-def]
    resident = _add_resident(op_ctx)
    changed = op_ctx.write(
        lambda: audit.update(
            op_ctx, resident, phone="13800001111", occupation="务工", name="张三", audit_note="搬家"
        )
    )
    assert set(changed) == {"phone", "occupation"}
    row = _logs("resident")[-1]
    assert (row.action, row.note, row.record_id) == ("修改", "搬家", resident.id)
    assert json.loads(row.changes) == {
        "phone": ["139****5678", "138****1111"],
        "occupation": ["", "务工"],
    }
    fresh = Resident.get_by_id(resident.id)
    assert (fresh.phone, fresh.occupation) == ("13800001111", "务工")


def test_update_with_nothing_changed_writes_and_logs_nothing(op_ctx) -> None:  # type: ignore[no-untyped-def]
    resident = _add_resident(op_ctx)
    before = len(_logs())
    changed = op_ctx.write(lambda: audit.update(op_ctx, resident, name="张三", phone=PHONE))
    assert changed == {}
    assert len(_logs()) == before


def test_dates_are_logged_as_iso_text(op_ctx) -> None:  # type: ignore[no-untyped-def]
    resident = _add_resident(op_ctx)
    op_ctx.write(lambda: audit.update(op_ctx, resident, birth_date=dt.date(1965, 3, 15)))
    assert json.loads(_logs("resident")[-1].changes) == {"birth_date": [None, "1965-03-15"]}


def test_archive_logs_once(op_ctx) -> None:  # type: ignore[no-untyped-def]
    resident = _add_resident(op_ctx)
    op_ctx.write(lambda: audit.archive(op_ctx, resident, audit_note="迁出"))
    op_ctx.write(lambda: audit.archive(op_ctx, resident))
    rows = [r for r in _logs("resident") if r.action == "归档"]
    assert len(rows) == 1
    assert json.loads(rows[0].changes) == {"archived": [False, True]} and rows[0].note == "迁出"
    assert Resident.get_by_id(resident.id).archived is True


def test_a_failing_write_rolls_back_with_its_audit_rows(op_ctx) -> None:  # type: ignore[no-untyped-def]
    resident = _add_resident(op_ctx)
    before = len(_logs())

    def work() -> None:
        audit.update(op_ctx, resident, phone="13800001111")
        audit.create(op_ctx, Resident, household=_household(), name="李四", relation="配偶")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        op_ctx.write(work)
    assert len(_logs()) == before
    assert Resident.get_by_id(resident.id).phone == PHONE
    assert not Resident.select().where(Resident.name == "李四").exists()


def test_a_refused_unique_value_rolls_back_with_its_audit_row(op_ctx) -> None:  # type: ignore[no-untyped-def]
    from peewee import IntegrityError

    _add_resident(op_ctx)
    before = len(_logs())
    with pytest.raises(IntegrityError):
        op_ctx.write(
            lambda: audit.create(
                op_ctx, Resident, household=_household(), name="王五", relation="子", id_number=ID
            )
        )
    assert len(_logs()) == before
    assert Resident.select().count() == 1


def test_audited_writes_outside_a_transaction_are_refused(op_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError, match=r"inside ctx\.write"):
        audit.create(op_ctx, Resident, household=_household(), name="王五", relation="子")
    assert not Resident.select().exists()


def test_history_and_by_operator_need_the_audit_permission(op_ctx) -> None:  # type: ignore[no-untyped-def]
    resident = _add_resident(op_ctx)
    op_ctx.write(lambda: audit.update(op_ctx, resident, phone="13800001111"))
    rows = audit.history(op_ctx, "resident", resident.id)
    assert [r.action for r in rows] == ["新增", "修改"]
    assert rows[1].changes == {"phone": ["139****5678", "138****1111"]}
    assert rows[0].operator == "wang"
    newest = audit.by_operator(op_ctx, "wang", limit=2)
    assert [r.action for r in newest] == ["修改", "新增"]
    clerk = op_ctx.as_actor(Actor(id=None, username="lu", display_name="录入员", role=Role.CLERK))
    with pytest.raises(PermissionDenied) as info:
        audit.history(clerk, "resident", resident.id)
    assert str(info.value) == "当前操作员角色（录入员）无权查看操作日志"
    with pytest.raises(PermissionDenied):
        audit.by_operator(clerk, "wang")
    leader = op_ctx.as_actor(Actor(id=None, username="ld", display_name="领导", role=Role.LEADER))
    assert len(audit.history(leader, "resident", resident.id)) == 2
