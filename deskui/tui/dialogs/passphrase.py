"""Before the desk, on an encrypted database (``deskui encrypt``): a screen
asking for the database passphrase. A wrong one is said so on the screen,
the file untouched (the passphrase is tried on a read-only connection);
the right one is kept for this process and the desk opens (its sign-in
screen next). Ctrl+Q leaves without opening anything.

It runs as its own small app before the desk's, because the desk's context
(the open database) cannot exist until the passphrase is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle, Vertical
from textual.message import Message
from textual.widgets import Input, Label

from deskui.config import Settings
from deskui.domain.errors import DomainError
from deskui.i18n import t
from deskui.services.town.encryption import unlock
from deskui.tui.textual_zh import localize
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput

localize()


class PassphraseApp(App[bool]):
    """Returns True once the passphrase opened the database, else False."""

    CSS_PATH = "../styles/desk.tcss"
    TITLE = t("app.title")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", t("tui.key.quit"), id="passphrase.quit", priority=True),
    ]

    @dataclass
    class Checked(Message):
        error: str  # empty: the passphrase is right

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="passphrase-box", classes="modal-box"):
            yield Label(t("cipher.screen_title"), classes="modal-title")
            yield Label(t("cipher.screen_hint"), classes="field-label")
            yield LineInput(
                password=True, placeholder=t("cipher.screen_placeholder"), id="passphrase"
            )
            yield FieldError("passphrase")

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self._error(t("cipher.screen_required"))
            return
        self._check(event.value)

    @work(thread=True, exclusive=True, group="passphrase")
    def _check(self, passphrase: str) -> None:
        # SQLCipher's key derivation takes a noticeable moment: off the UI thread
        try:
            unlock(self.settings, passphrase)
        except DomainError as exc:
            self.post_message(self.Checked(str(exc)))
        else:
            self.post_message(self.Checked(""))

    def on_passphrase_app_checked(self, message: PassphraseApp.Checked) -> None:
        if not message.error:
            self.exit(True)
            return
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.focus()
        self._error(message.error)

    def _error(self, text: str) -> None:
        self.query_one("#err-passphrase", FieldError).show(text)
