"""值班表: the month's service days by date and village; [ and ] change month."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Label, Static

from deskui.i18n import t
from deskui.services.browse import DutyRow, roster_of_month
from deskui.tui.format import clip, weekday
from deskui.tui.screens.base import DeskPane
from deskui.tui.widgets.paged_table import PagedTable, Row

COLUMNS = (
    "date", "weekday", "village", "shift", "place", "status", "leader", "members", "signed",
)  # fmt: skip
STATUS_STYLE = {"取消": "muted", "顺延": "warning"}


class RosterPane(DeskPane):
    TITLE_KEY = "tui.tab.roster"
    PAGE = 10_000  # a month of one town: a few hundred rows at most
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "month(-1)", t("tui.key.prev_month"), id="roster.prev", key_display="["),
        Binding("right_square_bracket", "month(1)", t("tui.key.next_month"), id="roster.next", key_display="]"),
        Binding("ctrl+t", "this_month", t("tui.key.this_month"), id="roster.this_month"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__(id="roster-pane")
        self._year = 0
        self._month = 0

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-bar"):
            yield Label("", id="roster-title", classes="bar-title")
            yield Static("", id="roster-count", classes="pane-note")
        table = PagedTable(id="roster-table")
        for key in COLUMNS:
            table.add_column(t(f"tui.roster.col.{key}"), key=key)
        yield table

    def on_mount(self) -> None:
        today = self.desk.ctx.today()
        self._year, self._month = today.year, today.month
        super().on_mount()

    def load(self) -> None:
        year, month = self._year, self._month
        self.query_one("#roster-title", Label).update(t("tui.roster.title", y=year, m=month))
        self.fetch(lambda ctx: roster_of_month(ctx, year, month))

    def shown(self, result: Any, *, append: bool) -> None:
        super().shown(result, append=append)
        rows: list[DutyRow] = list(result)
        today = self.desk.ctx.today()
        upcoming = next((i for i, r in enumerate(rows) if r.date >= today), None)
        if upcoming is not None:
            self.table.move_cursor(row=upcoming, animate=False)
        planned = sum(1 for r in rows if r.status == "安排")
        self.query_one("#roster-count", Static).update(
            t("tui.roster.count", n=len(rows), planned=planned, other=len(rows) - planned)
        )

    def row_of(self, item: DutyRow) -> Row:
        status = item.status if not item.reason else f"{item.status}（{clip(item.reason, 10)}）"
        signed = f"{item.signed_in}/{item.on_duty}" if item.on_duty else ""
        cells = (
            f"{item.date.month:02d}-{item.date.day:02d}",
            weekday(item.weekday),
            item.village,
            item.shift,
            clip(item.place, 14),
            status,
            item.leader,
            clip(item.members, 20),
            signed,
        )
        return item.id, cells, STATUS_STYLE.get(item.status, "")

    def empty_text(self) -> str:
        return t("tui.roster.empty", y=self._year, m=self._month)

    def action_month(self, step: int) -> None:
        index = self._year * 12 + (self._month - 1) + step
        self._year, self._month = divmod(index, 12)
        self._month += 1
        self.load()

    def action_this_month(self) -> None:
        today = self.desk.ctx.today()
        self._year, self._month = today.year, today.month
        self.load()
