"""What the desk's Pilot tests share: the terminal size, waiting for the
workers, signing in, and reading a table's column."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from deskui.tui.app import DeskApp
from deskui.tui.dialogs.sign_in import SignInDialog
from deskui.tui.widgets.paged_table import PagedTable

SIZE = (120, 36)


async def settle(app: DeskApp, pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let workers finish and their messages land, and every key typed
    ahead reach its place (deskui.tui.typeahead; a busy test machine can
    keep a key waiting a moment)."""
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
    for _ in range(250):  # at most 5 s
        if not app.keys_waiting:
            break
        await pilot.pause(0.02)
        await app.workers.wait_for_complete()
    await pilot.pause()


async def sign_in(
    app: DeskApp, pilot: Pilot[Any], password: str = "1234", *, down: int = 0
) -> None:
    """Pick the operator ``down`` rows below the first (管理员甲) and sign in."""
    await settle(app, pilot)
    assert isinstance(app.screen, SignInDialog)
    await pilot.press(*["down"] * down, "enter", *password, "enter")
    await settle(app, pilot)


async def sign_in_as_clerk(app: DeskApp, pilot: Pilot[Any]) -> None:
    await sign_in(app, pilot, "5678", down=1)  # 小王, 录入员 (tests/tui/conftest.py)


def cells(table: PagedTable, column: int) -> list[str]:
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]
