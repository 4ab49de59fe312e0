"""One step's form in the setup guide: keyboard first.

Enter moves to the next field; Enter on the last field, or Ctrl+S anywhere,
saves. In a multi-line box (a pasted list) Enter starts a new line and Tab
moves on. Esc goes back to the guide, asking first when something was typed
(:class:`DiscardDialog`). The service's refusal shows under the field it
names, and what was typed stays.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from deskui.i18n import t
from deskui.tui.dialogs.field_form import FieldFormDialog, FieldSpec, Submit
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput


class StepCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox that Space ticks; Enter is left to the form (next field)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", t("setup.key.toggle"), show=False),
    ]


class DiscardDialog(ModalScreen[bool]):
    """Asked before a typed form is closed: True = discard it."""

    DEFAULT_CSS = """
    DiscardDialog { align: center middle; background: $background 60%; }
    DiscardDialog > Vertical { width: 48; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", t("setup.key.discard"), id="setup_discard.yes"),
        Binding("n,escape", "answer(False)", t("setup.key.keep"), id="setup_discard.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(t("setup.discard_title"), classes="modal-title")
            yield Static(t("setup.discard_note"), classes="modal-note")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class StepForm(FieldFormDialog):
    """A :class:`FieldFormDialog` with the setup guide's keys. ``lines``:
    the fields typed as several lines (a pasted list); ``note``: a line
    above the fields (what the town already has)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", t("setup.key.save"), id="setup_form.save", priority=True),
        Binding("escape", "cancel", t("setup.key.back"), id="setup_form.cancel"),
        Binding("enter", "next_field", show=False),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FieldSpec],
        submit: Submit,
        *,
        lines: tuple[str, ...] = (),
        note: str = "",
    ) -> None:
        super().__init__(title, fields, submit)
        self.lines = lines
        self.form_note = note
        self.initial: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box archive-form setup-form"):
            yield Label(self.form_title, classes="modal-title")
            if self.form_note:
                yield Static(self.form_note, classes="modal-note", id="step-note")
            for f in self.fields:
                with Vertical(classes="af-field"):
                    if f.check:
                        yield StepCheckbox(f.label, bool(f.value), id=f"f-{f.name}")
                    else:
                        yield Label(f.label, classes="field-label")
                        if f.choices:
                            # initials or a number pick without opening the list
                            known = f.value in [v for _, v in f.choices]
                            yield ChoiceField(
                                list(f.choices),
                                title=f.label,
                                value=f.value if known else None,
                                id=f"f-{f.name}",
                            )
                        elif f.name in self.lines:
                            area = TextArea(
                                "" if f.value is None else str(f.value),
                                id=f"f-{f.name}",
                                soft_wrap=False,
                                show_line_numbers=True,
                                tab_behavior="focus",
                            )
                            area.styles.height = 8
                            yield area
                        else:
                            text = "" if f.value is None else str(f.value)
                            yield LineInput(text, id=f"f-{f.name}", password=f.secret)
                    if f.hint:
                        yield Static(f.hint, classes="field-hint")
                    yield FieldError(f"{f.name}")
            yield FieldError("form")
            yield Static(t("setup.form_keys"), classes="modal-note")

    def on_mount(self) -> None:
        # (the base class's on_mount runs too: it focuses the first field)
        self.initial = self.values()

    def values(self) -> dict[str, Any]:
        out = super().values()
        for name in self.lines:
            out[name] = self.query_one(f"#f-{name}", TextArea).text
        return out

    @property
    def dirty(self) -> bool:
        return self.values() != self.initial

    def _field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def _focused_field(self) -> str:
        node = self.focused
        while node is not None:
            if node.id and node.id.startswith("f-"):
                return node.id[2:]
            node = node.parent  # type: ignore[assignment]
        return ""

    def action_next_field(self) -> None:
        """Enter: to the next field, or save on the last one."""
        names = self._field_names()
        here = self._focused_field()
        if here not in names or names.index(here) == len(names) - 1:
            self.action_save()
            return
        self.query_one(f"#f-{names[names.index(here) + 1]}").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # not the base class's (Enter saves there)
        self.action_next_field()

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        """Enter on a choice moves on, as a typed field does."""
        event.stop()
        self.action_next_field()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # in a multi-line list Enter starts a new line
        return not (action == "next_field" and isinstance(self.focused, TextArea))

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardDialog(), answered)
