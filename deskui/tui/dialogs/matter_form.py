"""受理代办事项: the new matter card form.

``MatterFormDialog(prefill)`` dismisses with the new card's number (or
``None`` when cancelled). Prefill keys: name, phone, village, group_no,
content, visit_id, resident_id, household_id, origin. Validation is the
service's: a refusal comes back with its ``field`` and is shown under that
field; nothing is written until every field passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from deskui.domain.deadlines import Level
from deskui.i18n import t
from deskui.services.matters.cards import open_matter
from deskui.services.matters.lists import FormChoices, form_choices
from deskui.tui.dialogs.form_keys import FormKeys
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.tui.app import DeskApp

TEXT_FIELDS = (
    "name", "phone", "group_no", "content", "materials",
    "promised_on", "first_receiver", "handler", "leader",
)  # fmt: skip
SELECT_FIELDS = ("village", "category", "level")
# Fields the service may name that have no input of their own.
OTHER_FIELDS = ("form",)
LINKS = ("visit_id", "resident_id", "household_id", "origin")


def _field(fid: str, widget: Any, hint: str = "") -> ComposeResult:
    with Vertical(classes="mf-field"):
        yield Label(t(f"mtui.form.{fid}"), classes="field-label")
        yield widget
        if hint:
            yield Static(hint, classes="field-hint")
        yield FieldError(fid)


class MatterFormDialog(FormKeys, ModalScreen[str | None]):
    """The 代办事项受理卡 form: Enter moves on and saves on the last field,
    Ctrl+S saves anywhere, Esc asks before it throws typed input away."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", t("mtui.key.save"), id="matter_form.save"),
        Binding("escape", "cancel", t("mtui.key.cancel"), id="matter_form.cancel"),
    ]

    @dataclass
    class Loaded(ServiceDone):
        """The form's lists (``result``, FormChoices), or why not."""

    @dataclass
    class Saved(ServiceDone):
        """The new card's number (``result``), or why it was refused."""

    def __init__(self, prefill: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.prefill = dict(prefill or {})
        self.choices: FormChoices | None = None
        self.load_failed = False
        self.saving = False

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        p = self.prefill
        with VerticalScroll(id="mf-box", classes="modal-box"):
            yield Label(t("mtui.form.title"), classes="modal-title")
            with Horizontal(classes="mf-row"):
                yield from _field("name", LineInput(str(p.get("name") or ""), id="f-name"))
                yield from _field("phone", LineInput(str(p.get("phone") or ""), id="f-phone"))
            with Horizontal(classes="mf-row"):
                yield from _field(
                    "village", ChoiceField(title=t("mtui.form.village"), id="f-village")
                )
                group = p.get("group_no")
                yield from _field("group_no", LineInput(str(group or ""), id="f-group_no"))
            yield from _field("content", LineInput(str(p.get("content") or ""), id="f-content"))
            yield from _field("materials", LineInput("", id="f-materials"))
            with Horizontal(classes="mf-row"):
                yield from _field(
                    "category", ChoiceField(title=t("mtui.form.category"), id="f-category")
                )
                yield from _field(
                    "level",
                    ChoiceField(
                        [
                            (f"{n} {lv} {t(f'mtui.level.{lv}')}", lv)
                            for n, lv in enumerate((level.value for level in Level), 1)
                        ],
                        title=t("mtui.form.level"),
                        value=Level.VILLAGE.value,
                        allow_blank=False,
                        id="f-level",
                    ),
                    t("mtui.form.level_hint"),
                )
            yield from _field(
                "promised_on", LineInput("", id="f-promised_on"), t("mtui.form.promised_hint")
            )
            with Horizontal(classes="mf-row"):
                yield from _field(
                    "first_receiver",
                    LineInput(str(p.get("first_receiver") or ""), id="f-first_receiver"),
                )
                yield from _field("handler", LineInput("", id="f-handler"))
                yield from _field("leader", LineInput("", id="f-leader"))
            yield FieldError("form")
            yield Static(t("mtui.form.keys"), classes="modal-note")

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()
        run_service(self, form_choices, group="matter-form", done=self.Loaded)

    def on_matter_form_dialog_loaded(self, message: MatterFormDialog.Loaded) -> None:
        if message.error is not None:
            self.load_failed = True
            self._show("form", message.error_text)
            return
        self.choices = c = message.result
        village = self.query_one("#f-village", ChoiceField)
        village.set_options([(name, name) for _id, name, _n in c.villages])
        wanted = str(self.prefill.get("village") or "")
        names = [name for _id, name, _n in c.villages]
        if wanted in names:
            village.value = wanted
        elif len(names) == 1:
            village.value = names[0]
        self.query_one("#f-category", ChoiceField).set_options(
            [(f"{i} {n}" if i < 10 else n, n) for i, n in enumerate(c.categories, 1)]
        )
        receiver = self.query_one("#f-first_receiver", Input)
        if not receiver.value:
            receiver.value = c.first_receiver
        self.mark_clean()

    def holds_keys(self, key: events.Key) -> bool:
        """Type-ahead: keys wait while the lists (villages, categories)
        load, so a category typed ahead finds its list, and while a save
        runs."""
        return self.saving or (self.choices is None and not self.load_failed)

    # ---------------------------------------------------------------- values

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for fid in TEXT_FIELDS:
            out[fid] = self.query_one(f"#f-{fid}", Input).value.strip()
        for fid in SELECT_FIELDS:
            value = self.query_one(f"#f-{fid}", ChoiceField).value
            out[fid] = "" if value is None else str(value)
        for key in LINKS:
            if self.prefill.get(key) not in (None, ""):
                out[key] = self.prefill[key]
        return out

    def _clear(self) -> None:
        for note in self.query(FieldError):
            note.show("")

    def _show(self, fid: str, text: str) -> None:
        found = self.query(f"#err-{fid}")
        note = found.first(FieldError) if found else self.query_one("#err-form", FieldError)
        note.show(text)
        target = self.query(f"#f-{fid}")
        if target:
            target.first().focus()

    # --------------------------------------------------------------- actions

    def action_save(self) -> None:
        if self.saving:
            return
        self._clear()
        values = self.values()
        if not values["village"]:
            self._show("village", t("mtui.form.village_required"))
            return
        self.saving = True
        run_service(
            self,
            lambda ctx: open_matter(ctx, **values).number,
            group="matter-form",
            done=self.Saved,
        )

    def on_matter_form_dialog_saved(self, message: MatterFormDialog.Saved) -> None:
        self.saving = False
        exc = message.error
        if exc is None:
            self.dismiss(message.result)
            return
        field = exc.field or "form"
        if field in ("group", "official"):
            field = {"group": "group_no", "official": "first_receiver"}[field]
        self._show(field, str(exc))
