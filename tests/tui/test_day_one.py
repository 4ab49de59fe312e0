"""Day one from an empty database, by keys only: set up the town, add an
official in the town settings (F10), register a visitor (F6) and call them
(F8) with that official picked (Ctrl+O)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from deskui.services.town.officials import list_officials
from deskui.store.models import Visit
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.field_form import FieldFormDialog
from deskui.tui.dialogs.first_run import FirstRunScreen
from deskui.tui.dialogs.town_settings import TownSettingsScreen
from deskui.tui.widgets.picker import Picker, PickerDialog
from tests.tui.pilot_helpers import SIZE, settle

pytestmark = pytest.mark.sqlite_only


def keys(text: str) -> list[str]:
    return [{" ": "space", "\n": "enter"}.get(ch, ch) for ch in text]


def checklist(app: DeskApp) -> str:
    line = app.query_one("#desk-checklist", Static)
    return str(line.render()) if line.display else ""


async def test_from_an_empty_database_to_a_called_visitor(ctx: Any) -> None:
    app = DeskApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press(*keys("县河镇"), "tab", *keys("桃园村 6\n李家湾村 4\n石门村 5"), "tab")
        await pilot.press(*keys("admin"), "tab", *keys("王主任"), "tab")
        await pilot.press(*keys("1234"), "tab", *keys("1234"), "ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape", "escape")  # the setup guide: later, F10 here instead
        await settle(app, pilot)
        assert app.ready and not isinstance(app.screen, FirstRunScreen)
        assert "还没有干部" in checklist(app)
        assert "3 个村还没有驻村团队" in checklist(app)

        # the town settings: a first official, with a phone
        await pilot.press("f10")
        await settle(app, pilot)
        settings = app.screen
        assert isinstance(settings, TownSettingsScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, FieldFormDialog)
        await pilot.press(*keys("赵敏"), "tab", *keys("司法所长"), "tab", *keys("司法所"), "tab")
        await pilot.press(*keys("13991500007"), "ctrl+s")
        await settle(app, pilot)
        assert app.screen is settings
        assert [o.name for o in list_officials(ctx)] == ["赵敏"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert "还没有干部" not in checklist(app)
        assert "没有联系电话" not in checklist(app)
        assert "3 个村还没有驻村团队" in checklist(app)

        # the queue: register a visitor, pick the official, call
        await pilot.press("f6")  # the queue tab has the keys again
        await settle(app, pilot)
        await pilot.press(*keys("王建国"), "enter", "enter", "enter", "enter")
        await pilot.press(*keys("咨询低保"), "enter")
        await settle(app, pilot)
        v = Visit.get(Visit.name == "王建国")
        assert v.status == "等候"

        officials = app.query_one("#queue-official", Picker)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        assert [text for text, _ in officials.options] == ["赵敏"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, PickerDialog)

        await pilot.press("f8")
        await settle(app, pilot)
        v = Visit.get(Visit.name == "王建国")
        assert v.status == "接待中"
        assert v.official.name == "赵敏"

        # F2 on the tab already shown gives its list the keys back
        app.screen.set_focus(None)
        await pilot.press("f2")
        await settle(app, pilot)
        assert app.focused is not None
