"""F1: every key of the desk and of the active tab, with what it does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from deskui.i18n import t

HelpRow = tuple[str, str, str]  # section, key as shown, description


class HelpDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", t("tui.key.close"), id="help.close"),
        Binding("f1", "close", t("tui.key.close"), id="help.close_f1"),
    ]

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="modal-box"):
            yield Label(t("tui.help.title"), classes="modal-title")
            table: DataTable[str] = DataTable(id="help-table", cursor_type="row")
            table.add_column(t("tui.help.col.section"), key="section")
            table.add_column(t("tui.help.col.key"), key="key")
            table.add_column(t("tui.help.col.action"), key="action")
            for section, key, description in self.rows:
                table.add_row(section, key, description)
            yield table
            yield Label(t("tui.help.footer"), classes="modal-note")

    def on_mount(self) -> None:
        self.query_one("#help-table").focus()

    def action_close(self) -> None:
        self.dismiss(None)
