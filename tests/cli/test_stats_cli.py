"""``deskui stats``: the month's figures, as a table or JSON, from the one
set of rates; a future month is one line and exit 2."""

from __future__ import annotations

import datetime as dt
import json

from deskui.services.demo.build import build_demo
from tests.cli.conftest import signed_in


def test_stats_json_and_table(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run = signed_in(run, "admin", "123456", monkeypatch)
    build_demo(run.db, scale="tiny", seed=2, today=dt.date(2026, 11, 24),
               now=dt.datetime(2026, 11, 24, 9, 30))  # fmt: skip
    code, out, _ = run("stats", "--month", "2026-11", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["month"] == "2026-11" and data["as_of"] == "2026-11-24"
    assert len(data["villages"]) == 3 and data["officials"]
    # the town total is the sum of the villages, figure by figure
    totals = data["village_total"]
    counted = [k for k, v in totals.items() if isinstance(v, int) and not isinstance(v, bool)]
    assert len(counted) >= 10
    for key in counted:
        assert totals[key] == sum(v[key] for v in data["villages"]), key
    assert any("办结率" in f for f in map(str, data["formulas"]))
    code, out, _ = run("stats", "--month", "2026-11")
    assert code == 0
    assert "合计" in out and "满意率" in out


def test_stats_refuses_a_future_month(run) -> None:  # type: ignore[no-untyped-def]
    build_demo(run.db, scale="tiny", seed=2, today=dt.date(2026, 11, 24),
               now=dt.datetime(2026, 11, 24, 9, 30))  # fmt: skip
    code, _, err = run("stats", "--month", "2027-01")
    assert code == 2
    assert "错误" in err and len(err.strip().splitlines()) == 1
