"""``deskui stats --month YYYY-MM``: the month's figures, per village and per
official, with the town's total and the service days, as rich tables (or
JSON). The same numbers the statistics workbook prints."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.rates import RATES, STAT_COLUMNS, Counts, StatColumn, formulas
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("stats", help=t("statscli.help"), description=t("statscli.help"))
    p.add_argument("--month", required=True, metavar="YYYY-MM", help=t("statscli.month_help"))
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("statscli.as_of_help"))
    p.add_argument("--json", action="store_true", help=t("statscli.json_help"))
    p.set_defaults(handler=_handle)


def cells(counts: Counts) -> list[str]:
    """The printed cells: counts, and rates as the domain prints them."""
    return [col.text(counts) for col in STAT_COLUMNS]


def _json_value(col: StatColumn, counts: Counts) -> int | float | None:
    """A count, or a rate as the percentage printed (81.3 for 81.3%, rounded
    half up by the domain; null for a zero denominator)."""
    if not col.rate:
        return int(getattr(counts, col.key))
    value = RATES[col.key].percent(counts)
    return None if value is None else float(value)


def as_dict(name: str, counts: Counts, flagged: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {"name": name}
    for col in STAT_COLUMNS:
        row[col.header] = _json_value(col, counts)
    if flagged:
        row["flagged"] = True
    return row


def _table(title: str, first: str, rows: list[tuple[str, Counts, bool]], total: Counts) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    table.add_column(first, no_wrap=True)
    for col in STAT_COLUMNS:
        table.add_column(col.header, justify="right")
    for name, counts, flagged in rows:
        label = name + (t("stats.flag_short") if flagged else "")
        table.add_row(label, *cells(counts), style="bold red" if flagged else None)
    table.add_row(t("stats.total"), *cells(total), style="bold")
    return table


def _handle(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.figures.month import month_figures

    fig = month_figures(runtime.context(), args.month, args.as_of)
    p = fig.period
    if args.json:
        print_json(
            {
                "town": fig.town,
                "month": f"{p.year}-{p.month:02d}",
                "as_of": p.as_of,
                "villages": [as_dict(r.name, r.counts) for r in fig.villages],
                "village_total": as_dict(t("stats.total"), fig.village_total),
                "officials": [as_dict(r.name, r.counts, r.flagged) for r in fig.officials],
                "official_total": as_dict(t("stats.total"), fig.official_total),
                "days": fig.days,
                "formulas": formulas(),
            }
        )
        return 0
    kw = {"town": fig.town, "year": p.year, "month": p.month, "as_of": p.as_of.isoformat()}
    console.print(
        _table(
            t("statscli.village_title", **kw),
            t("stats.unit"),
            [(r.name, r.counts, False) for r in fig.villages],
            fig.village_total,
        )
    )
    console.print(
        _table(
            t("statscli.official_title", **kw),
            t("stats.name"),
            [(r.name, r.counts, r.flagged) for r in fig.officials],
            fig.official_total,
        )
    )
    days = Table(title=t("statscli.days_title"), header_style="bold")
    for key in ("date", "visits", "matters"):
        days.add_column(t(f"statscli.{key}"), justify="right")
    for d in fig.days:
        days.add_row(d.date.isoformat(), str(d.visits), str(d.matters))
    console.print(days)
    for text in formulas():
        console.print(text)
    if any(r.flagged for r in fig.officials):
        console.print(t("stats.flag_note"))
    return 0
