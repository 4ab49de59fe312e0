"""What the roster dialogs share: field error lines (a ``.field-error`` line
is hidden until it holds a message; desk.tcss shows it with ``-shown``) and
:class:`RosterFormDialog`, the dialog that submits on Enter, cancels on Esc and
takes its worker's result back as :class:`RosterFormDialog.Done`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext


def show_error(widget: Widget, text: str) -> None:
    """Put ``text`` in the error line and show it; '' clears and hides it."""
    if isinstance(widget, Static):
        widget.update(text)
    widget.set_class(bool(text), "-shown")


class RosterFormDialog(ModalScreen[str]):
    """Dismisses with the worker's done sentence, or '' when cancelled. A
    refusal is shown on the error line of its field (``#err-<field>``), or
    on the first field's line when the field has none."""

    FIRST_FIELD = ""  # the error line a refusal without a field of its own goes to

    class Done(Message):
        def __init__(self, text: str, error: str, field: str) -> None:
            super().__init__()
            self.text, self.error, self.field = text, error, field

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(classes="roster-modal")
        self.ctx = ctx

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.run_action("submit")  # each dialog's own action_submit

    def action_cancel(self) -> None:
        self.dismiss("")

    def clear_errors(self) -> None:
        for line in self.query(".field-error"):
            show_error(line, "")

    def on_roster_form_dialog_done(self, message: RosterFormDialog.Done) -> None:
        if not message.error:
            self.dismiss(message.text)
            return
        found = self.query(f"#err-{message.field}") if message.field else None
        line = found.first(Static) if found else self.query_one(f"#err-{self.FIRST_FIELD}", Static)
        show_error(line, message.error)
