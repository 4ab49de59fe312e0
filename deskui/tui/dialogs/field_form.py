"""A keyboard-only form for the archive: household fields, a member.

``FieldFormDialog(title, fields, submit)`` shows one input a field (Tab
moves; Enter moves on and saves on the last field, Ctrl+S saves, Esc
asks before it throws typed input away). ``submit(ctx, values)`` runs in a worker
with its own connection; a refusal is shown under the field it names (the
service's message, one rule in one place), and the form stays open until
every field passes. The screen dismisses with the service's result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from deskui.domain.errors import DomainError, ValidationErrors
from deskui.i18n import t
from deskui.tui.dialogs.form_keys import FormCheckbox, FormKeys
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext

Submit = Callable[["ServiceContext", dict[str, Any]], Any]


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the service's field name (errors come back naming it)
    label: str
    value: Any = ""
    hint: str = ""
    choices: tuple[tuple[str, Any], ...] = ()  # a choice field when given
    check: bool = False  # a Checkbox
    secret: bool = False  # typed text hidden (a password)


def show_errors(screen: Any, fields: list[str], error: DomainError | None) -> None:
    """Put each message under its field (``form`` catches the rest)."""
    by_field: dict[str, str] = {}
    if isinstance(error, ValidationErrors):
        by_field = error.by_field()
    elif error is not None:
        by_field = {error.field or "form": error.message}
    for name in [*fields, "form"]:
        screen.query_one(f"#err-{name}", FieldError).show(by_field.pop(name, ""))
    if by_field:  # a field this form has no input for
        screen.query_one("#err-form", FieldError).show("；".join(by_field.values()))


class FieldFormDialog(FormKeys, ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", t("archive.tui.key.save"), id="archive_form.save"),
        Binding("escape", "cancel", t("archive.tui.key.cancel"), id="archive_form.cancel"),
    ]

    def __init__(self, title: str, fields: list[FieldSpec], submit: Submit) -> None:
        super().__init__(classes="archive-modal")
        self.form_title = title
        self.fields = fields
        self.submit = submit
        self.saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box archive-form"):
            yield Label(self.form_title, classes="modal-title")
            for f in self.fields:
                with Vertical(classes="af-field"):
                    if f.check:
                        yield FormCheckbox(f.label, bool(f.value), id=f"f-{f.name}")
                    else:
                        yield Label(f.label, classes="field-label")
                        if f.choices:
                            # a value not offered (none yet, a retired official): no choice
                            known = f.value in [v for _, v in f.choices]
                            yield ChoiceField(
                                list(f.choices),
                                title=f.label,
                                value=f.value if known else None,
                                id=f"f-{f.name}",
                            )
                        else:
                            text = "" if f.value is None else str(f.value)
                            yield LineInput(text, id=f"f-{f.name}", password=f.secret)
                    if f.hint:
                        yield Static(f.hint, classes="field-hint")
                    yield FieldError(f"{f.name}")
            yield FieldError("form")
            yield Static(t("archive.tui.form_keys"), classes="modal-note")

    first_focus = ""  # the field focused first ('' = the first field)

    def on_mount(self) -> None:
        name = self.first_focus or (self.fields[0].name if self.fields else "")
        if name:
            self.query_one(f"#f-{name}").focus()
        self.mark_clean()

    def holds_keys(self, key: events.Key) -> bool:
        """Type-ahead: keys typed while a save runs wait for its answer
        (a refusal puts the focus on the field to fix)."""
        return self.saving

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.name}")
            if isinstance(widget, (ChoiceField, Input, Checkbox)):
                out[f.name] = widget.value
        return out

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        values = self.values()
        submit = self.submit
        run_service(self, lambda ctx: submit(ctx, values), group="service")

    def on_service_done(self, message: ServiceDone) -> None:
        message.stop()
        self.finished(message)

    def finished(self, message: ServiceDone) -> None:
        """The service answered: errors under their fields, or dismiss."""
        self.saving = False
        if message.error is not None:
            show_errors(self, [f.name for f in self.fields], message.error)
            if message.error.field and self.query(f"#f-{message.error.field}"):
                self.query_one(f"#f-{message.error.field}").focus()
            return
        self.dismiss(message.result)
