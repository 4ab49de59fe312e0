"""What every subcommand shares: settings, the opened context, output."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from pathlib import PurePath
from typing import Any

from rich.console import Console
from rich.markup import escape

from deskui.config import ConfigError, Settings, load_settings
from deskui.domain.errors import DomainError
from deskui.i18n import t

EXIT_USAGE = 2

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


class Runtime:
    """Opens the database lazily: ``deskui --help`` never touches it."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._settings: Settings | None = None
        self._ctx: Any = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.args.db, demo=bool(self.args.demo))
        return self._settings

    def context(self, *, migrate: bool = True) -> Any:
        """The service context, opened on first use, acting as the operator
        named by ``--operator`` (or the single admin of the database)."""
        if self._ctx is None:
            from deskui.services.context import open_context
            from deskui.services.town.auth import cli_actor

            if self.args.demo:
                from deskui.services.demo.db import ensure_demo_database

                ensure_demo_database(self.settings)
            ctx = open_context(self.settings, migrate=migrate)
            self._ctx = ctx
            ctx.actor = cli_actor(ctx, getattr(self.args, "operator", None))
        return self._ctx

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and type(value).__module__.startswith("deskui"):
        return value.value
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")


def fail(exc: BaseException) -> int | None:
    """Print a user-facing error in one line; None when it is a real bug."""
    if isinstance(exc, (DomainError, ConfigError)):
        err_console.print(f"[bold red]{t('cli.error_prefix')}[/]{escape(str(exc))}", soft_wrap=True)
        return EXIT_USAGE
    return None
