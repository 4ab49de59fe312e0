"""The team editor (T on the roster tab): add, change and remove members,
save through the service, see the grid after regenerating; a refusal stays
in the modal with nothing lost; the village's place and shift tab."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Checkbox, DataTable, Static, TabbedContent

from deskui.services import audit
from deskui.services.roster.teams import MemberSpec, set_team
from deskui.store.models import Official, TeamMember, Village
from deskui.tui.app import DeskApp
from deskui.tui.tabs.roster.generate import GenerateDialog
from deskui.tui.tabs.roster.team import TeamDialog
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, cells, settle, sign_in

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def team_ctx(desk_ctx: Any) -> Any:
    desk_ctx.write(lambda: audit.create(desk_ctx, Official, town=desk_ctx.town_id, name="王委员"))
    for village in ("桃园村", "李家湾村", "石门村"):
        set_team(desk_ctx, village, [MemberSpec("刘书记", "组长")])
    return desk_ctx


async def open_team(app: DeskApp, pilot: Any) -> TeamDialog:
    await sign_in(app, pilot)
    await pilot.press("f5")
    await settle(app, pilot)
    await pilot.press("t")
    await settle(app, pilot)
    modal = app.screen
    assert isinstance(modal, TeamDialog)
    return modal


def team_of(village: str) -> list[tuple[str, str, str]]:
    q = (
        TeamMember.select(TeamMember, Official)
        .join(Official)
        .switch(TeamMember)
        .join(Village)
        .where(Village.name == village)
        .order_by(Official.name)
    )
    return [(m.official.name, m.role, m.shift) for m in q]


def table_names(modal: TeamDialog) -> list[str]:
    table = modal.query_one("#team-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def choose(modal: TeamDialog, pilot: Any, fid: str, keys: str) -> None:
    """Focus a choice of the team form and type its number or initials."""
    modal.query_one(f"#team-{fid}", ChoiceField).focus()
    await pilot.pause()
    await pilot.press(*keys)


async def test_add_remove_save_then_regenerate(team_ctx: Any) -> None:
    app = DeskApp(team_ctx)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_team(app, pilot)
        assert modal.query_one("#team-village", ChoiceField).value == "桃园村"
        assert table_names(modal) == ["刘书记"]
        # 陈干事 by the initials of his name, as a member, mornings: no list
        # opened; Enter moves on, and on 时段 adds him
        official = modal.query_one("#team-official", ChoiceField)
        assert app.focused is official
        await pilot.press(*"cgs")
        assert official.value == "陈干事"
        await pilot.press("enter", "enter", "3", "enter")  # 角色 as it is, 时段 3 上午
        await settle(app, pilot)
        assert table_names(modal) == ["刘书记", "陈干事"]
        await choose(modal, pilot, "official", "wwy")  # 王委员
        await pilot.press("enter", "3", "enter", "1")  # 协助, the village's 时段
        await pilot.press("ctrl+n")  # adds as Enter there would
        await settle(app, pilot)
        assert table_names(modal) == ["刘书记", "陈干事", "王委员"]
        assert "未保存" in str(modal.query_one("#team-note", Static).render())
        # remove 王委员: the row under the cursor, Delete
        modal.query_one("#team-table", DataTable).focus()
        await pilot.press("delete")
        await settle(app, pilot)
        assert table_names(modal) == ["刘书记", "陈干事"]
        assert team_of("桃园村") == [("刘书记", "组长", "")]  # not saved yet
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TeamDialog), [
            str(s.render()) for s in modal.query(".field-error")
        ]
        assert team_of("桃园村") == [("刘书记", "组长", ""), ("陈干事", "成员", "上午")]
        grid = app.query_one("#roster-grid", PagedTable)
        assert "陈干事" not in " ".join(cells(grid, 3))  # the days are not rewritten
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, GenerateDialog)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, GenerateDialog)
        assert "陈干事" in cells(grid, 3)[0]  # 桃园村 on 11-24
        assert all("陈干事" not in c for c in cells(grid, 3)[1:])


async def test_a_team_without_leader_is_refused_in_the_modal(team_ctx: Any) -> None:
    app = DeskApp(team_ctx)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_team(app, pilot)
        await choose(modal, pilot, "official", "cgs")  # 陈干事
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        # highlight 刘书记 (row 0): the form takes his values; make him a member
        table = modal.query_one("#team-table", DataTable)
        table.focus()
        await pilot.press("up")
        await settle(app, pilot)
        assert modal.query_one("#team-official", ChoiceField).value == "刘书记"
        assert modal.query_one("#team-role", ChoiceField).value == "组长"
        await choose(modal, pilot, "role", "2")  # 成员
        await pilot.press("ctrl+n", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, TeamDialog)
        error = str(modal.query_one("#err-team", Static).render())
        assert "桃园村的驻村团队没有组长" in error
        assert modal.query_one("#err-team", Static).has_class("-shown")  # visible
        assert table_names(modal) == ["刘书记", "陈干事"]  # nothing lost
        assert team_of("桃园村") == [("刘书记", "组长", "")]
        # 陈干事 leads instead (odd-week Thursdays too), 刘书记 leaves: saved
        await choose(modal, pilot, "official", "cgs")
        await choose(modal, pilot, "role", "zz")  # 组长 by initials
        modal.query_one("#team-odd", Checkbox).value = True
        await pilot.press("ctrl+n")
        table.focus()
        await pilot.press("up", "delete", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TeamDialog)
        assert team_of("桃园村") == [("陈干事", "组长", "")]
        lead = TeamMember.select().join(Official).where(Official.name == "陈干事").get()
        assert lead.odd_week_second_day


async def test_a_clash_and_the_village_tab(team_ctx: Any) -> None:
    set_team(team_ctx, "李家湾村", [MemberSpec("刘书记", "组长"), MemberSpec("王委员", "成员")])
    app = DeskApp(team_ctx)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_team(app, pilot)
        modal.query_one("#team-official", ChoiceField).value = "王委员"
        await pilot.press("ctrl+n", "ctrl+s")
        await settle(app, pilot)
        error = str(modal.query_one("#err-team", Static).render())
        assert "王委员已在李家湾村驻村（成员）" in error
        # take him off again, then change the village's place and shift
        modal.query_one("#team-table", DataTable).focus()
        await pilot.press("delete")
        modal.query_one("#team-tabs", TabbedContent).active = "tab-village"
        await settle(app, pilot)
        modal.query_one("#v-place").value = "村委会二楼"  # type: ignore[attr-defined]
        modal.query_one("#v-shift", ChoiceField).value = "上午"
        modal.query_one("#v-am").value = "8:30-11:30"  # type: ignore[attr-defined]
        modal.query_one("#v-cadence", ChoiceField).value = "隔周"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "基准日期" in str(modal.query_one("#err-village", Static).render())
        modal.query_one("#v-anchor").value = "2026-11-10"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TeamDialog)
        v = Village.get(Village.name == "桃园村")
        assert (v.office_address, v.shift, v.am_hours, v.cadence_weeks) == (
            "村委会二楼",
            "上午",
            "8:30-11:30",
            2,
        )
        assert team_of("桃园村") == [("刘书记", "组长", "")]


async def test_switching_village_keeps_unsaved_edits(team_ctx: Any) -> None:
    set_team(team_ctx, "李家湾村", [MemberSpec("刘书记", "组长"), MemberSpec("王委员", "成员")])
    app = DeskApp(team_ctx)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_team(app, pilot)
        await choose(modal, pilot, "village", "ljw")  # 李家湾村 by initials
        await settle(app, pilot)
        assert table_names(modal) == ["刘书记", "王委员"]
        await choose(modal, pilot, "official", "cgs")
        await pilot.press("ctrl+n")
        await choose(modal, pilot, "village", "smc")  # 石门村: refused, edits unsaved
        await settle(app, pilot)
        assert modal.query_one("#team-village", ChoiceField).value == "李家湾村"
        assert "尚未保存" in str(modal.query_one("#err-team", Static).render())
        assert table_names(modal) == ["刘书记", "王委员", "陈干事"]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TeamDialog)
        assert team_of("李家湾村") == [("刘书记", "组长", ""), ("王委员", "成员", ""),
                                      ("陈干事", "成员", "")]  # fmt: skip
