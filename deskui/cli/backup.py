"""``deskui backup`` and ``deskui restore``."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.config import redact_url
from deskui.i18n import t

_YES = {"y", "yes", "是", "确定"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    b = sub.add_parser("backup", help=t("backup.help"), description=t("backup.help"))
    b.add_argument("--out", type=Path, metavar="FILE", help=t("backup.out_help"))
    b.add_argument("--list", action="store_true", help=t("backup.list_help"))
    b.add_argument("--json", action="store_true", help=t("cli.json_help"))
    b.set_defaults(handler=run_backup)

    r = sub.add_parser("restore", help=t("restore.help"), description=t("restore.help"))
    r.add_argument("file", type=Path, metavar="FILE", help=t("restore.file_help"))
    r.add_argument("--yes", action="store_true", help=t("restore.yes_help"))
    r.set_defaults(handler=run_restore)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def run_backup(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.backup import backup, list_backups

    if args.list:
        rows = list_backups(runtime.settings)
        folder = str(runtime.settings.backup_dir)
        if args.json:
            print_json([{**asdict(r), "path": str(r.path)} for r in rows])
            return 0
        if not rows:
            console.print(t("backup.none", folder=folder))
            return 0
        table = Table(title=t("backup.title", folder=folder))
        for key in ("name", "kind", "time", "size"):
            table.add_column(t(f"backup.col_{key}"))
        for row in rows:
            when = row.taken_at.strftime("%Y-%m-%d %H:%M:%S")
            table.add_row(row.name, row.kind, when, _size(row.size))
        console.print(table)
        return 0
    path = backup(runtime.context(), args.out)
    if args.json:
        print_json({"path": str(path)})
    else:
        console.print(t("backup.done", path=str(path)))
    return 0


def run_restore(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.backup import restore

    settings = runtime.settings  # never runtime.context(): the database stays closed
    db = redact_url(settings.db)
    if not args.yes:
        try:
            answer = input(t("restore.confirm", file=str(args.file), db=db))
        except EOFError:
            answer = ""
        if answer.strip().lower() not in _YES:
            console.print(t("restore.cancelled"))
            return 1
    from deskui.services.town.encryption import file_needs_passphrase

    runtime.unlock()  # an encrypted database: its passphrase, to sign in
    passphrase = None
    if file_needs_passphrase(args.file, settings):
        missing = t("cipher.backup_needed", path=str(args.file))
        passphrase = runtime.passphrase(t("cipher.prompt"), missing)
    saved = restore(settings, args.file, credentials=runtime.credentials(), passphrase=passphrase)
    console.print(t("restore.done", file=str(args.file), db=db))
    if saved is not None:
        console.print(t("restore.saved", path=str(saved)))
    return 0
