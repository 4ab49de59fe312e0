"""Where exports go, what they are called, and opening or printing one.

- **One folder**: :func:`export_folder` — the folder the export dialog last
  wrote to (remembered in settings.toml as ``export_dir``), else the
  settings' ``export_dir``, else the home folder. The CLI's default and the
  desk's dialog both use it.
- **One name style**: :func:`file_name` — ``form_town_period[_village]``,
  e.g. ``销号台账_县河镇_202611_桃园村.xlsx``: the period is ``YYYYMM`` for a
  month, ``YYYYMMDD`` for a day (an export of no period carries the day it was
  made).
- **Open and print**: :func:`open_command` (the system's program for the file:
  ``xdg-open`` / ``open``; Windows goes through ``os.startfile``) and
  :func:`print_command` (LibreOffice's ``soffice --headless -p``, to the
  default printer) build the command; :func:`launch` starts it detached.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from deskui.i18n import t

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
STARTFILE = "startfile"  # the "command" of Windows: os.startfile(path)


def month_text(year: int, month: int) -> str:
    return f"{year}{month:02d}"


def day_text(day: dt.date) -> str:
    return f"{day:%Y%m%d}"


def file_name(form: str, town: str, period: str, village: str | None = None) -> str:
    """``form_town_period[_village].xlsx``; ``form`` is a key of the
    ``files.*`` catalogue (ledger, stats, cards …); characters a file name
    cannot hold are dropped."""
    parts = [t(f"files.{form}"), town, period, village or ""]
    safe = [_UNSAFE.sub("", p).strip() for p in parts]
    return "_".join(p for p in safe if p) + ".xlsx"


def town_of(ctx: Any) -> str:
    """The town's name for a file name ('' before the town is set up)."""
    from deskui.services.town.towns import town_info

    info = town_info(ctx)
    return info.name if info else ""


def export_folder(settings: Any) -> Path:
    """The one export folder: the dialog's remembered one, else the
    settings' ``export_dir``, else the home folder."""
    from deskui.config import ConfigError, remembered_export_dir

    try:
        remembered = remembered_export_dir(settings.config_dir)
    except ConfigError:
        remembered = None
    folder = remembered or getattr(settings, "export_dir", None) or Path.home()
    return Path(folder).expanduser()


def open_command(path: Path, platform: str | None = None) -> list[str]:
    """The command that opens ``path`` in the system's spreadsheet program."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return [STARTFILE, str(path)]
    if platform == "darwin":
        return ["open", str(path)]
    return ["xdg-open", str(path)]


def soffice() -> str | None:
    """LibreOffice's program, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def print_command(path: Path, program: str | None = None) -> list[str] | None:
    """The command that prints ``path`` to the default printer through
    LibreOffice (``None`` when it is not installed)."""
    program = program or soffice()
    if program is None:
        return None
    return [program, "--headless", "-p", str(path)]


def launch(command: list[str]) -> None:
    """Start ``command`` detached (its window is its own); a program that
    cannot start is one Chinese line (:class:`OSError` with the message)."""
    try:
        if command[0] == STARTFILE:
            os.startfile(command[1])  # type: ignore[attr-defined]  # Windows only
            return
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise OSError(t("files.cannot_launch", program=command[0], error=exc)) from None
