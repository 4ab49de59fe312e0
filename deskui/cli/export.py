"""``deskui export <form>`` and ``deskui import <kind>``: frames whose forms
are registered by the modules in ``EXPORT_MODULES`` / ``IMPORT_MODULES``.

Each form module defines ``register_export(forms)`` (or ``register_import``)
adding a subparser whose ``handler(args, runtime) -> int`` writes the file.
``--out`` defaults to a dated name in the export folder (``export_dir`` in
settings.toml, else the current folder).
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from deskui.cli.runtime import Runtime, console
from deskui.i18n import t

EXPORT_MODULES: tuple[str, ...] = (
    "deskui.cli.export_ledger",
    "deskui.cli.export_visits",
    "deskui.cli.export_roster",
    "deskui.cli.export_matters",
    "deskui.cli.households",
)
IMPORT_MODULES: tuple[str, ...] = (
    "deskui.cli.export_matters",
    "deskui.cli.households",
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    exp = sub.add_parser("export", help=t("exportcli.help"), description=t("exportcli.help"))
    forms = exp.add_subparsers(dest="form", metavar=t("exportcli.form_metavar"), required=True)
    for name in EXPORT_MODULES:
        importlib.import_module(name).register_export(forms)
    imp = sub.add_parser("import", help=t("importcli.help"), description=t("importcli.help"))
    kinds = imp.add_subparsers(dest="kind", metavar=t("importcli.kind_metavar"), required=True)
    for name in IMPORT_MODULES:
        importlib.import_module(name).register_import(kinds)


def add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar=t("exportcli.out_metavar"), help=t("exportcli.out_help"))


def out_path(args: argparse.Namespace, runtime: Runtime, default_name: str) -> Path:
    """The file to write: ``--out``, else ``default_name`` in the export folder."""
    if getattr(args, "out", None):
        return Path(args.out).expanduser()
    folder = runtime.settings.export_dir or Path.cwd()
    return folder / default_name


def report_saved(path: Path) -> int:
    console.print(t("export.saved", path=str(path)))
    return 0
