"""统计: the month's figures per village or per official (the same numbers the
statistics sheet prints, rates from :mod:`deskui.domain.rates`), and a bar
chart of visitors received and matters accepted by service day."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Static
from textual.widgets.data_table import ColumnKey

from deskui.domain.dates import weekday_name
from deskui.domain.rates import STAT_COLUMNS, Counts
from deskui.i18n import t
from deskui.services.figures.month import DayBar, FigureRow, MonthFigures, month_figures
from deskui.tui.tabs.base import DeskPane
from deskui.tui.widgets.paged_table import PagedTable, Row

VILLAGE, OFFICIAL = "village", "official"
BAR_WIDTH = 40
VISIT_BLOCK, MATTER_BLOCK = "█", "▒"


def cells(counts: Counts) -> tuple[str, ...]:
    return tuple(col.text(counts) for col in STAT_COLUMNS)


def chart(days: tuple[DayBar, ...], width: int = BAR_WIDTH) -> Text:
    """Two bars a service day: visitors (█) and matters (▒), scaled together."""
    text = Text()
    if not days:
        return Text(t("tui.stats.chart_empty"))
    top = max(max(d.visits, d.matters) for d in days) or 1
    text.append(t("tui.stats.chart_title") + "\n", style="bold")
    for d in days:
        label = f"{d.date:%m-%d} {weekday_name(d.date)} "
        for block, n in ((VISIT_BLOCK, d.visits), (MATTER_BLOCK, d.matters)):
            size = round(n / top * width)
            bar = block * size if size or not n else block
            text.append(label)
            text.append(f"{bar:<{width}}", style="bold" if block == VISIT_BLOCK else "")
            text.append(f" {n}\n")
            label = " " * cell_len(label)
    return text


class StatsPane(DeskPane):
    TITLE_KEY = "tui.tab.stats"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "month(-1)", t("tui.stats.prev"), id="stats.prev"),
        Binding("right_square_bracket", "month(1)", t("tui.stats.next"), id="stats.next"),
        Binding("v", "toggle_view", t("tui.stats.view"), id="stats.view"),
    ]

    def __init__(self) -> None:
        super().__init__(id="stats-pane")
        self._month: tuple[int, int] | None = None  # the current month, once mounted
        self._view = VILLAGE
        self._figures: MonthFigures | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-bar"):
            yield Static("", id="stats-heading", classes="bar-title")
        table = PagedTable(id="stats-table")
        table.fixed_columns = 1  # the village or official stays when scrolled right
        table.add_column(t("stats.unit"), key="name")
        for i, col in enumerate(STAT_COLUMNS):
            table.add_column(col.header, key=f"c{i}")
        yield table
        yield Static("", id="stats-chart")

    @property
    def month(self) -> tuple[int, int]:
        if self._month is None:
            today = self.desk.ctx.today()
            self._month = (today.year, today.month)
        return self._month

    def load(self) -> None:
        month = self.month
        self.fetch(lambda ctx: month_figures(ctx, month))

    def shown(self, result: Any, *, append: bool) -> None:
        self._figures = result
        self._show()

    def _show(self) -> None:
        fig = self._figures
        if fig is None:
            return
        village = self._view == VILLAGE
        rows: tuple[FigureRow, ...] = fig.villages if village else fig.officials
        total = fig.village_total if village else fig.official_total
        table_rows: list[Row] = []
        for r in rows:
            name = r.name + (t("stats.flag_short") if r.flagged and not village else "")
            style = "error" if r.flagged and not village else ""
            table_rows.append((r.id, (name, *cells(r.counts)), style))
        table_rows.append((0, (t("stats.total"), *cells(total)), "muted"))
        self.table.reset(table_rows, has_more=False)
        self.table.columns[ColumnKey("name")].label = Text(
            t("stats.unit" if village else "stats.name")
        )
        view = t(f"tui.stats.view_{self._view}")
        p = fig.period
        heading = t("tui.stats.heading", year=p.year, month=p.month, as_of=p.as_of, view=view)
        if fig.empty:  # the zero figures stay on screen: an empty month is still a month
            heading += "  " + t("tui.stats.empty", year=p.year, month=p.month)
        self.query_one("#stats-heading", Static).update(heading)
        self.query_one("#stats-chart", Static).update(chart(fig.days))
        self.show_empty(None)

    def action_month(self, step: int) -> None:
        year, month = self.month
        index = year * 12 + (month - 1) + step
        today = self.desk.ctx.today()
        if index > today.year * 12 + today.month - 1:
            self.app.bell()
            return
        self._month = (index // 12, index % 12 + 1)
        self.load()

    def action_toggle_view(self) -> None:
        self._view = OFFICIAL if self._view == VILLAGE else VILLAGE
        self._show()
