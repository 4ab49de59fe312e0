"""包联户移交 on the not-yet-contacted view with real keys: every household
of 陈干事 goes to 刘书记, coverage follows, each change is audited."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Static

from deskui.services import audit
from deskui.services.archive.liaison import (
    coverage,
    liaison_count,
    liaison_officials,
    not_contacted,
)
from deskui.services.archive.search import search_households
from deskui.services.audit import history
from deskui.store.models import Official
from deskui.tui.app import DeskApp
from deskui.tui.tabs.archive.liaison import LiaisonScreen
from deskui.tui.tabs.archive.liaison_reassign import ReassignDialog
from deskui.tui.widgets.choice import ChoiceField
from tests.tui.pilot_helpers import SIZE, settle, sign_in, sign_in_as_clerk

pytestmark = pytest.mark.sqlite_only

CHEN_HOMES = 60  # the UI town: every odd household has 陈干事 as its liaison


def official_ids(ctx: Any) -> dict[str, int]:
    return {name: oid for oid, name in liaison_officials(ctx)}


async def open_liaison(app: DeskApp, pilot: Pilot[Any]) -> LiaisonScreen:
    await sign_in(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)
    await pilot.press("ctrl+u")
    await settle(app, pilot)
    assert isinstance(app.screen, LiaisonScreen)
    return app.screen


async def test_reassign_all_households_of_one_official(desk_ctx: Any) -> None:
    ids = official_ids(desk_ctx)
    chen, liu = ids["陈干事"], ids["刘书记"]
    chen_homes = [r.household_id for r in not_contacted(desk_ctx, 2026, 11, chen)]
    assert len(chen_homes) == CHEN_HOMES
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_liaison(app, pilot)
        await pilot.press("ctrl+g", "3")  # 1 全部, 2 刘书记, 3 陈干事: by its number
        await settle(app, pilot)
        assert screen.official == chen
        screen.query_one("#liaison-table").focus()
        await pilot.press("r")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ReassignDialog)
        assert dialog.query_one("#f-from", ChoiceField).value == chen  # the filter's official
        count = str(dialog.query_one("#reassign-count", Static).render())
        assert f"陈干事 现包联 {CHEN_HOMES} 户" in count
        to = dialog.query_one("#f-to", ChoiceField)
        assert to.has_focus
        await pilot.press("ctrl+s")  # nobody chosen yet
        assert "请选择" in str(dialog.query_one("#err-official", Static).render())
        await pilot.press(*"cgs")  # 陈干事 by initials, no list opened
        assert to.value == chen
        await pilot.press("ctrl+s")
        assert "同一人" in str(dialog.query_one("#err-official", Static).render())
        await pilot.press(*"lsj")  # 刘书记 instead
        assert to.value == liu
        await pilot.press("ctrl+s")  # asks first
        await settle(app, pilot)
        confirm = str(dialog.query_one("#reassign-confirm", Static).render())
        assert f"确认把 陈干事 的 {CHEN_HOMES} 户包联户全部移交给 刘书记" in confirm
        assert dialog.query_one("#reassign-ok", Button).has_focus
        assert len(not_contacted(desk_ctx, 2026, 11, chen)) == CHEN_HOMES  # nothing moved yet
        await pilot.press("enter")  # 确认移交
        await settle(app, pilot, rounds=5)

        assert app.screen is screen
        notes = [str(n.message) for n in app._notifications]
        assert f"已把 {CHEN_HOMES} 户从 陈干事 移交给 刘书记" in notes
        cover = {c.official: c for c in coverage(desk_ctx, 2026, 11)}
        assert "陈干事" not in cover and cover["刘书记"].households == CHEN_HOMES
        assert not_contacted(desk_ctx, 2026, 11, chen) == []
        moved = not_contacted(desk_ctx, 2026, 11, liu)
        assert sorted(r.household_id for r in moved) == sorted(chen_homes)
        assert {r.liaison for r in search_households(desk_ctx, "", liaison_id=liu)} == {"刘书记"}
        # the view follows the households to 刘书记, who now holds them all
        assert screen.official == liu
        assert screen.query_one("#liaison-official", ChoiceField).value == liu
        assert screen.query_one("#liaison-table", DataTable).row_count == CHEN_HOMES
        text = str(screen.query_one("#liaison-coverage", Static).render())
        assert f"刘书记 0/{CHEN_HOMES}" in text

    for hid in chen_homes:
        last = history(desk_ctx, "household", hid)[-1]
        assert last.note == "包联户移交：陈干事 → 刘书记"
        assert last.changes["liaison"] == [chen, liu]
        assert last.operator == "admin"


async def test_households_of_an_official_who_left_can_still_be_handed_over(
    desk_ctx: Any,
) -> None:
    ids = official_ids(desk_ctx)
    chen, liu = ids["陈干事"], ids["刘书记"]
    desk_ctx.write(lambda: audit.archive(desk_ctx, Official.get_by_id(chen), audit_note="调离"))
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_liaison(app, pilot)
        assert screen.official is None  # 全部干部
        await pilot.press("r")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ReassignDialog)
        source = dialog.query_one("#f-from", ChoiceField)
        assert source.has_focus and source.value is None
        await pilot.press("1")  # the only holder: 陈干事（已停用）
        await settle(app, pilot)
        assert source.value == chen
        count = str(dialog.query_one("#reassign-count", Static).render())
        assert f"陈干事 现包联 {CHEN_HOMES} 户" in count
        await pilot.press("enter", "1")  # Enter moves on; 1: 刘书记, the only active official
        assert dialog.query_one("#f-to", ChoiceField).value == liu
        await pilot.press("ctrl+s", "ctrl+s")  # ask, then confirm with the same key
        await settle(app, pilot, rounds=5)
        assert app.screen is screen
        assert (liaison_count(desk_ctx, chen), liaison_count(desk_ctx, liu)) == (0, CHEN_HOMES)


async def test_a_clerk_may_not_reassign(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press("ctrl+u")
        await settle(app, pilot)
        assert isinstance(app.screen, LiaisonScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, LiaisonScreen)
        notes = [str(n.message) for n in app._notifications]
        assert any("录入员" in n for n in notes), notes


async def test_a_capped_list_says_how_many_it_hides(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The not-contacted list is capped; its count line gives the true total
    (from the coverage figures) and says only the first ones are shown."""
    import deskui.services.archive.liaison as liaison

    total = sum(c.not_contacted for c in liaison.coverage(desk_ctx, 2026, 11))
    assert total > 3
    monkeypatch.setattr(liaison, "NOT_CONTACTED_LIMIT", 3)
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_liaison(app, pilot)
        assert len(screen.rows) == 3
        count = str(screen.query_one("#liaison-count", Static).render())
        assert f"未联系 {total} 户" in count and "显示前 3 户" in count
