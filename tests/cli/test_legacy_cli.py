"""``deskui import matters FILE`` takes a town's own ledger (detected, or
``--legacy``); ``matter show`` finds a matter by its 原编号; ``deskui stats``
for the sample's month equals the sheet counted by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.cli.conftest import flat

ASSETS = Path(__file__).parents[2] / "assets"


def test_day_one_with_the_samples(run: Any, tmp_path: Path) -> None:
    for name in ("sample-officials.xlsx", "sample-legacy-ledger.xlsx"):
        shutil.copy(ASSETS / name, tmp_path / name)
    run("town", "setup", "县河镇", "--village", "桃园村:6", "--village", "李家湾村:4",
        "--village", "石门村:5", "--code", "XH")  # fmt: skip
    assert run("official", "import", str(tmp_path / "sample-officials.xlsx"))[0] == 0
    ledger = str(tmp_path / "sample-legacy-ledger.xlsx")
    code, out, err = run("import", "matters", ledger, "--dry-run")
    assert code == 0, err + out
    assert "2025年3月" in flat(out) and "2025年4月" in flat(out) and "不能导入0" in flat(out)
    code, out, err = run("import", "matters", ledger, "--legacy")
    assert code == 0, err + out
    assert "新增9" in flat(out) and "周建军" in flat(out)
    code, out, _ = run("import", "matters", ledger)
    assert "无变化12" in flat(out)
    code, out, _ = run("matter", "show", "县河〔2025〕2号", "--json")
    card = json.loads(out)
    assert card["original_number"] == "县河〔2025〕2号" and card["state"] == "已销号"
    code, out, err = run("stats", "--month", "2025-03", "--as-of", "2025-03-31", "--json")
    assert code == 0, err
    total = json.loads(out)["village_total"]
    # counted by hand from the 2025年3月 sheet (see tests/services/test_legacy_import.py)
    assert (total["受理代办件数"], total["办结件数"], total["按时办结"], total["超时办结"],
            total["未办结"], total["超期未办结"], total["回访件数"], total["满意"],
            total["基本满意"], total["不满意"]) == (6, 4, 3, 1, 2, 1, 4, 2, 1, 1)  # fmt: skip
    assert total["办结率"] == 66.7 and total["满意率"] == 75.0  # 4/6 and 3/4, rounded half up
