"""The queue tab's actions: call next (叫号), call a chosen visitor, the
outcome keys, the matter card opened from a visit, the day's log export.
Every write runs in a worker; a refusal is one notification, nothing lost."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events

from deskui.domain.queue_rules import Outcome, Status
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.queue import rows as queue_rows
from deskui.services.queue import visits as queue_service
from deskui.services.queue.rows import VisitRow
from deskui.services.queue.view import QueueView
from deskui.tui.refusal import denied
from deskui.tui.tabs.base import DeskPane
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.tui.tabs.queue.intake import IntakeDraft
    from deskui.tui.tabs.queue.outcome import OutcomeInput


class QueueActions(DeskPane):
    """The queue pane's state and writes (the layout is in :mod:`.queue`)."""

    def __init__(self) -> None:
        super().__init__(id="queue-pane")
        self._view: QueueView | None = None
        self._village_id: int | None = None
        self._official_id: int | None = None
        self._current: int | None = None  # the visit this desk called last
        self._focus_visit: int | None = None  # put the cursor here after a reload
        self._draft: IntakeDraft | None = None  # the intake form's 同上 memory
        self._busy = False

    def _highlighted_id(self) -> int | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _row(self, visit_id: int | None) -> VisitRow | None:
        if visit_id is None or self._view is None:
            return None
        return next((r for r in self._view.rows if r.id == visit_id), None)

    def _serving_row(self) -> VisitRow | None:
        """The visitor an outcome applies to: the highlighted one if being
        served, else the one this desk called last, else the one the chosen
        official is serving."""
        rows = self._view.rows if self._view else ()
        for candidate in (self._row(self._highlighted_id()), self._row(self._current)):
            if candidate is not None and candidate.status == Status.SERVING.value:
                return candidate
        mine = [
            r
            for r in rows
            if r.status == Status.SERVING.value and r.official_id == self._official_id
        ]
        return mine[0] if len(mine) == 1 else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        matter = action == "outcome" and parameters and parameters[0] == Outcome.MATTER.name
        if matter and not self.desk.ctx.actor.can(Perm.HANDLE_MATTER):
            return False  # the role may not open a card: not offered
        if action == "outcome":
            if self._serving_row() is not None:
                return True
            if parameters and parameters[0] == Outcome.LEFT.name:
                row = self._row(self._highlighted_id())
                return row is not None and row.status == Status.WAITING.value
            return False
        if action == "call_chosen":
            row = self._row(self._highlighted_id())
            return row is not None and row.status == Status.WAITING.value
        return True

    def holds_keys(self, key: events.Key) -> bool:
        # A call or an outcome in flight: the next key (the outcome digit
        # after F8) waits for the list that shows whom it applies to.
        return self._busy or super().holds_keys(key)

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a key of the queue does nothing now (said in the status line)."""
        if action == "outcome":
            if parameters and parameters[0] == Outcome.MATTER.name:
                why = denied(self.desk.ctx.actor, Perm.HANDLE_MATTER)
                if why:
                    return why
            return t("queue_tui.no_current")
        if action == "call_chosen":
            return t("queue_tui.pick_waiting")
        return None

    # --------------------------------------------------------------- writing

    def _write(self, fn: Callable[[ServiceContext], tuple[str, int | None]]) -> None:
        if self._busy:
            return
        self._busy = True
        run_service(self, fn, group="queue-write")

    def on_service_done(self, message: ServiceDone) -> None:
        """A write finished: its (sentence, visit to put the cursor on)."""
        message.stop()
        self._busy = False
        if message.error is not None:
            self.notify(message.error_text, severity="error", timeout=8)
            return
        text, visit_id = message.result
        if text:
            self.notify(text, timeout=6)
        self._focus_visit = visit_id
        self.load()

    # --------------------------------------------------------------- actions

    def action_intake(self) -> None:
        if self._view is None or self._view.day is None:
            return
        day = self._view.day
        # The dialogs load on first use: start-up pays only for the list.
        from deskui.tui.tabs.queue.intake import IntakeDialog, IntakeDraft

        if self._draft is None:
            self._draft = IntakeDraft()
        self.app.push_screen(
            IntakeDialog(day.village, day.village_id, self._draft), self._after_intake
        )

    def _after_intake(self, ticket: Any) -> None:
        # Back to the list, so the next keys (F8, the outcome digits) act on
        # the queue rather than typing into the filter.
        self.focus_main()
        if ticket is None:
            return
        self.notify(queue_rows.ticket_line(ticket), timeout=6)
        self._focus_visit = ticket.id
        self.load()

    def _official_or_warn(self) -> int | None:
        if self._official_id is None:
            self.notify(t("queue_tui.need_official"), severity="warning")
        return self._official_id

    def _called(self, ctx: ServiceContext, row: VisitRow | None) -> tuple[str, int | None]:
        if row is None:
            village = self._view.day.village if self._view and self._view.day else ""
            return t("queue.nobody_waiting", village=village), None
        self._current = row.id
        return queue_rows.called_line(row), row.id

    def action_call_next(self) -> None:
        self.focus_main()
        official, village = self._official_or_warn(), self._village_id
        if official is None or village is None:
            return
        self._write(
            lambda ctx: self._called(
                ctx, queue_service.call_next(ctx, village=village, official=official)
            )
        )

    def action_call_chosen(self) -> None:
        row = self._row(self._highlighted_id())
        official = self._official_or_warn()
        if row is None or row.status != Status.WAITING.value or official is None:
            if official is not None:
                self.notify(t("queue_tui.pick_waiting"), severity="warning")
            return
        self._write(
            lambda ctx: self._called(
                ctx, queue_service.call_visitor(ctx, row.id, official=official)
            )
        )

    def action_outcome(self, name: str) -> None:
        outcome = Outcome[name]
        row = self._serving_row()
        if row is None and outcome is Outcome.LEFT:
            highlighted = self._row(self._highlighted_id())
            row = (
                highlighted if highlighted and highlighted.status == Status.WAITING.value else None
            )
        if row is None:
            self.notify(t("queue_tui.no_current"), severity="warning")
            return
        if outcome is Outcome.MATTER and self._open_matter_card(row):
            return
        from deskui.tui.tabs.queue.outcome import OutcomeDialog

        self.app.push_screen(
            OutcomeDialog(row, outcome),
            lambda given, row=row, outcome=outcome: self._record(row, outcome, given),
        )

    def _record(self, row: VisitRow, outcome: Outcome, given: OutcomeInput | None) -> None:
        if given is None:
            return
        self._write(
            lambda ctx: (
                t(
                    "queue_tui.recorded",
                    ticket=row.ticket,
                    name=row.name,
                    outcome=outcome.value,
                ),
                queue_service.record_outcome(
                    ctx,
                    row.id,
                    outcome,
                    note=given.note,
                    parties=given.parties,
                    result=given.result,
                ).id,
            )
        )

    def _open_matter_card(self, row: VisitRow) -> bool:
        """Open the matter card pre-filled from the visit; False when the
        card's dialog is not installed (the outcome dialog is used instead)."""
        try:
            module = importlib.import_module("deskui.tui.dialogs.matter_form")
        except ImportError:
            self.notify(t("queue_tui.matter_form_missing"), severity="warning", timeout=8)
            return False
        prefill = {
            "name": row.name,
            "phone": "" if "*" in row.phone else row.phone,
            "village": row.village,
            "group_no": row.group_no,
            "content": row.reason,
            "visit_id": row.id,
            "resident_id": row.resident_id,
            "household_id": row.household_id,
            "origin": "服务日接待",
            "first_receiver": row.official,  # the official receiving the visitor
        }

        def after(number: Any) -> None:
            if not number:
                self.notify(t("queue_tui.matter_cancelled", ticket=row.ticket, name=row.name))
                return
            from deskui.tui.tabs.queue.outcome import OutcomeInput

            note = t("queue_tui.matter_note", number=number)
            self._record(row, Outcome.MATTER, OutcomeInput(note=note))

        self.app.push_screen(module.MatterFormDialog(prefill), after)
        return True

    def action_home_visit(self) -> None:
        """入户走访 made today, logged against the household visited."""
        from deskui.tui.tabs.queue.home_visit import HomeVisitDialog

        def done(logged: bool | None) -> None:
            self.focus_main()
            if logged:
                self.notify(t("queue_tui.home.logged"))
                self.load()

        self.app.push_screen(HomeVisitDialog(), done)

    def action_export(self) -> None:
        village = self._village_id

        def export(ctx: ServiceContext) -> tuple[str, int | None]:
            from deskui.exports.files import export_folder
            from deskui.exports.visits import default_file_name, write_visits_log

            folder = export_folder(ctx.settings)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / default_file_name(ctx, ctx.today(), village)
            saved = write_visits_log(ctx, path, day=ctx.today(), village=village)
            return t("queue_tui.exported", path=str(saved)), None

        self._write(export)
