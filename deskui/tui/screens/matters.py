"""代办事项: matters by urgency; overdue rows in the error colour, due today
in the warning colour, with the days overdue or left."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Label, Select, Static

from deskui.i18n import t
from deskui.services.browse import MatterRow, list_matters
from deskui.tui.format import clip, group, short_date
from deskui.tui.screens.base import DeskPane, Fetch
from deskui.tui.widgets.paged_table import PagedTable, Row

STATES = ("未办结", "待办", "办理中", "已办结", "已销号", "不予受理", "全部")
COLUMNS = (
    "number", "applicant", "village", "content", "level", "state",
    "accepted", "due", "urgency", "first", "handler",
)  # fmt: skip
STYLE = {"overdue": "error", "due_today": "warning", "done": "muted"}


def urgency_text(row: MatterRow) -> str:
    if row.urgency == "no_due":
        return t("tui.matters.no_due")
    if row.urgency in ("overdue", "ok"):
        return t(f"urgency.{row.urgency}", days=row.days)
    return t(f"urgency.{row.urgency}")


class MattersPane(DeskPane):
    TITLE_KEY = "tui.tab.matters"
    PAGE = 100
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "next_state", t("tui.key.next_state"), id="matters.state"),
    ]

    def __init__(self) -> None:
        super().__init__(id="matters-pane")
        self._state = STATES[0]

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-bar"):
            yield Label(t("tui.matters.state_label"), classes="bar-label")
            yield Select(
                [(s, s) for s in STATES], value=STATES[0], allow_blank=False, id="matters-state"
            )
            yield Static("", id="matters-count", classes="pane-note")
        table = PagedTable(id="matters-table")
        for key in COLUMNS:
            table.add_column(t(f"tui.matters.col.{key}"), key=key)
        yield table

    def load(self) -> None:
        state, page = self._state, self.PAGE + 1
        self.fetch(lambda ctx: list_matters(ctx, state=state, limit=page))

    def more(self) -> Fetch | None:
        state, page, after = self._state, self.PAGE + 1, self._cursor
        return lambda ctx: list_matters(ctx, state=state, limit=page, after=after)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "matters-state" and event.value != self._state:
            self._state = str(event.value)
            self.load()

    def action_next_state(self) -> None:
        nxt = STATES[(STATES.index(self._state) + 1) % len(STATES)]
        self.query_one("#matters-state", Select).value = nxt

    def row_of(self, item: MatterRow) -> Row:
        village = f"{item.village}{group(item.group_no)}"
        year = self.desk.ctx.today().year
        handler = "" if item.handler == item.first_receiver else item.handler
        cells = (
            item.number,
            item.applicant,
            village,
            clip(item.content, 9),
            item.level,
            item.state,
            short_date(item.accepted_on, year),
            short_date(item.due_on, year),
            urgency_text(item),
            item.first_receiver,
            handler,
        )
        return item.id, cells, STYLE.get(item.urgency, "")

    def empty_text(self) -> str:
        return t("tui.matters.empty", state=self._state)

    def after_rows(self, count: int, *, append: bool) -> None:
        key = "tui.matters.count_more" if self.table.has_more else "tui.matters.count"
        self.query_one("#matters-count", Static).update(t(key, n=self.table.row_count))
