"""The desk locks itself after the idle minutes of settings.toml
(``lock_minutes``, default 10): the screen is blanked and only the signed-in
operator's password opens it. The idle clock is injected and moved by hand."""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.widgets import Label

from deskui.store.models import AuditLog
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.lock import LockScreen
from deskui.tui.idle import IdleWatch
from tests.tui.pilot_helpers import SIZE, settle, sign_in


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _texts(app: DeskApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Label))


async def test_idle_minutes_lock_the_desk_and_only_the_password_opens_it(desk_ctx: Any) -> None:
    clock = FakeClock()
    app = DeskApp(desk_ctx, idle_clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        clock.now += 9 * 60
        await pilot.press("f3")  # a key: the idle time starts again
        clock.now += 9 * 60
        app.lock_if_idle()
        await settle(app, pilot)
        assert not isinstance(app.screen, LockScreen)
        clock.now += 60
        app.lock_if_idle()
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        assert "工作台已锁定" in _texts(app) and "管理员甲" in _texts(app)
        assert not app.screen.query("DataTable")  # nothing of the archive on screen
        await pilot.press("f2", "ctrl+e", "f10")  # the desk's keys open nothing
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        failed = AuditLog.select().where(AuditLog.action == "登录失败").count()
        await pilot.press(*"9999", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        assert "用户名或密码不正确" in str(app.screen.query_one("#err-lock").render())
        assert AuditLog.select().where(AuditLog.action == "登录失败").count() == failed + 1
        await pilot.press(*"1234", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, LockScreen)
        app.lock_if_idle()  # the unlock counts as activity
        await settle(app, pilot)
        assert not isinstance(app.screen, LockScreen)


async def test_no_lock_before_sign_in_or_when_switched_off(desk_ctx: Any) -> None:
    clock = FakeClock()
    app = DeskApp(desk_ctx, idle_clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        clock.now += 3600
        app.lock_if_idle()  # the sign-in screen: nobody to lock out
        await settle(app, pilot)
        assert not isinstance(app.screen, LockScreen)
    desk_ctx.settings = dataclasses.replace(desk_ctx.settings, lock_minutes=0)
    clock2 = FakeClock()
    app = DeskApp(desk_ctx, idle_clock=clock2)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        clock2.now += 24 * 3600
        app.lock_if_idle()
        await settle(app, pilot)
        assert not isinstance(app.screen, LockScreen)


def test_idle_watch() -> None:
    clock = FakeClock()
    watch = IdleWatch(10, clock)
    clock.now += 599
    assert not watch.due()
    clock.now += 1
    assert watch.due()
    watch.touch()
    assert not watch.due()
    assert not IdleWatch(0, clock).due()


async def test_another_operator_signs_in_from_the_lock_screen(desk_ctx: Any) -> None:
    """小王 (录入员) opens the desk 管理员甲 left locked: with 小王's own PIN;
    the desk then acts as 小王 with 小王's role, and the audit log says so."""
    from textual.widgets import Input

    from deskui.domain.roles import Role

    clock = FakeClock()
    app = DeskApp(desk_ctx, idle_clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        assert app.ctx.actor.username == "admin"
        clock.now += 11 * 60
        app.lock_if_idle()
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        user = app.screen.query_one("#lock-user", Input)
        assert user.value == "admin"
        user.value = "xiaowang"
        app.screen.query_one("#lock-password", Input).focus()
        await pilot.press(*"1234", "enter")  # the admin's PIN is not 小王's
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen) and app.ctx.actor.username == "admin"
        await pilot.press(*"5678", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, LockScreen)
        assert app.ctx.actor.username == "xiaowang" and app.ctx.actor.role == Role.CLERK
        row = AuditLog.select().order_by(AuditLog.id.desc()).get()
        assert row.action == "换人登录" and row.operator_name == "xiaowang"
        assert '"operator": ["admin", "xiaowang"]' in row.changes
        await pilot.press("f10")  # 小王 may not open the town settings
        await settle(app, pilot)
        assert type(app.screen).__name__ != "TownSettingsScreen"


async def _xiaowang_at_the_lock(app: DeskApp, pilot: Any, clock: FakeClock) -> None:
    """The desk locks after 11 idle minutes; 小王 types his name and PIN."""
    from textual.widgets import Input

    clock.now += 11 * 60
    app.lock_if_idle()
    await settle(app, pilot)
    app.screen.query_one("#lock-user", Input).value = "xiaowang"
    app.screen.query_one("#lock-password", Input).focus()
    await pilot.press(*"5678", "enter")
    await settle(app, pilot)


async def test_after_a_switch_every_built_tab_shows_what_the_new_role_may_see(
    desk_ctx: Any,
) -> None:
    """管理员甲 opened the archive (full phones) and went back to the queue;
    小王 (录入员) unlocks: the archive, not on screen, is read again and shows
    masked phones before 小王 even opens it."""

    from deskui.tui.tabs.archive.pane import ArchivePane
    from tests.tui.pilot_helpers import cells

    clock = FakeClock()
    app = DeskApp(desk_ctx, idle_clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        archive = app.query_one(ArchivePane)
        column = 6  # 电话
        assert any(len(p) == 11 and "*" not in p for p in cells(archive.table, column))
        await pilot.press("f2")
        await settle(app, pilot)
        await _xiaowang_at_the_lock(app, pilot, clock)
        assert app.ctx.actor.username == "xiaowang" and app.active_pane() is not archive
        phones = [p for p in cells(archive.table, column) if p]
        assert phones and all("*" in p for p in phones)


async def test_a_switch_closes_the_last_operators_forms_after_naming_the_unsaved_ones(
    desk_ctx: Any,
) -> None:
    """管理员甲 left a matter card half-typed: 小王's first Enter at the lock
    says so and switches nothing; the second switches, closes the card (it
    would be saved under 小王's name) and the desk is on its tabs."""
    from textual.widgets import Input

    from deskui.tui.dialogs.matter_form import MatterFormDialog

    clock = FakeClock()
    app = DeskApp(desk_ctx, idle_clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("n")  # 受理新事项
        await settle(app, pilot)
        assert isinstance(app.screen, MatterFormDialog)
        app.screen.query_one("#f-phone", Input).focus()
        await pilot.press(*"139")
        await settle(app, pilot)
        assert app.screen.dirty
        await _xiaowang_at_the_lock(app, pilot, clock)
        assert isinstance(app.screen, LockScreen) and app.ctx.actor.username == "admin"
        assert "1 个表单没有保存" in _texts(app) + str(app.screen.query_one("#err-lock").render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.ctx.actor.username == "xiaowang"
        assert len(app.screen_stack) == 1 and not isinstance(app.screen, MatterFormDialog)
