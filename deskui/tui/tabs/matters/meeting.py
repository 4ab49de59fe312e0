"""联席会议: the Monday joint meeting's view.

Lists what the meeting reviews (the last service day's town and county
matters, and every overdue matter); I issues the 督办单 (and records 督办 on
each matter), E writes the supervision workbook to the export folder. The
meeting day is typed at the top (default: today).
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
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.key_bar import KeyBar
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

COLUMNS = (
    "number", "source", "village", "applicant", "content", "level",
    "due", "late", "unit", "responsible", "deadline", "order",
)  # fmt: skip


class MeetingDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", t("mtui.key.close"), id="meeting.close"),
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

    def load(self, *, issue: bool = False, export: bool = False) -> None:
        self.busy = True
        day = self.day
        run_service(
            self,
            lambda ctx: self._agenda(ctx, day, issue, export),
            group="meeting",
            done=self.Loaded,
        )

    def _agenda(
        self, ctx: ServiceContext, day: dt.date, issue: bool, export: bool
    ) -> tuple[Agenda, str]:
        note = ""
        agenda = issue_orders(ctx, day) if issue else meeting_agenda(ctx, day)
        if issue:
            made = sum(1 for i in agenda.items if i.order_number)
            note = t("mtui.meeting.issued", n=made)
        if export:
            note = t("export.saved", path=str(self._export(ctx, day)))
        return agenda, note

    def _export(self, ctx: ServiceContext, day: dt.date) -> Path:
        from deskui.exports.supervision import write_supervision

        folder = ctx.settings.export_dir or ctx.settings.data_dir
        folder.mkdir(parents=True, exist_ok=True)
        return write_supervision(ctx, day, folder / f"督办单_{day:%Y%m%d}.xlsx")

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
        for item in agenda.items:
            table.add_row(
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "issue":
            return self.desk.ctx.actor.can(Perm.SUPERVISE) or None
        if action == "export":
            return self.desk.ctx.actor.can(Perm.EXPORT) or None
        return True

    def action_issue(self, *_args: Any) -> None:
        if not self.busy:
            self.load(issue=True)

    def action_export(self) -> None:
        if not self.busy:
            self.load(issue=self.desk.ctx.actor.can(Perm.SUPERVISE), export=True)

    def action_close(self) -> None:
        self.dismiss(None)
