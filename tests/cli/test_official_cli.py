"""``deskui town setup`` and ``deskui official …`` from an empty database."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import flat


def test_town_then_officials(run: Any) -> None:
    code, out, err = run("town", "setup", "县河镇", "--village", "桃园村:6", "--village",
                         "石门村:5", "--code", "XH")  # fmt: skip
    assert code == 0, err
    assert run("town", "setup", "又一镇", "--village", "甲村")[0] == 2
    assert run("official", "add", "刘书记", "--post", "党委书记", "--leader", "是")[0] == 0
    assert run("official", "add", "张伟", "--unit", "党政办", "--phone", "13800001111")[0] == 0
    assert run("official", "add", "张伟", "--unit", "农业服务中心")[0] == 0
    code, out, err = run("official", "add", "张伟", "--unit", "党政办", "--phone", "13800001111")
    assert code == 2 and "同名干部" in flat(err + out)
    code, out, err = run("official", "edit", "张伟", "--post", "站长")
    assert code == 2 and "党政办" in flat(err + out) and "农业服务中心" in flat(err + out)
    assert run("official", "edit", "张伟（农业服务中心）", "--post", "站长")[0] == 0
    code, out, _ = run("official", "list", "--json")
    rows = json.loads(out)
    assert [r["label"] for r in rows] == ["刘书记", "张伟（党政办）", "张伟（农业服务中心）"]
    assert rows[2]["post"] == "站长"
    code, out, err = run("official", "leave", "张伟（党政办）", "--date", "2026-11-30")
    assert code == 0, err
    assert "离岗" in flat(out)
    code, out, _ = run("official", "list", "--json")
    assert len(json.loads(out)) == 2
    code, out, _ = run("official", "list", "--all")
    assert "2026-11-30" in flat(out) and "离岗" in flat(out)
    code, out, err = run("official", "leave", "无此人")
    assert code == 2 and "没有名为" in flat(err + out)


def test_official_import(run: Any, tmp_path: Any) -> None:
    import shutil
    from pathlib import Path

    sample = Path(__file__).parents[2] / "assets" / "sample-officials.xlsx"
    roll = tmp_path / "roll.xlsx"
    shutil.copy(sample, roll)
    run("town", "setup", "县河镇", "--village", "桃园村:6", "--village", "李家湾村:4",
        "--village", "石门村:5", "--code", "XH")  # fmt: skip
    code, out, err = run("official", "import", str(roll), "--dry-run")
    assert code == 0, err
    assert "新增6" in flat(out) and "试导入" in flat(out)
    code, out, err = run("official", "import", str(roll), "--json")
    assert code == 0 and json.loads(out)["summary"]["new"] == 6
    code, out, err = run("official", "import", str(roll))
    assert "无变化6" in flat(out)
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,电话\n李娜,123\n", encoding="utf-8")
    code, out, err = run("official", "import", str(bad))
    assert code == 2 and "不能导入1" in flat(out)
    assert "第2行" in flat(err) and "第2行" not in flat(out)  # the reasons on stderr
    assert (tmp_path / "bad-错误行.xlsx").exists()


def test_orphaned_liaison_households(run: Any, tmp_path: Any) -> None:
    import shutil
    from pathlib import Path

    for name in ("sample-officials.xlsx", "sample-roll.xlsx"):
        shutil.copy(Path(__file__).parents[2] / "assets" / name, tmp_path / name)
    run("town", "setup", "县河镇", "--village", "桃园村:6", "--village", "李家湾村:4",
        "--village", "石门村:5", "--code", "XH")  # fmt: skip
    run("official", "import", str(tmp_path / "sample-officials.xlsx"))
    assert run("import", "households", str(tmp_path / "sample-roll.xlsx"))[0] == 0
    assert "没有待改派" in flat(run("official", "orphans")[1])
    assert run("official", "leave", "陈干事", "--date", "2026-11-30")[0] == 0
    out = run("official", "orphans", "--json")[1]
    rows = json.loads(out)
    assert {r["head_name"] for r in rows} == {"王建国", "曾国藩"}
    assert {r["official"] for r in rows} == {"陈干事"}
