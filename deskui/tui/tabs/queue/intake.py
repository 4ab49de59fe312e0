"""取号登记: find the visitor in the archive (name, pinyin initials, phone or
ID tail), or record a new one with the minimum, then the reason and Enter:
a ticket. Enter moves field to field; Esc cancels and keeps what was typed
(the draft comes back next time); Ctrl+D repeats the last visitor's village
and group (同上)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from deskui.i18n import t
from deskui.services.queue.intake import ResidentHit, register_intake
from deskui.services.queue.rows import Place, Ticket, last_visit_place
from deskui.tui.format import group
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.widgets.resident_lookup import ResidentLookup
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

FIELDS = ("name", "village", "group", "phone", "reason")
ERROR_FIELD = {"group_no": "group", "date": "reason", "desk": "reason"}
CJK = re.compile("[\u2e80-\u9fff]")


@dataclass
class IntakeDraft:
    """What was typed into the form; kept by the tab when the form is cancelled."""

    lookup: str = ""
    values: dict[str, str] = field(default_factory=dict)
    resident_id: int | None = None
    household_id: int | None = None
    picked_name: str = ""
    phone_on_file: str = ""

    def clear(self) -> None:
        self.lookup, self.values = "", {}
        self.resident_id = self.household_id = None
        self.picked_name = self.phone_on_file = ""

    @property
    def empty(self) -> bool:
        return not self.lookup and not any(self.values.values())


class IntakeDialog(ModalScreen[Ticket | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", t("queue_tui.key.cancel"), id="intake.cancel"),
        Binding("ctrl+d", "ditto", t("queue_tui.key.ditto"), id="intake.ditto", priority=True),
        Binding("ctrl+l", "clear", t("queue_tui.key.clear"), id="intake.clear", priority=True),
        Binding(
            "ctrl+s", "register", t("queue_tui.key.register"), id="intake.register", priority=True
        ),
        Binding("down", "move(1)", t("tui.lookup.next"), id="intake.down", show=False),
        Binding("up", "move(-1)", t("tui.lookup.prev"), id="intake.up", show=False),
    ]

    @dataclass
    class Registered(ServiceDone):
        """The visitor's ticket (``result``), or why it was refused."""

    @dataclass
    class Dittoed(ServiceDone):
        """Where the last visitor came from (``result``, a Place or None)."""

    def __init__(self, village: str, village_id: int, draft: IntakeDraft) -> None:
        super().__init__()
        self.village = village
        self.village_id = village_id
        self.draft = draft
        self._busy = False

    @property
    def ctx(self) -> ServiceContext:
        return cast("DeskApp", self.app).ctx

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="intake-box", classes="modal-box"):
            yield Label(t("queue_tui.intake.title", village=self.village), classes="modal-title")
            yield Static("", id="intake-draft", classes="field-hint")
            yield ResidentLookup(
                label=t("queue_tui.intake.lookup"),
                hint=t("queue_tui.intake.lookup_hint"),
                no_match=t("queue_tui.intake.no_match"),
                input_id="in-lookup",
                hint_id="intake-hint",
                list_id="in-matches",
                village_id=self.village_id,
                ctx=self.ctx,
            )
            yield Static("", id="intake-picked", classes="field-hint")
            with Horizontal(classes="field-pair"):
                for name in ("name", "village", "group"):
                    with Vertical(classes=f"intake-{name}"):
                        yield Label(t(f"queue_tui.intake.{name}"), classes="field-label")
                        yield LineInput(id=f"in-{name}")
                        yield FieldError(name)
            yield Label(t("queue_tui.intake.phone"), classes="field-label")
            yield LineInput(id="in-phone")
            yield FieldError("phone")
            yield Label(t("queue_tui.intake.reason"), classes="field-label")
            yield LineInput(id="in-reason")
            yield FieldError("reason")

    def on_mount(self) -> None:
        d = self.draft
        if d.empty:
            d.values = {"village": self.village}
        else:
            self.query_one("#intake-draft", Static).update(t("queue_tui.intake.draft"))
        self.query_one("#in-lookup", Input).value = d.lookup
        for name in FIELDS:
            self._input(name).value = d.values.get(name, "")
        self._show_picked()
        self.query_one("#in-lookup", Input).focus()

    def _input(self, name: str) -> Input:
        return self.query_one(f"#in-{name}", Input)

    # ---------------------------------------------------------------- lookup

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("in-")
        if name == "lookup":
            self.draft.lookup = event.value
            return
        if name in FIELDS:
            self.draft.values[name] = event.value
            self._error(name, "")
            if name == "name" and self.draft.resident_id and event.value != self.draft.picked_name:
                self.draft.resident_id = self.draft.household_id = None
                self.draft.phone_on_file = ""
                self._show_picked()

    def holds_keys(self, key: events.Key) -> bool:
        """Type-ahead: a registration in flight holds every key (the
        lookup holds its own Enter while a search is in flight)."""
        return self._busy

    def _lookup(self) -> ResidentLookup:
        return self.query_one(ResidentLookup)

    def action_move(self, step: int) -> None:
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def on_resident_lookup_picked(self, message: ResidentLookup.Picked) -> None:
        message.stop()
        self._pick(message.hit)

    def on_resident_lookup_unmatched(self, message: ResidentLookup.Unmatched) -> None:
        message.stop()
        text = message.text
        if text and CJK.search(text):
            self._input("name").value = text
            self.draft.values["name"] = text
            self._input("village").focus()
        else:
            self._input("name").focus()

    def _pick(self, hit: ResidentHit) -> None:
        d = self.draft
        d.resident_id, d.household_id, d.picked_name = hit.resident_id, hit.household_id, hit.name
        d.phone_on_file = hit.phone if hit.phone_masked else ""
        self._input("name").value = hit.name
        self._input("village").value = hit.village
        self._input("group").value = str(hit.group_no or "")
        self._input("phone").value = "" if hit.phone_masked else hit.phone
        # the Changed events of the lines above arrive later: keep the link
        d.values.update(
            name=hit.name,
            village=hit.village,
            group=str(hit.group_no or ""),
            phone="" if hit.phone_masked else hit.phone,
        )
        self._show_picked()
        self._lookup().close()
        self._input("reason").focus()

    def _show_picked(self) -> None:
        d = self.draft
        picked = self.query_one("#intake-picked", Static)
        phone = self._input("phone")
        if d.resident_id is None:
            picked.update("")
            phone.placeholder = ""
            return
        picked.update(
            t(
                "queue_tui.intake.picked",
                name=d.picked_name,
                village=d.values.get("village", ""),
                group=group(int(d.values["group"])) if d.values.get("group") else "",
            )
        )
        phone.placeholder = (
            t("queue_tui.intake.phone_on_file", phone=d.phone_on_file) if d.phone_on_file else ""
        )

    # ----------------------------------------------------------------- Enter

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = (event.input.id or "").removeprefix("in-")
        if name == "reason":
            self.action_register()
            return
        if name in FIELDS:
            self._input(FIELDS[FIELDS.index(name) + 1]).focus()

    # -------------------------------------------------------------- register

    def action_register(self) -> None:
        if self._busy:
            return  # a second Enter never issues a second ticket
        self._busy = True
        for name in FIELDS:
            self._error(name, "")
        values = {name: self._input(name).value for name in FIELDS}
        d = self.draft
        resident_id, household_id = d.resident_id, d.household_id
        run_service(
            self,
            lambda ctx: register_intake(
                ctx,
                village=values["village"],
                name=values["name"],
                reason=values["reason"],
                phone=values["phone"],
                group_no=values["group"],
                resident_id=resident_id,
                household_id=household_id,
            ),
            group="intake-register",
            done=self.Registered,
            ctx=self.ctx,
        )

    def on_intake_dialog_registered(self, message: IntakeDialog.Registered) -> None:
        self._busy = False
        if message.error is None:
            self.draft.clear()
            self.dismiss(message.result)
            return
        field = message.error.field or ""
        name = ERROR_FIELD.get(field, field)
        if name not in FIELDS:
            name = "reason"
        self._error(name, message.error_text)
        self._input(name).focus()

    def _error(self, name: str, text: str) -> None:
        self.query_one(f"#err-{name}", FieldError).show(text)

    # ----------------------------------------------------------------- other

    def action_ditto(self) -> None:
        run_service(self, last_visit_place, group="intake-ditto", done=self.Dittoed, ctx=self.ctx)

    def on_intake_dialog_dittoed(self, message: IntakeDialog.Dittoed) -> None:
        place: Place | None = message.result
        if place is None:
            self.notify(t("queue_tui.intake.ditto_none"), severity="warning")
            return
        self._input("village").value = place.village
        self._input("group").value = str(place.group_no or "")
        self.notify(
            t("queue_tui.intake.ditto_done", village=place.village, group=group(place.group_no))
        )
        if not self._input("name").value:
            self._input("name").focus()
        else:
            self._input("reason").focus()

    def action_clear(self) -> None:
        self.draft.clear()
        self.query_one("#in-lookup", Input).value = ""
        for name in FIELDS:
            self._input(name).value = self.village if name == "village" else ""
            self._error(name, "")
        self.query_one("#intake-draft", Static).update("")
        self._show_picked()
        self.query_one("#in-lookup", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
