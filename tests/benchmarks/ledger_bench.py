"""Benchmark 5: the county-month ledger vs plain openpyxl, each in its own
process so peak memory is the export's own."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MONTH = "2026-11"


def _run(mode: str, db: Path, out: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(HERE / "ledger_child.py"), mode, str(db), out, MONTH],
        capture_output=True, text=True, cwd=ROOT, check=False,
        env={"DESKUI_TODAY": "2026-11-24", "PATH": "/usr/bin:/bin",
             "DESKUI_DATA_DIR": str(HERE / ".cache" / "data")},
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"ledger_child.py {mode} failed:\n{result.stderr[-2000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def bench_ledger(db: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as out:
        plain = _run("plain", db, out)
        styled = _run("styled", db, out)
    return {
        "ledger_lines": styled["lines"],
        "ledger_plain_s": plain["seconds"],
        "ledger_deskui_s": styled["seconds"],
        "ledger_ratio": styled["seconds"] / plain["seconds"],
        "ledger_goal": "≤ 2×",
        "ledger_plain_peak_mib": plain["peak_mib"],
        "ledger_deskui_peak_mib": styled["peak_mib"],
    }
