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
