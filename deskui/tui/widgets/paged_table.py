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
from typing import ClassVar

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

Row = tuple[object, Sequence[object], str]  # key, cells, style name ('' = plain)

NEAR_END = 3  # ask for the next page this many rows before the end


class PagedTable(DataTable[object]):
    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        "paged--error",
        "paged--warning",
        "paged--muted",
    }

    class NeedMore(Message):
        """The table shows its last rows and more exist."""

        def __init__(self, table: PagedTable) -> None:
            super().__init__()
            self.table = table

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
        for key, cells, style_name in rows:
            if style_name:
                style = self.get_component_rich_style(f"paged--{style_name}", partial=True)
                shown = [Text(str(c), style=style) for c in cells]
                self.add_row(*shown, key=str(key))
            else:
                self.add_row(*(str(c) for c in cells), key=str(key))
        # Column widths settle after the rows land; repaint once they have,
        # or a table filled while its tab was opening keeps its header widths.
        self.call_after_refresh(self._repaint)

    def _repaint(self) -> None:
        # DataTable caches rendered header cells by an update counter that a
        # width change does not always bump: drop the caches, then repaint.
        self._clear_caches()
        self.refresh()

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
