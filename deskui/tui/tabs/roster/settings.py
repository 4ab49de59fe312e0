"""服务日设置 from the roster tab: the town's service weekday, an optional
second weekday (一线工作日) every week or in odd / even weeks, and what a
holiday does to a service day (取消 / 顺延). Saved through the service in a
worker (admin only); a refusal shows in the modal. Saving does not rewrite
duty days already generated: G regenerates them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from deskui.domain import roster_rules as rules
from deskui.domain.town_rules import EVERY_WEEK, PARITIES, TownSettings, weekday_label
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.town import settings as town_settings
from deskui.tui.widgets.choice import ChoiceField, numbered
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.worker import ServiceDone, run_service

NO_SECOND = 0  # the choice value of "no second weekday"
FIELDS = ("set-weekday", "set-second", "set-parity", "set-policy")


class RosterSettingsDialog(ModalScreen[str]):
    """Dismisses with the saved sentence, or '' when closed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", t("rset.tui.key.cancel"), id="roster_settings.cancel"),
        Binding("ctrl+s", "save", t("rset.tui.key.save"), id="roster_settings.save"),
    ]

    @dataclass
    class Loaded(ServiceDone):
        """The town's settings (``result``), or why they cannot be read."""

    @dataclass
    class Saved(ServiceDone):
        """The settings were saved, or why not."""

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(classes="roster-modal")
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        days = [(weekday_label(d), d) for d in range(1, 8)]

        def row(label: str, widget: ChoiceField) -> Horizontal:
            return Horizontal(Label(label, classes="set-label"), widget, classes="set-row")

        with Vertical(classes="modal-box roster-box settings-box"):
            yield Label(t("rset.tui.settings_title"), classes="modal-title")
            yield row(
                t("rset.label.weekday"),
                ChoiceField(
                    numbered(days),
                    title=t("rset.label.weekday"),
                    id="set-weekday",
                    value=2,
                    allow_blank=False,
                ),
            )
            yield row(
                t("rset.label.second"),
                ChoiceField(
                    numbered([*days, (t("rset.none"), NO_SECOND)]),  # 1…7 the weekday, 8 none
                    title=t("rset.label.second"), id="set-second", value=NO_SECOND,
                    allow_blank=False,
                ),
            )  # fmt: skip
            yield row(
                t("rset.label.parity"),
                ChoiceField(numbered([(p, p) for p in PARITIES]), title=t("rset.label.parity"),
                            id="set-parity", value=EVERY_WEEK, allow_blank=False),
            )  # fmt: skip
            yield row(
                t("rset.label.policy"),
                ChoiceField(numbered([(t(f"rset.policy.{p}"), p) for p in rules.POLICIES]),
                            title=t("rset.label.policy"), id="set-policy",
                            value=rules.CANCELLED, allow_blank=False),
            )  # fmt: skip
            yield FieldError("settings")
            yield Static(t("rset.unchanged_note"), classes="set-note")
            yield Static(t("rset.tui.village_hint"), classes="pane-note")

    def on_mount(self) -> None:
        self.query_one("#set-weekday", ChoiceField).focus()
        run_service(
            self,
            town_settings.town_settings,
            group="roster-settings",
            done=self.Loaded,
            ctx=self.ctx,
        )

    def on_roster_settings_dialog_loaded(self, message: RosterSettingsDialog.Loaded) -> None:
        if message.error is not None:
            self.query_one("#err-settings", FieldError).show(message.error_text)
            return
        s: TownSettings = message.result
        self.query_one("#set-weekday", ChoiceField).value = s.service_weekday
        self.query_one("#set-second", ChoiceField).value = s.second_weekday or NO_SECOND
        self.query_one("#set-parity", ChoiceField).value = s.second_week_parity or EVERY_WEEK
        self.query_one("#set-policy", ChoiceField).value = s.holiday_policy

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        """The one Enter rule: the next choice, or on the last, save."""
        event.stop()
        fid = event.choice.id or ""
        if fid in FIELDS and fid != FIELDS[-1]:
            self.query_one(f"#{FIELDS[FIELDS.index(fid) + 1]}", ChoiceField).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.query_one("#err-settings", FieldError).show("")
        second = self.query_one("#set-second", ChoiceField).value
        parity = str(self.query_one("#set-parity", ChoiceField).value)
        fields = {
            "service_weekday": self.query_one("#set-weekday", ChoiceField).value,
            "second_weekday": None if second == NO_SECOND else second,
            "second_week_parity": None if second == NO_SECOND else parity,
            "holiday_policy": str(self.query_one("#set-policy", ChoiceField).value),
        }
        run_service(
            self,
            lambda ctx: town_settings.update_town_settings(ctx, **fields),
            group="roster-settings",
            done=self.Saved,
            ctx=self.ctx,
        )

    def on_roster_settings_dialog_saved(self, message: RosterSettingsDialog.Saved) -> None:
        if message.error is not None:
            self.query_one("#err-settings", FieldError).show(message.error_text)
            return
        self.dismiss(t("rset.tui.settings_saved"))

    def action_cancel(self) -> None:
        self.dismiss("")
