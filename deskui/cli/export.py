"""``deskui export <form>`` and ``deskui import <kind>``: frames whose forms
are registered by the modules in ``EXPORT_MODULES`` / ``IMPORT_MODULES``.

Each form module defines ``register_export(forms)`` (or ``register_import``)
adding a subparser whose ``handler(args, runtime) -> int`` writes the file.
``--out`` defaults to the form's name (``form_town_period[_village]``) in the
one export folder (:func:`deskui.exports.files.export_folder`: the folder the
desk's dialog remembers, ``export_dir`` in settings.toml, else home). Every
form takes ``--open`` (the system's spreadsheet program opens the file) and
``--print`` (LibreOffice prints it to the default printer).
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from deskui.cli.runtime import EXIT_USAGE, Runtime, console
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
    for parser in forms.choices.values():
        _add_after_export(parser)
    imp = sub.add_parser("import", help=t("importcli.help"), description=t("importcli.help"))
    kinds = imp.add_subparsers(dest="kind", metavar=t("importcli.kind_metavar"), required=True)
    for name in IMPORT_MODULES:
        importlib.import_module(name).register_import(kinds)


def add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar=t("exportcli.out_metavar"), help=t("exportcli.out_help"))


def out_path(args: argparse.Namespace, runtime: Runtime, default_name: str) -> Path:
    """The file to write: ``--out``, else ``default_name`` in the export folder."""
    from deskui.exports.files import export_folder

    if getattr(args, "out", None):
        return Path(args.out).expanduser()
    return export_folder(runtime.settings) / default_name


_saved: list[Path] = []  # the file the running export wrote (for --open / --print)


def report_saved(path: Path) -> int:
    _saved.append(Path(path))
    console.print(t("export.saved", path=str(path)))
    return 0


def _add_after_export(parser: argparse.ArgumentParser) -> None:
    """``--open`` and ``--print`` on a form, run once its file is written."""
    parser.add_argument("--open", action="store_true", help=t("exportcli.open_help"))
    parser.add_argument("--print", action="store_true", help=t("exportcli.print_help"))
    handler = parser.get_default("handler")

    def run(args: argparse.Namespace, runtime: Runtime) -> int:
        _saved.clear()
        code = int(handler(args, runtime))
        if code != 0 or not _saved:
            return code
        return after_export(_saved[-1], open_it=args.open, print_it=args.print)

    parser.set_defaults(handler=run)


def after_export(path: Path, *, open_it: bool, print_it: bool) -> int:
    """Open and/or print the file just written; a program that cannot start
    is one line on stderr and exit status 2 (the file stays written)."""
    from deskui.cli.runtime import err_console
    from deskui.exports import files

    try:
        if open_it:
            files.launch(files.open_command(path))
            console.print(t("files.opened", path=str(path)))
        if print_it:
            command = files.print_command(path)
            if command is None:
                err_console.print(t("files.no_soffice"))
                return EXIT_USAGE
            files.launch(command)
            console.print(t("files.printed", path=str(path)))
    except OSError as exc:
        err_console.print(str(exc))
        return EXIT_USAGE
    return 0
