"""A desk scenario through the CLI: every write is in the audit log with its
operator; a leader can read it per record and per operator, a clerk cannot."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from deskui.cli import main
from deskui.config import load_settings
from deskui.services import audit
from deskui.services.context import open_context
from deskui.services.town.auth import add_operator
from deskui.services.town.towns import setup_town
from deskui.store.models import AuditLog, Matter, MatterEvent, Official, Town, Visit

NEW_MATTER = "--operator zhou matter new --village 桃园村 --name 张三 --content 申请低保"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DESKUI_PASSWORD", "123456")  # every --operator signs in with it
    path = str(tmp_path / "town.db")
    ctx = open_context(load_settings(path))
    try:
        setup_town(ctx, "县河镇", [("桃园村", 6), ("石门村", 4)], code="XH")
        ctx.write(
            lambda: audit.create(ctx, Official, town=Town.get().id, name="周建国", post="副镇长")
        )
        add_operator(ctx, "admin", "管理员", "管理员", "123456")
        add_operator(ctx, "zhou", "周建国", "领导", "123456", official="周建国")
        add_operator(ctx, "lu", "录入员小李", "录入员", "123456")
    finally:
        ctx.close()
    return path


def _cli(db: str, command: str, *extra: str) -> int:
    return main(["--db", db, *shlex.split(command), *extra])


def test_scenario_writes_are_audited_with_their_operator(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(db, "--operator lu visit add --village 桃园村 --name 张三 --reason 咨询低保") == 0
    assert _cli(db, NEW_MATTER + " --level 镇") == 0
    for step in (
        "进展 --note 已报民政办",
        "办结 --note 已批准",
        "签字确认",
        "回访 --satisfaction 满意",
        "销号",
    ):
        assert _cli(db, "--operator zhou matter step XH2026-0001 " + step) == 0
    capsys.readouterr()

    ctx = open_context(load_settings(db))
    try:
        visit_logs = AuditLog.select().where(AuditLog.table == "visit")
        assert [r.operator_name for r in visit_logs] == ["lu"]
        matter = Matter.get()
        assert matter.state == "已销号"
        matter_logs = AuditLog.select().where(
            (AuditLog.table == "matter") & (AuditLog.record_id == matter.id)
        )
        assert {r.operator_name for r in matter_logs} == {"zhou"}
        assert matter_logs.count() == 6  # 受理 + five steps
        events = AuditLog.select().where(AuditLog.table == "matter_event")
        assert events.count() == MatterEvent.select().count() == 6
        assert Visit.select().count() == 1
    finally:
        ctx.close()

    assert _cli(db, f"--operator zhou audit --table matter --record {matter.id} --json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["operator"] for r in rows] == ["zhou"] * 6
    assert rows[-1]["changes"]["state"] == ["已办结", "已销号"]

    assert _cli(db, "--operator admin audit --operator lu") == 0
    assert "visit" in capsys.readouterr().out


def test_a_clerk_cannot_read_the_audit_log(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(db, "--operator lu audit --operator zhou") == 2
    assert "无权查看操作日志" in capsys.readouterr().err


def test_a_clerk_cannot_change_a_matter(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(db, NEW_MATTER + " --level 村") == 0
    assert _cli(db, "--operator lu matter step XH2026-0001 进展 --note x") == 2
    assert "无权办理代办事项" in capsys.readouterr().err


def test_an_export_with_full_id_numbers_is_audited(db: str, tmp_path: Path) -> None:
    def exports() -> list[tuple[str, str]]:
        ctx = open_context(load_settings(db))
        try:
            rows = AuditLog.select().where(AuditLog.action == "导出").order_by(AuditLog.id)
            return [(r.operator_name, r.note) for r in rows]
        finally:
            ctx.close()

    masked, full = tmp_path / "clerk.xlsx", tmp_path / "leader.xlsx"
    assert _cli(db, f"--operator lu export households --out {masked}") == 0  # masked numbers
    assert exports() == []
    assert _cli(db, f"--operator zhou export households --out {full}") == 0
    assert exports() == [("zhou", f"导出农户花名册（含完整身份证号）到 {full}")]
