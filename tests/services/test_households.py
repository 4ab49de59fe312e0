"""One household's file: reading it masked, editing it field by field."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures.archive_data import add_household, add_officials, make_id

from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.domain.search import classify_query
from deskui.services.archive.household import (
    add_member,
    archive_member,
    change_head,
    update_household,
    update_member,
)
from deskui.services.archive.household_view import get_household
from deskui.services.archive.search import search_households
from deskui.services.audit import history
from deskui.services.context import Actor
from deskui.store.models import AuditLog, Resident, SearchKey

CLERK = Actor(id=None, username="clerk", display_name="小王", role=Role.CLERK)
HEAD_ID = make_id("19650315", 11)


@pytest.fixture
def home(town_ctx: Any) -> int:
    (official,) = add_officials(town_ctx, "陈干事")
    return add_household(
        town_ctx,
        "桃园村",
        "H001",
        "王建国",
        head={"id_number": HEAD_ID, "phone": "139 1234 5678"},
        group_no=3,
        income="20000",
        tags="低保户、留守老人",
        liaison_id=official,
    )


def test_detail_derives_sex_and_age_and_masks_for_a_clerk(town_ctx: Any, home: int) -> None:
    detail = get_household(town_ctx, home)
    head = detail.head
    assert head is not None
    assert (head.sex, head.age, head.id_number) == ("男", 61, HEAD_ID)
    assert head.phone == "13912345678"
    assert detail.tags == ("低保户", "留守老人")
    assert (detail.liaison, detail.income, detail.size, detail.head_name) == (
        "陈干事", 20000, 1, "王建国",
    )  # fmt: skip
    masked = get_household(town_ctx.as_actor(CLERK), home)
    assert masked.members[0].id_number == "610902********0115"[:6] + "*" * 8 + HEAD_ID[-4:]
    assert masked.members[0].phone == "139****5678"
    assert not masked.full_id


def test_add_member_keeps_size_and_search_keys(town_ctx: Any, home: int) -> None:
    add_member(
        town_ctx, home, {"name": "李秀英", "relation": "配偶", "id_number": make_id("19680101", 22)}
    )
    detail = get_household(town_ctx, home)
    assert detail.size == 2
    assert [m.sex for m in detail.members] == ["男", "女"]
    found = search_households(town_ctx, "lxy")
    assert [r.id for r in found] == [home]
    assert classify_query("lxy").kind == "initials"


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"name": "", "relation": "子"}, "name", "姓名"),
        (
            {"name": "王小", "relation": "子", "id_number": make_id()[:-1] + "0"},
            "id_number",
            "校验",
        ),
        ({"name": "王小", "relation": "子", "id_number": "610902202613010017"}, "id_number", ""),
        ({"name": "王小", "relation": "子", "phone": "139abc12345"}, "phone", ""),
        ({"name": "王小", "relation": "子", "income": "两万"}, "income", "两万"),
        ({"name": "王小", "relation": "子", "note": "长" * 10_000}, "note", "10000"),
        ({"name": "王\x07小", "relation": "子"}, "name", ""),
        ({"name": "王小", "relation": "干儿子"}, "relation", "干儿子"),
    ],
)
def test_bad_member_input_is_refused_on_its_field(
    town_ctx: Any, home: int, values: dict[str, str], field: str, words: str
) -> None:
    before = AuditLog.select().count()
    with pytest.raises(ValidationError) as err:
        add_member(town_ctx, home, values)
    assert err.value.field == field
    assert words in err.value.message
    assert AuditLog.select().count() == before
    assert get_household(town_ctx, home).size == 1


def test_unknown_area_code_is_only_a_warning(town_ctx: Any, home: int) -> None:
    member = add_member(
        town_ctx,
        home,
        {"name": "王小", "relation": "子", "id_number": make_id("19900101", 31, "999999")},
    )
    assert member.sex == "男"


def test_duplicate_id_and_second_head_are_refused(town_ctx: Any, home: int) -> None:
    other = add_household(town_ctx, "石门村", "S001", "张三")
    with pytest.raises(ValidationError, match="已登记在桃园村H001户"):
        add_member(town_ctx, other, {"name": "王建国", "relation": "父亲", "id_number": HEAD_ID})
    with pytest.raises(RuleViolation, match="已有户主王建国"):
        add_member(town_ctx, home, {"name": "王二", "relation": "户主"})
    assert Resident.select().count() == 2


def test_formula_text_is_stored_exactly(town_ctx: Any, home: int) -> None:
    update_household(town_ctx, home, problems="=1+2 房屋漏雨", income="20,000元")
    detail = get_household(town_ctx, home)
    assert detail.problems == "=1+2 房屋漏雨"
    assert detail.income == 20000


def test_update_member_and_change_head_keep_one_head(town_ctx: Any, home: int) -> None:
    son = add_member(town_ctx, home, {"name": "王小明", "relation": "子"})
    update_member(
        town_ctx, son.id, {"phone": "13800001111", "occupation": "外出务工", "working_away": True}
    )
    detail = get_household(town_ctx, home)
    assert detail.members[1].working_away
    assert SearchKey.select().where(SearchKey.key == "11110000831").count() == 1
    head = detail.members[0]
    with pytest.raises(RuleViolation):
        update_member(town_ctx, head.id, {"relation": "父亲"})
    with pytest.raises(RuleViolation):
        archive_member(town_ctx, head.id)
    detail = change_head(town_ctx, son.id, "父亲")
    assert detail.head_name == "王小明"
    assert [(m.name, m.relation) for m in detail.members] == [
        ("王小明", "户主"),
        ("王建国", "父亲"),
    ]
    detail = archive_member(town_ctx, head.id, "已故")
    assert detail.size == 1
    assert detail.members[-1].archived  # kept, never deleted
    assert not SearchKey.select().where(SearchKey.resident == head.id).exists()
    assert [r.action for r in history(town_ctx, "resident", head.id)][-1] == "归档"


def test_update_household_changes_only_what_changed(town_ctx: Any, home: int) -> None:
    before = AuditLog.select().count()
    update_household(town_ctx, home, income="20000", tags=["低保户", "留守老人"])
    assert AuditLog.select().count() == before
    detail = update_household(town_ctx, home, tags="低保户", group_no="4组", economy="种植")
    assert (detail.tags, detail.group_no, detail.economy) == (("低保户",), 4, "种植")


def test_clerk_cannot_edit(town_ctx: Any, home: int) -> None:
    from deskui.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        update_household(town_ctx.as_actor(CLERK), home, note="x")


def test_tags_added_and_removed_are_audited_under_one_table_name(town_ctx: Any, home: int) -> None:
    from deskui.services.archive.household import set_tags

    mark = AuditLog.select().count()
    assert town_ctx.write(lambda: set_tags(town_ctx, home, ("低保户", "独居老人")))
    logged = [(a.action, a.table) for a in AuditLog.select().order_by(AuditLog.id)][mark:]
    assert logged == [("删除", "household_tag"), ("新增", "household_tag")]
    assert not town_ctx.write(lambda: set_tags(town_ctx, home, ("独居老人", "低保户")))
