"""The command line: ``deskui`` opens the desk; subcommands are its CLI twins.

Each area registers its subcommands from its own module (``deskui/cli/*.py``
listed in ``COMMAND_MODULES``): a ``register(subparsers)`` function that adds
parsers whose ``handler`` takes ``(args, runtime)`` and returns an exit code.
User errors (bad input, unknown records, refused steps, a database that
cannot be opened) print one Chinese line and exit with 2, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from deskui.cli.runtime import EXIT_USAGE, Runtime, fail
from deskui.cli.zh_argparse import ChineseArgumentParser
from deskui.i18n import t

COMMAND_MODULES = (
    "deskui.cli.base",
    "deskui.cli.demo",
    "deskui.cli.user",
    "deskui.cli.backup",
    "deskui.cli.encryption",
    "deskui.cli.matter",
    "deskui.cli.visit",
    "deskui.cli.audit",
    "deskui.cli.export",
    "deskui.cli.roster",
    "deskui.cli.holidays",
    "deskui.cli.stats",
    "deskui.cli.supervision",
    "deskui.cli.town",
    "deskui.cli.official",
    "deskui.cli.village",
    "deskui.cli.town_lists",
)


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar=t("cli.db_metavar"), help=t("cli.db_help"))
    parser.add_argument("--demo", action="store_true", help=t("cli.demo_help"))
    parser.add_argument(
        "--operator", metavar=t("cli.operator_metavar"), help=t("cli.operator_help")
    )
    # its own dest: a subcommand's --password-stdin (a new password) is another
    parser.add_argument(
        "--password-stdin",
        dest="sign_in_stdin",
        action="store_true",
        help=t("cli.password_stdin_help"),
    )
    parser.add_argument(
        "--passphrase-stdin", action="store_true", help=t("cipher.passphrase_stdin_help")
    )


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="deskui",
        description=t("cli.description"),
        epilog=t("cli.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _global_options(parser)
    sub = parser.add_subparsers(
        dest="command", metavar=t("cli.command_metavar"), title=t("cli.commands_title")
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


class _NotTheDesk(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheDesk(message)


def _desk_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when they open the desk (global options only, no
    subcommand), else None. The desk then starts without importing the
    eleven command modules and what they need (~0.1 s of its start-up)."""
    if any(a in ("-h", "--help") for a in argv):
        return None
    base = _QuietParser(prog="deskui", add_help=False)
    _global_options(base)
    try:
        args, rest = base.parse_known_args(argv)
    except _NotTheDesk:
        return None  # the full parser says what is wrong
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = _desk_args(words)
    if args is not None:
        # The desk's start-up builds some 0.4 M objects and almost no
        # garbage, yet the collector walked them again and again: 0.12 s of
        # a 1.0 s start on the county benchmark. It stays off until the first
        # screen is up (DeskApp settles the heap then, or on exit here).
        gc.disable()
    else:
        args = build_parser().parse_args(words)
    runtime = Runtime(args)
    try:
        if args.command is None:
            from deskui.cli.desk import run_desk

            return run_desk(args, runtime)
        return int(args.handler(args, runtime) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # user-facing errors become one line and exit 2
        code = fail(exc)
        if code is None:
            raise
        return code
    finally:
        runtime.close()
        gc.enable()


__all__ = ["EXIT_USAGE", "build_parser", "main"]
