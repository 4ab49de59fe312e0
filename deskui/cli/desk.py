"""``deskui`` with no subcommand: open the full-screen desk."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from deskui.config import demo_db_path
from deskui.domain.errors import DomainError
from deskui.i18n import t


def _say_building_demo(settings: Any) -> None:
    if "://" not in settings.db and not Path(settings.db).exists():
        sys.stderr.write(t("tui.cli.building_demo") + "\n")
        sys.stderr.flush()


def _open(args: argparse.Namespace, runtime: Any) -> tuple[Any, bool]:
    """The desk's context, and whether run_desk opened it itself (and so
    closes it). The desk signs its operator in on its own screen, so no
    CLI sign-in is asked here: until then the context acts as nobody (or
    as the bootstrap system on a database without operators, for the
    first-run screen)."""
    from deskui.services.context import open_context
    from deskui.services.town.auth import Credentials, cli_actor

    ctx = None
    if args.demo and "://" in runtime.settings.db:
        # A server: the desk's own connection finds the town (one query),
        # and the demo is built only when there is none.
        ctx = open_context(runtime.settings)
        if ctx.town_id is None:
            ctx.close()
            ctx = None
    if args.demo and ctx is None:
        from deskui.services.demo.db import ensure_demo_database

        _say_building_demo(runtime.settings)
        ensure_demo_database(runtime.settings)
    if ctx is None:
        ctx = open_context(runtime.settings)
    try:
        ctx.actor = cli_actor(ctx, Credentials(None), anonymous_ok=True)
    except BaseException:
        ctx.close()
        raise
    return ctx, True


def _demo_context(runtime: Any) -> Any:
    """The demo database beside the real one, chosen on the first-run screen."""
    from deskui.services.context import open_context
    from deskui.services.demo.db import ensure_demo_database

    settings = replace(runtime.settings, db=str(demo_db_path(runtime.settings.data_dir)), demo=True)
    _say_building_demo(settings)
    ensure_demo_database(settings)
    return open_context(settings)


def _closing_backup(ctx: Any) -> None:
    """The automatic backup when the desk closes (at most once a day). A
    failed backup never loses the day's work: it is reported, not raised."""
    from deskui.services.town.backup import auto_backup

    try:
        made = auto_backup(ctx)
    except (DomainError, OSError) as exc:
        sys.stderr.write(t("tui.cli.backup_failed", error=exc) + "\n")
        return
    if made is not None:
        sys.stderr.write(t("tui.cli.backup_made", path=made) + "\n")


def _unlocked(args: argparse.Namespace, runtime: Any) -> bool:
    """An encrypted database: its passphrase first, on the desk's own
    passphrase screen (or from ``--passphrase-stdin``); False when the
    operator left that screen."""
    from deskui.services.town.encryption import needs_passphrase

    if args.demo or not needs_passphrase(runtime.settings):
        return True
    if args.passphrase_stdin:
        runtime.unlock()
        return True
    from deskui.tui.dialogs.passphrase import PassphraseApp

    return bool(PassphraseApp(runtime.settings).run())


def run_desk(args: argparse.Namespace, runtime: Any) -> int:
    """Run the desk until the operator quits; 0 on a normal exit."""
    from deskui.tui.app import DEMO, DeskApp

    if not _unlocked(args, runtime):
        return 0
    ctx, own = _open(args, runtime)
    try:
        result = DeskApp(ctx).run()
        _closing_backup(ctx)
    finally:
        if own:
            ctx.close()
    if result == DEMO:
        demo_ctx = _demo_context(runtime)
        try:
            DeskApp(demo_ctx, demo=True).run()
            _closing_backup(demo_ctx)
        finally:
            demo_ctx.close()
    return 0
