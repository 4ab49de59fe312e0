"""The outcome of a visit: the answer given (当场答复 / 政策咨询), the
explanation (不予受理), the parties and result of a dispute (调处纠纷), or an
optional note (受理代办 / 离开未办). Checked with the queue's own rule
(:func:`deskui.domain.queue_rules.check_outcome`) before it is returned, so
a missing answer is said next to its field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from deskui.domain.errors import DomainError
from deskui.domain.queue_rules import DisputeResult, Outcome, check_outcome
from deskui.i18n import t
from deskui.services.queue.rows import VisitRow
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput


@dataclass(frozen=True)
class OutcomeInput:
    note: str = ""
    parties: str = ""
    result: str = ""


class OutcomeDialog(ModalScreen[OutcomeInput | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", t("queue_tui.key.cancel"), id="outcome.cancel"),
        Binding("ctrl+s", "save", t("queue_tui.key.save"), id="outcome.save", priority=True),
    ]

    def __init__(self, visit: VisitRow, outcome: Outcome) -> None:
        super().__init__()
        self.visit = visit
        self.outcome = outcome
        self.dispute = outcome is Outcome.DISPUTE

    def compose(self) -> ComposeResult:
        v = self.visit
        with Vertical(id="outcome-box", classes="modal-box"):
            yield Label(
                t("queue_tui.outcome.title", outcome=self.outcome.value, ticket=v.ticket,
                  name=v.name),
                classes="modal-title",
            )  # fmt: skip
            if v.reason:
                yield Static(t("queue_tui.outcome.reason", reason=v.reason), classes="field-hint")
            if self.dispute:
                yield Label(t("queue_tui.outcome.parties"), classes="field-label")
                yield LineInput(id="out-parties")
                yield FieldError("parties")
                yield Label(t("queue_tui.outcome.result"), classes="field-label")
                yield OptionList(
                    *(Option(r.value, r.value) for r in DisputeResult), id="out-result"
                )
                yield FieldError("result")
            yield Label(t(f"queue.note_label.{self.outcome.name.lower()}"), classes="field-label")
            yield LineInput(id="out-note")
            yield FieldError("note")
            yield Static(t("queue_tui.outcome.hint"), classes="modal-note")

    def on_mount(self) -> None:
        if self.dispute:
            self.query_one("#out-result", OptionList).highlighted = 0
            self.query_one("#out-parties", Input).focus()
        else:
            self.query_one("#out-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "out-parties":
            self.query_one("#out-result", OptionList).focus()
        else:
            self.action_save()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#out-note", Input).focus()

    def _value(self) -> OutcomeInput:
        note = self.query_one("#out-note", Input).value
        if not self.dispute:
            return OutcomeInput(note=note)
        results = self.query_one("#out-result", OptionList)
        index = results.highlighted
        result = results.get_option_at_index(index).id if index is not None else ""
        parties = self.query_one("#out-parties", Input).value
        return OutcomeInput(note=note, parties=parties, result=result or "")

    def action_save(self) -> None:
        value = self._value()
        for name in ("parties", "result", "note"):
            for note in self.query(f"#err-{name}").results(FieldError):
                note.show("")
        try:
            check_outcome(
                self.visit.status,
                self.outcome,
                ticket=self.visit.ticket,
                name=self.visit.name,
                note=value.note,
                parties=value.parties,
                result=value.result,
            )
        except DomainError as exc:
            name = exc.field if exc.field in ("parties", "result") and self.dispute else "note"
            self.query_one(f"#err-{name}", FieldError).show(str(exc))
            self.query_one(f"#out-{name}").focus()
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
