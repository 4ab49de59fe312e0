"""联席会议: the Monday joint meeting's view.

Lists what the meeting reviews (the last service day's town and county
matters, and every overdue matter). The leader picks items with Space (none
picked: every item without an order from this meeting), presses I, sees what
will be issued and presses I again to issue the 督办单 (recording 督办 on each
matter; Esc steps back). E writes the orders already issued at this meeting
to the export folder and writes nothing to the database. The meeting day is
typed at the top (default: today).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from deskui.domain.dates import parse_date
from deskui.domain.errors import DomainError
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.matters.supervision import Agenda, issue_orders, meeting_agenda
from deskui.tui.format import long_date, short_date
from deskui.tui.refusal import denied
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.key_bar import KeyBar
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

COLUMNS = (
    "pick", "number", "source", "village", "applicant", "content", "level",
    "due", "late", "unit", "responsible", "deadline", "order",
)  # fmt: skip


class MeetingDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", t("mtui.key.close"), id="meeting.close"),
        Binding("space", "pick", t("mtui.meeting.key_pick"), id="meeting.pick"),
        Binding("i", "issue", t("mtui.meeting.key_issue"), id="meeting.issue"),
        Binding("e", "export", t("mtui.meeting.key_export"), id="meeting.export"),
    ]

    @dataclass
    class Loaded(ServiceDone):
        """The agenda and a note on what was done (``result``), or why not."""

    def __init__(self, day: dt.date | None = None) -> None:
        super().__init__()
        self._day = day
        self.agenda: Agenda | None = None
        self.busy = False
        self.picked: set[str] = set()
        self.confirming: tuple[str, ...] | None = None  # numbers awaiting the second I

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    @property
    def day(self) -> dt.date:
        return self._day or self.desk.ctx.today()

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting-box"):
            yield Label(t("mtui.meeting.title"), classes="modal-title")
            with Horizontal(id="meeting-bar"):
                yield Label(t("mtui.meeting.day"), classes="bar-label")
                yield LineInput(self.day.isoformat(), id="meeting-day")
                yield Static("", id="meeting-info", classes="pane-note")
            yield FieldError("date")
            yield DataTable(id="meeting-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="meeting-note", classes="modal-note")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#meeting-table", DataTable)
        for key in COLUMNS:
            table.add_column(t(f"mtui.meeting.col.{key}"), key=key)
        table.focus()
        self.load()

    def load(self, *, issue: tuple[str, ...] | None = None, export: bool = False) -> None:
        self.busy = True
        day = self.day
        run_service(
            self,
            lambda ctx: self._agenda(ctx, day, issue, export),
            group="meeting",
            done=self.Loaded,
        )

    def _agenda(
        self, ctx: ServiceContext, day: dt.date, issue: tuple[str, ...] | None, export: bool
    ) -> tuple[Agenda, str]:
        note = ""
        if issue is not None:
            agenda = issue_orders(ctx, day, numbers=issue)
            note = t("mtui.meeting.issued", n=len(agenda.issued))
        else:
            agenda = meeting_agenda(ctx, day)
        if export:
            note = t("export.saved", path=str(self._export(ctx, day)))
        return agenda, note

    def _export(self, ctx: ServiceContext, day: dt.date) -> Path:
        from deskui.exports.files import day_text, export_folder, file_name, town_of
        from deskui.exports.supervision import write_supervision

        folder = export_folder(ctx.settings)
        folder.mkdir(parents=True, exist_ok=True)
        name = file_name("supervision", town_of(ctx), day_text(day))
        return write_supervision(ctx, day, folder / name)

    def on_meeting_dialog_loaded(self, message: MeetingDialog.Loaded) -> None:
        self.busy = False
        agenda, note = message.result if message.error is None else (None, "")
        self.query_one("#err-date", FieldError).show(message.error_text)
        self.query_one("#meeting-note", Static).update(note)
        if agenda is None:
            return
        self.agenda = agenda
        service = long_date(agenda.service_day) if agenda.service_day else t("common.dash")
        self.query_one("#meeting-info", Static).update(
            t("mtui.meeting.info", service=service, n=len(agenda.items))
        )
        table = self.query_one("#meeting-table", DataTable)
        table.clear()
        year = agenda.meeting_day.year
        numbers = {item.number for item in agenda.items}
        self.picked &= numbers
        for item in agenda.items:
            table.add_row(
                t("mtui.meeting.picked") if item.number in self.picked else "",
                item.number,
                item.source,
                item.village,
                item.applicant,
                item.content[:12],
                item.level,
                short_date(item.due_on, year),
                t("urgency.overdue", days=item.overdue_days) if item.overdue_days else "",
                item.lead_unit,
                item.responsible,
                short_date(item.deadline, year),
                item.order_number or t("mtui.meeting.no_order"),
                key=item.number,
            )
        if not agenda.items:
            self.query_one("#meeting-note", Static).update(t("mtui.meeting.empty"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self._day = parse_date(event.value, field="date", label=t("mtui.meeting.day"))
        except DomainError as exc:
            self.query_one("#err-date", FieldError).show(str(exc))
            return
        self.load()
        self.query_one("#meeting-table").focus()

    # What the role may not do is not offered (the key bar, F1, Ctrl+P).
    ROLE_ACTIONS: ClassVar[dict[str, Perm]] = {"issue": Perm.SUPERVISE, "export": Perm.EXPORT}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        perm = self.ROLE_ACTIONS.get(action)
        return perm is None or self.desk.ctx.actor.can(perm)

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a key of the meeting does nothing (said in the status line)."""
        perm = self.ROLE_ACTIONS.get(action)
        return denied(self.desk.ctx.actor, perm) if perm is not None else None

    def _note(self, text: str) -> None:
        self.query_one("#meeting-note", Static).update(text)

    def action_pick(self) -> None:
        """Space: pick the item under the cursor for issuing, or unpick it."""
        table = self.query_one("#meeting-table", DataTable)
        if self.agenda is None or not table.row_count:
            return
        number = self.agenda.items[table.cursor_row].number
        self.picked ^= {number}
        self.confirming = None
        mark = t("mtui.meeting.picked") if number in self.picked else ""
        table.update_cell(number, "pick", mark)
        self._note(t("mtui.meeting.picked_count", n=len(self.picked)))

    def _to_issue(self) -> tuple[str, ...]:
        """The picked items, or every item without an order from this meeting."""
        items = self.agenda.items if self.agenda else ()
        if self.picked:
            return tuple(i.number for i in items if i.number in self.picked)
        return tuple(i.number for i in items if not i.order_number)

    def action_issue(self, *_args: Any) -> None:
        if self.busy:
            return
        if not self.desk.ctx.actor.can(Perm.SUPERVISE):
            self._note(t("mtui.meeting.no_right", role=self.desk.ctx.actor.role.value))
            return
        numbers = self._to_issue()
        if not numbers:
            self._note(t("mtui.meeting.nothing_to_issue"))
            return
        if self.confirming != numbers:  # the first I: say what will happen
            self.confirming = numbers
            shown = "、".join(numbers[:6]) + ("…" if len(numbers) > 6 else "")
            self._note(t("mtui.meeting.confirm", n=len(numbers), numbers=shown))
            return
        self.confirming = None
        self.picked.clear()
        self.load(issue=numbers)

    def action_export(self) -> None:
        if not self.busy:
            if not self.desk.ctx.actor.can(Perm.EXPORT):
                self._note(t("mtui.meeting.no_right", role=self.desk.ctx.actor.role.value))
                return
            self.load(export=True)

    def action_close(self) -> None:
        if self.confirming is not None:  # Esc steps back from the confirmation
            self.confirming = None
            self._note(t("mtui.meeting.cancelled"))
            return
        self.dismiss(None)
