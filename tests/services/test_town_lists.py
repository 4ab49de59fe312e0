"""Departments, categories and the phones on the forms: admin only, audited,
removed entries kept inactive and brought back by adding them again."""

from __future__ import annotations

from typing import Any

import pytest

from deskui.domain.errors import NotFound, PermissionDenied, ValidationError
from deskui.domain.roles import Role
from deskui.services.context import Actor
from deskui.services.matters import cards
from deskui.services.town import town_lists as svc
from deskui.services.town.officials import add_official
from deskui.services.town.towns import town_info
from deskui.store.models import AuditLog, Department


def test_departments(town_ctx: Any) -> None:
    svc.add_department(town_ctx, "民政办", phone="0915-3212345")
    svc.add_department(town_ctx, "县交通局")
    assert [d.name for d in svc.list_departments(town_ctx)] == ["民政办", "县交通局"]
    with pytest.raises(ValidationError, match="已在名单"):
        svc.add_department(town_ctx, "民政办")
    svc.remove_department(town_ctx, "民政办")
    assert [d.name for d in svc.list_departments(town_ctx)] == ["县交通局"]
    assert Department.select().count() == 2  # kept, inactive
    with pytest.raises(NotFound, match="县交通局"):
        svc.remove_department(town_ctx, "民政办")
    back = svc.add_department(town_ctx, "民政办")
    assert back.phone == "0915-3212345"


def test_categories(town_ctx: Any) -> None:
    names = [c.name for c in svc.list_categories(town_ctx)]
    assert "政策咨询" in names and len(names) == 10
    svc.add_category(town_ctx, "环境卫生")
    add_official(town_ctx, "陈干事")
    cards.open_matter(town_ctx, village="桃园村", name="甲", content="垃圾", level="村",
                      category="环境卫生", first_receiver="陈干事")  # fmt: skip
    row = next(c for c in svc.list_categories(town_ctx) if c.name == "环境卫生")
    assert row.matters == 1
    svc.remove_category(town_ctx, "环境卫生")
    assert "环境卫生" not in cards.categories(town_ctx)
    with pytest.raises(ValidationError):
        cards.open_matter(town_ctx, village="桃园村", name="甲", content="垃圾", level="村",
                          category="环境卫生", first_receiver="陈干事")  # fmt: skip


def test_phones(town_ctx: Any) -> None:
    before = AuditLog.select().count()
    info = svc.set_phones(town_ctx, service="0915-3210000", supervision="0915-3219999")
    assert (info.service_phone, info.supervision_phone) == ("0915-3210000", "0915-3219999")
    assert AuditLog.select().count() == before + 1
    with pytest.raises(ValidationError):
        svc.set_phones(town_ctx, supervision="12")
    assert town_info(town_ctx).supervision_phone == "0915-3219999"  # type: ignore[union-attr]
    clerk = town_ctx.as_actor(Actor(id=None, username="c", display_name="录入", role=Role.CLERK))
    with pytest.raises(PermissionDenied):
        svc.set_phones(clerk, service="")
