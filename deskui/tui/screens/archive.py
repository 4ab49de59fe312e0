"""民情档案: search households by name, pinyin initials, phone or ID tail,
or ``3组``; the list searches as you type (debounced) and pages on scroll."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Input, Static

from deskui.i18n import t
from deskui.services.browse import HouseholdRow, search_households
from deskui.tui.format import clip, group
from deskui.tui.screens.base import DeskPane, Fetch
from deskui.tui.widgets.paged_table import PagedTable, Row

DEBOUNCE = 0.15
COLUMNS = ("village", "group", "code", "head", "matched", "size", "phone", "liaison", "tags")


class ArchivePane(DeskPane):
    TITLE_KEY = "tui.tab.archive"
    # priority: run before the keys typed right after them reach the input
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "focus_search", t("tui.key.search"), id="archive.search", priority=True),
        Binding(
            "ctrl+l", "clear_search", t("tui.key.clear_search"), id="archive.clear", priority=True
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="archive-pane")
        self._timer: Timer | None = None
        self._text = ""

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=t("tui.archive.placeholder"), id="archive-search")
        yield Static("", id="archive-count", classes="pane-note")
        table = PagedTable(id="archive-table")
        for key in COLUMNS:
            table.add_column(t(f"tui.archive.col.{key}"), key=key)
        yield table

    def focus_main(self) -> None:
        self.query_one("#archive-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "archive-search":
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._search_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "archive-search":
            self._search_now()
            self.table.focus()

    def _search_now(self) -> None:
        self._timer = None
        self.load()

    def load(self) -> None:
        text = self.query_one("#archive-search", Input).value
        self._text = text
        page = self.PAGE + 1
        self.fetch(lambda ctx: search_households(ctx, text, limit=page))

    def more(self) -> Fetch | None:
        text, after, page = self._text, self._cursor, self.PAGE + 1
        return lambda ctx: search_households(ctx, text, limit=page, after=after)

    def row_of(self, item: HouseholdRow) -> Row:
        cells = (
            item.village,
            group(item.group_no),
            item.code,
            item.head_name,
            clip(item.matched, 8),
            item.size,
            item.phone,
            item.liaison,
            clip(item.tags, 16),
        )
        return item.id, cells, ""

    def empty_text(self) -> str:
        if self._text.strip():
            return t("tui.archive.no_match", text=self._text.strip())
        return t("tui.archive.empty")

    def after_rows(self, count: int, *, append: bool) -> None:
        shown = self.table.row_count
        key = "tui.archive.count_more" if self.table.has_more else "tui.archive.count"
        self.query_one("#archive-count", Static).update(t(key, n=shown))

    def action_focus_search(self) -> None:
        self.query_one("#archive-search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#archive-search", Input)
        search.value = ""
        search.focus()
        self._search_now()
