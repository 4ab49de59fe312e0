"""接访队列: one village's visitors today in order of arrival — intake
(取号登记), call next (叫号), the outcome with one key each, the day's
figures. Other desks' calls show up within a poll (every 1.5 s the pane asks
the cheap :func:`waiting_since` whether anything changed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from deskui.domain.queue_rules import DayFigures, Outcome, Status
from deskui.i18n import t
from deskui.services.queue import rows as queue_rows
from deskui.services.queue.rows import QueueToken, VisitRow
from deskui.services.queue.view import QueueView, queue_view
from deskui.tui.format import clip, clock, group, long_date
from deskui.tui.tabs.queue.actions import QueueActions
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.widgets.paged_table import PagedTable, Row
from deskui.tui.widgets.picker import Picker
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    pass

# What the desk needs first comes first (it is what 80 columns show):
# who, their state, how long they have waited, what came of it.
COLUMNS = (
    "ticket", "name", "status", "wait", "outcome", "reason",
    "village", "group", "official", "arrived", "called", "finished",
)  # fmt: skip
# Being served, then waiting (by ticket), then the rest: a served visitor
# never pushes the waiting ones off the screen.
STATUS_RANK = {Status.SERVING.value: 0, Status.WAITING.value: 1}
STATUS_STYLE = {
    Status.WAITING.value: "warning",
    Status.LEFT.value: "muted",
    Status.DONE.value: "muted",
}
POLL_SECONDS = 1.5
OUTCOME_KEYS = {
    "1": Outcome.ANSWERED,
    "2": Outcome.POLICY,
    "3": Outcome.MATTER,
    "4": Outcome.DISPUTE,
    "5": Outcome.REFUSED,
    "6": Outcome.LEFT,
}


class QueuePane(QueueActions):
    TITLE_KEY = "tui.tab.queue"
    PAGE = 1000  # one village's day is shown whole
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "intake", t("queue_tui.key.intake"), id="queue.intake", priority=True),
        Binding("f8", "call_next", t("queue_tui.key.call"), id="queue.call", priority=True),
        Binding("f9", "call_chosen", t("queue_tui.key.call_chosen"), id="queue.call_chosen"),
        *(
            Binding(
                key,
                f"outcome('{o.name}')",
                t(f"queue_tui.key.{o.name.lower()}"),
                id=f"queue.outcome.{o.name.lower()}",
            )
            for key, o in OUTCOME_KEYS.items()
        ),
        # Ctrl+E is the desk-wide export dialog; the day's log has its own key.
        Binding("ctrl+b", "export", t("queue_tui.key.export"), id="queue.export"),
        Binding("ctrl+w", "home_visit", t("queue_tui.key.home_visit"), id="queue.home_visit"),
        Binding(
            "ctrl+f",
            "focus_filter",
            t("tui.key.filter"),
            id="queue.filter",
            priority=True,
            show=False,
        ),
        Binding(
            "ctrl+l", "clear_filter", t("tui.key.clear_search"), id="queue.clear", priority=True
        ),
        Binding(
            "ctrl+g", "pick_village", t("queue_tui.key.village"), id="queue.village", show=False
        ),
        Binding(
            "ctrl+o", "pick_official", t("queue_tui.key.official"), id="queue.official", show=False
        ),
    ]

    @dataclass
    class Polled(ServiceDone):
        """The poll's answer: has another desk changed the queue (``result``)?"""

    # ---------------------------------------------------------------- layout

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-bar", id="queue-bar"):
            yield Label(t("queue_tui.village_label"), classes="bar-label")
            yield Picker(title=t("queue_tui.village_label"), id="queue-village")
            yield Label(t("queue_tui.official_label"), classes="bar-label")
            yield Picker(
                title=t("queue_tui.official_label"),
                prompt=t("queue_tui.no_official"),
                id="queue-official",
            )
            yield Static("", id="queue-day", classes="pane-note")
        yield Static("", id="queue-serving", classes="pane-note")
        yield Static("", id="queue-figures", classes="pane-note")
        yield LineInput(placeholder=t("tui.queue.placeholder"), id="queue-filter")
        yield Static("", id="queue-count", classes="pane-note")
        table = PagedTable(id="queue-table")
        for key in COLUMNS:
            label = t("queue_tui.col.outcome") if key == "outcome" else t(f"tui.queue.col.{key}")
            table.add_column(label, key=key)
        yield table

    def on_mount(self) -> None:
        self._missed_poll = False
        self.set_interval(POLL_SECONDS, self._poll)

    # --------------------------------------------------------------- loading

    def load(self) -> None:
        village_id = self._village_id
        self.fetch(lambda ctx: queue_view(ctx, village_id))

    def shown(self, result: Any, *, append: bool) -> None:
        view: QueueView = result
        self._view = view
        self._village_id = view.day.village_id if view.day else None
        self._fill_selects(view)
        self._show_day(view)
        self._show_serving(view)
        self._show_figures(view.figures)
        self._show_filtered()

    def _fill_selects(self, view: QueueView) -> None:
        # Setting a picker's options or value from code posts no Changed.
        villages = self.query_one("#queue-village", Picker)
        options = [
            (t("queue_tui.village_today", name=v.name) if v.service_today else v.name, v.id)
            for v in view.villages
        ]
        if villages.options != options:
            villages.set_options(options)
        if self._village_id is not None and villages.value != self._village_id:
            villages.value = self._village_id
        officials = self.query_one("#queue-official", Picker)
        team = [(f"{m.name}（{m.role}）" if m.role else m.name, m.official_id) for m in view.team]
        ids = [m.official_id for m in view.team]
        if officials.options != team:
            officials.set_options(team)
            mine = self.desk.ctx.actor.official_id
            if self._official_id not in ids:
                self._official_id = mine if mine in ids else (ids[0] if ids else None)
        if officials.value != self._official_id:
            officials.value = self._official_id

    def _show_day(self, view: QueueView) -> None:
        note = self.query_one("#queue-day", Static)
        day = view.day
        if day is None:
            note.update(t("queue_tui.no_villages"))
        elif day.service_today:
            place = t("queue_tui.day_place", place=day.place) if day.place else ""
            note.update(t("queue_tui.day_on", village=day.village, shift=day.shift, place=place))
        elif day.next_day is not None:
            note.update(
                t("queue_tui.day_off_next", village=day.village, date=long_date(day.next_day))
            )
        else:
            note.update(t("queue_tui.day_off_none", village=day.village))
        note.set_class(bool(day and not day.service_today), "-off")

    def _show_serving(self, view: QueueView) -> None:
        serving = [r for r in view.rows if r.status == Status.SERVING.value]
        text = "；".join(
            t(
                "queue_tui.serving_one",
                ticket=r.ticket,
                name=r.name,
                official=r.official,
                minutes=r.serve_minutes or 0,
            )
            for r in serving
        )
        line = t("queue_tui.serving", who=text) if text else t("queue_tui.serving_none")
        self.query_one("#queue-serving", Static).update(line)

    def _show_figures(self, f: DayFigures) -> None:
        wait = (
            t("queue_tui.avg_minutes", n=f.avg_wait_minutes)
            if f.avg_wait_minutes is not None
            else t("common.dash")
        )
        self.query_one("#queue-figures", Static).update(
            t(
                "queue_tui.figures",
                registered=f.registered,
                waiting=f.waiting,
                received=f.received,
                answered=f.answered,
                matters=f.matters,
                disputes=f.disputes,
                refused=f.refused,
                left=f.left,
                wait=wait,
            )
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "queue-filter":
            self._show_filtered()
            self.refresh_bindings()  # Ctrl+L greys out with no filter

    def _matches(self, visit: VisitRow, text: str) -> bool:
        hay = (str(visit.ticket), visit.name, visit.village, visit.reason, visit.official)
        return any(text in h for h in hay)

    def _show_filtered(self) -> None:
        rows = list(self._view.rows) if self._view else []
        text = self.query_one("#queue-filter", Input).value.strip()
        shown = sorted(
            (v for v in rows if not text or self._matches(v, text)),
            key=lambda v: (STATUS_RANK.get(v.status, 2), v.ticket),
        )
        table = self.table
        keep = self._focus_visit or self._highlighted_id()
        table.reset([self.row_of(v) for v in shown], has_more=False)
        ids = [v.id for v in shown]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        self._focus_visit = None
        village = self._view.day.village if self._view and self._view.day else ""
        if not rows:
            self.show_empty(t("queue_tui.empty", village=village))
        elif not shown:
            self.show_empty(t("tui.queue.no_match", text=text))
        else:
            self.show_empty(None)
        count = {s: sum(1 for v in rows if v.status == s.value) for s in Status}
        filtered = t("tui.queue.filtered", n=len(shown)) if text and shown else ""
        self.query_one("#queue-count", Static).update(
            t(
                "tui.queue.count",
                total=len(rows),
                waiting=count[Status.WAITING],
                serving=count[Status.SERVING],
                done=count[Status.DONE],
                left=count[Status.LEFT],
            )
            + filtered
        )
        self.refresh_bindings()

    def row_of(self, item: VisitRow) -> Row:
        cells = (
            item.ticket,
            item.name,
            item.status,
            t("tui.queue.minutes", n=item.wait_minutes or 0),
            item.outcome,
            clip(item.reason, 18),
            item.village,
            group(item.group_no),
            item.official,
            clock(item.arrived_at),
            clock(item.called_at),
            clock(item.finished_at),
        )
        return item.id, cells, STATUS_STYLE.get(item.status, "")

    # ------------------------------------------------------------------ poll

    def _poll(self) -> None:
        # Only while the tab is on screen: with another tab up, the poll's
        # worker only competes with that tab's searches (a tail of the county
        # search benchmark). Coming back to the tab polls at once (on_show).
        if not self.is_on_screen:
            self._missed_poll = True
            return
        self._missed_poll = False
        if self._view is not None and self._view.token is not None and not self._loading:
            self._check(self._village_id, self._view.token)

    def on_show(self) -> None:
        if self._missed_poll:
            self._poll()

    def _check(self, village_id: int | None, token: QueueToken) -> None:
        run_service(
            self,
            lambda ctx: queue_rows.waiting_since(ctx, village_id, None, token),
            group="queue-poll",
            done=self.Polled,
        )

    def on_queue_pane_polled(self, message: QueuePane.Polled) -> None:
        message.stop()
        if message.result and not self._loading:
            self.load()

    # ------------------------------------------------------------- selection

    def on_picker_changed(self, event: Picker.Changed) -> None:
        event.stop()
        value = event.value if isinstance(event.value, int) else None
        if event.picker.id == "queue-village" and value is not None:
            if value != self._village_id:
                self._village_id = value
                self.load()
        elif event.picker.id == "queue-official":
            self._official_id = value
            self.refresh_bindings()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            empty = self.is_mounted and not self.query_one("#queue-filter", Input).value
            return None if empty else True
        return super().check_action(action, parameters)

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action == "clear_filter":
            return t("tui.nothing_to_clear")
        return super().refusal(action, parameters)

    def action_clear_filter(self) -> None:
        """Ctrl+L: the filter cleared, every visitor of the day shown again."""
        self.query_one("#queue-filter", Input).value = ""
        self.focus_main()

    def action_focus_filter(self) -> None:
        self.query_one("#queue-filter", Input).focus()

    def action_pick_village(self) -> None:
        picker = self.query_one("#queue-village", Picker)
        picker.focus()
        picker.action_open()

    def action_pick_official(self) -> None:
        picker = self.query_one("#queue-official", Picker)
        picker.focus()
        picker.action_open()

    def focus_main(self) -> None:
        self.table.focus()
