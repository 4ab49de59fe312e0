"""``deskui roster team | settings | village``: show, change, refuse."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import flat
from tests.cli.test_roster_cli import setup


def add_clerk(run: Any) -> None:
    from deskui.config import load_settings
    from deskui.services.context import open_context
    from deskui.services.town import auth

    ctx = open_context(load_settings(run.db))
    auth.add_operator(ctx, "admin", "管理员甲", "管理员", "123456")
    auth.add_operator(ctx, "lu", "录入员小陆", "录入员", "123456")
    ctx.close()


def test_team_show_and_set(run: Any) -> None:
    setup(run)
    code, out, _ = run("roster", "team", "--village", "桃园")
    assert code == 0 and "桃园村驻村团队" in flat(out) and "│刘书记│组长│" in flat(out)
    code, out, err = run(
        "roster", "team", "--village", "桃园村", "--set", "陈干事:组长:全天:单周",
        "--set", "刘书记：成员：上午",
    )  # fmt: skip
    assert code == 0, err
    assert "已保存桃园村驻村团队：2人（组长陈干事）" in flat(out)
    code, out, _ = run("roster", "team", "--village", "桃园", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert (rows["陈干事"]["role"], rows["陈干事"]["odd_week_second_day"]) == ("组长", True)
    assert (rows["刘书记"]["role"], rows["刘书记"]["shift"]) == ("成员", "上午")


def test_team_refusals_are_one_line_exit_2(run: Any) -> None:
    setup(run)
    for members, words in [
        (["陈干事:成员"], "桃园村的驻村团队没有组长"),
        (["陈干事"], "格式不对"),
        (["陈干事:组长:全天:每周"], "第四项只能是“单周”"),
        (["陈干事:组长:晚上"], "时段“晚上”无效"),
        (["陈干事:组长", "王委员:成员"], "王委员已在石门村驻村（组长），与桃园村的服务日同一时段"),
    ]:
        argv = [a for m in members for a in ("--set", m)]
        code, _, err = run("roster", "team", "--village", "桃园村", *argv)
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1, err
    code, out, _ = run("roster", "team", "--village", "桃园", "--json")
    assert [r["name"] for r in json.loads(out)] == ["刘书记", "陈干事"]  # unchanged


def test_settings_show_change_and_refuse(run: Any) -> None:
    setup(run)
    code, out, _ = run("roster", "settings")
    assert code == 0 and "│服务日│周二│" in flat(out) and "取消（本次服务日不办）" in flat(out)
    code, out, err = run(
        "roster", "settings", "--second-weekday", "4", "--parity", "单周",
        "--holiday-policy", "顺延",
    )  # fmt: skip
    assert code == 0, err
    assert "已保存服务日设置" in flat(out) and "不会改动已生成的值班安排" in flat(out)
    assert "│第二服务日（一线工作日）│周四│" in flat(out) and "│第二服务日周次│单周│" in flat(out)
    code, out, _ = run("roster", "settings", "--json")
    assert json.loads(out) == {"service_weekday": 2, "second_weekday": 4,
                               "second_week_parity": "单周", "holiday_policy": "顺延"}  # fmt: skip
    for argv, words in [
        (["--weekday", "0"], "服务日“0”无效"),
        (["--weekday", "8"], "服务日“8”无效"),
        (["--second-weekday", "无", "--parity", "双周"], "没有第二服务日"),
        (["--holiday-policy", "推迟"], "节假日处理方式“推迟”无效"),
    ]:
        code, _, err = run("roster", "settings", *argv)
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1, err
    code, out, _ = run("roster", "settings", "--second-weekday", "无")
    assert code == 0 and "│第二服务日（一线工作日）│无│" in flat(out)


def test_village_settings_and_a_clerk_is_refused(run: Any) -> None:
    setup(run)
    code, out, err = run(
        "roster", "village", "--village", "石门", "--cadence", "隔周", "--anchor", "2026-11-10",
        "--place", "石门村便民服务室", "--shift", "上午",
    )  # fmt: skip
    assert code == 0, err
    assert "已保存石门村的服务地点与时间" in flat(out) and "石门村便民服务室" in flat(out)
    code, _, err = run("roster", "village", "--village", "石门", "--anchor", "")
    assert code == 2 and "基准日期" in err
    code, out, _ = run("roster", "generate", "--from", "2026-11-01", "--to", "2026-11-30")
    assert code == 0 and "新建或重建6班次" in flat(out)  # 桃园村 4 Tuesdays + 石门村 2
    add_clerk(run)
    lu = ("--operator", "lu", "--password-stdin")
    code, _, err = run(*lu, "roster", "settings", "--holiday-policy", "顺延", stdin="123456\n")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "无权" in err, err
    code, _, err = run(*lu, "roster", "team", "--village", "桃园",
                       "--set", "陈干事:组长", stdin="123456\n")  # fmt: skip
    assert code == 2 and "无权" in err, err
