"""Dropdown and picker cells render wide characters whole (issue 16, item 8).

The cause, found at the cell level: Textual's compositor cuts every screen
line at the edges of *every* visible widget, those hidden under an overlay
included, and Rich's ``Segment.split_cells`` puts two spaces for a wide
character a cut falls in. A Select's list is an overlay drawn over the form
it belongs to, so the edge of a label underneath (a label is as wide as its
text) cut 包联户联系情况表 into 包联户联系情  表. The desk's choice fields open
their list on a screen of its own (nothing under it to cut it), and a
choice too long for its box is cut between two characters with ⋯ (Rich's
``set_cell_size`` halved the last wide character into a space: 基础设施 → 基础设).

These tests read the composed screen (the strips the terminal is sent).
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from deskui.i18n import t
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.export import FORMS, ExportDialog
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.picker import PickerDialog, fit
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only


def screen_lines(app: App[Any]) -> list[str]:
    """The text of every line as composed for the terminal."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_the_export_forms_list_shows_every_name_whole(
    desk_ctx: Any, size: tuple[int, int]
) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=size) as pilot:
        await sign_in(app, pilot)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-form").focus()
        await pilot.pause()
        await pilot.press("space")  # open the list
        await settle(app, pilot)
        text = "\n".join(screen_lines(app))
        for key in FORMS:
            assert t(f"tui.export.form.{key}") in text, key
        assert isinstance(app.screen, PickerDialog)  # the list on a screen of its own


class OneChoice(App[None]):
    CSS = "ChoiceField { width: 15; }"  # 11 cells of text: an odd cut

    def compose(self) -> ComposeResult:
        yield ChoiceField([("5 基础设施建设", "x")], title="类别", value="x", id="choice")


async def test_a_choice_too_long_for_its_box_is_cut_between_characters() -> None:
    app = OneChoice()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        line = next(x for x in screen_lines(app) if "基础" in x)
        assert "5 基础设⋯ ▼" in line  # not "5 基础设  ▼": half of 施 left as a blank


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [
        ("基础设施", 7, "基础设⋯"),
        ("基础设施", 8, "基础设施"),
        ("a基础", 4, "a基⋯"),
        ("基础", 1, "⋯"),
    ],
)
def test_fit_never_halves_a_wide_character(text: str, width: int, shown: str) -> None:
    assert fit(text, width).rstrip() == shown


def test_no_desk_screen_uses_textual_select() -> None:
    """Every choice on the desk is a ChoiceField: a Textual Select's list is
    the overlay the compositor cuts wide characters under (the cause above),
    and it needs Enter, ↓ …, Enter where a ChoiceField takes a number or
    initials. The archive's tag and liaison filters were the last two."""
    import ast
    from pathlib import Path

    import deskui.tui

    root = Path(deskui.tui.__file__).parent
    users = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            textual = isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual")
            names = {a.name for a in node.names} if isinstance(node, ast.ImportFrom) else set()
            if textual and names & {"Select", "SelectionList"}:
                users.append(str(path.relative_to(root)))
    assert users == []
