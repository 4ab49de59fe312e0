"""From an empty data folder to a called visitor, by keys only, through the
first-run setup guide: the town with three villages, five officials typed,
each village's team, place and hours, an official's desk account, the
household roll (assets/sample-roll.xlsx) and the month's roster; then the
desk: register a visitor and call them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from deskui.services.roster.teams import team
from deskui.services.town import auth
from deskui.services.town.officials import list_officials
from deskui.services.town.settings import village_settings
from deskui.store.models import Household, Visit
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.first_run import FirstRunScreen
from deskui.tui.dialogs.setup.guide import SetupGuide
from deskui.tui.dialogs.setup.step_form import DiscardDialog, StepForm
from deskui.tui.dialogs.town_settings import TownSettingsScreen
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.picker import Picker, PickerDialog
from tests.tui.pilot_helpers import SIZE, settle

pytestmark = pytest.mark.sqlite_only

ROLL = Path(__file__).resolve().parents[2] / "assets" / "sample-roll.xlsx"
OFFICIALS = (
    "刘建华 党委书记 镇党委 13991500001\n"
    "李志强 镇长 镇政府 13991500002\n"
    "陈干事 民政干事 民政办 13991500003\n"
    "王芳 副镇长 镇政府 0915-3210012\n"
    "赵敏 司法所长 司法所 13991500007"
)


def keys(text: str) -> list[str]:
    return [{" ": "space", "\n": "enter"}.get(ch, ch) for ch in text]


def checklist(app: DeskApp) -> str:
    line = app.query_one("#desk-checklist", Static)
    return str(line.render()) if line.display else ""


def error_of(screen: Any, field: str) -> str:
    return str(screen.query_one(f"#err-{field}", FieldError).render()).strip()


def states(guide: SetupGuide) -> list[str]:
    table = guide.query_one("#setup-steps", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def form(app: DeskApp, pilot: Any, title: str) -> StepForm:
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, StepForm), type(screen)
    assert title in screen.form_title
    return screen


async def test_from_an_empty_folder_to_a_called_visitor(ctx: Any) -> None:
    app = DeskApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press(*keys("县河镇"), "tab", *keys("桃园村 6\n李家湾村 4\n石门村 5"), "tab")
        await pilot.press(*keys("admin"), "tab", *keys("王主任"), "tab")
        await pilot.press(*keys("1234"), "tab", *keys("1234"), "ctrl+s")

        # the guide opens on the first step to do: the town's phones
        phones = await form(app, pilot, "镇的电话")
        await pilot.press(*keys("0915-3210000"), "enter")  # Enter: the next field
        assert app.focused is phones.query_one("#f-supervision")
        await pilot.press(*keys("0915-3219999"), "enter")  # Enter on the last: saved

        # villages are done at first run: the officials' list comes next
        officials = await form(app, pilot, "添加干部")
        await pilot.press(*keys("刘建华 党委书记 镇党委 1399150000"), "ctrl+s")  # a short phone
        await settle(app, pilot)
        assert app.screen is officials
        assert error_of(officials, "officials").startswith("第 1 行")
        assert list_officials(ctx) == []  # nothing half-written
        await pilot.press("escape")  # typed: asks first
        await settle(app, pilot)
        assert isinstance(app.screen, DiscardDialog)
        await pilot.press("n")  # keep typing
        await settle(app, pilot)
        assert app.screen is officials
        officials.query_one("#f-officials").text = OFFICIALS  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")

        # each village's team, place and hours, one village after the other
        for village, leader, members in (
            ("桃园村", "ljh", "陈干事"),  # 组长 刘建华, 李志强, 王芳 by their initials
            ("李家湾村", "lzq", "赵敏"),
            ("石门村", "wf", ""),
        ):
            step = await form(app, pilot, village)
            await pilot.press(*leader, "enter")  # picked without opening the list: moves on
            await settle(app, pilot)
            assert app.focused is step.query_one("#f-members")
            await pilot.press(*keys(members), "enter")
            await pilot.press("enter", "enter", "enter")  # place, hours as offered: saved
        await settle(app, pilot)
        assert [r.name for r in team(ctx, "桃园村")] == ["刘建华", "陈干事"]
        assert village_settings(ctx, "石门村").office_address == "石门村村委会"

        # 陈干事 uses the desk
        account = await form(app, pilot, "登录账号")
        await pilot.press(*"cgs", "enter")  # 陈干事 by his initials
        await settle(app, pilot)
        await pilot.press(*keys("chen"), "enter", "enter")  # the role: as offered
        await settle(app, pilot)
        assert app.focused is account.query_one("#f-password")
        await pilot.press(*keys("5678"), "enter", *keys("5678"), "enter")
        await settle(app, pilot)
        chen = next(o for o in auth.list_operators(ctx) if o.username == "chen")
        assert chen.official_name == "陈干事"

        # the household roll: a dry run first, then the import
        roll = await form(app, pilot, "户籍名册")
        roll.query_one("#f-path").value = str(ROLL)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")  # 试导入 ticked
        roll = await form(app, pilot, "户籍名册")
        assert Household.select().count() == 0
        assert roll.query_one("#f-path").value == str(ROLL)  # type: ignore[attr-defined]
        assert roll.query_one("#f-dry_run").value is False  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert Household.select().count() > 0

        # the month's roster (the year's holidays not set yet: generated anyway)
        roster = await form(app, pilot, "值班表")
        await pilot.press("enter", "enter", "space", "enter")
        await settle(app, pilot)
        guide = app.screen
        assert isinstance(guide, SetupGuide), error_of(roster, "form")
        assert all(s.startswith("✓") for s in states(guide))
        assert "全部完成" in str(guide.query_one("#setup-note", Static).render())

        await pilot.press("escape")  # to the desk
        await settle(app, pilot)
        assert app.ready and app.ctx.actor.username == "admin"
        assert checklist(app) == ""

        # the first visitor, called by 陈干事
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press(*keys("王建国"))  # on the roll just imported
        await settle(app, pilot)
        await pilot.press("enter")  # the person found: village and group from the roll
        await settle(app, pilot)
        await pilot.press(*keys("咨询低保"), "enter")
        await settle(app, pilot)
        v = Visit.get(Visit.name == "王建国")
        assert v.status == "等候"
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        names = [text for text, _ in app.query_one("#queue-official", Picker).options]
        at = next(i for i, n in enumerate(names) if n.startswith("陈干事"))
        await pilot.press(*["down"] * at, "enter")
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        v = Visit.get(Visit.name == "王建国")
        assert v.status == "接待中"
        assert v.official.name == "陈干事"


async def test_steps_skipped_are_taken_up_from_the_town_settings(ctx: Any) -> None:
    app = DeskApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*keys("县河镇"), "tab", *keys("桃园村 6\n李家湾村 4"), "tab")
        await pilot.press(*keys("admin"), "tab", *keys("王主任"), "tab")
        await pilot.press(*keys("1234"), "tab", *keys("1234"), "ctrl+s")
        await form(app, pilot, "镇的电话")
        await pilot.press("escape")  # nothing typed: back to the guide at once
        await settle(app, pilot)
        guide = app.screen
        assert isinstance(guide, SetupGuide)
        await pilot.press("escape")  # later
        await settle(app, pilot)
        assert app.ready
        assert "还没有干部" in checklist(app)
        assert "2 个村还没有驻村团队" in checklist(app)
        assert "F10" in checklist(app)

        await pilot.press("f10")
        await settle(app, pilot)
        assert isinstance(app.screen, TownSettingsScreen)
        await pilot.press("w")
        await settle(app, pilot)
        guide = app.screen
        assert isinstance(guide, SetupGuide)
        assert states(guide)[:3] == ["待办", "✓ 完成", "待办"]
        await pilot.press("down", "s")  # skip the villages: the officials open
        officials = await form(app, pilot, "添加干部")
        await pilot.press(*keys("赵敏 司法所长 司法所"), "ctrl+s")  # no phone yet
        await form(app, pilot, "桃园村")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is guide
        assert "1 名干部没有联系电话" in str(
            guide.query_one("#setup-steps", DataTable).get_row_at(2)
        )
        assert officials is not None

        # a second paste of villages: one already there is refused, nothing added
        await pilot.press("up", "up", "enter")  # from the teams up to the villages
        villages = await form(app, pilot, "添加村")
        villages.query_one("#f-villages").text = "石门村 5\n桃园村 3"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is villages
        assert error_of(villages, "villages").startswith("第 2 行")
        assert len(guide.data.villages) == 2  # type: ignore[union-attr]
