"""The command line: ``deskui`` opens the desk; subcommands are its CLI twins.

Each area registers its subcommands from its own module (``deskui/cli/*.py``
listed in ``COMMAND_MODULES``): a ``register(subparsers)`` function that adds
parsers whose ``handler`` takes ``(args, runtime)`` and returns an exit code.
User errors (bad input, unknown records, refused steps, a database that
cannot be opened) print one Chinese line and exit with 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from deskui.cli.runtime import EXIT_USAGE, Runtime, fail
from deskui.cli.zh_argparse import ChineseArgumentParser
from deskui.i18n import t

COMMAND_MODULES = (
    "deskui.cli.base",
    "deskui.cli.demo",
    "deskui.cli.user",
    "deskui.cli.backup",
    "deskui.cli.matter",
    "deskui.cli.visit",
    "deskui.cli.audit",
    "deskui.cli.export",
    "deskui.cli.roster",
    "deskui.cli.holidays",
    "deskui.cli.stats",
)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="deskui",
        description=t("cli.description"),
        epilog=t("cli.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", metavar=t("cli.db_metavar"), help=t("cli.db_help"))
    parser.add_argument("--demo", action="store_true", help=t("cli.demo_help"))
    parser.add_argument(
        "--operator", metavar=t("cli.operator_metavar"), help=t("cli.operator_help")
    )
    sub = parser.add_subparsers(
        dest="command", metavar=t("cli.command_metavar"), title=t("cli.commands_title")
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
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


__all__ = ["EXIT_USAGE", "build_parser", "main"]
