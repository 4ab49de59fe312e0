"""包联户联系情况表 as of a date: contacts after it are not counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from services.test_figures import build_month

from deskui.cli import main
from deskui.domain.errors import ValidationError
from deskui.services.archive.liaison import coverage, not_contacted


def _chen(ctx: Any, as_of: dt.date | None) -> tuple[int, int, int]:
    row = next(r for r in coverage(ctx, 2026, 11, as_of=as_of) if r.official == "陈干事")
    return row.visited, row.phoned, row.contacted


def test_coverage_as_of_ignores_later_contacts(town_ctx: Any) -> None:
    build_month(town_ctx)  # 陈干事: H1 visited 11-10, phoned 11-12; H2 never
    assert _chen(town_ctx, None) == (1, 1, 1)
    assert _chen(town_ctx, dt.date(2026, 11, 11)) == (1, 0, 1)
    assert _chen(town_ctx, dt.date(2026, 11, 9)) == (0, 0, 0)
    pending = {r.code for r in not_contacted(town_ctx, 2026, 11, as_of=dt.date(2026, 11, 9))}
    assert {"H1", "H2"} <= pending
    assert "H1" not in {r.code for r in not_contacted(town_ctx, 2026, 11)}
    with pytest.raises(ValidationError) as before:
        coverage(town_ctx, 2026, 11, as_of=dt.date(2026, 10, 31))
    assert before.value.field == "as_of" and "早于" in str(before.value)
    with pytest.raises(ValidationError, match="晚于今天"):
        coverage(town_ctx, 2026, 11, as_of=dt.date(2026, 11, 25))


@pytest.mark.sqlite_only
def test_cli_as_of(town_ctx: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build_month(town_ctx)
    out = tmp_path / "c.xlsx"
    base = ["--db", town_ctx.settings.db, "export", "contacts", "--month", "2026-11"]
    assert main([*base, "--as-of", "2026-11-09", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0] == "陈干事"}
    assert rows["陈干事"][2:7] == (0, 0, 0, 2, "0.0%")
    notes = [r[0] for r in ws.iter_rows(values_only=True) if r[0]]
    assert "统计截止：2026-11-09（此后的联系不计）" in notes
    assert main([*base, "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0] == "陈干事"}
    assert rows["陈干事"][2:7] == (1, 1, 1, 1, "50.0%")
    assert main([*base, "--as-of", "2026-11-31", "--out", str(out)]) == 2
    assert "统计截止日期" in capsys.readouterr().err
