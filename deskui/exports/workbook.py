"""The shared workbook module: every printed form goes through it.

- **Safe cells**: text that starts with ``= + - @`` stays text (openpyxl would
  make it a formula, in write-only mode too); characters Excel cannot store
  (``\\x00-\\x08 \\x0b \\x0c \\x0e-\\x1f``) are removed, never a crash; ID numbers
  and phones are always text cells (no 1.23E+17); values over Excel's 32,767
  characters a cell are cut with a mark.
- **Print setup**: SimSun (宋体), thin borders, a merged title row, the header
  rows repeated on every page, A4, portrait or landscape, fitted to one page
  wide, page numbers in the footer (第 &P 页 共 &N 页), signature lines
  (填表人 / 审核人 / 日期) at the foot.
- **Streaming**: ``FormBook(streaming=True)`` writes with openpyxl's write-only
  mode, so a county-month ledger never sits in memory whole.
- **Saving**: a missing or read-only folder, or a file locked by Excel, is one
  clear Chinese message (:class:`ExportError`); a half-written file never
  replaces a good one (written beside it, then renamed).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from deskui.domain.errors import DomainError
from deskui.domain.rates import format_percent
from deskui.i18n import t

FONT_NAME = "SimSun"  # 宋体
EXCEL_CELL_MAX = 32_767
# What an .xlsx cannot hold: XML 1.0 forbids these control characters, the
# surrogates and U+FFFE/U+FFFF; a workbook holding one does not open.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@")

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10)
MARK_FONT = Font(name=FONT_NAME, size=10, bold=True)
NOTE_FONT = Font(name=FONT_NAME, size=10)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)


class ExportError(DomainError):
    """The workbook cannot be written; one clear Chinese line."""


@dataclass(frozen=True)
class Column:
    """A column of a form: its printed header, width (characters) and kind.

    kind: ``text`` (wrapped), ``code`` (always text: ID numbers, phones,
    numbers with leading zeros), ``date``, ``int``, ``center`` (short words),
    ``rate`` (a ``(numerator, denominator)`` pair of counts, printed by the
    domain's one rounding rule: ``81.3%``, or ``—`` for a zero denominator)."""

    header: str
    width: float = 10
    kind: str = "text"


def clean(value: Any) -> Any:
    """A value as a cell may hold it: illegal characters removed, too-long
    text cut, everything else unchanged."""
    if isinstance(value, str):
        text = ILLEGAL.sub("", value)
        if len(text) > EXCEL_CELL_MAX:
            text = text[: EXCEL_CELL_MAX - 20] + t("export.cut")
        return text
    return value


DATE_FORMAT = "yyyy-mm-dd"  # the one date format of every form (a date cell)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"-?[1-9]\d{0,14}|0")


def as_date(value: Any) -> Any:
    """A date column's value as a date cell: a date, a datetime (its day) or an
    ISO day text becomes a :class:`datetime.date`; anything else (a blank, a
    word such as 待定) is left as it is."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def as_number(value: Any) -> Any:
    """A number column's value as a number cell: a whole-number text (``"3"``,
    not ``"03"``, which keeps its zero as text) becomes an int."""
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    return value


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


class FormSheet:
    """One sheet of a form: title, header, rows, notes and signatures."""

    def __init__(
        self,
        book: FormBook,
        name: str,
        title: str,
        columns: Sequence[Column],
        *,
        landscape: bool = False,
        subtitle: str = "",
        header_rows: Sequence[Sequence[str]] = (),
        repeat_header: bool = True,
    ) -> None:
        self.book = book
        self.columns = list(columns)
        self.ws = book.wb.create_sheet(title=sheet_name(name))
        self.streaming = book.streaming
        if self.streaming:
            # Every row this sheet appends is already cells (_StreamCell):
            # skip openpyxl's attempt to read each one as a value (it fails,
            # formats the cell into an error message, then drops its spare
            # cell). Had openpyxl renamed the method, this would go unused,
            # and its own path still writes the same XML, only slower.
            self.ws._values_to_row = _stream_row
        self.row_count = 0  # body rows written
        self._row = 0  # sheet rows written
        self._setup_print(landscape)
        for i, col in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = col.width
        width = len(self.columns)
        # The header (title, subtitle, extra header rows, column headers) is
        # frozen on screen and repeated on paper. Set before the first row:
        # write-only mode writes the sheet view, pane included, as it writes
        # that row, and ignores a pane set later.
        top = 2 + bool(subtitle) + len(header_rows)
        self.ws.freeze_panes = f"A{top + 1}"
        if repeat_header:
            self.ws.print_title_rows = f"1:{top}"
        self._merged_line(title, TITLE_FONT, CENTER, height=30)
        if subtitle:
            self._merged_line(subtitle, NOTE_FONT, WRAP, height=18)
        for extra in header_rows:
            self._write([self._cell(v, HEADER_FONT, CENTER, border=True) for v in extra], 18)
        self._write(
            [self._cell(c.header, HEADER_FONT, CENTER, border=True) for c in self.columns], 30
        )
        assert self._row == top, (self._row, top)
        self._width = width

    # -- layout ---------------------------------------------------------------

    def _setup_print(self, landscape: bool) -> None:
        ws = self.ws
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = t("export.page_footer")
        ws.oddFooter.center.font = FONT_NAME

    def _cell(
        self, value: Any, font: Font, align: Alignment, *, border: bool = False, text: bool = False
    ) -> Any:
        value = clean(value)
        as_text = isinstance(value, str) and (text or is_formula_like(value))
        if not self.streaming:
            pending = _Pending(value)
            _style(pending, font, align, border, as_text)
            return pending
        cell = _StreamCell(self.ws, row=1, column=1, value=value)
        # Styling a cell registers its font, alignment … in the workbook,
        # hashing them each time (~0.5 ms a cell); a style already registered
        # is shared instead, with its index in the workbook's style table.
        # A date or time value has already given the cell its number format
        # (other values leave it unstyled, None): that format is part of the
        # key, so a style never lends it to another value, nor loses it.
        fmt = 0 if cell._style is None else cell._style.numFmtId
        key = (id(font), id(align), border, as_text, fmt)
        cached = self.book.styles.get(key)
        if cached is None:
            _style(cell, font, align, border, as_text)
            cached = self.book.styles[key] = (
                cell._style,
                self.book.wb._cell_styles.add(cell._style),
            )
        cell._style, cell._style_id = cached
        if as_text:
            cell.data_type = "s"  # never a formula
        return cell

    def _write(self, cells: list[Any], height: float | None = None) -> None:
        self._row += 1
        if height:  # before the row: write-only mode writes it out at once
            self.ws.row_dimensions[self._row].height = height
        if self.streaming:
            self.ws.append(cells)  # through _stream_row
        else:
            for col, pending in enumerate(cells, start=1):
                pending.apply(self.ws.cell(row=self._row, column=col))

    def _merged_line(self, text: str, font: Font, align: Alignment, height: float) -> None:
        cells = [self._cell(text, font, align)] + [
            self._cell(None, font, align) for _ in self.columns[1:]
        ]
        self._write(cells, height)
        if len(self.columns) > 1:
            self.ws.merged_cells.add(
                f"A{self._row}:{get_column_letter(len(self.columns))}{self._row}"
            )

    # -- content --------------------------------------------------------------

    def append(self, values: Sequence[Any], *, mark: bool = False) -> None:
        """One body row; ``mark`` prints it bold (e.g. an overdue matter)."""
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        font = MARK_FONT if mark else BODY_FONT
        cells = [self._body_cell(col, v, font) for col, v in zip(self.columns, values, strict=True)]
        self._write(cells, row_height(self.columns, [c.value for c in cells]))
        self.row_count += 1

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.append(row)

    def _body_cell(self, col: Column, value: Any, font: Font) -> Any:
        if col.kind == "rate":
            value = format_rate(value)
        elif col.kind == "date":
            value = as_date(value)
        elif col.kind == "int":
            value = as_number(value)
        elif col.kind == "code" and value is not None and not isinstance(value, str):
            value = str(value)
        align = WRAP if col.kind == "text" else CENTER
        return self._cell(
            "" if value is None else value, font, align, border=True, text=col.kind == "code"
        )

    def note(self, text: str, *, height: float = 18) -> None:
        """A merged line under the table (formulas, remarks)."""
        self._merged_line(text, NOTE_FONT, WRAP, height=height)

    def heading(self, text: str) -> None:
        """A merged title line inside the sheet (a form printed several times
        on one sheet, each copy on its own page)."""
        self._merged_line(text, TITLE_FONT, CENTER, height=30)

    def header(self, values: Sequence[str] | None = None) -> None:
        """The column headers again (see :meth:`heading`), or ``values`` in
        their place (a paper form whose first ruled line differs per copy)."""
        texts = [c.header for c in self.columns] if values is None else list(values)
        self._write([self._cell(v, HEADER_FONT, CENTER, border=True) for v in texts], 30)

    def line(self, text: str, *, height: float = 18, bold: bool = False) -> None:
        """A merged line without borders, centred (a cut line, a part's title)."""
        self._merged_line(text, HEADER_FONT if bold else NOTE_FONT, CENTER, height=height)

    def footer(self, text: str) -> None:
        """The printed footer in place of 第 &P 页 共 &N 页; the sheet's pages
        numbered from 1 (not after an earlier sheet's)."""
        self.ws.oddFooter.center.text = text
        self.ws.page_setup.firstPageNumber = 1
        self.ws.page_setup.useFirstPageNumber = True

    def page_break(self) -> None:
        """Start a new printed page after the last row written."""
        from openpyxl.worksheet.pagebreak import Break

        self.ws.row_breaks.append(Break(id=self._row))

    def merge_down(self, column: int, rows: int, text: str) -> None:
        """Write ``text`` into the last ``rows`` body rows of ``column`` (1 =
        the first), merged into one bordered cell (not when streaming)."""
        if self.streaming or rows < 1:
            return
        first = self._row - rows + 1
        letter = get_column_letter(column)
        self.ws.merged_cells.add(f"{letter}{first}:{letter}{self._row}")
        cell = self.ws.cell(row=first, column=column)
        cell.value = clean(text)
        cell.alignment = CENTER

    @property
    def rows_written(self) -> int:
        return self._row

    def signatures(self, date_text: str = "") -> None:
        """The foot: 填表人 / 审核人 / 填报日期, with room for the pen."""
        self._write([self._cell(None, NOTE_FONT, WRAP) for _ in self.columns])
        line = t("export.signatures", date=date_text or "        年    月    日")
        self._merged_line(line, NOTE_FONT, WRAP, height=24)


def _style(cell: Any, font: Font, align: Alignment, border: bool, as_text: bool) -> None:
    cell.font = font
    cell.alignment = align
    if border:
        cell.border = BORDER
    if as_text:
        cell.data_type = "s"  # never a formula
        cell.number_format = "@"
    elif isinstance(cell.value, dt.date) and not isinstance(cell.value, dt.datetime):
        cell.number_format = DATE_FORMAT  # a date cell: sorts and filters as a date


class _StreamCell(Cell):
    """A streamed cell, written once: its style array is shared with the cells
    of the same style (:attr:`FormBook.styles`) and ``style_id`` is found once,
    not hashed again for every cell openpyxl writes."""

    __slots__ = ("_style_id",)

    @property
    def style_id(self) -> int:
        return self._style_id

    def __repr__(self) -> str:
        return f"<_StreamCell {self.row}:{self.column}>"


def _stream_row(cells: Sequence[_StreamCell], row_idx: int) -> Iterator[_StreamCell]:
    """openpyxl's ``_values_to_row`` for a row that is already cells."""
    for col_idx, cell in enumerate(cells, start=1):
        cell.column = col_idx
        cell.row = row_idx
        yield cell


class _Pending:
    """A styled value waiting for its cell (normal, non-streaming mode)."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self.font: Font | None = None
        self.alignment: Alignment | None = None
        self.border: Border | None = None
        self.data_type: str | None = None
        self.number_format: str | None = None

    def apply(self, cell: Any) -> None:
        cell.value = self.value
        if self.data_type == "s" and isinstance(self.value, str):
            cell.data_type = "s"
        if self.font is not None:
            cell.font = self.font
        if self.alignment is not None:
            cell.alignment = self.alignment
        if self.border is not None:
            cell.border = self.border
        if self.number_format:
            cell.number_format = self.number_format


LINE_HEIGHT = 13.5  # points a line of 10-pt SimSun needs
MAX_ROW_HEIGHT = 409  # Excel's limit


class _CharWidths(dict[str, int]):
    """The width of each character met so far, looked up in C by ``map``."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _CharWidths()


def display_width(text: str) -> int:
    """Columns a text takes in a cell: CJK and other wide characters count 2."""
    if text.isascii():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


def row_height(columns: Sequence[Column], values: Sequence[Any]) -> float:
    """The height a row needs for its wrapped text. Set explicitly: LibreOffice
    and Excel do not grow a streamed row to fit its text by themselves."""
    lines = 1
    for col, value in zip(columns, values, strict=True):
        if not isinstance(value, str) or not value:
            continue
        room = max(int(col.width) - 1, 2)
        if "\n" in value:
            need = sum(max(1, -(-display_width(part) // room)) for part in value.split("\n"))
        else:  # one line, not empty: at least 1
            need = -(-display_width(value) // room)
        lines = max(lines, need)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 4)


def format_rate(value: tuple[int, int] | None) -> str:
    """A rate cell: ``(numerator, denominator)`` printed by
    :func:`deskui.domain.rates.format_percent` (65/80 → 81.3%, 1/16 → 6.3%,
    a zero denominator → —); ``None`` (no rate) → —. A float is refused: a
    rate is printed from its counts, never from a rounded binary fraction."""
    if value is None:
        return t("common.dash")
    if not isinstance(value, tuple) or len(value) != 2:
        raise TypeError(f"a rate cell takes (numerator, denominator), not {value!r}")
    numerator, denominator = value
    return format_percent(int(numerator), int(denominator))


def sheet_name(name: str) -> str:
    """A legal, unique-enough sheet name (31 characters, no []:*?/\\)."""
    text = re.sub(r"[\[\]:*?/\\]", "", ILLEGAL.sub("", name)).strip("'") or "Sheet"
    return text[:31]


class FormBook:
    """A workbook of forms, saved atomically with a clear message on failure."""

    def __init__(self, *, streaming: bool = False) -> None:
        self.streaming = streaming
        self.wb = Workbook(write_only=streaming)
        if not streaming:
            self.wb.remove(self.wb.active)
        self.sheets: list[FormSheet] = []
        # streaming: a style array and its index, by (font, alignment, border,
        # text, number format id); see FormSheet._cell
        self.styles: dict[tuple[int, int, bool, bool, int], tuple[Any, int]] = {}

    def sheet(self, name: str, title: str, columns: Sequence[Column], **kw: Any) -> FormSheet:
        sheet = FormSheet(self, name, title, columns, **kw)
        self.sheets.append(sheet)
        return sheet

    def save(self, path: Path) -> Path:
        path = Path(path)
        check_target(path)
        fd, tmp = tempfile.mkstemp(prefix=".deskui-", suffix=".xlsx", dir=path.parent)
        os.close(fd)
        try:
            self.wb.save(tmp)
            os.replace(tmp, path)
        except PermissionError:
            raise ExportError(t("export.locked", path=str(path))) from None
        except OSError as exc:
            raise ExportError(t("export.cannot_write", path=str(path), error=exc)) from None
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return path


def select_all(book: FormBook) -> None:
    """Every sheet selected (grouped), the first active: Excel's and WPS's
    default print (打印活动工作表) prints every selected sheet, so one command
    prints a form that needs sheets of its own (a list, then the orders)."""
    book.wb.active = 0
    for ws in book.wb.worksheets:
        ws.sheet_view.tabSelected = True


def check_target(path: Path) -> None:
    """Refuse, in one Chinese line, a place an export cannot be written to."""
    if path.suffix.lower() != ".xlsx":
        raise ExportError(t("export.not_xlsx", path=str(path)))
    folder = path.parent
    if not folder.exists():
        raise ExportError(t("export.no_folder", folder=str(folder)))
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise ExportError(t("export.read_only_folder", folder=str(folder)))
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportError(t("export.locked", path=str(path)))
    lock = folder / f"~${path.name}"  # Excel's owner file while the book is open
    if lock.exists():
        raise ExportError(t("export.locked", path=str(path)))
