"""节假日安排 (issue 6): one year's days off (休) and make-up working days
(班) with their names and sources; [ and ] change year. The date field
follows the highlighted row (or takes a typed date); Ctrl+O / Ctrl+G mark it
休 / 班 with the name, Ctrl+L clears it, Ctrl+Y confirms the year is set,
Ctrl+F checks a CSV/XLSX file and, pressed again, imports it.

The date and the name are checked here with the domain's rules, next to
their fields; the services check the admin permission and their refusal is
shown as it comes. Everything touching the database runs in a worker with
its own connection. The screen returns whether anything changed, and
:func:`open_holidays` refreshes the desk (header notice, roster) after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from deskui.domain.dates import parse_date
from deskui.domain.errors import DomainError
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.domain.workdays import OFF, WORK
from deskui.i18n import t
from deskui.services.town.calendar import (
    NAME_MAX,
    HolidayRow,
    known_years,
    list_year,
    mark_year_set,
    set_day,
)
from deskui.services.town.holiday_import import import_holidays
from deskui.tui.format import weekday
from deskui.tui.refusal import denied
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.key_bar import KeyBar
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

COLUMNS = ("date", "weekday", "kind", "name", "source")
KINDS = {"off": OFF, "work": WORK}
FIELDS = ("date", "name", "file")
SOURCES = frozenset(f"htui.source.{s}" for s in ("chinesecalendar", "user", "import"))


@dataclass(frozen=True)
class Outcome:
    """What a change reports: the sentence, the year to show afterwards."""

    text: str
    year: int | None = None  # None: the year on screen
    changed: bool = True
    checked: str | None = None  # a file whose check (dry run) passed


Op = Callable[["ServiceContext"], Outcome]


@dataclass(frozen=True)
class YearView:
    """A year's calendar as the dialog shows it, after ``done`` (if any)."""

    year: int
    rows: list[HolidayRow]
    known: bool
    done: Outcome | None


def _year_after(ctx: ServiceContext, year: int, op: Op | None) -> YearView:
    """Apply ``op`` (if any), then read the year it names (else ``year``)."""
    done = op(ctx) if op is not None else None
    if done is not None and done.year is not None:
        year = done.year
    return YearView(year, list_year(ctx, year), year in known_years(ctx), done)


def open_holidays(desk: DeskApp, year: int) -> None:
    """Show the screen for ``year``; refresh the desk when something changed."""

    def done(changed: bool | None) -> None:
        if changed:
            desk.action_refresh()

    if not isinstance(desk.screen, HolidaysDialog):
        desk.push_screen(HolidaysDialog(year), done)


class HolidaysDialog(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "year(-1)", t("htui.key.prev_year"), id="holidays.prev", key_display="["),
        Binding("right_square_bracket", "year(1)", t("htui.key.next_year"), id="holidays.next", key_display="]"),
        Binding("ctrl+o", "mark('off')", t("htui.key.off"), id="holidays.off"),
        Binding("ctrl+g", "mark('work')", t("htui.key.work"), id="holidays.work"),
        Binding("ctrl+l", "clear_day", t("htui.key.clear"), id="holidays.clear"),
        Binding("ctrl+y", "year_set", t("htui.key.year_set"), id="holidays.year_set"),
        Binding("ctrl+f", "import_file", t("htui.key.import"), id="holidays.import"),
        Binding("escape", "close", t("htui.key.close"), id="holidays.close"),
    ]  # fmt: skip

    @dataclass
    class Loaded(ServiceDone):
        """The year shown after a change (``result``, a :class:`YearView`),
        or why the change was refused: on the error line of the field it
        names, else on ``field``'s."""

        serial: int = 0
        field: str = "message"

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year
        self.rows: list[HolidayRow] = []
        self.changed = False
        self._checked: str | None = None  # the file whose dry run passed
        self._focus_date: dt.date | None = None
        self._serial = 0

    # Changing the calendar is for administrators; anyone may read it.
    ADMIN_ACTIONS = frozenset({"mark", "clear_day", "year_set", "import_file"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ADMIN_ACTIONS:
            return self.desk.ctx.actor.can(Perm.ADMIN)
        return True

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a key of the calendar does nothing (said in the status line)."""
        if action in self.ADMIN_ACTIONS:
            return denied(self.desk.ctx.actor, Perm.ADMIN)
        return None

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="hol-box") as box:
            box.border_title = t("htui.title")
            with Horizontal(classes="hol-bar"):
                yield Label("", id="hol-title")
                yield Static("", id="hol-state")
            yield DataTable(id="hol-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="hol-count")
            with Horizontal(classes="hol-form"):
                with Vertical(classes="hol-field"):
                    yield Label(t("htui.date"), classes="field-label")
                    yield LineInput("", id="hol-date")
                    yield FieldError("date")
                with Vertical(classes="hol-field"):
                    yield Label(t("htui.name"), classes="field-label")
                    yield LineInput("", id="hol-name", max_length=NAME_MAX)
                    yield FieldError("name")
            yield Label(t("htui.file"), classes="field-label")
            yield LineInput("", placeholder=t("htui.file_hint"), id="hol-file")
            yield FieldError("file")
            yield Static("", id="hol-message")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#hol-table", DataTable)
        for key in COLUMNS:
            table.add_column(t(f"htui.col.{key}"), key=key)
        table.focus()
        self._start(None)

    # ------------------------------------------------------------ the worker

    def _start(self, op: Op | None, *, field: str = "message") -> None:
        self._clear_errors()
        if op is not None:
            self._say(t("htui.working"))
        self._serial += 1
        year = self.year
        run_service(
            self,
            lambda ctx: _year_after(ctx, year, op),
            group="holidays",
            done=partial(self.Loaded, serial=self._serial, field=field),
        )

    def on_holidays_dialog_loaded(self, message: HolidaysDialog.Loaded) -> None:
        exc = message.error
        if exc is not None:
            self._say("")
            self._checked = None
            self._error(exc.field if exc.field in FIELDS else message.field, str(exc))
            return
        view: YearView = message.result
        done = view.done
        if done is not None:
            self.changed = self.changed or done.changed
            self._checked = done.checked
        if message.serial != self._serial:
            return  # the clerk has moved on (another year, another change)
        self.year = view.year
        self.rows = view.rows
        self.query_one("#hol-title", Label).update(t("htui.year_title", year=view.year))
        state = self.query_one("#hol-state", Static)
        state.update(t("htui.year_set" if view.known else "htui.year_unset"))
        state.set_class(not view.known, "-unset")
        self._fill(view.rows)
        self._say(done.text if done is not None else "")

    def _fill(self, rows: list[HolidayRow]) -> None:
        table = self.query_one("#hol-table", DataTable)
        table.clear()
        for r in rows:
            source = f"htui.source.{r.source}"
            table.add_row(
                r.date.isoformat(),
                weekday(r.date.isoweekday()),
                r.kind,
                r.name,
                t(source) if source in SOURCES else r.source,
                key=r.date.isoformat(),
            )
        off = sum(1 for r in rows if r.kind == OFF)
        count = t("htui.count", n=len(rows), off=off, work=len(rows) - off)
        self.query_one("#hol-count", Static).update(
            count if rows else t("htui.none", year=self.year)
        )
        if self._focus_date is not None:
            dates = [r.date for r in rows]
            if self._focus_date in dates:
                table.move_cursor(row=dates.index(self._focus_date), animate=False)
            self._focus_date = None

    # ------------------------------------------------------------ the fields

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if not event.data_table.has_focus or not 0 <= event.cursor_row < len(self.rows):
            return
        row = self.rows[event.cursor_row]
        self.query_one("#hol-date", Input).value = row.date.isoformat()
        self.query_one("#hol-name", Input).value = row.name

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "hol-file":
            self._checked = None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "hol-file":
            self.action_import_file()
        elif event.input.id == "hol-date":
            self.query_one("#hol-name", Input).focus()

    def _clear_errors(self) -> None:
        for name in FIELDS:
            self.query_one(f"#err-{name}", FieldError).show("")

    def _error(self, field: str, text: str) -> None:
        if field in FIELDS:
            self.query_one(f"#err-{field}", FieldError).show(text)
        else:
            self._say(text, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        note = self.query_one("#hol-message", Static)
        note.update(text)
        note.set_class(error, "-error")

    def _day(self) -> dt.date | None:
        """The date in the field, or None with the reason shown beside it."""
        try:
            text = self.query_one("#hol-date", Input).value
            return parse_date(text, field="date", label=t("htui.date_label"))
        except DomainError as exc:
            self._error("date", str(exc))
            return None

    def _changes(self, day: dt.date, op: Op) -> None:
        """Run a change of ``day``; its year is shown afterwards."""
        self._focus_date = day
        self._start(op)

    # ------------------------------------------------------------- actions

    def action_year(self, step: int) -> None:
        self.year += step
        for field in ("#hol-date", "#hol-name"):  # the highlighted row fills them again
            self.query_one(field, Input).value = ""
        self._start(None)

    def action_mark(self, kind: str) -> None:
        self._clear_errors()
        day = self._day()
        try:
            name = clean_text(
                self.query_one("#hol-name", Input).value,
                field="name",
                label=t("calendar.name_label"),
                max_len=NAME_MAX,
                required=True,
            )
        except DomainError as exc:
            self._error("name", str(exc))
            return
        if day is None:
            return
        done = "htui.marked_off" if kind == "off" else "htui.marked_work"

        def op(ctx: ServiceContext) -> Outcome:
            set_day(ctx, day, KINDS[kind], name)
            return Outcome(t(done, date=day.isoformat(), name=name), day.year)

        self._changes(day, op)

    def action_clear_day(self) -> None:
        self._clear_errors()
        day = self._day()
        if day is None:
            return

        def op(ctx: ServiceContext) -> Outcome:
            had = any(r.date == day for r in list_year(ctx, day.year))
            set_day(ctx, day, None)
            key = "htui.cleared" if had else "htui.nothing_to_clear"
            return Outcome(t(key, date=day.isoformat()), day.year, changed=had)

        self._changes(day, op)

    def action_year_set(self) -> None:
        year = self.year

        def op(ctx: ServiceContext) -> Outcome:
            mark_year_set(ctx, year)
            return Outcome(t("htui.marked_year", year=year), year)

        self._start(op)

    def action_import_file(self) -> None:
        self._clear_errors()
        text = self.query_one("#hol-file", Input).value.strip()
        if not text:
            self._error("file", t("htui.file_required"))
            return
        path = Path(text).expanduser()
        confirmed = self._checked == text

        def op(ctx: ServiceContext) -> Outcome:
            result = import_holidays(ctx, path, dry_run=not confirmed)
            years = "、".join(str(y) for y in result.years)
            if result.dry_run:
                n = len(result.rows)
                return Outcome(t("htui.checked", n=n, years=years), changed=False, checked=text)
            done = t("htui.imported", years=years, added=result.added, updated=result.updated)
            return Outcome(done, result.years[0])

        self._start(op, field="file")

    def action_close(self) -> None:
        self.dismiss(self.changed)
