"""``deskui`` without a subcommand: run_desk opens the context and the desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from deskui.cli import build_parser
from deskui.cli.desk import run_desk
from deskui.cli.runtime import Runtime
from deskui.tui.app import DeskApp

# The desk is tested on SQLite; the services below it run on both databases.
pytestmark = pytest.mark.sqlite_only


class Runs:
    """Each DeskApp run (its context and demo flag), recorded instead of drawn;
    a run returns the next of ``answers`` (then None)."""

    def __init__(self) -> None:
        self.seen: list[tuple[Any, bool]] = []
        self.answers: list[str] = []


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Runs:
    record = Runs()

    def fake_run(self: DeskApp, *args: Any, **kwargs: Any) -> str | None:
        record.seen.append((self.ctx, self.demo))
        return record.answers.pop(0) if record.answers else None

    monkeypatch.setattr(DeskApp, "run", fake_run)
    return record


def _runtime(*argv: str) -> Runtime:
    return Runtime(build_parser().parse_args(list(argv)))


def test_opens_the_database_and_runs_the_desk(tmp_path: Any, runs: Runs) -> None:
    runtime = _runtime("--db", str(tmp_path / "town.db"))
    try:
        assert run_desk(runtime.args, runtime) == 0
    finally:
        runtime.close()
    assert len(runs.seen) == 1 and runs.seen[0][1] is False


def test_first_run_demo_choice_reopens_on_the_demo_file(
    tmp_path: Any, runs: Runs, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import deskui.services.demo.build as demo
    import deskui.services.demo.db as demo_db

    def tiny(settings: Any) -> None:
        demo.build_demo(settings.db, scale="tiny", today=dt.date(2026, 11, 24))

    monkeypatch.setattr(demo_db, "ensure_demo_database", tiny)
    runs.answers.append("demo")
    runtime = _runtime("--db", str(tmp_path / "town.db"))
    try:
        assert run_desk(runtime.args, runtime) == 0
    finally:
        runtime.close()
    assert [flag for _, flag in runs.seen] == [False, True]
    demo_ctx = runs.seen[1][0]
    assert demo_ctx.settings.db == str(tmp_path / "data" / "demo.db")  # not the real file
    assert (tmp_path / "data" / "demo.db").exists()
    assert "正在生成演示数据库…" in capsys.readouterr().err


def test_several_admins_leave_the_choice_to_the_sign_in(tmp_path: Any, runs: Runs) -> None:
    from deskui.config import load_settings
    from deskui.services.context import open_context
    from deskui.services.town import auth

    target = str(tmp_path / "town.db")
    ctx = open_context(load_settings(target))
    auth.add_operator(ctx, "admin", "甲", "管理员", "1234")
    auth.add_operator(ctx.as_actor(auth.actor_for(ctx, "admin")), "admin2", "乙", "管理员", "5678")
    ctx.close()
    runtime = _runtime("--db", target)
    try:
        assert run_desk(runtime.args, runtime) == 0
    finally:
        runtime.close()
    assert len(runs.seen) == 1


def test_closing_the_desk_backs_up_once_a_day(
    tmp_path: Any, runs: Runs, capsys: pytest.CaptureFixture[str]
) -> None:
    backups = tmp_path / "data" / "backups"
    for _ in range(2):
        runtime = _runtime("--db", str(tmp_path / "town.db"))
        try:
            assert run_desk(runtime.args, runtime) == 0
        finally:
            runtime.close()
    made = sorted(p.name for p in backups.glob("deskui-*.db"))
    assert made == ["deskui-20261124-093000.db"]  # the frozen clock's day, once
    assert capsys.readouterr().err.count("已自动备份") == 1
