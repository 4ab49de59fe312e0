"""入户走访 from the queue tab: find the household visited today, then log the
visit against it (the contact form, mode 登门, today's date)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from deskui.i18n import t
from deskui.services.archive.household_view import get_household
from deskui.services.archive.liaison import liaison_officials
from deskui.services.archive.search import search_households
from deskui.tui.dialogs.contact_log import ContactLogDialog
from deskui.tui.format import group
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.tui.app import DeskApp

MATCHES = 10


class HomeVisitDialog(ModalScreen[bool]):
    """Dismisses True when a visit was logged."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", t("queue_tui.home.close"), id="home_visit.close"),
        Binding("down", "to_matches", show=False, id="home_visit.down"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._serial = 0

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="home-visit-box", classes="modal-box"):
            yield Label(t("queue_tui.home.title"), classes="modal-title")
            yield LineInput(placeholder=t("queue_tui.home.placeholder"), id="hv-query")
            yield OptionList(id="hv-matches")
            yield Static(t("queue_tui.home.hint"), id="hv-note", classes="pane-note")

    def on_mount(self) -> None:
        self.query_one("#hv-query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        self._serial += 1
        serial = self._serial
        if not text:
            self.query_one("#hv-matches", OptionList).clear_options()
            return
        run_service(
            self,
            lambda ctx: ("rows", serial, search_households(ctx, text, limit=MATCHES)),
            group="service",
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        matches = self.query_one("#hv-matches", OptionList)
        if matches.option_count:
            index = matches.highlighted if matches.highlighted is not None else 0
            self._open(matches.get_option_at_index(index).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_to_matches(self) -> None:
        matches = self.query_one("#hv-matches", OptionList)
        if matches.option_count:
            matches.focus()

    def _open(self, option_id: str | None) -> None:
        if option_id is None:
            return
        hid = int(option_id)
        run_service(
            self,
            lambda ctx: ("open", get_household(ctx, hid), liaison_officials(ctx)),
            group="service",
        )

    def on_service_done(self, message: ServiceDone) -> None:
        message.stop()
        note = self.query_one("#hv-note", Static)
        if message.error is not None:
            note.update(message.error.message)
            return
        kind, *rest = message.result
        if kind == "rows":
            serial, rows = rest
            if serial != self._serial:
                return  # the clerk typed on
            matches = self.query_one("#hv-matches", OptionList)
            matches.clear_options()
            matches.add_options(
                Option(
                    f"{r.village} {group(r.group_no)}  {r.head_name}"
                    + (f"（{r.matched}）" if r.matched else ""),
                    id=str(r.id),
                )
                for r in rows
            )
            if rows:
                matches.highlighted = 0
            note.update(t("queue_tui.home.hint") if rows else t("queue_tui.home.none"))
        else:
            detail, officials = rest
            self.app.push_screen(ContactLogDialog(detail, officials), self._logged)

    def _logged(self, result: Any) -> None:
        if result is not None:
            self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
