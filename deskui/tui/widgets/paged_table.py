"""A DataTable that holds one page at a time and asks for more at the end.

The table never receives the whole result: the pane fills it with the first
page (``reset``) and, when the cursor or the scroll reaches the last rows,
the table posts :class:`PagedTable.NeedMore` once; the pane fetches the next
keyset page in a worker and hands it to ``extend``. PageDown moves the cursor
a screen at a time, so paging down walks through the pages.

Row styles come from the component classes (``paged--error``,
``paged--warning``, ``paged--muted``) styled in the .tcss file with theme
variables; a row is given one of them by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeGuard, cast

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.coordinate import Coordinate
from textual.css.styles import RenderStyles
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

Row = tuple[object, Sequence[object], str]  # key, cells, style name ('' = plain)

NEAR_END = 3  # ask for the next page this many rows before the end


class PagedTable(DataTable[object]):
    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        "paged--error",
        "paged--warning",
        "paged--muted",
    }

    @dataclass
    class NeedMore(Message):
        """The table shows its last rows and more exist."""

        table: PagedTable

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.has_more = False
        self._asked = False

    def reset(self, rows: Iterable[Row], *, has_more: bool) -> None:
        """Show a fresh first page."""
        self.clear()
        self._add(rows)
        self.has_more = has_more
        self._asked = False
        self.move_cursor(row=0, animate=False)
        self.scroll_home(animate=False)

    def extend(self, rows: Iterable[Row], *, has_more: bool) -> None:
        """Append the next page below the rows already shown."""
        self._add(rows)
        self.has_more = has_more
        self._asked = False

    def _add(self, rows: Iterable[Row]) -> None:
        # Every cell becomes a plain Text: a bare str would be parsed as Rich
        # markup by the DataTable, so a note reading "[/]" would crash the
        # desk and "[b]" would vanish from a villager's name.
        for key, cells, style_name in rows:
            style = (
                self.get_component_rich_style(f"paged--{style_name}", partial=True)
                if style_name
                else ""
            )
            self.add_row(*(Text(str(c), style=style, end="") for c in cells), key=str(key))
        # Measure the new rows now instead of when the table is next idle, so
        # the first paint already has the final column widths: one paint a
        # page instead of two, and no columns jumping under the clerk's eyes.
        new_rows = list(self._new_rows)
        self._new_rows.clear()
        self._require_update_dimensions = False
        self._update_dimensions(self._measure_plain(new_rows))
        # The DataTable keys its caches (the header's too) by this counter; a
        # width change alone does not bump it, so stale header widths stayed.
        self._update_count += 1
        self.refresh()

    def _measure_plain(self, row_keys: list[RowKey]) -> list[RowKey]:
        """Widen the columns for rows of plain one-line cells by their cell
        lengths (what Rich's measuring gives for them, at a tenth of the
        cost: it was a third of putting a search result on screen), and
        return the other rows for the DataTable to measure its own way."""
        columns = self.ordered_columns
        others: list[RowKey] = []
        for row_key in row_keys:
            row = self.rows.get(row_key)
            data = self._data.get(row_key)
            if row is None or data is None or row.label is not None or row.auto_height:
                others.append(row_key)
                continue
            cells = [data.get(column.key) for column in columns]
            if not all(_plain(cell) for cell in cells):
                others.append(row_key)
                continue
            for column, cell in zip(columns, cells, strict=True):
                width = cast(Text, cell).cell_len
                if width > column.content_width:
                    column.content_width = width
        return others

    # One paint computes the table's own style and the zebra row styles once,
    # not once a line: the DataTable asks for them per line and per row, and
    # each costs a walk up the DOM (a quarter of a paint when profiled).
    _paint_styles: dict[object, Any] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._paint_styles = None

    @property
    def rich_style(self) -> Style:
        styles = self._paint_styles
        if styles is None:
            return super().rich_style
        if "self" not in styles:
            styles["self"] = super().rich_style
        return cast(Style, styles["self"])

    @property
    def background_colors(self) -> tuple[Color, Color]:
        styles = self._paint_styles
        if styles is None:
            return super().background_colors
        if "background" not in styles:
            styles["background"] = super().background_colors
        return cast("tuple[Color, Color]", styles["background"])

    def get_component_styles(self, *names: str) -> RenderStyles:
        styles = self._paint_styles
        if styles is None:
            return super().get_component_styles(*names)
        key = ("component", names)
        if key not in styles:
            styles[key] = _PaintedStyles(super().get_component_styles(*names))
        return cast(RenderStyles, styles[key])

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        styles = self._paint_styles
        if styles is None or row_index < self.fixed_rows:
            return super()._get_row_style(row_index, base_style)
        key = ("row", row_index % 2 if self.zebra_stripes else None, base_style)
        if key not in styles:
            styles[key] = super()._get_row_style(row_index, base_style)
        return cast(Style, styles[key])

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """One data cell as one line of segments, without Rich's layout engine.

        The DataTable renders each cell through ``Console.render_lines`` with
        padding and wrapping: ~0.5 ms a cell, so 300 visible cells took most
        of the 100 ms between a search result and its rows on screen
        (profiled on the county demo). Our cells are one-line plain texts, so
        cropping and padding them to the column width is all that is needed;
        the styles, the cursor and the click metadata are the DataTable's own.
        Headers, row labels and any other cell go the DataTable's way."""
        row_key = self._row_locations.get_key(row_index) if row_index >= 0 else None
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row_key is None or column_key is None or row is None or row.height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cell = self._data[row_key].get(column_key)
        if not _plain(cell):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        styles = self._cell_styles(fixed, hover, cursor)
        return [self._plain_cell(cell, row_index, column_index, width, base_style, styles)]

    def _cell_styles(self, fixed: bool, hover: bool, cursor: bool) -> tuple[Style, Style]:
        return self._get_styles_to_render_cell(
            False,
            False,
            fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )

    def _plain_cell(
        self,
        cell: Text,
        row_index: int,
        column_index: int,
        width: int,
        base_style: Style,
        styles: tuple[Style, Style],
    ) -> list[Segment]:
        component_style, post_style = styles
        # The styles shared by many cells are summed once a paint; only the
        # per-cell click metadata is added fresh.
        own = cell.style if isinstance(cell.style, Style) else Style.parse(cell.style or "none")
        sums = self._paint_styles if self._paint_styles is not None else {}
        key = ("cell", base_style, component_style, post_style, own)
        if key not in sums:
            prefix = base_style + component_style
            sums[key] = (prefix + post_style, prefix + own + post_style)
        pad_base, text_base = sums[key]
        meta = Style.from_meta({"row": row_index, "column": column_index})
        pad_style, text_style = pad_base + meta, text_base + meta
        padding = self.cell_padding
        inner = max(width - 2 * padding, 0)
        body = set_cell_size(cell.plain, inner)
        return [
            Segment(" " * padding, pad_style),
            Segment(body, text_style),
            Segment(" " * (width - padding - inner), pad_style),
        ]

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """A data row of plain one-line cells, worked out once for the row:
        the DataTable asks, cell by cell, whether the cursor is on it, which
        styles apply and where the cell is (a third of a search's paint when
        profiled). Anything else — the header, labels, fixed columns, a cell
        cursor, a cell with markup — goes the DataTable's way."""
        found = self._row_locations.get(row_key)
        row_index = -1 if found is None else found
        row = self.rows.get(row_key)
        data = self._data.get(row_key)
        if (
            row_index < self.fixed_rows
            or row is None
            or row.height != 1
            or data is None
            or self.cursor_type != "row"
            or self.fixed_columns
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        columns = self.ordered_columns
        cells = [data.get(column.key) for column in columns]
        if not all(_plain(cell) for cell in cells):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cursor = cursor_location.row == row_index
        hover = hover_location.row == row_index
        row_style = self._get_row_style(row_index, base_style)
        styles = self._cell_styles(False, hover, cursor)
        line: list[list[Segment]] = []
        used = 0
        for column_index, (column, cell) in enumerate(zip(columns, cells, strict=True)):
            width = column.get_render_width(self)
            used += width
            line.append(
                self._plain_cell(
                    cast(Text, cell), row_index, column_index, width, row_style, styles
                )
            )
        # the rest of the width, styled as the DataTable does for a row cursor
        extend, _ = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            False, False,
        )  # fmt: skip
        extend_style = row_style + extend
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        remaining = max(0, self.size.width - used - self._row_label_column_width)
        line.append([Segment(" " * remaining, extend_style)])
        pair: tuple[list[list[Segment]], list[list[Segment]]] = ([], line)
        self._row_render_cache[cache_key] = pair
        return pair

    def _maybe_ask(self) -> None:
        if self.has_more and not self._asked and self.row_count:
            self._asked = True
            self.post_message(self.NeedMore(self))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.row_count - NEAR_END:
            self._maybe_ask()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.max_scroll_y and new_value >= self.max_scroll_y - NEAR_END:
            self._maybe_ask()


def _plain(cell: object) -> TypeGuard[Text]:
    """A one-line Text without markup spans or control characters."""
    return isinstance(cell, Text) and not cell.spans and cell.plain.isprintable()


class _PaintedStyles:
    """A component's styles for the length of one paint: the Rich style is
    worked out once (each lookup walks the DOM), the rest is the real thing."""

    def __init__(self, styles: RenderStyles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self._styles, name)
