"""The desk locks itself after some idle minutes, as an office PC's screen
saver would: the whole screen is blanked (a villager at the desk sees no
archive) and only the signed-in operator's password or PIN opens it again,
or another operator's with their own user name: they then act at the desk
with their own role (``auth.switch_operator``; the audit log records the
switch), the last operator's dialogs are closed (a form left half-filled is
named first and closed only on a second Enter) and every tab is read again.

:class:`~deskui.tui.idle.IdleWatch` keeps the time of the last key or click
(imported with the desk; this screen only when it is first shown);
:class:`LockScreen` is the blank screen. The desk (``DeskApp``) touches the
watch on every input event and pushes the lock screen when the watch says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label

from deskui.i18n import t
from deskui.services.context import Actor
from deskui.services.town import auth
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

DEFAULT_MINUTES = 10


class LockScreen(Screen[Actor]):
    """The blanked desk: the operator's name and a password field, nothing
    else. Dismissed with the operator once their password is right; a wrong
    one is said so (and logged as a failed sign-in), the field cleared."""

    BINDINGS: ClassVar[list[BindingType]] = []

    @dataclass
    class Result(ServiceDone):
        """The operator unlocking (``result``, an Actor) or why not."""

    def __init__(self, actor: Actor) -> None:
        super().__init__(id="lock-screen")
        self.actor = actor
        self._warned = ""  # the other operator told of the open forms

    def unsaved_forms(self) -> list[Screen[object]]:
        """The dialogs under the lock holding input not yet saved."""
        return [s for s in self.app.screen_stack if getattr(s, "dirty", False) is True]

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="lock-box", classes="modal-box"):
            yield Label(t("tui.lock.title"), classes="modal-title")
            yield Label(t("tui.lock.who", name=self.actor.display_name), classes="field-label")
            yield Label(t("tui.lock.operator"), classes="field-label")
            yield LineInput(self.actor.username, id="lock-user")
            yield LineInput(password=True, placeholder=t("tui.lock.password"), id="lock-password")
            yield FieldError("lock")

    def on_mount(self) -> None:
        self.query_one("#lock-password", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "lock-user":
            self.query_one("#lock-password", Input).focus()
            return
        if not event.value:
            self._error(t("tui.lock.password_required"))
            return
        typed = self.query_one("#lock-user", Input).value.strip()
        current, username, password = self.actor, typed or self.actor.username, event.value
        unsaved = self.unsaved_forms()
        if username != current.username and unsaved and self._warned != username:
            # another operator closes the last one's open forms (they would
            # otherwise save them under their own name): said once, first
            self._warned = username
            self._error(t("tui.lock.unsaved", name=current.display_name, count=len(unsaved)))
            return
        run_service(
            self,
            lambda ctx: auth.switch_operator(ctx, current, username, password),
            group="unlock",
            done=self.Result,
        )

    def on_lock_screen_result(self, message: LockScreen.Result) -> None:
        if message.error is None:
            self.dismiss(message.result)
            return
        field = self.query_one("#lock-password", Input)
        field.value = ""
        field.focus()
        self._error(message.error_text)

    def _error(self, text: str) -> None:
        self.query_one("#err-lock", FieldError).show(text)
