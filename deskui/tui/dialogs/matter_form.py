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
from deskui.domain.matter_flow import ORIGINS
from deskui.i18n import t
from deskui.services.matters.cards import open_matter
from deskui.services.matters.lists import FormChoices, form_choices
from deskui.services.queue.intake import ResidentHit, search_residents
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

    @dataclass
    class Found(ServiceDone):
        """The residents the archive lookup found for ``text`` (``result``)."""

        text: str = ""

    def __init__(self, prefill: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.prefill = dict(prefill or {})
        self.choices: FormChoices | None = None
        self.load_failed = False
        self.saving = False
        # A card opened by itself (F4 N, not from a visit or a contact)
        # looks the applicant up in the archive, as F6 does, and asks 来源.
        self.lookup = not (self.prefill.get("resident_id") or self.prefill.get("visit_id"))
        self.ask_origin = not self.prefill.get("origin")
        self._hits: list[ResidentHit] = []
        self._searched = ""  # the lookup text the hits are for
        self._lookup_timer: Any = None

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        p = self.prefill
        with VerticalScroll(id="mf-box", classes="modal-box"):
            yield Label(t("mtui.form.title"), classes="modal-title")
            if self.lookup:
                yield Label(t("mtui.form.lookup"), classes="field-label")
                yield LineInput(id="mf-lookup")
                yield Static(t("mtui.form.lookup_hint"), id="mf-lookup-hint", classes="field-hint")
            if self.ask_origin:
                yield from _field(
                    "origin",
                    ChoiceField(
                        [(f"{n} {o}", o) for n, o in enumerate(ORIGINS, 1)],
                        title=t("mtui.form.origin"),
                        value=ORIGINS[0],
                        allow_blank=False,
                        id="f-origin",
                    ),
                )
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
        self.query_one("#mf-lookup" if self.lookup else "#f-name", Input).focus()
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
        runs; an Enter in the lookup waits for the lookup's answer."""
        if self.saving or (self.choices is None and not self.load_failed):
            return True
        if key.key != "enter" or not self.lookup or self.focused is None:
            return False
        return self.focused.id == "mf-lookup" and self._lookup_text() != self._searched

    # ---------------------------------------------------------------- lookup

    def _lookup_text(self) -> str:
        return self.query_one("#mf-lookup", Input).value.strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "mf-lookup":
            return
        if self._lookup_timer is not None:
            self._lookup_timer.stop()
        self._lookup_timer = self.set_timer(0.15, self._search)

    def _search(self) -> None:
        text = self._lookup_text()
        run_service(
            self,
            lambda ctx: search_residents(ctx, text),
            group="matter-form-lookup",
            done=lambda result, error: self.Found(result, error, text=text),
        )

    def on_matter_form_dialog_found(self, message: MatterFormDialog.Found) -> None:
        if message.text != self._lookup_text():
            return  # typed on since
        self._searched = message.text
        self._hits = message.result or []
        hint = self.query_one("#mf-lookup-hint", Static)
        if self._hits:
            h = self._hits[0]
            more = t("mtui.form.lookup_more", n=len(self._hits) - 1) if len(self._hits) > 1 else ""
            hint.update(
                t("mtui.form.lookup_hit", name=h.name, village=h.village, group=h.group_no or "")
                + more
            )
        elif message.text:
            hint.update(t("mtui.form.lookup_none", text=message.text))
        else:
            hint.update(t("mtui.form.lookup_hint"))

    def _take(self, hit: ResidentHit) -> None:
        """Fill the applicant from the archive and link the card to them."""
        self.query_one("#f-name", Input).value = hit.name
        self.query_one("#f-phone", Input).value = "" if hit.phone_masked else hit.phone
        self.query_one("#f-group_no", Input).value = str(hit.group_no or "")
        village = self.query_one("#f-village", ChoiceField)
        if hit.village in [value for _text, value in village.options]:
            village.value = hit.village
        self.prefill.update(resident_id=hit.resident_id, household_id=hit.household_id)

    # ---------------------------------------------------------------- values

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Textual calls this and then FormKeys' handler (the Enter rule);
        # the lookup's Enter is this form's own, so FormKeys' is skipped.
        if event.input.id == "mf-lookup":
            event.stop()
            event.prevent_default()
            if self._hits and self._searched == self._lookup_text():
                self._take(self._hits[0])
                self.query_one("#f-content", Input).focus()
            else:
                self.query_one("#f-name", Input).focus()

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
        if self.ask_origin:
            out["origin"] = str(self.query_one("#f-origin", ChoiceField).value or "")
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
