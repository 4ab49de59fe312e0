"""``deskui matter …``: new, show, step, list; one-line errors, exit code 2."""

from __future__ import annotations

import importlib.util
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

import deskui.cli
import deskui.cli.matter
import deskui.cli.runtime
from deskui.cli import main
from deskui.domain.passwords import hash_password

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A town with officials 王强 and 李娜 and an operator ``wq`` (驻村干部,
    王强); ``deskui matter`` registered next to whatever commands exist."""
    from deskui.config import load_settings
    from deskui.services import audit
    from deskui.services.context import open_context
    from deskui.services.town.towns import setup_town
    from deskui.store.models import Official, Operator

    path = str(tmp_path / "desk.db")
    ctx = open_context(load_settings(path))
    setup_town(ctx, "县河镇", [("桃园村", 6), ("石门村", 5)], code="XH")

    def work() -> None:
        wq = audit.create(ctx, Official, town=ctx.town_id, name="王强")
        audit.create(ctx, Official, town=ctx.town_id, name="李娜")
        audit.create(
            ctx,
            Operator,
            username="wq",
            display_name="王强",
            role="驻村干部",
            official=wq,
            password_hash=hash_password("123456"),
        )

    ctx.write(work)
    ctx.close()
    present = tuple(m for m in deskui.cli.COMMAND_MODULES if importlib.util.find_spec(m))
    if "deskui.cli.matter" not in present:
        present += ("deskui.cli.matter",)
    monkeypatch.setattr(deskui.cli, "COMMAND_MODULES", present)
    monkeypatch.setenv("DESKUI_PASSWORD", "123456")  # --operator signs in
    return path


@pytest.fixture
def out(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """The command's rich output, wide and coloured, so rows stay whole."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=220, force_terminal=True, color_system="standard")
    monkeypatch.setattr(deskui.cli.matter, "console", console)
    # The shared error console wraps at 80 columns when not on a terminal;
    # widen it so a long message is judged as the one line it is.
    wide_err = Console(stderr=True, width=220, highlight=False)
    monkeypatch.setattr(deskui.cli.runtime, "err_console", wide_err)
    return buffer


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--operator", "wq", "matter", *args])


def text(buffer: io.StringIO) -> str:
    return ANSI.sub("", buffer.getvalue())


def snapshot(db: str) -> tuple[object, ...]:
    from deskui.config import load_settings
    from deskui.services.context import open_context
    from deskui.store.models import AuditLog, Matter, MatterEvent

    ctx = open_context(load_settings(db))
    try:
        rows = [tuple(m.__data__.items()) for m in Matter.select().order_by(Matter.id)]
        return rows, MatterEvent.select().count(), AuditLog.select().count()
    finally:
        ctx.close()


def new(db: str, *extra: str) -> int:
    return run(db, "new", "--village", "桃园", "--name", "张三", "--phone", "13912345678",
               "--content", "办理残疾证", "--level", "村", *extra)  # fmt: skip


def test_new_show_and_json(db: str, out: io.StringIO, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(db, "--category", "证照代办") == 0
    line = text(out)
    assert "XH2026-0001" in line and "2026-11-25" in line and "王强" in line
    assert run(db, "show", "xh2026-0001") == 0
    shown = text(out)
    assert "代办事项受理卡 XH2026-0001" in shown and "首办责任人" in shown and "剩 1 天" in shown
    assert run(db, "show", "XH2026-0001", "--json") == 0
    card = json.loads(capsys.readouterr().out)
    assert card["state"] == "待办" and card["category"] == "证照代办"
    assert [e["kind"] for e in card["events"]] == ["受理"]
    assert card["events"][0]["operator"] == "王强"


def test_new_takes_the_id_number_and_origin(
    db: str, out: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(db, "--id-number", "110101201001011237", "--origin", "电话", "--json") == 0
    card = json.loads(capsys.readouterr().out)
    assert (card["id_number"], card["origin"]) == ("110101201001011237", "电话")


def test_county_matter_with_promised_date(db: str, out: io.StringIO) -> None:
    assert new(db, "--level", "县", "--promised", "2026-12-20") == 0
    assert "2026-12-20" in text(out)


def test_step_through_the_loop(
    db: str, out: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(db) == 0
    for args in (
        ("转办", "--to", "县残联"),
        ("延期", "--note", "等待评残", "--new-due", "2026-12-04"),
        ("办结", "--note", "已办好"),
        ("签字确认",),
        ("回访", "--satisfaction", "基本满意"),
        ("销号",),
    ):
        assert run(db, "step", "XH2026-0001", *args) == 0
    assert "当前状态：已销号" in text(out)
    assert run(db, "show", "XH2026-0001", "--json") == 0
    card = json.loads(capsys.readouterr().out)
    assert card["state"] == "已销号" and card["satisfaction"] == "基本满意"
    assert card["due_on"] == "2026-12-04" and card["handler_unit"] == "县残联"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("step", "XH2026-0999", "催办"), "没有编号为“XH2026-0999”的事项"),
        (("step", "nonsense", "催办"), "没有编号为“NONSENSE”的事项"),
        (("step", "XH2026-0001", "进展", "--note", "x", "--date", "2026-02-30"), "没有30日"),
        (("step", "XH2026-0001", "回访", "--satisfaction", "很好"), "群众满意度“很好”不对"),
        (("step", "XH2026-0001", "回访", "--satisfaction", "满意"), "还未办结，不能回访"),
        (("step", "XH2026-0001", "延期", "--note", "等", "--new-due", "2026-13-01"), "月份不对"),
        (("step", "XH2026-0001", "完成"), "办理环节“完成”不对"),
        (
            (
                "new",
                "--village",
                "桃园",
                "--name",
                "李四",
                "--content",
                "修路",
                "--level",
                "村",
                "--date",
                "2026-02-30",
            ),
            "没有30日",
        ),
        (
            ("new", "--village", "桃园", "--name", "李四", "--content", "修路", "--level", "县"),
            "承诺办结日期",
        ),
        (("list", "--state", "完成"), "事项状态“完成”不对"),
        (
            (
                "new",
                "--village",
                "桃园",
                "--name",
                "李四",
                "--content",
                "修路",
                "--level",
                "村",
                "--id-number",
                "110101201001011238",
            ),
            "校验位",
        ),
        (
            (
                "new",
                "--village",
                "桃园",
                "--name",
                "李四",
                "--content",
                "修路",
                "--level",
                "村",
                "--origin",
                "信访",
            ),
            "服务日接待",
        ),
    ],
)
def test_errors_exit_2_and_change_nothing(
    db: str,
    out: io.StringIO,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    assert new(db) == 0
    capsys.readouterr()
    before = snapshot(db)
    assert run(db, *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert snapshot(db) == before


def test_bad_satisfaction_after_finishing_changes_nothing(
    db: str, out: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(db) == 0
    assert run(db, "step", "XH2026-0001", "办结", "--note", "已办好") == 0
    before = snapshot(db)
    assert run(db, "step", "XH2026-0001", "回访", "--satisfaction", "一般") == 2
    assert "只能是：满意、基本满意、不满意" in capsys.readouterr().err
    assert snapshot(db) == before


def test_list_flags_overdue_and_due_today(
    db: str, out: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(db, "--date", "2026-11-20") == 0  # due Mon 11-23: one day overdue
    assert new(db, "--date", "2026-11-23") == 0  # due today
    assert new(db) == 0  # due tomorrow
    out.truncate(0)
    out.seek(0)
    assert run(db, "list") == 0
    raw = out.getvalue()
    lines = {ANSI.sub("", ln).split()[1]: ln for ln in raw.splitlines() if "XH2026-" in ln}
    assert "超期 1 天" in lines["XH2026-0001"] and "\x1b[1;31m" in lines["XH2026-0001"]
    assert "今日到期" in lines["XH2026-0002"] and "\x1b[1;33m" in lines["XH2026-0002"]
    assert "剩 1 天" in lines["XH2026-0003"] and "\x1b[1;3" not in lines["XH2026-0003"]
    assert run(db, "list", "--overdue", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["number"], r["urgency"], r["urgency_days"]) for r in rows] == [
        ("XH2026-0001", "overdue", 1)
    ]
    assert run(db, "list", "--village", "石门村", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    out.truncate(0)
    out.seek(0)
    assert run(db, "list", "--village", "石门村") == 0
    assert "没有符合条件的事项" in text(out)


def test_return_visit_waits_for_the_signature_exit_2(
    db: str, out: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(db) == 0
    assert run(db, "step", "XH2026-0001", "办结", "--note", "已办好") == 0
    capsys.readouterr()
    before = snapshot(db)
    assert run(db, "step", "XH2026-0001", "回访", "--satisfaction", "满意") == 2
    err = capsys.readouterr().err
    assert "请先签字确认再回访" in err and len(err.strip().splitlines()) == 1
    assert run(db, "step", "XH2026-0001", "销号") == 2
    assert "签字确认后才能销号" in capsys.readouterr().err
    assert snapshot(db) == before


def test_rules_relax_the_signature_order(
    db: str, out: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    from deskui.config import load_settings
    from deskui.services import audit
    from deskui.services.context import open_context
    from deskui.store.models import Operator

    ctx = open_context(load_settings(db))
    ctx.write(
        lambda: audit.create(
            ctx,
            Operator,
            username="gly",
            display_name="管理员",
            role="管理员",
            password_hash=hash_password("123456"),
        )
    )
    ctx.close()
    admin = ["--db", db, "--operator", "gly", "matter", "rules"]
    assert run(db, "rules", "--sign-before-visit", "否") == 2  # 驻村干部: not an administrator
    capsys.readouterr()
    assert main([*admin, "--sign-before-visit", "否", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "sign_before_visit": False,
        "require_return_visit": True,
    }
    assert main([*admin, "--sign-before-visit", "也许"]) == 2
    assert "是 或 否" in capsys.readouterr().err
    assert new(db) == 0
    assert run(db, "step", "XH2026-0001", "办结", "--note", "已办好") == 0
    assert run(db, "step", "XH2026-0001", "回访", "--satisfaction", "满意") == 0
    assert run(db, "step", "XH2026-0001", "销号") == 2
    assert run(db, "step", "XH2026-0001", "签字确认") == 0
    assert run(db, "step", "XH2026-0001", "销号") == 0


def test_provisional_due_date_in_json_and_text(
    db: str, out: io.StringIO, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKUI_TODAY", "2026-12-30")
    monkeypatch.setenv("DESKUI_NOW", "2026-12-30 09:30:00")
    assert new(db, "--level", "镇", "--date", "2026-12-30") == 0
    capsys.readouterr()
    assert run(db, "show", "XH2026-0001", "--json") == 0
    card = json.loads(capsys.readouterr().out)
    assert card["due_on"] == "2027-01-05" and card["due_provisional"] is True
    assert run(db, "show", "XH2026-0001") == 0
    assert "节假日未公布，暂按" in text(out)
    assert run(db, "list", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["due_provisional"] is True
