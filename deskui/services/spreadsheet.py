"""Reading a spreadsheet a town hands in: an ``.xlsx`` workbook or a ``.csv``
file (UTF-8 with or without BOM, or GBK). The one reader every importer
uses — household rolls, matter ledgers, holiday files.

A file that is not a table (missing, random bytes, a csv named .xlsx, an
empty file) raises one :class:`ValidationError` naming the file, never the
library's exception. A csv's quoted multi-line cells keep their line breaks
(the whole text goes to ``csv.reader``; splitting into lines first would
tear them apart). A workbook is read in read-only mode with its declared
size ignored: a ``<dimension>`` tag that understates the sheet would
otherwise hide its last rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskui.domain.errors import ValidationError
from deskui.domain.text import decode_csv
from deskui.i18n import t

SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class Sheet:
    """One sheet's rows as stored: ``(line number, raw cell values)``; the
    first line is 1. A csv file is one sheet named after the file."""

    name: str
    rows: list[tuple[int, tuple[Any, ...]]]


def check_file(path: Path) -> Path:
    """The path, if it names an existing ``.xlsx`` or ``.csv`` file."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ValidationError(t("imp.bad_type", path=str(path)), field="file")
    if not path.is_file():
        raise ValidationError(t("imp.not_found", path=str(path)), field="file")
    return path


def sheets(path: Path) -> Iterator[Sheet]:
    """Every sheet of the file, in workbook order."""
    path = check_file(path)
    if path.suffix.lower() == ".csv":
        text = decode_csv(path.read_bytes(), path.name)
        try:
            lines = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error:
            raise ValidationError(t("imp.unreadable_csv", path=path.name), field="file") from None
        yield Sheet(path.stem, [(i, tuple(r)) for i, r in enumerate(lines, start=1)])
        return
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ValidationError(t("imp.unreadable_xlsx", path=path.name), field="file") from None
    try:
        for ws in book.worksheets:
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # read every row, whatever the file declares
            rows = [(i, tuple(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)]
            yield Sheet(ws.title, rows)
    finally:
        book.close()


def first_sheet(path: Path) -> Sheet:
    """The first sheet (an empty one for a workbook without sheets)."""
    for sheet in sheets(path):
        return sheet
    return Sheet(Path(path).stem, [])


def text_cell(value: object) -> str:
    """A cell as the text a clerk sees: whole numbers without ``.0``, dates
    as ``YYYY-MM-DD``, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)


def read_table(path: Path) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(line number, cells as text) of every row of the first sheet."""
    for number, row in first_sheet(path).rows:
        yield number, tuple(text_cell(v) for v in row)


def header_map(cells: tuple[str, ...], headers: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """Column index of every field the header row names; ``headers`` maps a
    field to the names a file may give it (the first is the canonical one)."""
    out: dict[str, int] = {}
    for i, text in enumerate(cells):
        name = "".join(text.split())
        for key, names in headers.items():
            if name in names and key not in out:
                out[key] = i
    return out


def check_duplicate_columns(cells: tuple[str, ...], headers: Mapping[str, tuple[str, ...]]) -> None:
    """Refuse a header that names one field twice (``姓名`` and ``名字``)."""
    seen: dict[str, list[int]] = {}
    for i, text in enumerate(cells):
        name = "".join(text.split())
        for key, names in headers.items():
            if name in names:
                seen.setdefault(key, []).append(i)
    for key, where in seen.items():
        if len(where) > 1:
            raise ValidationError(
                t(
                    "imp.duplicate_column",
                    column=headers[key][0],
                    columns="、".join(str(i + 1) for i in where),
                ),
                field="file",
            )
