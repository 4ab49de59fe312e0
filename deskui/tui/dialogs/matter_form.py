"""受理代办事项: the new matter card form.

``MatterFormDialog(prefill)`` dismisses with the new card's number (or
``None`` when cancelled). Prefill keys: name, phone, village, group_no,
content, visit_id, resident_id, household_id, origin, first_receiver (a
name). Validation is the service's: a refusal comes back with its
``field`` and is shown under that field; nothing is written until every
field passes.

A card opened by itself (F4 N, not from a visit) starts on the archive
lookup F6 uses (:class:`~deskui.tui.widgets.resident_lookup.ResidentLookup`)
and asks 来源; a card from a visit or a contact starts on the first field
the clerk has to fill (问题类别 when the visit gave name and 事由). 首办/主办/责任领导 are choice fields over the town's officials
in post (pinyin initials or a number; namesakes told apart): a name that is
no official's cannot be typed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from deskui.domain.deadlines import Level
from deskui.domain.matter_flow import ORIGINS
from deskui.i18n import t
from deskui.services.matters.cards import open_matter
from deskui.services.matters.lists import FormChoices, form_choices
from deskui.services.queue.intake import ResidentHit
from deskui.tui.dialogs.form_keys import FormKeys
from deskui.tui.widgets.choice import ChoiceField, numbered
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.widgets.resident_lookup import ResidentLookup
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.tui.app import DeskApp

CJK = re.compile("[\u2e80-\u9fff]")
TEXT_FIELDS = ("name", "phone", "id_number", "group_no", "content", "materials", "promised_on")
SELECT_FIELDS = ("village", "category", "level")
OFFICIAL_FIELDS = ("first_receiver", "handler", "leader")
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
        # A card opened by itself (F4 N, not from a visit or a contact)
        # looks the applicant up in the archive, as F6 does, and asks 来源.
        self.lookup = not (self.prefill.get("resident_id") or self.prefill.get("visit_id"))
        self.ask_origin = not self.prefill.get("origin")

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        p = self.prefill
        with VerticalScroll(id="mf-box", classes="modal-box"):
            yield Label(t("mtui.form.title"), classes="modal-title")
            if self.lookup:
                yield ResidentLookup(
                    label=t("mtui.form.lookup"),
                    hint=t("mtui.form.lookup_hint"),
                    no_match=t("mtui.form.lookup_none"),
                    input_id="mf-lookup",
                    hint_id="mf-lookup-hint",
                    list_id="mf-matches",
                )
            if self.ask_origin:
                yield from _field(
                    "origin",
                    ChoiceField(
                        numbered((o, o) for o in ORIGINS),
                        title=t("mtui.form.origin"),
                        value=ORIGINS[0],
                        allow_blank=False,
                        id="f-origin",
                    ),
                )
            with Horizontal(classes="mf-row"):
                yield from _field("name", LineInput(str(p.get("name") or ""), id="f-name"))
                yield from _field("phone", LineInput(str(p.get("phone") or ""), id="f-phone"))
                yield from _field("id_number", LineInput("", id="f-id_number"))
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
                        numbered(
                            (f"{lv.value} {t(f'mtui.level.{lv.value}')}", lv.value) for lv in Level
                        ),
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
                for fid in OFFICIAL_FIELDS:
                    yield from _field(fid, ChoiceField(title=t(f"mtui.form.{fid}"), id=f"f-{fid}"))
            yield Static(t("mtui.form.official_hint"), classes="field-hint")
            yield FieldError("form")
            yield Static(t("mtui.form.keys"), classes="modal-note")

    def on_mount(self) -> None:
        self._first_to_fill().focus()
        run_service(self, form_choices, group="matter-form", done=self.Loaded)

    def _first_to_fill(self) -> Widget:
        """Where the card starts: the archive lookup on a card of its own;
        on a card from a visit or a contact, the first of 申请人 and 申办事项
        still empty, else 问题类别 — the applicant is known, and a key typed
        on the filled name would replace it."""
        if self.lookup:
            return self.query_one("#mf-lookup")
        for fid in ("name", "content"):
            if not self.query_one(f"#f-{fid}", Input).value.strip():
                return self.query_one(f"#f-{fid}")
        return self.query_one("#f-category")

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
            numbered((n, n) for n in c.categories)
        )
        officials = [(f"{i} {label}" if i < 10 else label, oid)
                     for i, (oid, label) in enumerate(c.officials, 1)]  # fmt: skip
        for fid in OFFICIAL_FIELDS:
            self.query_one(f"#f-{fid}", ChoiceField).set_options(officials)
        receiver = self.query_one("#f-first_receiver", ChoiceField)
        receiver.value = self._official(str(self.prefill.get("first_receiver") or ""))
        if receiver.value is None:
            receiver.value = c.own_official
        self.mark_clean()

    def _official(self, name: str) -> int | None:
        """The official a prefilled name (or label) stands for, if one only."""
        if not name or self.choices is None:
            return None
        found = [oid for oid, label in self.choices.officials if label == name]
        found = found or [
            oid for oid, label in self.choices.officials if label.split("（")[0] == name
        ]
        return found[0] if len(found) == 1 else None

    def holds_keys(self, key: events.Key) -> bool:
        """Type-ahead: keys wait while the lists (villages, categories,
        officials) load, so a choice typed ahead finds its list, and while a
        save runs (the lookup holds its own Enter until its answer)."""
        return self.saving or (self.choices is None and not self.load_failed)

    # ---------------------------------------------------------------- lookup

    def on_resident_lookup_picked(self, message: ResidentLookup.Picked) -> None:
        message.stop()
        self._take(message.hit)
        message.lookup.close()
        self.query_one("#f-content", Input).focus()

    def on_resident_lookup_unmatched(self, message: ResidentLookup.Unmatched) -> None:
        """Not in the archive: on by hand (a typed Chinese name is the
        applicant's, as in F6)."""
        message.stop()
        name = self.query_one("#f-name", Input)
        if message.text and CJK.search(message.text):
            name.value = message.text
            self.query_one("#f-phone", Input).focus()
        else:
            name.focus()

    def _take(self, hit: ResidentHit) -> None:
        """Fill the applicant from the archive and link the card to them."""
        self.query_one("#f-name", Input).value = hit.name
        self.query_one("#f-phone", Input).value = "" if hit.phone_masked else hit.phone
        id_input = self.query_one("#f-id_number", Input)
        id_input.value = "" if hit.id_masked else hit.id_number
        id_input.placeholder = t("mtui.form.id_on_file", id=hit.id_number) if hit.id_masked else ""
        self.query_one("#f-group_no", Input).value = str(hit.group_no or "")
        village = self.query_one("#f-village", ChoiceField)
        if hit.village in [value for _text, value in village.options]:
            village.value = hit.village
        self.prefill.update(resident_id=hit.resident_id, household_id=hit.household_id)

    # ---------------------------------------------------------------- values

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for fid in TEXT_FIELDS:
            out[fid] = self.query_one(f"#f-{fid}", Input).value.strip()
        for fid in SELECT_FIELDS:
            value = self.query_one(f"#f-{fid}", ChoiceField).value
            out[fid] = "" if value is None else str(value)
        for fid in OFFICIAL_FIELDS:
            out[fid] = self.query_one(f"#f-{fid}", ChoiceField).value  # an official's id
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
