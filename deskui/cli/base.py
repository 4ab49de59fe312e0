"""``deskui check``: an integrity check of the database."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from deskui.cli.runtime import Runtime, console, print_json
from deskui.config import redact_url
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help=t("check.help"), description=t("check.help"))
    p.add_argument("--json", action="store_true", help=t("cli.json_help"))
    p.set_defaults(handler=run_check, anonymous_ok=True)  # it only reads


def run_check(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.maintenance import check_integrity

    ctx = runtime.context()
    results = check_integrity(ctx)
    bad = sum(not r.ok for r in results)
    if args.json:
        print_json({"ok": bad == 0, "checks": results})
        return 0 if bad == 0 else 1
    table = Table(title=t("check.title", db=redact_url(runtime.settings.db)))
    table.add_column(t("check.col_item"))
    table.add_column(t("check.col_result"))
    table.add_column(t("check.col_detail"))
    for r in results:
        mark = Text(t("check.pass"), "green") if r.ok else Text(t("check.fail"), "bold red")
        table.add_row(r.name, mark, r.detail)
    console.print(table)
    if bad:
        console.print(t("check.summary_bad", bad=bad, count=len(results)), style="bold red")
        return 1
    console.print(t("check.summary_ok", count=len(results)), style="green")
    return 0
