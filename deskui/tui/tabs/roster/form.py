"""What the roster dialogs share: :class:`RosterFormDialog`, the dialog
whose Enter moves to the next field and submits on the last, cancels on Esc, runs its service call in the desk's
worker helper and dismisses with the sentence it returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input

from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext


class RosterFormDialog(ModalScreen[str]):
    """Dismisses with the worker's done sentence, or '' when cancelled. A
    refusal is shown on the error line of its field (``#err-<field>``), or
    on the first field's line when the field has none."""

    FIRST_FIELD = ""  # the error line a refusal without a field of its own goes to

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(classes="roster-modal")
        self.ctx = ctx

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self._enter_on(event.input)

    async def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        event.stop()
        await self._enter_on(event.choice)

    async def _enter_on(self, widget: Widget) -> None:
        """The one Enter rule: the next field, or on the last the dialog's
        own ``action_submit``."""
        fields = [w for w in self.query("Input, ChoiceField") if w.display and not w.disabled]
        if widget in fields and widget is not fields[-1]:
            fields[fields.index(widget) + 1].focus()
            return
        await self.run_action("submit")

    def action_cancel(self) -> None:
        self.dismiss("")

    def clear_errors(self) -> None:
        for line in self.query(FieldError):
            line.show("")

    def submit(self, fn: Callable[[ServiceContext], str]) -> None:
        """Run ``fn`` (returning the done sentence) off the UI thread."""
        run_service(self, fn, group="roster-form", ctx=self.ctx)

    def on_service_done(self, message: ServiceDone) -> None:
        message.stop()
        if message.error is None:
            self.dismiss(message.result)
            return
        field = message.error.field
        found = self.query(f"#err-{field}") if field else None
        line = (
            found.first(FieldError)
            if found
            else self.query_one(f"#err-{self.FIRST_FIELD}", FieldError)
        )
        line.show(message.error_text)
