"""The matter card view: every field of the 代办事项受理卡 and its event
timeline. The step keys work here too: the card closes with the step's
action name and the matters tab opens that step's form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from deskui.i18n import t
from deskui.services.matters.card_view import MatterCard, get_matter
from deskui.tui.format import short_date
from deskui.tui.refusal import denied
from deskui.tui.tabs.matters.step import (
    step_allowed,
    step_bindings,
    step_of,
    step_perm,
    step_refusal,
)
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.tui.app import DeskApp

URGENT = {"overdue": "mc-overdue", "due_today": "mc-due-today"}


def _d(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else t("common.dash")  # type: ignore[union-attr]


def card_lines(card: MatterCard) -> list[tuple[str, str]]:
    """(label, value) of every field the card shows, in the paper card's order."""
    place = card.village + (t("tui.group", n=card.group_no) if card.group_no else "")
    handler = "、".join(x for x in (card.handler_unit, card.handler) if x)
    rows = [
        ("number", card.number),
        ("state", card.state),
        ("urgency", card.urgency_label),
        ("applicant", card.applicant),
        ("id_number", card.id_number or t("common.dash")),
        ("phone", card.phone or t("common.dash")),
        ("place", place + (f"（{card.address}）" if card.address else "")),
        ("content", card.content),
        ("materials", card.materials or t("common.dash")),
        ("category", card.category or t("common.dash")),
        ("origin", card.origin),
        ("level", card.level or t("common.dash")),
        ("accepted_on", _d(card.accepted_on)),
        ("due_on", _d(card.due_on)),
        ("promised_on", _d(card.promised_on)),
        ("first_receiver", card.first_receiver),
        ("handler", handler or t("common.dash")),
        ("leader", card.leader or t("common.dash")),
        ("progress", card.progress or t("common.dash")),
        ("finished_on", _d(card.finished_on)),
        ("result", card.result or t("common.dash")),
        ("signed", t("mtui.card.signed_yes", on=_d(card.signed_on)) if card.signed else "否"),
        ("return_visit", _d(card.return_visit_on)),
        ("satisfaction", card.satisfaction or t("common.dash")),
        ("closed_on", _d(card.closed_on)),
    ]
    if card.refused_reason:
        rows.append(("refused_reason", card.refused_reason))
    return [(t(f"mtui.card.{key}"), value) for key, value in rows]


class MatterCardDialog(ModalScreen[str | None]):
    """Shows one card; Esc closes, a step key closes with that step."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", t("mtui.key.close"), id="matter_card.close"),
        *step_bindings("matter_card"),
    ]

    @dataclass
    class Loaded(ServiceDone):
        """The card (``result``), or why it cannot be shown."""

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.card: MatterCard | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(id="mc-box", classes="modal-box"):
            yield Label(t("mtui.card.title", number=self.number), classes="modal-title")
            with VerticalScroll(id="mc-fields"):
                yield Static(t("tui.pane.waiting"), id="mc-body")
            yield Label(t("mtui.card.timeline"), classes="field-label")
            yield DataTable(id="mc-events", cursor_type="row", zebra_stripes=True)
            yield Static(t("mtui.card.keys"), classes="modal-note")

    def on_mount(self) -> None:
        table = self.query_one("#mc-events", DataTable)
        for key in ("kind", "on", "official", "to", "note", "operator"):
            table.add_column(t(f"mtui.event.{key}"), key=key)
        table.focus()
        number = self.number
        run_service(
            self, lambda ctx: get_matter(ctx, number), group="matter-card", done=self.Loaded
        )

    def on_matter_card_dialog_loaded(self, message: MatterCardDialog.Loaded) -> None:
        body = self.query_one("#mc-body", Static)
        card: MatterCard | None = message.result
        self.loaded = True
        if card is None:
            body.update(message.error_text)
            return
        self.card = card
        text = Text()
        for label, value in card_lines(card):
            text.append(f"{label}：", style="bold")
            text.append(f"{value}\n")
        body.update(text)
        body.set_classes(URGENT.get(card.urgency, ""))
        table = self.query_one("#mc-events", DataTable)
        table.clear()
        year = card.accepted_on.year
        for e in card.events:
            extra = e.satisfaction or (
                t("mtui.event.new_due", due=e.new_due.isoformat()) if e.new_due else ""
            )
            note = "；".join(x for x in (extra, e.note) if x)
            table.add_row(
                e.kind, short_date(e.on, year), e.official, e.to_whom, note[:40], e.operator
            )
        self.refresh_bindings()

    def holds_keys(self, key: events.Key) -> bool:
        """Type-ahead: a step key typed before the card has loaded waits
        for it (it would be refused as not yet allowed)."""
        return not self.loaded and key.key != "escape"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        stp = step_of(action, parameters)
        if stp is None:
            return True
        if not cast("DeskApp", self.app).ctx.actor.can(step_perm(stp)):
            return False  # the role may not: not offered at all
        card = self.card
        if card is None:
            return None
        return (
            step_allowed(card.state, stp, card.signed, card.satisfaction, card.sign_before_visit)
            or None
        )

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a step key does nothing now (said in the status line)."""
        stp = step_of(action, parameters)
        if stp is None:
            return None
        why = denied(cast("DeskApp", self.app).ctx.actor, step_perm(stp))
        card = self.card
        if why is None and card is not None:
            why = step_refusal(
                card.state, stp, card.signed, card.satisfaction, card.sign_before_visit
            )
        return why

    def action_step(self, name: str) -> None:
        """Close the card with the step to take; the tab opens its form."""
        self.dismiss(name)

    def action_close(self) -> None:
        self.dismiss(None)
