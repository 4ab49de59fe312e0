"""值班表: the month grid (rows = villages, columns = the month's service
dates; each cell who is on duty, 取消 or 顺延, and signed/expected), today's
duty at a glance, and the day's keys: sign-in, absence, substitute, the
month's attendance; [ and ] change month; T edits the selected village's
team and service place, O the town's service-day settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Label, Static

from deskui.domain import roster_rules as rules
from deskui.domain.dates import month_bounds
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.roster.view import (
    AttendanceRow,
    DayEntry,
    DutyLine,
    MonthGrid,
    attendance,
    count_lines,
    day_duty,
    month_grid,
)
from deskui.tui.format import clip
from deskui.tui.refusal import denied
from deskui.tui.tabs.base import DeskPane
from deskui.tui.tabs.roster.duty import DutyDialog
from deskui.tui.tabs.roster.generate import GenerateDialog
from deskui.tui.tabs.roster.holidays import open_holidays
from deskui.tui.tabs.roster.settings import RosterSettingsDialog
from deskui.tui.tabs.roster.team import TeamDialog
from deskui.tui.widgets.paged_table import PagedTable, Row

ATTENDANCE_COLS = ("name", "scheduled", "signed_in", "absent", "replaced", "stood_in")


@dataclass(frozen=True)
class RosterData:
    grid: MonthGrid
    today: list[DutyLine]
    attendance: list[AttendanceRow] | None


def cell_text(entries: tuple[DayEntry, ...]) -> str:
    parts = []
    for e in entries:
        if e.status == rules.CANCELLED:
            parts.append(t("roster.cell.cancelled"))
            continue
        people = [x.official for x in e.lines if not x.absent]  # a substitute has a line
        shift = "" if e.shift == rules.WHOLE else e.shift[0]
        moved = t("roster.cell.moved") if e.status == rules.MOVED else ""
        names = clip("、".join(people), 8)
        parts.append(f"{moved}{shift}{names} {e.signed}/{e.expected}")
    return " ".join(parts)


# Keys only some roles may use: (the action) → the permission its service requires.
ROLE_ACTIONS = {
    "generate": Perm.EDIT_ROSTER,
    "team": Perm.EDIT_ROSTER,
    "settings": Perm.ADMIN,  # the town's service days and holiday rule
}
# A duty key's permission (``duty('swap')``): 换班 rearranges the roster; the
# rest record what happened on the day.
DUTY_PERMS = {"swap": Perm.EDIT_ROSTER}


def _perm(action: str, parameters: tuple[object, ...]) -> Perm | None:
    if action == "duty" and parameters:
        return DUTY_PERMS.get(str(parameters[0]), Perm.SIGN_IN)
    return ROLE_ACTIONS.get(action)


class RosterPane(DeskPane):
    TITLE_KEY = "tui.tab.roster"
    can_focus = True  # keeps the keys working while the grid is hidden (empty month)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "month(-1)", t("tui.key.prev_month"), id="roster.prev", key_display="["),
        Binding("right_square_bracket", "month(1)", t("tui.key.next_month"), id="roster.next", key_display="]"),
        Binding("ctrl+t", "this_month", t("tui.key.this_month"), id="roster.this_month"),
        Binding("s", "duty('signin')", t("roster.tui.key.signin"), id="roster.signin"),
        Binding("a", "duty('absent')", t("roster.tui.key.absent"), id="roster.absent"),
        Binding("b", "duty('substitute')", t("roster.tui.key.substitute"), id="roster.substitute"),
        Binding("w", "duty('swap')", t("roster.tui.key.swap"), id="roster.swap"),
        Binding("x", "duty('withdraw')", t("roster.tui.key.withdraw"), id="roster.withdraw"),
        Binding("g", "generate", t("roster.tui.key.generate"), id="roster.generate"),
        Binding("v", "toggle_attendance", t("roster.tui.key.attendance"), id="roster.attendance"),
        Binding("h", "holidays", t("htui.key.open"), id="roster.holidays"),
        Binding("t", "team", t("rset.tui.key.team"), id="roster.team"),
        Binding("o", "settings", t("rset.tui.key.settings"), id="roster.settings"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__(id="roster-pane")
        self._year = 0
        self._month = 0
        self._attendance = False
        self._today: list[DutyLine] = []
        self._grid: Any = None  # the month shown (MonthGrid), for the selected day's lines
        self._villages: dict[str, str] = {}  # grid row key → village name

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-bar"):
            yield Label("", id="roster-title", classes="bar-title")
            yield Static("", id="roster-count", classes="pane-note")
        yield Static("", id="roster-today")
        yield PagedTable(id="roster-grid")

    def on_mount(self) -> None:
        today = self.desk.ctx.today()
        self._year, self._month = today.year, today.month
        # a cell cursor: the column under it is the day S/A/B/W/X act on
        self.query_one("#roster-grid", PagedTable).cursor_type = "cell"

    def load(self) -> None:
        year, month, with_attendance = self._year, self._month, self._attendance
        key = "roster.tui.attendance_title" if with_attendance else "tui.roster.title"
        self.query_one("#roster-title", Label).update(t(key, y=year, m=month))

        def fetch(ctx: Any) -> RosterData:
            rows = attendance(ctx, year, month) if with_attendance else None
            return RosterData(month_grid(ctx, year, month), day_duty(ctx, ctx.today()), rows)

        self.fetch(fetch)

    def shown(self, result: Any, *, append: bool) -> None:
        data: RosterData = result
        self._today = data.today
        self._grid = data.grid if data.attendance is None else None
        self._show_today(data.today)
        table = self.table
        keep = table.cursor_coordinate if table.row_count else None
        table.clear(columns=True)
        table.fixed_columns = 1  # the village (or the official) stays when scrolled right
        grid = data.grid
        if data.attendance is not None:
            for key in ATTENDANCE_COLS:
                table.add_column(t(f"roster.tui.col.{key}"), key=key)
            rows: list[Row] = [
                (
                    r.official_id,
                    (r.name, r.scheduled, r.signed_in, r.absent, r.replaced, r.stood_in),
                    "",
                )
                for r in data.attendance
            ]
            table.reset(rows, has_more=False)
            self.show_empty(
                None if rows else t("roster.tui.no_attendance", y=self._year, m=self._month)
            )
            return
        table.add_column(t("field.village"), key="village")
        for d in grid.dates:
            table.add_column(
                f"{d.month}-{d.day} {'一二三四五六日'[d.weekday()]}", key=d.isoformat()
            )
        rows = []
        self._villages = {str(vid): name for vid, name in grid.villages}
        for vid, name in grid.villages:
            entries = [grid.cells.get((vid, d), ()) for d in grid.dates]
            rows.append((vid, (name, *(cell_text(e) for e in entries)), ""))
        table.reset(rows, has_more=False)
        if keep is not None and keep.row < len(rows) and keep.column <= len(grid.dates):
            table.move_cursor(row=keep.row, column=keep.column, animate=False)  # stay on the day
        elif rows and grid.dates:
            self._open_on_this_week(grid.dates)
        planned = sum(1 for v in grid.cells.values() for e in v if e.status != rules.CANCELLED)
        other = sum(1 for v in grid.cells.values() for e in v if e.status == rules.CANCELLED)
        self.query_one("#roster-count", Static).update(
            t("roster.tui.count", days=len(grid.dates), planned=planned, other=other)
        )
        self.show_empty(None if grid.dates else t("tui.roster.empty", y=self._year, m=self._month))
        if not grid.dates and self.table.has_focus:
            self.focus()

    def _open_on_this_week(self, dates: tuple[dt.date, ...]) -> None:
        """First shown: today's column under the cursor (a service day), or
        the next service day's column scrolled into view (the cursor stays on
        the village, which means today), so this week is on screen at any
        width; the village column is fixed."""
        table = self.table
        today = self.desk.ctx.today()
        if today in dates:
            table.move_cursor(row=0, column=1 + dates.index(today), animate=False)
            return
        upcoming = [i for i, d in enumerate(dates) if d > today]
        if not upcoming:
            return
        columns = list(table.columns.values())
        x = sum(c.get_render_width(table) for c in columns[1 : 1 + upcoming[0]])
        table.call_after_refresh(table.scroll_to, x=x, animate=False)

    def _show_today(self, lines: list[DutyLine]) -> None:
        if not lines:
            text = t("roster.tui.today_none")
        else:
            counts = count_lines(lines)
            absent = [x.official for x in lines if x.absent]
            text = t(
                "roster.tui.today",
                n=counts.on_duty,
                signed=counts.signed,
                waiting=counts.waiting,
            )
            if absent:
                text += t("roster.tui.today_absent", names="、".join(absent[:6]))
        self.query_one("#roster-today", Static).update(text)

    def empty_text(self) -> str:
        return t("tui.roster.empty", y=self._year, m=self._month)

    def action_month(self, step: int) -> None:
        index = self._year * 12 + (self._month - 1) + step
        self._year, self._month = divmod(index, 12)
        self._month += 1
        self.load()
        self.refresh_bindings()  # Ctrl+T 本月 greys out on this month

    def action_this_month(self) -> None:
        today = self.desk.ctx.today()
        self._year, self._month = today.year, today.month
        self.load()
        self.refresh_bindings()

    def action_toggle_attendance(self) -> None:
        self._attendance = not self._attendance
        self.load()

    def _selected_day(self) -> tuple[dt.date, list[DutyLine]]:
        """The service day under the cursor (today when the cursor is on the
        village column or the grid is not shown) and its duty lines."""
        today = self.desk.ctx.today()
        grid = self._grid
        column = self.table.cursor_column if self.table.row_count else 0
        if grid is None or column < 1 or column > len(grid.dates):
            return today, self._today
        day = grid.dates[column - 1]
        lines = [
            x
            for (_, d), entries in grid.cells.items()
            if d == day
            for e in entries
            if e.status != rules.CANCELLED
            for x in e.lines
        ]
        return day, lines

    def action_duty(self, mode: str) -> None:
        ctx = self.desk.ctx
        day, lines = self._selected_day()
        if not lines:
            self.app.notify(t("roster.tui.day_none", date=day.isoformat()), severity="warning")
            return

        def done(text: str | None) -> None:
            if text:
                self.app.notify(text)
                self.load()

        self.app.push_screen(DutyDialog(ctx, mode, day, lines), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # What the role may not do is not offered (the footer, F1, Ctrl+P).
        perm = _perm(action, parameters)
        if perm is not None and not self.desk.ctx.actor.can(perm):
            return False
        if action == "this_month":
            today = self.desk.ctx.today()
            return (self._year, self._month) != (today.year, today.month) or None
        return True

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why the key does nothing: the role's refusal, said at once."""
        perm = _perm(action, parameters)
        why = denied(self.desk.ctx.actor, perm) if perm is not None else None
        if why is None and action == "this_month":
            return t("roster.tui.already_this_month")
        return why

    def action_generate(self) -> None:
        first = dt.date(self._year, self._month, 1)
        last = month_bounds(self._year, self._month)[1]

        def done(text: str | None) -> None:
            if text:
                self.app.notify(text)
                self.load()

        self.app.push_screen(GenerateDialog(self.desk.ctx, first, last), done)

    def _reload_after(self, text: str | None) -> None:
        if text:
            self.app.notify(text)
            self.load()

    def selected_village(self) -> str | None:
        """The village of the grid row under the cursor (None in the
        attendance view or an empty month)."""
        table = self.table
        if self._attendance or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._villages.get(str(key))

    def action_team(self) -> None:
        village = self.selected_village()
        if village is None:
            self.app.notify(t("rset.tui.no_village"), severity="warning")
            return
        villages = list(self._villages.values())
        self.app.push_screen(TeamDialog(self.desk.ctx, village, villages), self._reload_after)

    def action_settings(self) -> None:
        self.app.push_screen(RosterSettingsDialog(self.desk.ctx), self._reload_after)

    def action_holidays(self) -> None:
        open_holidays(self.desk, self._year)
