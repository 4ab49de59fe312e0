"""Chinese everywhere, Textual's own words included: no screen or dialog
reached through the tabs, F1 and Ctrl+P offers an English word (key names
such as Ctrl, Esc, Tab, Enter, Shift and the F-keys excepted)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from deskui.tui.app import DeskApp
from deskui.tui.dialogs.help import HelpDialog
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only

KEY_NAMES = {
    "Ctrl", "Esc", "Escape", "Tab", "Enter", "Shift", "Space", "Backspace", "Delete",
    "Home", "End", "Up", "Down", "Left", "Right", "Pageup", "Pagedown", "Insert",
    "Excel",  # the file format the clerk knows by that name
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{2,}")


def english(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for word in WORD.findall(text):
            if word not in KEY_NAMES and not re.fullmatch(r"F\d+", word):
                found.append(f"{word} ← {text}")
    return found


def offered(app: DeskApp) -> list[str]:
    """What the footer, F1 and the palette would show right now."""
    texts = [b.binding.description for b in app.screen.active_bindings.values()]
    texts += [b.key_display or "" for b in (a.binding for a in app.screen.active_bindings.values())]
    for section, key, description in app.binding_rows():
        texts += [section, key, description]
    for title, help_text, _ in app.palette_commands():
        texts += [title, help_text]
    return texts


async def test_no_english_word_on_any_tab_or_dialog(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        seen: list[str] = []
        for tab_key, dialog_key in (
            ("f2", "f6"),  # 取号登记
            ("f3", "ctrl+n"),  # 新建农户
            ("f4", "n"),  # 受理新事项
            ("f5", None),
            ("f7", None),
        ):
            await pilot.press(tab_key)
            await settle(app, pilot)
            seen += offered(app)
            await pilot.press("f1")
            await settle(app, pilot)
            assert isinstance(app.screen, HelpDialog)
            seen += [cell for row in app.screen.rows for cell in row]
            await pilot.press("escape")
            await settle(app, pilot)
            if dialog_key:
                await pilot.press(dialog_key)
                await settle(app, pilot)
                seen += offered(app)
                await pilot.press("tab")  # Textual's own keys of the next field too
                await settle(app, pilot)
                seen += offered(app)
                await pilot.press("escape")
                await settle(app, pilot)
        assert english(seen) == []


async def test_the_palette_says_no_matches_in_chinese(desk_ctx: Any) -> None:
    from textual.command import CommandList

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"zzzzqqq")
        await pilot.pause(1.5)
        shown = app.screen.query_one(CommandList)
        prompts = [shown.get_option_at_index(i).prompt for i in range(shown.option_count)]
        texts = [str(getattr(p, "renderable", p)) for p in prompts]
        assert any("没有找到匹配的命令" in text for text in texts), texts
        assert english(texts) == []
