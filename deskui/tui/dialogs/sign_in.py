"""Sign in: pick your name, then type your password or PIN."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from deskui.i18n import t
from deskui.services.context import Actor
from deskui.services.town import auth
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.town.auth import OperatorRow


class SignInDialog(ModalScreen[Actor]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", t("tui.key.back_to_names"), id="signin.back"),
    ]

    @dataclass
    class Result(ServiceDone):
        """The operator signed in (``result``, an Actor) or why not."""

    def __init__(self, operators: list[OperatorRow]) -> None:
        super().__init__()
        self.operators = operators
        self._username: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="signin-box", classes="modal-box"):
            yield Label(t("tui.signin.title"), classes="modal-title")
            yield Label(t("tui.signin.pick"), id="signin-pick", classes="field-label")
            yield OptionList(
                *(
                    Option(
                        t("tui.signin.option", name=o.display_name, role=o.role.value), o.username
                    )
                    for o in self.operators
                ),
                id="signin-names",
            )
            yield Label("", id="signin-who", classes="field-label")
            yield LineInput(
                password=True, placeholder=t("tui.signin.password"), id="signin-password"
            )
            yield FieldError("password")

    def on_mount(self) -> None:
        self.query_one("#signin-password").display = False
        names = self.query_one("#signin-names", OptionList)
        names.highlighted = 0
        names.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._username = event.option.id
        chosen = next(o for o in self.operators if o.username == self._username)
        self.query_one("#signin-who", Label).update(
            t("tui.signin.enter_password", name=chosen.display_name)
        )
        password = self.query_one("#signin-password", Input)
        password.display = True
        password.value = ""
        self._error("")
        password.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._username is None:
            return
        if not event.value:
            self._error(t("tui.signin.password_required"))
            return
        username, password = self._username, event.value
        run_service(
            self,
            lambda ctx: auth.sign_in(ctx, username, password),
            group="sign-in",
            done=self.Result,
        )

    def on_sign_in_dialog_result(self, message: SignInDialog.Result) -> None:
        if message.error is None:
            self.dismiss(message.result)
            return
        password = self.query_one("#signin-password", Input)
        password.value = ""
        password.focus()
        self._error(message.error_text)

    def _error(self, text: str) -> None:
        self.query_one("#err-password", FieldError).show(text)

    def action_back(self) -> None:
        self._username = None
        self.query_one("#signin-password").display = False
        self.query_one("#signin-who", Label).update("")
        self._error("")
        self.query_one("#signin-names").focus()
