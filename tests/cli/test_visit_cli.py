"""``deskui visit add | list | call | done`` against a small town."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import deskui.cli as cli

DB_NAME = "town.db"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A town database with two officials; the CLI knows only our commands."""
    from dataclasses import replace

    from deskui.config import Clock, load_settings
    from deskui.services import audit
    from deskui.services.context import open_context
    from deskui.services.town.towns import setup_town
    from deskui.store.models import DutyDay, Official

    monkeypatch.setattr(cli, "COMMAND_MODULES", ("deskui.cli.base", "deskui.cli.visit"))
    path = str(tmp_path / DB_NAME)
    settings = load_settings(path)
    ctx = open_context(replace(settings, clock=Clock(fixed_now=settings.clock.now())))
    setup_town(ctx, "县河镇", [("桃园村", 6), ("石门村", 5)], code="XH")

    def people() -> None:
        audit.create(ctx, Official, town=ctx.town_id, name="王干部")
        audit.create(ctx, Official, town=ctx.town_id, name="李干部")
        village = ctx.db.execute_sql("SELECT id FROM village WHERE name = '桃园村'").fetchone()[0]
        audit.create(ctx, DutyDay, village=village, date=ctx.today())

    ctx.write(people)
    ctx.close()
    return path


def run(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", db, "visit", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_prints_the_ticket(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(db, capsys, "add", "--village", "桃园", "--name", "张三", "--reason", "低保")
    assert (code, out.strip()) == (0, "桃园村 1号 张三 09:30 登记")
    code, out, _ = run(
        db,
        capsys,
        "add",
        "--village",
        "石门村",
        "--name",
        "李四",
        "--reason",
        "修路",
        "--phone",
        "139 1234 5678",
        "--group",
        "2",
    )
    assert (code, out.strip()) == (0, "石门村 1号 李四 09:30 登记（非服务日）")
    code, out, _ = run(
        db, capsys, "add", "--village", "桃园村", "--name", "王五", "--reason", "咨询", "--json"
    )
    ticket = json.loads(out)
    assert code == 0 and ticket["ticket"] == 2 and ticket["service_day"] is True
    assert ticket["arrived_at"] == "2026-11-24T09:30:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--village", "桃花村", "--name", "张三"),
            "没有名为“桃花村”的村。本镇的村有：桃园村、石门村",
        ),
        (("--village", "桃园村", "--name", "张" * 500), "姓名不能超过 20 个字（现在 500 个字）"),
        (
            ("--village", "桃园村", "--name", "张三", "--phone", "12345"),
            "手机号码应为 11 位，现在输入了 5 位",
        ),
        (("--village", "桃园村", "--name", "张三", "--date", "2026-02-30"), "2026-02-30"),
    ],
)
def test_add_refusals_are_one_line(
    db: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(db, capsys, "add", *args, "--reason", "咨询")
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(db, capsys, "list")
    assert "没有来访登记" in out


def test_call_and_done(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("张三", "李四"):
        run(db, capsys, "add", "--village", "桃园村", "--name", name, "--reason", "咨询")
    code, _, err = run(db, capsys, "call", "--village", "桃园村")
    assert code == 2 and "请指明由哪位干部接待" in err
    code, out, _ = run(db, capsys, "call", "--village", "桃园村", "--official", "王干部")
    assert code == 0 and "请 桃园村 1号 张三 到王干部处接待" in out
    code, _, err = run(db, capsys, "call", "--village", "桃园村", "--official", "王干部")
    assert code == 2 and "还有一位群众正在接待（1号 张三），请先记录办理结果" in err

    code, _, err = run(db, capsys, "done", "1", "--outcome", "当场答复")
    assert code == 2 and "请填写答复内容" in err
    code, _, err = run(db, capsys, "done", "1", "--outcome", "办好了")
    assert code == 2 and "办理结果“办好了”无效" in err
    code, out, _ = run(db, capsys, "done", "1", "--outcome", "当场答复", "--note", "已答复")
    assert (code, out.strip()) == (0, "桃园村 1号 张三：当场答复")

    run(db, capsys, "call", "--village", "桃园村", "--official", "李干部")
    code, out, _ = run(
        db,
        capsys,
        "done",
        "2",
        "--village",
        "桃园村",
        "--outcome",
        "调处纠纷",
        "--parties",
        "李四、赵六",
        "--result",
        "转交",
    )
    assert code == 0 and "桃园村 2号 李四：调处纠纷" in out
    code, out, _ = run(db, capsys, "call", "--village", "桃园村", "--official", "李干部")
    assert code == 0 and "桃园村目前没有等候的群众" in out


def test_done_matter_points_to_the_card(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(db, capsys, "add", "--village", "桃园村", "--name", "张三", "--reason", "残疾证")
    run(db, capsys, "call", "--village", "桃园村", "--official", "王干部")
    code, out, _ = run(db, capsys, "done", "1", "--outcome", "受理代办")
    assert code == 0 and "请为该群众填写代办事项受理卡（来访编号 1）" in out
    code, _, err = run(db, capsys, "done", "x1", "--outcome", "受理代办")
    assert code == 2 and "来访编号应为正整数" in err
    code, _, err = run(db, capsys, "done", "9", "--village", "桃园村", "--outcome", "离开未办")
    assert code == 2 and "桃园村 2026-11-24 没有 9 号来访登记" in err


def test_list_table_and_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    for village, name in (("桃园村", "张三"), ("桃园村", "李四"), ("石门村", "王五")):
        run(db, capsys, "add", "--village", village, "--name", name, "--reason", "咨询")
    run(db, capsys, "call", "--village", "桃园村", "--official", "王干部")
    run(db, capsys, "done", "1", "--outcome", "政策咨询", "--note", "讲解政策")
    code, out, _ = run(db, capsys, "list", "--date", "2026-11-24", "--village", "桃园村")
    assert code == 0 and "2026-11-24 来访登记" in out
    assert "李四" in out and "张三" in out and "王五" not in out
    assert "登记 2 人，等候 1，接待中 0，接待 1 人次，当场答复 1" in out
    code, out, _ = run(db, capsys, "list", "--json")
    data: dict[str, Any] = json.loads(out)
    assert [v["name"] for v in data["visits"]] == ["李四", "王五", "张三"]
    assert data["figures"]["registered"] == 3 and data["figures"]["answered"] == 1
    code, out, _ = run(db, capsys, "list", "--date", "2026-11-23")
    assert (code, out.strip()) == (0, "2026-11-23 没有来访登记")
