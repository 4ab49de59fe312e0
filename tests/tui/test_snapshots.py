"""Snapshots of the desk (one SVG each, in __snapshots__/). The clock is
frozen and the data fixed, so the pictures only change when the UI does:
look at the diff, then ``pytest tests/tui/test_snapshots.py --snapshot-update``."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from deskui.tui.app import DeskApp

# The desk is tested on SQLite; the services below it run on both databases.
pytestmark = pytest.mark.sqlite_only

SIZE = (120, 36)


async def _settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    # A blinking cursor would make the picture depend on the time taken.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def _signed_in_then(*keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("enter", *"1234", "enter")
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        await pilot.pause(0.3)  # the archive's debounce
        await _settle(pilot)

    return run_before


def test_archive_search(desk_ctx: Any, snap_compare: Any) -> None:
    app = DeskApp(desk_ctx)
    assert snap_compare(app, terminal_size=SIZE, run_before=_signed_in_then("f3", "z"))


def test_matters_by_urgency(desk_ctx: Any, snap_compare: Any) -> None:
    app = DeskApp(desk_ctx)
    assert snap_compare(app, terminal_size=SIZE, run_before=_signed_in_then("f4"))


def test_sign_in_dialog(desk_ctx: Any, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("enter", *"0000", "enter")
        await _settle(pilot)

    assert snap_compare(DeskApp(desk_ctx), terminal_size=SIZE, run_before=run_before)
