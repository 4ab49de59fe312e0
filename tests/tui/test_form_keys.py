"""One Enter rule in every form: Enter moves on, Enter on the last field or
Ctrl+S saves, a choice field takes a number or initials, Esc asks before it
throws typed input away."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from deskui.store.models import Matter, Resident
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.field_form import FieldFormDialog
from deskui.tui.dialogs.form_keys import DiscardDialog
from deskui.tui.dialogs.matter_form import MatterFormDialog
from deskui.tui.widgets.choice import ChoiceField
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only


async def open_matter_form(app: DeskApp, pilot: Any) -> MatterFormDialog:
    await sign_in(app, pilot)
    await pilot.press("f4")
    await settle(app, pilot)
    await pilot.press("n")
    await settle(app, pilot)
    assert isinstance(app.screen, MatterFormDialog)
    return app.screen


async def test_enter_walks_the_matter_card_and_saves_on_the_last_field(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_matter_form(app, pilot)
        await pilot.press("enter")  # nothing to look up: on to 申请人
        await pilot.press(*"张三", "enter", "enter", "enter")  # 申请人, 电话, 身份证号 (empty)
        assert app.focused is form.query_one("#f-village")
        await pilot.press("1", "enter")  # 村: the first, by its number
        assert form.query_one("#f-village", ChoiceField).value == "桃园村"
        await pilot.press("enter", *"申请残疾证", "enter", "enter")  # 组, 申办事项, 材料
        assert app.focused is form.query_one("#f-category")
        await pilot.press(*"zc")  # 政策咨询 by its initials
        assert form.query_one("#f-category", ChoiceField).value == "政策咨询"
        await pilot.press("enter", "镇")  # 层级 by its character
        assert form.query_one("#f-level", ChoiceField).value == "镇"
        await pilot.press("3")  # and by its number
        assert form.query_one("#f-level", ChoiceField).value == "县"
        await pilot.press("enter", *"2026-12-20", "enter")
        receiver = form.query_one("#f-first_receiver", ChoiceField)
        assert app.focused is receiver
        await pilot.press(*"cgs")  # 陈干事 by the initials of his name
        assert receiver.label == "1 陈干事"
        await pilot.press("shift+tab")  # back to 承诺办结日期
        assert app.focused is form.query_one("#f-promised_on")
        await pilot.press("enter", "enter", "enter")  # 首办, 主办 on to 责任领导
        assert app.focused is form.query_one("#f-leader")
        assert Matter.select().where(Matter.applicant == "张三").count() == 0
        await pilot.press("enter")  # Enter on the last field saves
        await settle(app, pilot)
        m = Matter.get(Matter.applicant == "张三")
        assert (m.category, m.level, m.promised_on.isoformat()) == ("政策咨询", "县", "2026-12-20")


async def test_a_letter_that_finds_nothing_says_so(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_matter_form(app, pilot)
        level = form.query_one("#f-level", ChoiceField)
        level.focus()
        await pilot.pause()
        await pilot.press("9")  # only three levels
        assert level.value == "村"
        assert "9 无此项" in str(level.render())


async def test_esc_asks_before_it_throws_typed_input_away(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_matter_form(app, pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(app, pilot)
        assert not isinstance(app.screen, MatterFormDialog | DiscardDialog)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MatterFormDialog)
        await pilot.press("enter", *"张三", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DiscardDialog)
        await pilot.press("n")  # back to the form, the name still there
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#f-name", Input).value == "张三"
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert not isinstance(app.screen, MatterFormDialog | DiscardDialog)


async def test_enter_on_the_second_member_field_does_not_save(desk_ctx: Any) -> None:
    """添加家庭成员: Enter after 关系 moves to 身份证号 (it used to save
    without the ID typed next)."""
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press(*"zgf")
        await pilot.pause(0.4)
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FieldFormDialog)
        await pilot.press(*"李小芳", "enter", *"孙女", "enter")
        await settle(app, pilot)
        assert app.screen is form
        assert app.focused is form.query_one("#f-id_number")
        await pilot.press(*"110101201001011237", "ctrl+s")
        await settle(app, pilot)
        member = Resident.get(Resident.name == "李小芳")
        assert member.id_number == "110101201001011237"


async def test_transfer_picks_a_department_by_its_initials(desk_ctx: Any) -> None:
    """转办 takes the town's departments list (and its officials), not free
    text: typed initials pick 民政办, Enter moves on, Enter again saves."""
    from deskui.services import audit
    from deskui.services.matters.card_view import get_matter
    from deskui.store.models import Department
    from deskui.tui.tabs.matters.step import MatterStepDialog

    desk_ctx.write(
        lambda: [
            audit.create(desk_ctx, Department, town=desk_ctx.town_id, name=name, sort_order=i)
            for i, name in enumerate(("农业农村办", "民政办"))
        ]
    )
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("t")  # 转办 the first row, XH2026-0001
        await settle(app, pilot)
        step = app.screen
        assert isinstance(step, MatterStepDialog)
        to = step.query_one("#f-to", ChoiceField)
        assert [text for text, _ in to.options][:3] == [
            "1 农业农村办",
            "2 民政办",
            "3 陈干事（干部）",  # officials in pinyin order
        ]
        await pilot.press(*"mzb")
        assert to.value == "民政办"
        await pilot.press("enter", *"请民政办核实", "enter", "enter")  # 对象, 说明, 日期: saves
        await settle(app, pilot)
        card = get_matter(desk_ctx, "XH2026-0001")
        assert (card.handler_unit, card.events[-1].kind) == ("民政办", "转办")


async def test_a_card_from_f4_looks_the_applicant_up_and_asks_its_origin(
    desk_ctx: Any,
) -> None:
    """F4 N: the lookup takes initials/phone/ID tail as F6 does; Enter
    brings the applicant (name, phone, village, group, the archive link);
    来源 is asked, by number."""
    from deskui.store.models import Household

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_matter_form(app, pilot)
        assert app.focused is form.query_one("#mf-lookup")
        await pilot.press(*"zgf", "enter")  # Enter waits for the lookup
        await settle(app, pilot)
        assert form.query_one("#f-name", Input).value == "曾国藩"
        assert form.query_one("#f-village", ChoiceField).value == "李家湾村"
        assert app.focused is form.query_one("#f-content")
        await pilot.press(*"申请残疾证")
        form.query_one("#f-first_receiver", ChoiceField).focus()
        await pilot.pause()
        await pilot.press("1")  # 陈干事, first in pinyin order
        form.query_one("#f-origin", ChoiceField).focus()
        await pilot.pause()
        await pilot.press("3", "ctrl+s")  # 来源: 电话
        await settle(app, pilot)
        m = Matter.get(Matter.applicant == "曾国藩")
        head = Household.get(Household.head_name == "曾国藩")
        assert (m.origin, m.household_id, m.phone) == ("电话", head.id, "13900000007")


async def test_f4_finds_the_applicant_by_id_tail_and_brings_the_id_number(
    desk_ctx: Any,
) -> None:
    """The ID tail finds the villager as in F6; picking fills 身份证号 too;
    a wrong ID typed instead is refused under its field, nothing saved."""
    from deskui.domain.search import resident_keys
    from deskui.store.models import SearchKey

    number = "110101201001011237"
    r = Resident.get(Resident.name == "曾国藩")

    def give_id() -> None:
        Resident.update(id_number=number).where(Resident.id == r.id).execute()
        for kind, key in resident_keys(r.name, r.phone, number):
            SearchKey.get_or_create(
                key=key, kind=kind, resident=r.id, household=r.household_id, town=desk_ctx.town_id
            )

    desk_ctx.write(give_id)
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_matter_form(app, pilot)
        await pilot.press(*"011237", "enter")  # the tail of the ID number
        await settle(app, pilot)
        id_input = form.query_one("#f-id_number", Input)
        assert (form.query_one("#f-name", Input).value, id_input.value) == ("曾国藩", number)
        await pilot.press(*"低保申请")
        id_input.value = "110101201001011238"  # a wrong check character
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and app.focused is id_input
        assert "校验位" in str(form.query_one("#err-id_number").render())
        assert Matter.select().where(Matter.applicant == "曾国藩").count() == 0
        id_input.value = number
        form.query_one("#f-first_receiver", ChoiceField).focus()
        await pilot.pause()
        await pilot.press("1", "ctrl+s")  # 首办 陈干事
        await settle(app, pilot)
        m = Matter.get(Matter.applicant == "曾国藩")
        assert (m.id_number, m.resident_id) == (number, r.id)


async def test_an_official_field_takes_no_name_that_is_no_officials(desk_ctx: Any) -> None:
    """首办/主办/责任领导 pick from the town's officials in post, in pinyin
    order: initials that fit no one are refused on the spot, the choice
    stays as it was; namesakes are told apart."""
    from deskui.services import audit
    from deskui.store.models import Official

    desk_ctx.write(
        lambda: [
            audit.create(desk_ctx, Official, town=desk_ctx.town_id, name="张伟", unit=unit)
            for unit in ("党政办", "农业服务中心")
        ]
    )
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_matter_form(app, pilot)
        leader = form.query_one("#f-leader", ChoiceField)
        assert [text for text, _ in leader.options] == [
            "1 陈干事",
            "2 刘书记",
            "3 张伟（党政办）",
            "4 张伟（农业服务中心）",
        ]
        leader.focus()
        await pilot.pause()
        await pilot.press(*"lsj")
        assert leader.label == "2 刘书记"
        await pilot.press("q")  # no official's initials start with q
        assert leader.label == "2 刘书记"
        assert "q 无此项" in str(leader.render())
        await pilot.press("4")
        assert leader.label == "4 张伟（农业服务中心）"


async def test_a_card_from_a_visit_starts_on_the_first_field_left_to_fill(
    desk_ctx: Any,
) -> None:
    """From a visit the applicant and 事由 are known: the card opens on 问题类别,
    so a typed number picks the category instead of replacing the name; with
    no 事由 it opens there."""
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        known = {"name": "曾国藩", "phone": "13900000003", "village": "桃园村", "visit_id": 1,
                 "origin": "服务日接待"}  # fmt: skip
        app.push_screen(MatterFormDialog({**known, "content": "办残疾证"}))
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MatterFormDialog)
        assert app.focused is form.query_one("#f-category")
        await pilot.press("2")
        assert form.query_one("#f-name", Input).value == "曾国藩"
        assert form.query_one("#f-category", ChoiceField).value is not None
        await pilot.press("escape", "y")
        await settle(app, pilot)
        app.push_screen(MatterFormDialog(known))
        await settle(app, pilot)
        assert app.focused is app.screen.query_one("#f-content")
