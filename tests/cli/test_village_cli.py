"""``deskui village …``: add, list, set, rename, merge; refusals exit 2."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import flat


def test_villages_on_the_command_line(run: Any) -> None:
    assert run("town", "setup", "县河镇", "--village", "桃园村:6", "--village", "石门村:5")[0] == 0
    code, out, err = run("village", "add", "新庄村", "--groups", "3", "--remote", "是")
    assert code == 0, err
    code, out, err = run("village", "add", "桃园村")
    assert code == 2 and "已有" in flat(out + err)
    assert run("village", "rename", "石门村", "石门社区")[0] == 0
    code, out, _ = run("village", "list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["石门社区"]["aliases"] == ["石门村"]
    assert rows["新庄村"]["cadence_weeks"] == 2 and rows["新庄村"]["group_count"] == 3
    assert run("village", "set", "新庄村", "--groups", "4", "--remote", "否")[0] == 0
    code, out, err = run("village", "merge", "石门村", "--into", "石门社区")
    assert code == 2 and "它自己" in flat(out + err)
    code, out, err = run("village", "merge", "新庄村", "--into", "石门村")
    assert code == 0, err
    assert "并入" in flat(out)
    code, out, _ = run("village", "list")
    assert "新庄村" in flat(out) and "石门社区" in flat(out)


def test_departments_categories_phones(run: Any) -> None:
    assert run("town", "setup", "县河镇", "--village", "桃园村:6")[0] == 0
    assert run("dept", "add", "民政办", "--phone", "0915-3212345")[0] == 0
    code, out, _ = run("dept", "list", "--json")
    assert json.loads(out) == [{"id": 1, "name": "民政办", "phone": "0915-3212345"}]
    code, out, err = run("dept", "remove", "财政所")
    assert code == 2 and "没有承办单位" in flat(out + err)
    assert run("category", "add", "环境卫生")[0] == 0
    code, out, _ = run("category", "list", "--json")
    assert "环境卫生" in [c["name"] for c in json.loads(out)]
    assert run("category", "remove", "环境卫生")[0] == 0
    code, out, err = run("town", "phones", "--service", "0915-3210000", "--supervision",
                         "0915-3219999", "--liaison", "李娜", "--liaison-phone", "13800001111")  # fmt: skip
    assert code == 0, err
    code, out, _ = run("town", "show", "--json")
    info = json.loads(out)
    assert (info["supervision_phone"], info["liaison_name"]) == ("0915-3219999", "李娜")
    code, out, err = run("town", "phones", "--supervision", "abc")
    assert code == 2
