"""80×24 is usable: dialogs keep their right edge and scroll, the focused
field is scrolled into view."""

from __future__ import annotations

from typing import Any

import pytest

from deskui.tui.app import DeskApp
from deskui.tui.dialogs.matter_form import MatterFormDialog
from deskui.tui.tabs.queue.intake import IntakeDialog
from tests.tui.pilot_helpers import settle, sign_in

pytestmark = pytest.mark.sqlite_only
SMALL = (80, 24)


def on_screen(app: DeskApp, widget: Any) -> bool:
    """The widget is drawn where the clerk can see it (not scrolled away)."""
    region = widget.region
    if not region.width or not region.height:
        return False
    found, _ = app.screen.get_widget_at(region.x + 1, region.y + 1)
    return found is widget or widget in found.ancestors_with_self


async def test_intake_at_80_by_24_keeps_its_edge_and_shows_the_reason(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SMALL) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, IntakeDialog)
        box = dialog.query_one("#intake-box")
        assert box.region.right <= SMALL[0]
        await pilot.press(*"13900000003")
        await pilot.pause(0.3)
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        reason = dialog.query_one("#in-reason")
        assert app.focused is reason
        assert on_screen(app, reason)


async def test_matter_card_at_80_by_24_scrolls_to_the_field_with_the_error(
    desk_ctx: Any,
) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SMALL) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MatterFormDialog)
        assert form.query_one("#mf-box").region.right <= SMALL[0]
        await pilot.press("enter", *"张三", "ctrl+s")  # no 村 yet
        await settle(app, pilot)
        assert app.focused is form.query_one("#f-village")
        await pilot.press("1", "ctrl+s")  # 村 by its number; no 首办责任人 (far down)
        await settle(app, pilot)
        assert app.screen is form
        receiver = form.query_one("#f-first_receiver")
        assert app.focused is receiver
        assert on_screen(app, receiver)


async def test_queue_at_80_columns_shows_wait_and_outcome_and_the_waiting_first(
    desk_ctx: Any,
) -> None:
    from deskui.tui.widgets.paged_table import PagedTable

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SMALL) as pilot:
        await sign_in(app, pilot)
        table = app.query_one("#queue-table", PagedTable)
        labels = [str(c.label) for c in table.ordered_columns]
        x = 0
        for column in table.ordered_columns:
            if str(column.label) in ("等候", "办理结果"):
                assert x + column.get_render_width(table) <= SMALL[0], labels
            x += column.get_render_width(table)
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["等候", "已办"]


async def test_matters_list_at_80_columns_shows_the_deadline(desk_ctx: Any) -> None:
    from deskui.tui.widgets.paged_table import PagedTable

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SMALL) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        table = app.query_one("#matters-table", PagedTable)
        x = 0
        for column in table.ordered_columns:
            if str(column.label) == "期限":
                assert x + column.get_render_width(table) <= SMALL[0]
                break
            x += column.get_render_width(table)
        else:
            raise AssertionError("no 期限 column")


# --------------------------------------------------------------------------
# Every dialog at 80×24: header and key bar stay, the box is on the screen,
# F1 lists the dialog's own keys, an empty save lands on a visible field.

Step = str | tuple[str, ...]


async def _press(app: DeskApp, pilot: Any, *steps: Step) -> None:
    for step in steps:
        if step == "pause":  # a search as you type waits for the typing to stop
            await pilot.pause(0.4)
            await settle(app, pilot)
            continue
        keys = (step,) if isinstance(step, str) else step
        await pilot.press(*keys)
        await pilot.pause(0.05)
        await settle(app, pilot)


# How to reach each screen of the desk from the queue tab, signed in as the
# administrator, and whether Ctrl+S on it as opened leaves a required field
# empty (the focus must then land on a field the clerk can see).
OPEN: dict[str, tuple[tuple[Step, ...], bool]] = {
    "IntakeDialog": (("f6",), True),
    "OutcomeDialog": (("f8", "1"), True),
    "HomeVisitDialog": (("ctrl+w",), True),
    "HelpDialog": (("f1",), False),
    "DeskPalette": (("ctrl+p",), False),
    "ExportDialog": (("ctrl+e",), False),
    "PickerDialog": (("ctrl+g",), False),
    "MatterFormDialog": (("f4", "n"), True),
    "DiscardDialog": (("f4", "n", "enter", "张", "escape"), False),
    "MatterStepDialog": (("f4", "t"), True),
    "MatterCardDialog": (("f4", "enter"), False),
    "MeetingDialog": (("f4", "m"), False),
    "HouseholdDialog": (("f3", ("z", "g", "f"), "pause", "enter", "enter"), False),
    "ContactLogDialog": (("f3", ("z", "g", "f"), "pause", "enter", "enter", "c"), False),
    "FieldFormDialog": (("f3", "ctrl+n"), True),
    "ImportRollDialog": (("f3", "ctrl+o"), True),
    "LiaisonScreen": (("f3", "ctrl+u"), False),
    "ReassignDialog": (("f3", "ctrl+u", "r"), True),
    "DutyDialog": (("f5", "s"), True),
    "GenerateDialog": (("f5", "g"), False),
    "HolidaysDialog": (("f5", "h"), False),
    "TeamDialog": (("f5", "t"), False),
    "RosterSettingsDialog": (("f5", "o"), False),
    "TownSettingsScreen": (("f10",), False),
    "SetupGuide": (("f10", "w"), False),
    "StepForm": (("f10", "w", "enter"), False),
}
# Screens opened outside the signed-in desk, each with its own test.
ELSEWHERE = {
    "SignInDialog",  # before anyone signs in: test_sign_in_at_80_by_24
    "FirstRunScreen",  # on an empty database (tests/tui/test_first_run.py)
    "LockScreen",  # blanks the whole screen on purpose (tests/tui/test_lock.py)
    "RosterFormDialog",  # a base: opened as DutyDialog and GenerateDialog
}


def desk_screens() -> dict[str, type]:
    """Every screen class the desk defines (a new one fails the test below
    until it is added to OPEN)."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    import deskui.tui

    for info in pkgutil.walk_packages(deskui.tui.__path__, "deskui.tui."):
        importlib.import_module(info.name)
    found: dict[str, type] = {}
    todo: list[type] = [Screen]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("deskui.tui."):
                found[sub.__name__] = sub
    return found


def test_every_desk_screen_is_opened_below() -> None:
    missing = set(desk_screens()) - set(OPEN) - ELSEWHERE
    assert not missing, f"add these to OPEN: {sorted(missing)}"


def dialog_layout_problems(app: DeskApp) -> list[str]:
    from deskui.tui.widgets.header import DeskHeader
    from deskui.tui.widgets.key_bar import KeyBar

    screen = app.screen
    width, height = SMALL
    problems = []
    bars = screen.query(KeyBar)
    if not bars or bars.first().region.y != height - 1 or not bars.first().region.width:
        problems.append("no key bar on the bottom line")
    header = app.screen_stack[0].query_one("#desk-header")
    if not header.region.height or header.region.y != 0:
        problems.append("the desk has no header")
    for x in range(0, width, 4):
        found, _ = screen.get_widget_at(x, 0)
        if not any(isinstance(w, DeskHeader) for w in found.ancestors_with_self):
            problems.append(f"{found!r} covers the header's line")
            break
    for child in screen.children:
        if isinstance(child, (KeyBar, DeskHeader)) or not child.display or not child.region.area:
            continue
        region = child.region
        if region.x < 0 or region.right > width or region.y < 1 or region.bottom > height - 1:
            problems.append(f"{child!r} at {region} leaves the screen")
    return problems


@pytest.mark.parametrize("name", sorted(OPEN))
async def test_every_dialog_at_80_by_24(desk_ctx: Any, name: str) -> None:
    from deskui.tui.dialogs.help import HelpDialog

    steps, empty_save = OPEN[name]
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SMALL) as pilot:
        await sign_in(app, pilot)
        await _press(app, pilot, *steps)
        dialog = app.screen
        assert type(dialog).__name__ == name, f"{steps} opened {dialog!r}"
        assert dialog_layout_problems(app) == []
        if not isinstance(dialog, HelpDialog):
            # F1 inside the dialog lists the dialog's own keys first
            own = [b.description for b in app.offered(dialog)]
            await _press(app, pilot, "f1")
            assert isinstance(app.screen, HelpDialog), name
            if own:
                assert app.screen.rows[0][0] == "当前画面"
                assert {row[2] for row in app.screen.rows} >= set(own)
            await _press(app, pilot, "escape")
            assert app.screen is dialog
        if empty_save:
            await _press(app, pilot, "ctrl+s")
            assert app.screen is dialog, "saved with a required field empty"
            assert app.focused is not None
            assert on_screen(app, app.focused), f"{app.focused!r} is out of sight"


async def test_sign_in_at_80_by_24(desk_ctx: Any) -> None:
    from deskui.tui.dialogs.sign_in import SignInDialog

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, SignInDialog)
        assert dialog_layout_problems(app) == []
