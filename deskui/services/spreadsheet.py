"""Reading a spreadsheet a town hands in: an ``.xlsx`` workbook or a ``.csv``
file (UTF-8 with or without BOM, or GBK). The one reader every importer
uses — household rolls, matter ledgers, holiday files.

A file that is not a table (missing, random bytes, a csv named .xlsx, an
empty file) raises one :class:`ValidationError` naming the file, never the
library's exception. Two kinds of cell cannot be read as the clerk meant
them, and are reported, never guessed: a number of more than 15 digits
(Excel keeps 15: an ID number typed into a number cell has lost its last
digits) and a formula whose result the file does not hold (saved by a
program that does not compute formulas). A csv's quoted multi-line cells keep their line breaks
(the whole text goes to ``csv.reader``; splitting into lines first would
tear them apart).

A workbook is read with python-calamine (Rust; ten times openpyxl's
read-only mode on a 100,000-row roll, the bulk of an import's time), which
reads the cells themselves and never the ``<dimension>`` tag that other
programs write wrong. Its values are brought to openpyxl's forms (no cell
is None, not ''; a whole number is an int). A sheet that holds formulas is
read with openpyxl instead: calamine cannot tell a formula whose result the
file does not hold from an empty cell, and openpyxl can (read twice,
values and formulas, row for row).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskui.domain.errors import ValidationError
from deskui.domain.text import decode_csv
from deskui.i18n import t

SUFFIXES = (".xlsx", ".csv")


LOST_DIGITS = 10**15  # a number cell this large has lost digits past the 15th


@dataclass(frozen=True)
class Sheet:
    """One sheet's rows as stored: ``(line number, raw cell values)``; the
    first line is 1. A csv file is one sheet named after the file.
    ``problems`` names the cells that cannot be read as meant, by (line,
    column index): see :func:`cell_problem`."""

    name: str
    rows: list[tuple[int, tuple[Any, ...]]]
    problems: dict[tuple[int, int], str] = field(default_factory=dict)


class Cells(tuple):  # type: ignore[type-arg]
    """A row's cells as text, with the problems of its cells by column
    index (an importer names them instead of reading a wrong value)."""

    problems: dict[int, str]

    def __new__(cls, cells: tuple[str, ...], problems: dict[int, str] | None = None) -> Cells:
        row = super().__new__(cls, cells)
        row.problems = problems or {}
        return row


def cell_problem(value: object) -> str | None:
    """Why a stored value cannot be what the clerk typed, or None."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and abs(value) >= LOST_DIGITS:  # type: ignore[arg-type]
        return t("imp.lost_digits", value=text_cell(value))
    return None


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
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            lines = list(reader)
        except csv.Error as exc:
            if "field limit" in str(exc):  # a cell longer than the csv module takes
                limit = csv.field_size_limit()
                key = t("imp.csv_cell_too_long", path=path.name, line=reader.line_num, limit=limit)
                raise ValidationError(key, field="file") from None
            raise ValidationError(t("imp.unreadable_csv", path=path.name), field="file") from None
        yield Sheet(path.stem, [(i, tuple(r)) for i, r in enumerate(lines, start=1)])
        return
    book = _calamine(path)
    formulas = _formula_sheets(path)
    try:
        for index, name in _worksheets(book):
            rows: list[tuple[int, tuple[Any, ...]]] = []
            problems: dict[tuple[int, int], str] = {}
            for line, row, found in _rows(path, book, index, name, formulas):
                rows.append((line, row))
                problems.update(((line, col), why) for col, why in found.items())
            yield Sheet(name, rows, problems)
    finally:
        book.close()


def _calamine(path: Path) -> Any:
    """The workbook, opened by python-calamine (a broken file is named)."""
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises its own kinds for a broken file
        raise ValidationError(t("imp.unreadable_xlsx", path=path.name), field="file") from None


def _values(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """A calamine sheet's rows from the sheet's first line and first column
    (calamine starts its rows at line 1 but its columns at the first used
    one), in openpyxl's forms: an empty cell is None, a whole number an int."""
    pad: tuple[None, ...] = (None,) * _first_column(sheet)
    for row in sheet.iter_rows():
        yield pad + tuple(_openpyxl_form(v) for v in row)


def _first_column(sheet: Any) -> int:
    start = sheet.start
    return int(start[1]) if start else 0


def _openpyxl_form(v: Any) -> Any:
    if v == "":
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < LOST_DIGITS:
        return int(v)
    return v


def _text_rows(sheet: Any) -> Iterator[tuple[int, Cells]]:
    """A calamine sheet's rows as :class:`Cells`: what ``_values`` and
    :func:`text_cell` make of them, in one pass a row (most cells are text,
    kept as they are; a roll's 100,000 rows hold 1.7 million cells)."""
    pad = ("",) * _first_column(sheet)
    for line, row in enumerate(sheet.iter_rows(), start=1):
        problems: dict[int, str] | None = None
        for col, v in enumerate(row):
            if v.__class__ is str:
                continue
            if v.__class__ is float and v.is_integer() and -LOST_DIGITS < v < LOST_DIGITS:
                row[col] = str(int(v))
                continue
            value = _openpyxl_form(v)
            why = cell_problem(value)
            if why:
                problems = problems or {}
                problems[len(pad) + col] = why
            row[col] = text_cell(value)
        yield line, Cells(pad + tuple(row), problems)


def _worksheets(book: Any) -> list[tuple[int, str]]:
    """(index, name) of the workbook's worksheets (a chart sheet holds no rows)."""
    return [
        (index, meta.name)
        for index, meta in enumerate(book.sheets_metadata)
        if str(meta.typ).rsplit(".", 1)[-1] == "WorkSheet"
    ]


def _problems(row: tuple[Any, ...]) -> dict[int, str]:
    """The cells of a row that cannot be read as meant, by column index."""
    return {col: why for col, value in enumerate(row) if (why := cell_problem(value))}


Size = Callable[[int], None]  # told the row count a sheet declares (a progress bar's)


def _rows(
    path: Path, book: Any, index: int, name: str, formulas: set[str], size: Size | None = None
) -> Iterator[tuple[int, tuple[Any, ...], dict[int, str]]]:
    """(line, values, problems) of one sheet's rows, streamed: by calamine,
    or by openpyxl for a sheet that holds formulas."""
    if name in formulas:
        yield from _openpyxl_rows(path, name, size)
        return
    sheet = book.get_sheet_by_index(index)
    if size is not None:
        size(int(sheet.total_height or 0))
    for line, row in enumerate(_values(sheet), start=1):
        yield line, row, _problems(row)


def _openpyxl_rows(
    path: Path, title: str, size: Size | None
) -> Iterator[tuple[int, tuple[Any, ...], dict[int, str]]]:
    """A sheet that holds formulas, streamed by openpyxl: its values and,
    beside them row for row, its formulas (to name a formula whose result
    the file does not hold)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        formula_book = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ValidationError(t("imp.unreadable_xlsx", path=path.name), field="file") from None
    try:
        ws, fws = book[title], formula_book[title]
        if size is not None:
            size(int(getattr(ws, "max_row", 0) or 0))
        for sheet in (ws, fws):
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # read every row, whatever the file declares
        formulas = fws.iter_rows(values_only=True)
        for line, values in enumerate(ws.iter_rows(values_only=True), start=1):
            row = tuple(values)
            problems = _problems(row)
            for col, formula in enumerate(next(formulas, ())):
                is_formula = isinstance(formula, str) and formula.startswith("=")
                if is_formula and (col >= len(row) or row[col] is None):
                    problems[col] = t("imp.uncomputed_formula", formula=str(formula)[:40])
            yield line, row, problems
    finally:
        book.close()
        formula_book.close()


_FORMULA = re.compile(rb"<(?:\w+:)?f[ />]")  # a cell's formula element, prefixed or not


def _formula_sheets(path: Path) -> set[str]:
    """The titles of the sheets holding a formula, read from the file's XML
    (a workbook without formulas is read once)."""
    import zipfile
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    out: set[str] = set()
    try:
        with zipfile.ZipFile(path) as z:
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            target = {r.get("Id"): r.get("Target", "") for r in rels}
            for sheet in book.iter(f"{main}sheet"):
                name = target.get(sheet.get(rel), "").lstrip("/")
                name = name if name.startswith("xl/") else f"xl/{name}"
                with z.open(name) as fh:
                    tail = b""
                    for chunk in iter(lambda: fh.read(1 << 16), b""):
                        data = tail + chunk
                        # the plain byte search first: the regex tries every '<'
                        maybe = b"<f" in data or b":f" in data
                        if maybe and _FORMULA.search(data):
                            out.add(sheet.get("name", ""))
                            break
                        tail = chunk[-16:]
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return out
    return out


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


class TableStream:
    """The rows of a file's first sheet, read one at a time (never the whole
    sheet in memory: a 100,000-row roll is read as it is checked), each as
    ``(line number, Cells)``. ``estimate`` is the row count the workbook
    declares (0 when unknown), for a progress bar only: the rows are read to
    the end whatever it says."""

    def __init__(self, path: Path) -> None:
        self.path = check_file(Path(path))
        self.estimate = 0

    def __iter__(self) -> Iterator[tuple[int, Cells]]:
        if self.path.suffix.lower() == ".csv":
            sheet = first_sheet(self.path)  # a csv file is read whole by decode_csv anyway
            self.estimate = len(sheet.rows)
            by_line: dict[int, dict[int, str]] = {}
            for (line, col), why in sheet.problems.items():
                by_line.setdefault(line, {})[col] = why
            for number, row in sheet.rows:
                yield number, Cells(tuple(text_cell(v) for v in row), by_line.get(number))
            return
        yield from self._xlsx()

    def _xlsx(self) -> Iterator[tuple[int, Cells]]:
        book = _calamine(self.path)
        try:
            first = next(iter(_worksheets(book)), None)
            if first is None:
                return
            index, name = first
            if name not in _formula_sheets(self.path):
                sheet = book.get_sheet_by_index(index)
                self._size(int(sheet.total_height or 0))
                yield from _text_rows(sheet)
                return
            for line, row, problems in _rows(self.path, book, index, name, {name}, self._size):
                yield line, Cells(tuple(text_cell(v) for v in row), problems or None)
        finally:
            book.close()

    def _size(self, rows: int) -> None:
        self.estimate = rows


def read_table(path: Path) -> TableStream:
    """(line number, cells as text) of every row of the first sheet, streamed
    (see :class:`TableStream`); a row's :class:`Cells` carry the problems of
    its cells."""
    return TableStream(path)


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
