"""``deskui roster`` / ``deskui holidays`` / ``deskui export roster``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import flat


def setup(run: Any) -> None:
    from deskui.config import load_settings
    from deskui.services import audit
    from deskui.services.context import open_context
    from deskui.services.roster import teams as roster_teams
    from deskui.services.roster.teams import MemberSpec
    from deskui.services.town.towns import setup_town
    from deskui.store.models import Official

    ctx = open_context(load_settings(run.db))
    setup_town(ctx, "县河镇", [("桃园村", 6), ("石门村", 3)], code="XH")
    ctx.write(lambda: [audit.create(ctx, Official, town=ctx.town_id, name=n, phone="13912345678")
                       for n in ("刘书记", "陈干事", "王委员")])  # fmt: skip
    roster_teams.set_team(
        ctx, "桃园村", [MemberSpec("刘书记", "组长"), MemberSpec("陈干事", "成员")]
    )
    roster_teams.set_team(ctx, "石门村", [MemberSpec("王委员", "组长")])
    ctx.close()


def test_generate_show_signin_team(run: Any) -> None:
    setup(run)
    code, out, _ = run("roster", "generate", "--from", "2026-11-01", "--to", "2026-11-30")
    assert code == 0 and "新建或重建8班次" in flat(out)
    code, out, _ = run("roster", "show", "--month", "2026-11")
    assert code == 0 and "王委员0/1" in flat(out) and "0/2" in flat(out)
    code, out, _ = run("roster", "signin", "--official", "陈干事", "--time", "08:55")
    assert code == 0 and "2026-11-2408:55" in flat(out)
    code, out, _ = run("roster", "show", "--month", "2026-11", "--json")
    data = json.loads(out)
    assert data["dates"][-1] == "2026-11-24" and data["villages"][0]["village"] == "桃园村"
    code, out, _ = run("roster", "team", "--village", "桃园", "--json")
    assert [r["name"] for r in json.loads(out)] == ["刘书记", "陈干事"]


def test_bad_inputs_are_one_line_exit_2(run: Any) -> None:
    setup(run)
    code, _, err = run("roster", "generate", "--from", "2026-12-01", "--to", "2026-11-01")
    assert code == 2 and "早于" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("roster", "signin", "--official", "王委员", "--date", "2026-11-25")
    assert code == 2 and "没有值班安排" in err
    code, _, err = run("roster", "signin", "--official", "刘书记", "--time", "九点")
    assert code == 2 and "无法识别" in err


def test_holidays_set_list_import_and_export(run: Any, tmp_path: Path) -> None:
    setup(run)
    code, out, _ = run("holidays", "set", "2027-01-01", "休", "--name", "元旦")
    assert code == 0
    code, out, _ = run("holidays", "list", "--year", "2027", "--json")
    assert json.loads(out) == [
        {"date": "2027-01-01", "kind": "休", "name": "元旦", "source": "user"}
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型,名称\n2027-02-30,休,春节\n2027-02-06,上,春节\n", encoding="utf-8")
    code, _, err = run("holidays", "import", str(bad))
    assert code == 2 and "第 2 行" in err and "第 3 行" in err
    good = tmp_path / "good.csv"
    good.write_text("日期,类型,名称\n2027-02-06,休,春节\n2027-02-14,班,春节\n", encoding="utf-8")
    code, out, _ = run("holidays", "import", str(good), "--dry-run")
    assert code == 0 and "未写入" in out
    code, out, _ = run("holidays", "import", str(good))
    assert code == 0 and "新增2天" in flat(out)
    code, _, err = run("holidays", "set", "2027-01-02", "假")
    assert code == 2 and "清除" in err
    run("roster", "generate", "--from", "2026-11-01", "--to", "2026-11-30")
    target = tmp_path / "r.xlsx"
    code, out, _ = run("export", "roster", "--month", "2026-11", "--out", str(target))
    assert code == 0 and target.exists()
    cards = tmp_path / "c.xlsx"
    assert run("export", "contact-cards", "--out", str(cards))[0] == 0 and cards.exists()


def test_generate_refuses_an_unset_year_unless_forced(run: Any) -> None:
    setup(run)
    code, _, err = run("roster", "generate", "--from", "2027-01-01", "--to", "2027-01-31")
    assert code == 2 and "2027年的节假日尚未公布" in err and "--force" in err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = run(
        "roster", "generate", "--from", "2027-01-01", "--to", "2027-01-31", "--force"
    )
    assert code == 0 and "班次" in out and "2027年节假日未设置" in flat(out)


def test_absence_substitute_withdraw_and_swap_on_a_day_to_come(run: Any) -> None:
    setup(run)
    run("roster", "generate", "--from", "2026-12-01", "--to", "2026-12-31")
    code, out, _ = run(
        "roster", "absent", "--official", "陈干事", "--date", "2026-12-08", "--reason", "培训"
    )
    assert code == 0 and "已登记陈干事在2026-12-08缺勤" in flat(out)
    code, _, err = run("roster", "signin", "--official", "刘书记", "--date", "2026-12-08")
    assert code == 2 and "不能提前签到" in err
    code, out, _ = run("roster", "withdraw", "--official", "陈干事", "--date", "2026-12-08")
    assert code == 0 and "已撤销" in out
    code, _, err = run("roster", "withdraw", "--official", "陈干事", "--date", "2026-12-08")
    assert code == 2 and "没有登记缺勤" in err
    code, out, _ = run(
        "roster", "substitute", "--official", "陈干事", "--by", "王委员",
        "--date", "2026-12-15", "--reason", "出差",
    )  # fmt: skip
    assert code == 2 and "同一时段已有值班" in out + _
    code, out, err = run(
        "roster", "swap", "--official", "陈干事", "--date", "2026-12-08",
        "--with", "王委员", "--other-date", "2026-12-15",
    )  # fmt: skip
    assert code == 0 and "已换班" in out, err
    code, out, _ = run("roster", "show", "--month", "2026-12", "--json")
    days = json.loads(out)["villages"][0]["days"]
    on_8th = [x["official"] for d in days if d["date"] == "2026-12-08" for x in d["lines"]]
    assert on_8th == ["刘书记", "王委员"]


def test_a_substitute_signs_in_on_their_own_line(run: Any) -> None:
    setup(run)
    run("roster", "generate", "--from", "2026-11-01", "--to", "2026-11-30")
    code, out, err = run(
        "roster", "substitute", "--official", "陈干事", "--by", "王委员",
        "--date", "2026-11-17", "--reason", "病假",
    )  # fmt: skip
    assert code == 2 and "同一时段已有值班" in err  # 王委员 leads 石门村 that day
    from deskui.config import load_settings
    from deskui.services import audit
    from deskui.services.context import open_context
    from deskui.store.models import Official

    ctx = open_context(load_settings(run.db))
    ctx.write(lambda: audit.create(ctx, Official, town=ctx.town_id, name="孙干事"))
    ctx.close()
    code, out, _ = run(
        "roster", "substitute", "--official", "陈干事", "--by", "孙干事", "--reason", "病假"
    )
    assert code == 0 and "孙干事在2026-11-24为陈干事顶班" in flat(out)
    code, out, _ = run("roster", "signin", "--official", "孙干事", "--time", "08:50")
    assert code == 0
    code, out, _ = run("roster", "show", "--month", "2026-11", "--json")
    days = json.loads(out)["villages"][0]["days"]
    lines = {x["official"]: x for d in days if d["date"] == "2026-11-24" for x in d["lines"]}
    assert lines["孙干事"]["covers"] == "陈干事" and lines["孙干事"]["signed_in_at"]
    assert lines["陈干事"]["absent"] and lines["陈干事"]["signed_in_at"] is None
    code, out, _ = run("roster", "show", "--month", "2026-11")
    assert code == 0 and "1/2" in flat(out)  # 11-24: 孙干事 signed in, 刘书记 waiting
