"""生成值班表 from the roster tab: a date range (the month shown by default)
turned into duty days from the fixed teams, in one transaction; what was
edited or signed is kept. Errors show under their field."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Static

from deskui.domain.dates import parse_date
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.roster import duty as roster
from deskui.tui.tabs.roster.form import RosterFormDialog
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput


class GenerateDialog(RosterFormDialog):
    """Dismisses with the summary sentence, or '' when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", t("roster.tui.key.cancel"), id="roster_generate.cancel"),
        Binding("ctrl+s", "submit", t("roster.tui.generate_run"), id="roster_generate.run"),
    ]

    FIRST_FIELD = "start"

    def __init__(self, ctx: ServiceContext, first: dt.date, last: dt.date) -> None:
        super().__init__(ctx)
        self.first, self.last = first, last

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box roster-box"):
            yield Label(t("roster.tui.generate_title"), classes="modal-title")
            yield Label(t("roster.tui.generate_from"), classes="field-label")
            yield LineInput(self.first.isoformat(), id="gen-start")
            yield FieldError("start")
            yield Label(t("roster.tui.generate_to"), classes="field-label")
            yield LineInput(self.last.isoformat(), id="gen-end")
            yield FieldError("end")
            yield Checkbox(t("roster.tui.generate_force"), id="gen-force")
            yield Static(t("roster.tui.generate_hint"), classes="pane-note")

    def on_mount(self) -> None:
        self.query_one("#gen-start", Input).focus()

    def action_submit(self) -> None:
        self.clear_errors()
        start_text = self.query_one("#gen-start", Input).value
        end_text = self.query_one("#gen-end", Input).value
        force = self.query_one("#gen-force", Checkbox).value
        self.submit(lambda ctx: _generate(ctx, start_text, end_text, force))


def _generate(ctx: ServiceContext, start_text: str, end_text: str, force: bool = False) -> str:
    start = parse_date(start_text, field="start", label=t("roster.tui.generate_from"))
    end = parse_date(end_text, field="end", label=t("roster.tui.generate_to"))
    r = roster.generate(ctx, start, end, force=force)
    return t(
        "roster.cli.generated",
        start=r.start, end=r.end, created=r.created, cancelled=r.cancelled,
        moved=r.moved, kept=r.kept, removed=r.removed,
    )  # fmt: skip
