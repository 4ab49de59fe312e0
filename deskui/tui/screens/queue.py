"""接访队列: today's visitors in order of arrival, filtered as you type."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from deskui.i18n import t
from deskui.services.browse import VisitRow, visits_of_day
from deskui.tui.format import clip, clock, group
from deskui.tui.screens.base import DeskPane
from deskui.tui.widgets.paged_table import PagedTable, Row

COLUMNS = (
    "ticket", "name", "village", "group", "reason", "status",
    "official", "arrived", "called", "finished", "wait",
)  # fmt: skip
STATUS_STYLE = {"等候": "warning", "离开": "muted", "已办": "muted"}


class QueuePane(DeskPane):
    TITLE_KEY = "tui.tab.queue"
    PAGE = 1000  # one day's queue is shown whole
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "focus_filter", t("tui.key.filter"), id="queue.filter", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__(id="queue-pane")
        self._visits: list[VisitRow] = []

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=t("tui.queue.placeholder"), id="queue-filter")
        yield Static("", id="queue-count", classes="pane-note")
        table = PagedTable(id="queue-table")
        for key in COLUMNS:
            table.add_column(t(f"tui.queue.col.{key}"), key=key)
        yield table

    def load(self) -> None:
        day = self.desk.ctx.today()
        self.fetch(lambda ctx: visits_of_day(ctx, day))

    def shown(self, result: Any, *, append: bool) -> None:
        self._visits = list(result)
        self._show_filtered()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "queue-filter":
            self._show_filtered()

    def _matches(self, visit: VisitRow, text: str) -> bool:
        hay = (str(visit.ticket), visit.name, visit.village, visit.reason, visit.official)
        return any(text in h for h in hay)

    def _show_filtered(self) -> None:
        text = self.query_one("#queue-filter", Input).value.strip()
        rows = [v for v in self._visits if not text or self._matches(v, text)]
        self.table.reset([self.row_of(v) for v in rows], has_more=False)
        if not self._visits:
            self.show_empty(t("tui.queue.empty"))
        elif not rows:
            self.show_empty(t("tui.queue.no_match", text=text))
        else:
            self.show_empty(None)
        counts = {s: sum(1 for v in self._visits if v.status == s) for s in STATUS_STYLE}
        counts["接待中"] = sum(1 for v in self._visits if v.status == "接待中")
        self.query_one("#queue-count", Static).update(
            t(
                "tui.queue.count",
                total=len(self._visits),
                waiting=counts["等候"],
                serving=counts["接待中"],
                done=counts["已办"],
                left=counts["离开"],
            )
        )

    def row_of(self, item: VisitRow) -> Row:
        cells = (
            item.ticket,
            item.name,
            item.village,
            group(item.group_no),
            clip(item.reason, 18),
            item.status,
            item.official,
            clock(item.arrived_at),
            clock(item.called_at),
            clock(item.finished_at),
            t("tui.queue.minutes", n=item.wait_minutes),
        )
        return item.id, cells, STATUS_STYLE.get(item.status, "")

    def action_focus_filter(self) -> None:
        self.query_one("#queue-filter", Input).focus()

    def focus_main(self) -> None:
        self.table.focus()
