"""The day's duty forms: sign-in (签到 with the time), absence with the
reason, substitute (顶班). The service runs in a worker; its refusal shows
next to the field it names, and the modal closes only on success."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from deskui.domain.dates import parse_date
from deskui.domain.errors import ValidationError
from deskui.i18n import t
from deskui.services.roster import duty as roster
from deskui.tui.tabs.roster.form import RosterFormDialog
from deskui.tui.widgets.choice import ChoiceField, numbered
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.services.roster.view import DutyLine

SIGN_IN, ABSENT, SUBSTITUTE, SWAP, WITHDRAW = "signin", "absent", "substitute", "swap", "withdraw"


def parse_hhmm(text: str) -> dt.time:
    value = text.strip().replace("：", ":")
    try:
        hour, minute = (int(x) for x in value.split(":"))
        return dt.time(hour, minute)
    except ValueError:
        raise ValidationError(t("roster.tui.bad_time", text=text), field="time") from None


class DutyDialog(RosterFormDialog):
    """One form for the three actions; dismisses with a done sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", t("roster.tui.key.cancel"), id="roster_modal.cancel"),
        Binding("ctrl+s", "submit", t("roster.tui.key.save"), id="roster_modal.save"),
    ]

    FIRST_FIELD = "official"

    def __init__(self, ctx: ServiceContext, mode: str, day: dt.date, lines: list[DutyLine]) -> None:
        super().__init__(ctx)
        self.mode, self.day, self.lines = mode, day, lines

    def compose(self) -> ComposeResult:
        if self.mode == WITHDRAW:  # only those marked absent (no one stands in)
            names = sorted({x.official for x in self.lines if x.absent and not x.substitute})
        else:
            names = sorted(
                {x.on_duty for x in self.lines if self.mode != SIGN_IN or x.signed_in_at is None}
            )
        with Vertical(classes="modal-box roster-box"):
            yield Label(
                t(f"roster.tui.{self.mode}_title", date=self.day.isoformat()), classes="modal-title"
            )
            yield Label(t("roster.tui.official"), classes="field-label")
            yield ChoiceField(
                numbered((n, n) for n in names),
                title=t("roster.tui.official"),
                prompt=t("roster.tui.pick"),
                id="duty-official",
            )
            yield FieldError("official")
            if self.mode == SIGN_IN:
                yield Label(t("roster.tui.time"), classes="field-label")
                yield LineInput(self.ctx.now().strftime("%H:%M"), id="duty-time")
                yield FieldError("time")
            if self.mode == SUBSTITUTE:
                yield Label(t("roster.tui.substitute"), classes="field-label")
                yield LineInput(
                    "", id="duty-substitute", placeholder=t("roster.tui.substitute_hint")
                )
                yield FieldError("substitute")
            if self.mode == SWAP:
                yield Label(t("roster.tui.swap_with"), classes="field-label")
                yield LineInput("", id="duty-other", placeholder=t("roster.tui.substitute_hint"))
                yield FieldError("other")
                yield Label(t("roster.tui.swap_day"), classes="field-label")
                yield LineInput(self.day.isoformat(), id="duty-other-date")
                yield FieldError("other_date")
            if self.mode in (ABSENT, SUBSTITUTE):
                yield Label(t("roster.tui.reason"), classes="field-label")
                yield LineInput("", id="duty-reason")
                yield FieldError("reason")
            yield Static(t("roster.tui.modal_hint"), classes="pane-note")

    def on_mount(self) -> None:
        self.query_one("#duty-official", ChoiceField).focus()

    def action_submit(self) -> None:
        self.clear_errors()
        official = self.query_one("#duty-official", ChoiceField).value
        if official is None:
            self.query_one("#err-official", FieldError).show(t("roster.tui.pick_first"))
            return
        values = {w.id: w.value for w in self.query(Input) if w.id}
        self.submit(lambda ctx: self._apply(ctx, str(official), values))

    def _apply(self, ctx: ServiceContext, official: str, values: dict[str, str]) -> str:
        if self.mode == SIGN_IN:
            at = parse_hhmm(values.get("duty-time", ""))
            moment = roster.sign_in(ctx, official, self.day, at)
            return t("roster.tui.signed", name=official, time=moment.strftime("%H:%M"))
        if self.mode == SWAP:
            other = values.get("duty-other", "").strip()
            if not other:
                raise ValidationError(t("roster.tui.swap_needed"), field="other")
            other_day = parse_date(
                values.get("duty-other-date", ""),
                field="other_date",
                label=t("roster.tui.swap_day"),
            )
            roster.swap(ctx, official, self.day, other, other_day)
            return t("roster.tui.swap_done", a=official, b=other, day=other_day.isoformat())
        if self.mode == WITHDRAW:
            roster.withdraw_absence(ctx, official, self.day)
            return t("roster.tui.withdraw_done", name=official)
        reason = values.get("duty-reason", "")
        if self.mode == ABSENT:
            roster.mark_absent(ctx, official, self.day, reason)
            return t("roster.tui.absent_done", name=official)
        stand_in = values.get("duty-substitute", "")
        if not stand_in.strip():
            raise ValidationError(t("roster.tui.substitute_needed"), field="substitute")
        roster.substitute(ctx, official, self.day, stand_in, reason)
        return t("roster.tui.substitute_done", name=official, sub=stand_in.strip())
