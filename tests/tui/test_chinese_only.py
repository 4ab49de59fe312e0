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
from tests.tui.test_small_terminal import OPEN
from tests.tui.test_small_terminal import _press as open_with

pytestmark = pytest.mark.sqlite_only

KEY_NAMES = {
    "Ctrl", "Esc", "Escape", "Tab", "Enter", "Shift", "Space", "Backspace", "Delete",
    "Home", "End", "Up", "Down", "Left", "Right", "Pageup", "Pagedown", "Insert",
    "Del",
    "Excel", "CSV", "XLSX",  # file formats the clerk knows by those names
    "Zs", "Zg", "Zgf",  # pinyin initials: the search hint's example, what the tests type
}  # fmt: skip
ALLOWED = {name.lower() for name in KEY_NAMES}
WORD = re.compile(r"[A-Za-z]{2,}")


def english(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for word in WORD.findall(text):
            # key names as the key bar writes them too (esc, ^s)
            if word.lower() not in ALLOWED and not re.fullmatch(r"F\d+", word):
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


def screen_words(app: DeskApp) -> list[str]:
    """Every line the screen shows, less what is data: file paths, and
    codes such as matter numbers (XH2026-0001) and household codes (TY001)."""
    strips = app.screen._compositor.render_strips()
    lines = ["".join(seg.text for seg in strip) for strip in strips]
    data = re.compile(r"[\w.~-]*/[\w./~-]*|[A-Z]{1,4}\d+")  # paths; codes: XH2026, TY001
    return [data.sub(" ", line) for line in lines]


TABS = ("f2", "f3", "f4", "f5", "f7")


@pytest.mark.parametrize("tab_key", TABS)
async def test_no_english_word_on_a_tab_its_help_or_its_palette(
    desk_ctx: Any, tab_key: str
) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press(tab_key)
        await settle(app, pilot)
        seen = screen_words(app) + offered(app)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpDialog)
        seen += [cell for row in app.screen.rows for cell in row]
        await pilot.press("escape", "ctrl+p")
        await settle(app, pilot)
        await pilot.pause(0.5)
        seen += screen_words(app)
        assert english(seen) == []


@pytest.mark.parametrize("name", sorted(OPEN))
async def test_no_english_word_on_any_dialog(desk_ctx: Any, name: str) -> None:
    """Every screen of the desk (the list every-dialog test at 80×24 keeps
    complete), what it shows, its keys, its F1 and its palette."""
    steps, _ = OPEN[name]
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await open_with(app, pilot, *steps)
        assert type(app.screen).__name__ == name
        seen = screen_words(app) + offered(app)
        await pilot.press("tab")  # the next field's own keys too
        await settle(app, pilot)
        seen += screen_words(app) + offered(app)
        if not isinstance(app.screen, HelpDialog):
            await pilot.press("f1")
            await settle(app, pilot)
            assert isinstance(app.screen, HelpDialog)
            seen += [cell for row in app.screen.rows for cell in row]
        assert english(seen) == []
