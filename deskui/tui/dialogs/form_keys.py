"""The one Enter rule of every form, and Esc that asks before it throws
typed input away.

A form screen mixes in :class:`FormKeys` and gives its fields ids starting
``f-``, in the order they are filled. Enter on a field moves to the next
one; Enter on the last field saves (``action_save``), as Ctrl+S does
anywhere; Shift+Tab goes back (Textual's own). A choice field
(:class:`~deskui.tui.widgets.choice.ChoiceField`) and a check box
(:class:`FormCheckbox`) take Enter the same way. Esc on a form whose values
differ from what it opened with asks first (:class:`DiscardDialog`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static

from deskui.i18n import t
from deskui.tui.widgets.choice import ChoiceField


class FormCheckbox(Checkbox, inherit_bindings=False):
    """A check box of a form: Space ticks it, Enter moves on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", t("tui.form.tick"), show=False),
        Binding("enter", "submit", t("tui.choice.next"), show=False),
    ]

    @dataclass
    class Submitted(Message):
        box: FormCheckbox

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))


class DiscardDialog(ModalScreen[bool]):
    """有未保存的内容: Y throws it away, N or Esc goes back to the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "dismiss(True)", t("tui.form.discard_yes"), id="discard.yes"),
        Binding("n,escape", "dismiss(False)", t("tui.form.discard_no"), id="discard.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box discard-box"):
            yield Label(t("tui.form.discard_title"), classes="modal-title")
            yield Static(t("tui.form.discard_keys"), classes="modal-note")


class FormKeys:
    """Mixed into a form's ModalScreen (before it in the bases)."""

    _clean: Any = None

    def field_widgets(self) -> list[Widget]:
        screen: Any = self
        return [
            w
            for w in screen.query("Input, ChoiceField, FormCheckbox")
            if (w.id or "").startswith("f-") and w.display and not w.disabled
        ]

    def enter_on(self, widget: Widget) -> None:
        fields = self.field_widgets()
        screen: Any = self
        if widget not in fields or widget is fields[-1]:
            screen.action_save()
            return
        fields[fields.index(widget) + 1].focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.enter_on(event.input)

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        event.stop()
        self.enter_on(event.choice)

    def on_form_checkbox_submitted(self, event: FormCheckbox.Submitted) -> None:
        event.stop()
        self.enter_on(event.box)

    # ------------------------------------------------------------------ Esc

    def form_values(self) -> Any:
        return {w.id: getattr(w, "value", None) for w in self.field_widgets() if w.id is not None}

    def mark_clean(self) -> None:
        """What the form holds now counts as nothing typed (after it filled
        itself in)."""
        self._clean = self.form_values()

    @property
    def dirty(self) -> bool:
        return self._clean is not None and self.form_values() != self._clean

    def action_cancel(self) -> None:
        screen: Any = self
        if not self.dirty:
            screen.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                screen.dismiss(None)

        screen.app.push_screen(DiscardDialog(), answered)
