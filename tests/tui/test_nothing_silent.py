"""Nothing silent: every key the desk offers either acts or says why not,
for a 录入员 too and in the states where it cannot act (an empty list, no
one being served); and a key the role may not use is not offered at all
(the footer, F1 and the palette are built from what ``check_action``
allows, so none of them offers it)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.binding import Binding

from deskui.tui.app import DeskApp
from deskui.tui.dialogs.help import HelpDialog
from tests.tui.pilot_helpers import SIZE, settle, sign_in_as_clerk

pytestmark = pytest.mark.sqlite_only

DENIED = "无权"  # the words of every refusal for the role (auth.denied)


def screen_text(app: DeskApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def fingerprint(app: DeskApp) -> tuple[Any, ...]:
    return (
        tuple(id(s) for s in app.screen_stack),
        app.focused,
        app.clipboard,  # Ctrl+C copied the selection
        screen_text(app),
    )


def said(app: DeskApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def back_to(app: DeskApp, pilot: Any, tab_key: str, prepare: tuple[str, ...]) -> None:
    """Close whatever the key opened and put the tab back as it was."""
    while len(app.screen_stack) > 1:
        app.pop_screen()
        await settle(app, pilot)
    app.clear_notifications()
    await pilot.press(tab_key)
    await settle(app, pilot)
    for step in prepare:
        await press(app, pilot, step)


async def press(app: DeskApp, pilot: Any, step: str) -> None:
    if step == "pause":
        await pilot.pause(0.4)
    elif len(step) > 1 and not step.isascii():
        await pilot.press(*step)
    else:
        await pilot.press(step)
    await settle(app, pilot)


def first_key(binding: Binding) -> str:
    return binding.key.split(",")[0].strip()


def pressable(key: str, binding: Binding, skip: set[str]) -> bool:
    """A key the desk offers (described; not the Mac's ⌘ keys)."""
    return bool(binding.description) and key not in skip and not key.startswith("super+")


async def check_keys(app: DeskApp, pilot: Any, node: Any, skip: set[str], reset: Any) -> None:
    """Press each key ``node`` binds; none may be silent, and none the role
    may not use may be offered."""
    silent: list[str] = []
    offered_but_denied: list[str] = []
    offered = {b.action for b in app.offered(node)}
    for key, binding in list(node._bindings):
        if not pressable(key, binding, skip):
            continue
        before = fingerprint(app)
        await press(app, pilot, first_key(binding))
        await pilot.pause(0.1)
        await settle(app, pilot)
        words = said(app)
        text = screen_text(app)
        words += [line for line in text.splitlines() if DENIED in line and line not in before[-1]]
        moved = fingerprint(app) != before
        if binding.action.startswith("focus_") and app.focused is not None:
            moved = True  # the field it puts the cursor in (it may be there already)
        if not moved and not words:
            silent.append(f"{key} {binding.description}")
        if binding.action in offered and any(DENIED in w for w in words):
            offered_but_denied.append(f"{key} {binding.description}")
        node = await reset()
    assert silent == [], "silent keys"
    assert offered_but_denied == [], "offered to a clerk, then refused"


# Each tab, and the keys that put it where its keys have the least to act on.
STATES: list[tuple[str, str, tuple[str, ...]]] = [
    ("queue", "f2", ()),
    ("archive", "f3", ()),
    ("archive-empty", "f3", ("ctrl+f", *"qqqqzz", "pause")),
    ("matters", "f4", ()),
    ("roster", "f5", ()),
    ("roster-empty", "f5", ("left_square_bracket",) * 14),
    ("stats", "f7", ()),
]
# Keys that leave the desk or cannot be told apart from typing here.
SKIP = {"ctrl+q", "ctrl+p", "f1"}


@pytest.mark.parametrize(("state", "tab_key", "prepare"), STATES, ids=[s[0] for s in STATES])
async def test_every_key_of_a_tab_acts_or_says_why_for_a_clerk(
    desk_ctx: Any, state: str, tab_key: str, prepare: tuple[str, ...]
) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        await back_to(app, pilot, tab_key, prepare)
        pane = app.active_pane()
        assert pane is not None

        async def reset() -> Any:
            await back_to(app, pilot, tab_key, prepare)
            return app.active_pane()

        await check_keys(app, pilot, pane, SKIP, reset)


# The screens a clerk can open, the keys that open them, and their state.
CLERK_SCREENS: list[tuple[str, tuple[str, ...]]] = [
    ("IntakeDialog", ("f2", "f6")),
    ("HomeVisitDialog", ("f2", "ctrl+w")),
    ("ExportDialog", ("ctrl+e",)),
    ("MeetingDialog", ("f4", "m")),
    ("MatterCardDialog", ("f4", "enter")),
    ("HouseholdDialog", ("f3", "ctrl+f", "zgf", "pause", "enter", "enter")),
    ("LiaisonScreen", ("f3", "ctrl+u")),
    ("HolidaysDialog", ("f5", "h")),
    ("TeamDialog", ("f5", "t")),
    ("RosterSettingsDialog", ("f5", "o")),
]
# Keys of a screen that close it or type into its fields.
SCREEN_SKIP = {"escape", "ctrl+q", "ctrl+p", "f1", "space", "enter", "up", "down"}


@pytest.mark.parametrize(("name", "steps"), CLERK_SCREENS, ids=[s[0] for s in CLERK_SCREENS])
async def test_every_key_of_a_screen_acts_or_says_why_for_a_clerk(
    desk_ctx: Any, name: str, steps: tuple[str, ...]
) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)

        async def reopen() -> Any:
            while len(app.screen_stack) > 1:
                app.pop_screen()
                await settle(app, pilot)
            app.clear_notifications()
            for step in steps:
                await press(app, pilot, step)
            return app.screen

        screen = await reopen()
        if type(screen).__name__ != name:
            # the role may not open it: then the key said so
            assert any(DENIED in w for w in said(app)), f"{steps} opened {screen!r} silently"
            return
        await check_keys(app, pilot, screen, SCREEN_SKIP, reopen)


async def test_help_and_palette_offer_a_clerk_nothing_the_role_may_not(desk_ctx: Any) -> None:
    """F1, the palette and the key bar list the same keys: none of them a
    clerk's role refuses."""
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        for tab_key in ("f2", "f3", "f4", "f5", "f7"):
            await pilot.press(tab_key)
            await settle(app, pilot)
            pane = app.active_pane()
            assert pane is not None
            offered = [b.description for b in app.offered(pane)]
            await pilot.press("f1")
            await settle(app, pilot)
            assert isinstance(app.screen, HelpDialog)
            help_rows = {row[2] for row in app.screen.rows}
            await pilot.press("escape")
            await settle(app, pilot)
            palette = {title for title, _, _ in app.palette_commands()}
            assert set(offered) <= help_rows
            assert set(offered) <= palette


async def test_town_settings_are_not_offered_to_a_clerk_and_f10_says_why(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        titles = {title for title, _, _ in app.palette_commands()}
        assert "镇设置" not in titles and "刷新" in titles
        assert "镇设置" not in {row[2] for row in app.binding_rows()}
        await pilot.press("f10")
        await settle(app, pilot)
        assert len(app.screen_stack) == 1
        assert any("录入员" in w for w in said(app))
