"""``deskui import matters FILE [--legacy]`` for a town's own, hand-kept
ledger (detected when ``--legacy`` is not given)."""

from __future__ import annotations

import argparse
from pathlib import Path

from deskui.cli.runtime import Runtime, console
from deskui.cli.town_import import print_summary
from deskui.i18n import t


def wants_legacy(args: argparse.Namespace, source: Path) -> bool:
    from deskui.services.matters.legacy_import import looks_legacy

    return bool(args.legacy) or looks_legacy(source)


def run_legacy(args: argparse.Namespace, runtime: Runtime, source: Path) -> int:
    from deskui.services.matters.legacy_import import import_legacy_ledger

    result = import_legacy_ledger(runtime.context(), source, dry_run=args.dry_run)
    code = print_summary(result.summary, source, json_out=False)
    if result.numbers:
        pairs = "、".join(f"{o or '—'}→{n}" for o, n in result.numbers[:20])
        console.print(t("legacy.created_numbers", pairs=pairs), soft_wrap=True)
    return code
