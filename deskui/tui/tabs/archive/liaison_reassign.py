"""包联户移交 (R on the not-yet-contacted view): when an official leaves, hand
all of his or her liaison households to another official. Choose who leaves
(the view's official filter by default; an official no longer active who
still holds households is offered too) and who takes over; the dialog says
how many households will move, asks once more, then calls
``liaison.reassign_all`` (each household's change is audited). Dismisses with
a :class:`Reassigned`, or None."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from deskui.i18n import t
from deskui.services.archive.liaison import (
    liaison_count,
    liaison_holders,
    liaison_officials,
    reassign_all,
)
from deskui.tui.widgets.choice import ChoiceField, numbered
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.picker import Picker
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

K2 = "archive.tui2."


@dataclass(frozen=True)
class Reassigned:
    moved: int  # households handed over
    from_official: int
    to_official: int


class ReassignDialog(ModalScreen[Reassigned | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "run", t(K2 + "key.reassign"), id="liaison_reassign.run"),
        Binding("escape", "cancel", t("archive.tui.key.cancel"), id="liaison_reassign.cancel"),
    ]

    def __init__(self, from_official: int | None = None) -> None:
        super().__init__(classes="archive-modal")
        self.wanted = from_official  # chosen once the officials are loaded
        self.from_official: int | None = None
        self.names: dict[int, str] = {}
        self.count: int | None = None  # households the chosen official holds
        self.pending: tuple[int, int] | None = None  # asked to confirm this move
        self.busy = False

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="reassign-box", classes="modal-box"):
            yield Label(t(K2 + "reassign_title"), classes="modal-title")
            yield Label(t(K2 + "from_official"), classes="field-label")
            yield ChoiceField(title=t(K2 + "from_official"), id="f-from")
            yield Label(t(K2 + "to_official"), classes="field-label")
            yield ChoiceField(title=t(K2 + "to_official"), id="f-to")
            yield Static("", id="reassign-count")
            yield FieldError("official")
            yield Static("", id="reassign-confirm")
            yield Button(t(K2 + "reassign_button"), variant="warning", id="reassign-ok")
            yield Static(t(K2 + "reassign_keys"), classes="modal-note")

    def on_mount(self) -> None:
        self.query_one("#reassign-ok", Button).display = False
        self.query_one("#f-from").focus()
        run_service(
            self,
            lambda ctx: ("options", liaison_holders(ctx), liaison_officials(ctx)),
            group="service",
        )

    def _options(
        self, holders: list[tuple[int, str, bool]], officials: list[tuple[int, str]]
    ) -> None:
        self.names = {oid: name for oid, name in officials}
        self.names.update((oid, name) for oid, name, _ in holders)
        left = t(K2 + "left")
        self.query_one("#f-from", ChoiceField).set_options(
            numbered([(name + (left if gone else ""), oid) for oid, name, gone in holders])
        )
        self.query_one("#f-to", ChoiceField).set_options(
            numbered([(name, oid) for oid, name in officials])
        )
        if self.wanted in {oid for oid, _, _ in holders}:
            source = self.query_one("#f-from", ChoiceField)
            source.value = self.wanted
            source.post_message(Picker.Changed(source, self.wanted))  # counts his households
            self.query_one("#f-to").focus()

    def _chosen(self, name: str) -> int | None:
        value = self.query_one(f"#f-{name}", ChoiceField).value
        return value if isinstance(value, int) else None

    def _count(self, official: int) -> None:
        self.count = None
        run_service(
            self,
            lambda ctx: ("count", official, liaison_count(ctx, official)),
            group="service",
        )

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        """Enter: from 移交人 on to 接收人; on 接收人, the move (asked first)."""
        event.stop()
        if event.choice.id == "f-from":
            self.query_one("#f-to").focus()
        else:
            self.action_run()

    def on_picker_changed(self, event: Picker.Changed) -> None:
        event.stop()
        self._ask(None)
        self._error("")
        if event.picker.id == "f-from":
            self.from_official = self._chosen("from")
            self.query_one("#reassign-count", Static).update("")
            if self.from_official is not None:
                self._count(self.from_official)

    def on_service_done(self, message: ServiceDone) -> None:
        message.stop()
        if message.error is not None:
            self.busy = False
            self._ask(None)
            self._error(message.error.message)
            return
        kind, *rest = message.result
        if kind == "options":
            self._options(*rest)
        elif kind == "count" and rest[0] == self.from_official:
            self.count = rest[1]
            key = "reassign_count" if self.count else "reassign_none"
            name = self.names.get(rest[0], "")
            self.query_one("#reassign-count", Static).update(t(K2 + key, name=name, n=self.count))
        elif kind == "done":
            done: Reassigned = rest[0]
            old, new = self.names[done.from_official], self.names[done.to_official]
            self.app.notify(t(K2 + "reassign_done", n=done.moved, from_=old, to=new))
            self.dismiss(done)

    def _error(self, text: str) -> None:
        self.query_one("#err-official", FieldError).show(text)

    def _ask(self, move: tuple[int, int] | None) -> None:
        self.pending = move
        text = ""
        if move is not None:
            old, new = self.names[move[0]], self.names[move[1]]
            text = t(K2 + "reassign_confirm", from_=old, to=new, n=self.count)
        self.query_one("#reassign-confirm", Static).update(text)
        button = self.query_one("#reassign-ok", Button)
        button.display = move is not None
        if move is not None:
            button.focus()

    def action_run(self) -> None:
        if self.busy:
            return
        old, new = self._chosen("from"), self._chosen("to")
        if old is None or new is None:
            self._error(t(K2 + "reassign_pick"))
            return
        if old == new:
            self._error(t("archive.same_official"))
            return
        if self.count is None:  # still counting
            return
        if not self.count:
            self._error(t(K2 + "reassign_none", name=self.names[old]))
            return
        if self.pending != (old, new):
            self._error("")
            self._ask((old, new))
            return
        self.busy = True

        def fn(ctx: ServiceContext) -> Any:
            return ("done", Reassigned(reassign_all(ctx, old, new), old, new))

        run_service(self, fn, group="service")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
