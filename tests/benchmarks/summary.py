"""The figures the README's performance tables quote, read back from the
JSON files of a run (``quiet_run.sh`` writes them), as one table.

    uv run python tests/benchmarks/summary.py [RESULTS_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _load(folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _f(value: Any, fmt: str = "{:.2f}") -> str:
    return "—" if value is None else fmt.format(value)


def _ms(data: dict[str, Any], p50: str, p95: str) -> str:
    if p50 not in data:
        return "—"
    return f"{data[p50]:.0f} / {data[p95]:.0f} ms"


def _desk_row(data: dict[str, Any]) -> list[str]:
    if not data:
        return ["—"] * 6

    def cell(name: str) -> str:
        if f"{name}_p50_ms" not in data:
            return "—"
        return (
            f"{data[f'{name}_p50_ms']:.0f} / {data[f'{name}_p95_ms']:.0f}"
            f" / {data[f'{name}_max_ms']:.0f}"
        )

    bad = sum(
        int(data.get(k, 0))
        for k in ("tickets_lost", "tickets_duplicated", "ticket_gaps", "matters_lost",
                  "matters_duplicated", "matter_seq_gaps")
    )  # fmt: skip
    return [cell("register"), cell("search_keystroke"), cell("call_next"),
            cell("open_matter"), str(data.get("errors", "—")), str(bad)]  # fmt: skip


def rows(folder: Path) -> list[tuple[str, list[str]]]:
    sq, pg = _load(folder, "latest.json"), _load(folder, "postgresql.json")
    out: list[tuple[str, list[str]]] = []
    for label, data in (("SQLite, 2 cores (latest.json)", sq), ("PostgreSQL, 2 cores", pg)):
        out += [
            (label, []),
            ("  start-up ratio (CPU) ≤ 1.3×", [
                f"{_f(data.get('startup_ratio'))}× ({_f(data.get('startup_cpu_ratio'))}×)",
                f"desk {_f(data.get('startup_desk_s'))} s, bare {_f(data.get('startup_bare_s'))} s"]),
            ("  peak memory ratio ≤ 2×", [f"{_f(data.get('memory_ratio'))}×", ""]),
            ("  search as you type p50 / p95 (p95 ≤ 50 ms)", [
                _ms(data, "search_p50_ms", "search_p95_ms"),
                "query alone " + _ms(data, "search_query_p50_ms", "search_query_p95_ms")]),
            ("  open 100k archive / matters (≥ 20×)", [
                f"{_f(data.get('open_archive_s'))} / {_f(data.get('open_matters_s'))} s",
                f"{_f(data.get('open_archive_speedup'), '{:.0f}')}× / "
                f"{_f(data.get('open_matters_speedup'), '{:.0f}')}×"]),
            ("  ledger vs plain openpyxl (≤ 2×)", [
                f"{_f(data.get('ledger_deskui_s'), '{:.1f}')} s",
                f"{_f(data.get('ledger_ratio'))}×"]),
            ("  intake, a visitor", [f"{_f(data.get('intake_ms_per_visitor'), '{:.1f}')} ms", ""]),
            ("  load average before → after", [
                f"{_f(data.get('load_average_before'), '{:.1f}')} → "
                f"{_f(data.get('load_average_after'), '{:.1f}')}", ""]),
        ]  # fmt: skip
    out += [
        ("  PostgreSQL ledger vs SQLite's, same run (≤ 1.2×)",
         [f"{_f(pg.get('ledger_pg_vs_sqlite'))}×", ""]),
        ("  plans: sequential scans of large tables", [str(pg.get("plans_seq_scans_of_large_tables", "—")), ""]),
    ]  # fmt: skip
    for name in ("startup-sqlite.json", "startup-postgresql.json"):
        data = _load(folder, name)
        out.append((f"start-up only, {name}", [
            f"{_f(data.get('startup_ratio'))}× (CPU {_f(data.get('startup_cpu_ratio'))}×)", ""]))  # fmt: skip
    out.append(("one core (goal: start-up ≤ 1.5×, search p95 ≤ 80 ms)", []))
    for db in ("sqlite", "postgresql"):
        for cores in ("two-core", "one-core"):
            data = _load(folder, f"{cores}-{db}.json")
            out.append((f"  {cores}-{db}.json (cores {data.get('cores', '—')})", [
                f"start-up {_f(data.get('startup_ratio'))}×, search "
                + _ms(data, "search_p50_ms", "search_p95_ms"),
                f"intake {_f(data.get('intake_ms_per_visitor'), '{:.1f}')} ms"]))  # fmt: skip
    out.append(("several desks (goals with 16: p95 ≤ 100 / 50 / 100 ms, 0, 0)", [
        "register | search | call next | accept matter, p50 / p95 / max ms",
        "errors | lost, duplicated or skipped numbers"]))  # fmt: skip
    for name in ("postgresql-1", "postgresql-4", "postgresql-16", "sqlite-1", "sqlite-4"):
        data = _load(folder, f"desks-{name}.json")
        cells = _desk_row(data)
        out.append((f"  desks-{name}.json", [" | ".join(cells[:4]), " | ".join(cells[4:])]))
    return out


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results"
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"deskui benchmarks — {folder}")
    table.add_column("measure")
    table.add_column("value")
    table.add_column("beside it")
    for label, cells in rows(folder):
        table.add_row(label, *[*cells, "", ""][:2])
    Console(width=160).print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
