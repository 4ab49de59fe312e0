"""An encrypted database: the desk asks for its passphrase on a screen of
its own before anything else (then its sign-in screen). A wrong passphrase
is one line on that screen, the file untouched; Ctrl+Q leaves."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from deskui.cli import build_parser
from deskui.cli.desk import run_desk
from deskui.cli.runtime import Runtime
from deskui.domain.roles import Role
from deskui.services.context import open_context
from deskui.services.town.auth import Credentials, add_operator
from deskui.services.town.encryption import encrypt
from deskui.store import cipher
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.passphrase import PassphraseApp
from tests.tui.pilot_helpers import SIZE

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]
SECRET = "县河镇-口令-2026"


@pytest.fixture
def locked(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An encrypted database with an administrator; no passphrase known."""
    ctx = open_context(settings)
    add_operator(ctx, "admin", "管理员甲", Role.ADMIN, "1234")
    ctx.close()
    encrypt(settings, SECRET, credentials=Credentials("admin", lambda: "1234"))
    monkeypatch.setattr(cipher, "_keys", {})
    return settings


def _bytes(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


async def test_the_passphrase_screen_refuses_a_wrong_one_then_opens(locked: Any) -> None:
    app = PassphraseApp(locked)
    before = _bytes(locked.db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "数据库已加密" in " ".join(str(w.render()) for w in app.screen.query("Label"))
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.query_one("#err-passphrase").render()) == "请输入口令"
        await pilot.press(*"wrong-passphrase", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        error = str(app.query_one("#err-passphrase").render())
        assert error.startswith("数据库口令不对") and error.endswith("文件没有任何改动")
        assert app.query_one("#passphrase").value == ""  # type: ignore[attr-defined]
        assert app.is_running and cipher.key_for(locked.db) is None
        assert _bytes(locked.db) == before
        await pilot.press(*SECRET, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_value is True
    assert cipher.key_for(locked.db) == SECRET


async def test_ctrl_q_leaves_without_opening(locked: Any) -> None:
    app = PassphraseApp(locked)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value is False and cipher.key_for(locked.db) is None


def test_run_desk_asks_for_the_passphrase_before_the_desk(
    locked: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []
    desks: list[Any] = []

    def passphrase_screen(self: PassphraseApp) -> bool:
        asked.append(self.settings.db)
        return False  # the operator left it

    monkeypatch.setattr(PassphraseApp, "run", passphrase_screen)
    monkeypatch.setattr(DeskApp, "run", lambda self: desks.append(self.ctx))
    runtime = Runtime(build_parser().parse_args(["--db", locked.db]))
    try:
        assert run_desk(runtime.args, runtime) == 0
    finally:
        runtime.close()
    assert asked == [locked.db] and desks == []

    def right_passphrase(self: PassphraseApp) -> bool:
        cipher.remember(self.settings.db, SECRET)
        return True

    monkeypatch.setattr(PassphraseApp, "run", right_passphrase)
    runtime = Runtime(build_parser().parse_args(["--db", locked.db]))
    try:
        assert run_desk(runtime.args, runtime) == 0
    finally:
        runtime.close()
    assert len(desks) == 1
