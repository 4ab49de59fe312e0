"""What every subcommand shares: settings, the opened context, output."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from dataclasses import asdict, is_dataclass
from pathlib import PurePath
from typing import Any

from rich.console import Console
from rich.text import Text

from deskui.config import ConfigError, Settings, load_settings
from deskui.domain.errors import DomainError, ValidationError
from deskui.i18n import shorten_quotes, t

EXIT_USAGE = 2

# Markup off: whatever a villager or operator typed ("[link=…]点[/link]") is
# printed as typed; styles are given as Text styles, never as markup.
console = Console(highlight=False, markup=False)
err_console = Console(stderr=True, highlight=False, markup=False)


class Runtime:
    """Opens the database lazily: ``deskui --help`` never touches it."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._settings: Settings | None = None
        self._ctx: Any = None
        self._stdin_passphrase: str | None = None
        self.asked_passphrase = False  # typed at the terminal (encrypt asks twice)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.args.db, demo=bool(self.args.demo))
        return self._settings

    def unlock(self) -> None:
        """Before the database opens: an encrypted one needs its passphrase
        (``--passphrase-stdin``, DESKUI_PASSPHRASE, or a prompt)."""
        from deskui.services.town.encryption import needs_passphrase, unlock

        if needs_passphrase(self.settings):
            unlock(self.settings, self.passphrase(t("cipher.prompt")))

    def passphrase(self, prompt: str, missing: str = "") -> str:
        """A database passphrase: the first line of standard input with
        ``--passphrase-stdin`` (read once), else DESKUI_PASSPHRASE, else
        asked at the terminal; ``missing`` says what is lacking otherwise."""
        if getattr(self.args, "passphrase_stdin", False):
            if self._stdin_passphrase is None:
                self._stdin_passphrase = sys.stdin.readline().rstrip("\r\n")
            if self._stdin_passphrase:
                return self._stdin_passphrase
        elif os.environ.get("DESKUI_PASSPHRASE"):
            return os.environ["DESKUI_PASSPHRASE"]
        elif sys.stdin is not None and sys.stdin.isatty():
            import getpass

            self.asked_passphrase = True
            return getpass.getpass(prompt)
        missing = missing or t("cipher.needed", path=self.settings.db)
        raise ValidationError(missing, field="passphrase")

    def credentials(self) -> Any:
        """What this command signs in with (see ``auth.cli_actor``)."""
        from deskui.services.town.auth import Credentials, os_user

        name = getattr(self.args, "operator", None)
        return Credentials(name, lambda: self._password(name or ""), os_user())

    def _password(self, name: str) -> str:
        """The operator's password: the first line of standard input with
        ``--password-stdin``, else DESKUI_PASSWORD, else a prompt when a
        person is at a terminal; never guessed."""
        if getattr(self.args, "sign_in_stdin", False):
            line = sys.stdin.readline()
            if line:
                return line.rstrip("\r\n")
        elif os.environ.get("DESKUI_PASSWORD"):
            return os.environ["DESKUI_PASSWORD"]
        elif sys.stdin is not None and sys.stdin.isatty():
            import getpass

            return getpass.getpass(t("cli.prompt_sign_in", name=name))
        raise ValidationError(t("cli.password_needed", name=name), field="password")

    def _demo_own_file(self) -> bool:
        """The demo's own file under the data folder (its operators'
        password is public): no sign-in asked when no operator is named."""
        from deskui.config import demo_db_path

        return bool(self.args.demo) and self.settings.db == str(
            demo_db_path(self.settings.data_dir)
        )

    def context(self, *, migrate: bool = True) -> Any:
        """The service context, opened on first use, acting as the operator
        who signed in (``auth.cli_actor``); commands that set
        ``anonymous_ok`` run as NOBODY when no operator is named."""
        if self._ctx is None:
            from deskui.services.context import open_context
            from deskui.services.town.auth import cli_actor, demo_actor

            if self.args.demo:
                from deskui.services.demo.db import ensure_demo_database

                ensure_demo_database(self.settings)
            self.unlock()
            ctx = open_context(self.settings, migrate=migrate)
            self._ctx = ctx
            if self._demo_own_file() and not getattr(self.args, "operator", None):
                ctx.actor = demo_actor(ctx)
            else:
                anonymous = bool(getattr(self.args, "anonymous_ok", False))
                ctx.actor = cli_actor(ctx, self.credentials(), anonymous_ok=anonymous)
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
    import json

    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")


_ERRNO_REASONS = {
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.ENOENT: "missing",
    errno.ENOTDIR: "missing",
    errno.ENOSPC: "full",
    errno.EROFS: "read_only",
    errno.EISDIR: "is_folder",
    errno.ENAMETOOLONG: "too_long",
    errno.EINVAL: "invalid",
}


def os_error_line(exc: OSError) -> str:
    """An OSError as one Chinese line naming the file (a temporary file's
    folder, as the user named that folder) and the reason."""
    path = exc.filename if isinstance(exc.filename, str) else ""
    if PurePath(path).name.startswith(".deskui-"):  # a save's temporary file
        path = str(PurePath(path).parent)
    reason = _ERRNO_REASONS.get(exc.errno or 0)
    why = t(f"cli.os_{reason}") if reason else t("cli.os_other", code=exc.errno or "?")
    if path:
        return t("cli.os_error", path=path, reason=why)
    return t("cli.os_error_no_path", reason=why)


def fail(exc: BaseException) -> int | None:
    """Print a user-facing error in one line; None when it is a real bug.
    Besides the app's own errors: a file the system refuses (no permission,
    no such folder, disk full) and a database request that failed."""
    from deskui.services.context import storage_failure

    exc = storage_failure(exc) or exc
    if isinstance(exc, (DomainError, ConfigError)):
        line = shorten_quotes(str(exc))
    elif isinstance(exc, OSError):
        line = os_error_line(exc)
    else:
        return None
    err_console.print(Text.assemble((t("cli.error_prefix"), "bold red"), line), soft_wrap=True)
    return EXIT_USAGE
