"""First run: no town yet. Ask for the town, its villages and the first
administrator, or open the demo database instead.

Dismisses with the signed-in administrator (an ``Actor``) or with the text
``"demo"``, which the app hands back to ``deskui`` to reopen on the demo
database (a separate file: the real database stays empty). Once signed in,
the desk opens the setup guide (:mod:`deskui.tui.dialogs.setup.guide`) for
the rest: officials, teams, accounts, the roll and the month's roster."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static, TextArea

from deskui.domain.errors import ValidationError, ValidationErrors
from deskui.domain.passwords import check_password_rules
from deskui.domain.text import clean_text
from deskui.i18n import t
from deskui.services.context import Actor
from deskui.services.town import auth
from deskui.services.town.setup import parse_village_lines
from deskui.services.town.towns import setup_town
from deskui.tui.app import DEMO
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.key_bar import KeyBar
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext

FIELDS = ("town", "villages", "username", "display_name", "password", "confirm")


def parse_villages(text: str) -> list[tuple[str, int]]:
    """``桃园村 6`` a line → (name, group count) (the service's reading)."""
    return parse_village_lines(text)


class FirstRunScreen(Screen[object]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the form's inputs bind Ctrl+D (delete) themselves
        Binding("ctrl+s", "create", t("tui.key.create_town"), id="first.create", priority=True),
        Binding("ctrl+d", "demo", t("tui.key.load_demo"), id="first.demo", priority=True),
    ]

    @dataclass
    class Done(ServiceDone):
        """The town is set up and its administrator signed in (``result``,
        an Actor), or what is wrong with which field."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="first-box"):
            yield Label(t("tui.first.title"), classes="modal-title")
            yield Static(t("tui.first.intro"), classes="modal-note")
            yield from self._field(
                "town", LineInput(id="f-town", placeholder=t("tui.first.town_hint"))
            )
            yield Label(t("tui.first.villages"), classes="field-label")
            yield TextArea(id="f-villages", soft_wrap=False, show_line_numbers=True)
            yield Static(t("tui.first.villages_hint"), classes="field-hint")
            yield FieldError("villages")
            with Horizontal(classes="field-pair"):
                with Vertical():
                    yield from self._field("username", LineInput(id="f-username"))
                with Vertical():
                    yield from self._field("display_name", LineInput(id="f-display_name"))
            with Horizontal(classes="field-pair"):
                with Vertical():
                    yield from self._field("password", LineInput(id="f-password", password=True))
                with Vertical():
                    yield from self._field("confirm", LineInput(id="f-confirm", password=True))
            with Horizontal(classes="button-row"):
                yield Button(t("tui.first.create"), id="first-create", variant="primary")
                yield Button(t("tui.first.demo"), id="first-demo")
            yield Static("", id="first-status", classes="modal-note")
        yield KeyBar()

    def _field(self, name: str, widget: Input) -> ComposeResult:
        yield Label(t(f"tui.first.{name}"), classes="field-label")
        yield widget
        yield FieldError(name)

    def on_mount(self) -> None:
        self.query_one("#f-town").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "first-create":
            self.action_create()
        elif event.button.id == "first-demo":
            self.action_demo()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def _value(self, name: str) -> str:
        if name == "villages":
            return self.query_one("#f-villages", TextArea).text
        return self.query_one(f"#f-{name}", Input).value

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name in FIELDS:
            self.query_one(f"#err-{name}", FieldError).show(errors.get(name, ""))
        first = next((n for n in FIELDS if n in errors), None)
        if first is not None:
            self.query_one(f"#f-{first}").focus()

    def _check_locally(self) -> tuple[dict[str, str], list[tuple[str, int]]]:
        errors: dict[str, str] = {}
        villages: list[tuple[str, int]] = []
        checks = {
            "town": lambda: clean_text(
                self._value("town"), field="town", label=t("field.town"), max_len=40, required=True
            ),
            "villages": lambda: villages.extend(parse_villages(self._value("villages"))),
            "username": lambda: auth.clean_username(self._value("username")),
            "display_name": lambda: clean_text(
                self._value("display_name"),
                field="display_name",
                label=t("tui.first.display_name"),
                max_len=20,
                required=True,
            ),
            "password": lambda: check_password_rules(self._value("password")),
        }
        for name, check in checks.items():
            try:
                check()
            except ValidationError as exc:
                errors[name] = exc.message
        if "password" not in errors and self._value("password") != self._value("confirm"):
            errors["confirm"] = t("tui.first.confirm_mismatch")
        return errors, villages

    def action_create(self) -> None:
        errors, villages = self._check_locally()
        self._show_errors(errors)
        if errors:
            return
        self.query_one("#first-status", Static).update(t("tui.first.working"))
        values = {name: self._value(name) for name in FIELDS}
        run_service(
            self, lambda ctx: _create(ctx, values, villages), group="first-run", done=self.Done
        )

    def on_first_run_screen_done(self, message: FirstRunScreen.Done) -> None:
        self.query_one("#first-status", Static).update("")
        exc = message.error
        if isinstance(exc, ValidationErrors):
            self._show_errors(exc.by_field())
        elif exc is not None:
            self._show_errors({exc.field if exc.field in FIELDS else "town": exc.message})
        else:
            self.dismiss(message.result)  # the desk opens the setup guide on top

    def action_demo(self) -> None:
        self.dismiss(DEMO)


def _create(ctx: ServiceContext, values: dict[str, str], villages: list[tuple[str, int]]) -> Actor:
    """Set the town up, add its administrator and sign them in."""
    setup_town(ctx, values["town"], villages)
    auth.add_operator(ctx, values["username"], values["display_name"], "管理员", values["password"])
    return auth.sign_in(ctx, values["username"], values["password"])
