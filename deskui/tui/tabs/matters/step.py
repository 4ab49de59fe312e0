"""One loop step of a matter card: a small form asking only what the step
needs (a target for 转办, a reason and new date for 延期, the satisfaction
for 回访 …). Dismisses with the card's new state, or ``None`` if cancelled.

The keys of the steps (``STEP_KEYS``) are shared by the matters tab and the
card view; :func:`step_allowed` greys out what the card's state forbids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from deskui.domain.errors import DomainError
from deskui.domain.matter_flow import Facts, Satisfaction, Step, check_step
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.matters.cards import step as record_step
from deskui.services.matters.lists import list_officials
from deskui.services.town.town_lists import list_departments
from deskui.tui.dialogs.form_keys import FormKeys
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    pass

# key, step, action name (mnemonic: the pinyin initial of the step's word)
STEP_KEYS: tuple[tuple[str, Step, str], ...] = (
    ("t", Step.TRANSFER, "transfer"),  # 转办
    ("d", Step.SUPERVISE, "supervise"),  # 督办
    ("c", Step.REMIND, "remind"),  # 催办
    ("j", Step.PROGRESS, "progress"),  # 进展
    ("y", Step.EXTEND, "extend"),  # 延期
    ("b", Step.FINISH, "finish"),  # 办结
    ("q", Step.SIGN, "sign"),  # 签字确认
    ("h", Step.RETURN_VISIT, "visit"),  # 回访
    ("r", Step.REDO, "redo"),  # 重办 (redo)
    ("x", Step.CLOSE, "close"),  # 销号
)
STEP_BY_NAME = {name: stp for _k, stp, name in STEP_KEYS}

# The inputs each step asks for, in order (``on`` is always asked).
FIELDS: dict[Step, tuple[str, ...]] = {
    Step.TRANSFER: ("to", "note"),
    Step.SUPERVISE: ("to", "note"),
    Step.REMIND: ("note",),
    Step.PROGRESS: ("note",),
    Step.EXTEND: ("note", "new_due"),
    Step.FINISH: ("note", "feedback"),
    Step.SIGN: ("note",),
    Step.RETURN_VISIT: ("satisfaction", "to", "note"),
    Step.REDO: ("note", "new_due"),
    Step.CLOSE: ("note",),
}


def step_bindings(prefix: str) -> list[BindingType]:
    """One Binding a step (``prefix`` names the Binding ids)."""
    return [
        Binding(key, f"step('{name}')", stp.value, id=f"{prefix}.step.{name}")
        for key, stp, name in STEP_KEYS
    ]


def step_of(action: str, parameters: tuple[object, ...]) -> Step | None:
    """The step a ``step('<name>')`` action stands for (None: another action)."""
    if action != "step" or not parameters:
        return None
    return STEP_BY_NAME.get(str(parameters[0]))


def step_allowed(
    state: str | None,
    stp: Step,
    signed: bool = False,
    satisfaction: str = "",
    sign_before_visit: bool = True,
) -> bool:
    """Whether the loop allows ``stp`` on a card in ``state`` (the town's
    return-visit rule is left to the service, which explains a refusal)."""
    if not state:
        return False
    return step_refusal(state, stp, signed, satisfaction, sign_before_visit) is None


def step_refusal(
    state: str | None,
    stp: Step,
    signed: bool = False,
    satisfaction: str = "",
    sign_before_visit: bool = True,
) -> str | None:
    """Why the loop refuses ``stp`` on a card in ``state`` now (None: it
    does not), in the words of the rule (未办结的事项不能销号…)."""
    if not state:
        return None
    facts = Facts(
        signed=signed,
        satisfaction=satisfaction,
        require_return_visit=False,
        sign_before_visit=sign_before_visit,
    )
    try:
        check_step(state, stp, facts=facts, satisfaction=Satisfaction.SATISFIED)
    except DomainError as exc:
        return str(exc)
    return None


def step_perm(stp: Step) -> Perm:
    """The permission a step needs (as the service requires it)."""
    return Perm.SUPERVISE if stp is Step.SUPERVISE else Perm.HANDLE_MATTER


def _label(stp: Step, fid: str) -> str:
    key = f"mtui.step.{stp.name.lower()}.{fid}"
    from deskui.i18n import has

    return t(key) if has(key) else t(f"mtui.step.field.{fid}")


def transfer_targets(ctx: Any) -> list[tuple[str, str]]:
    """转办's choices: the town's departments, then its officials
    (the service takes either: a unit, or an official as the handler)."""
    departments = [(d.name, d.name) for d in list_departments(ctx)]
    officials = [(t("mtui.step.official", name=name), name) for _id, name in list_officials(ctx)]
    return departments + officials


class MatterStepDialog(FormKeys, ModalScreen[str | None]):
    """The form of one step: Enter moves on (and saves on the last field),
    Ctrl+S records it, Esc cancels (asking first when something is typed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", t("mtui.key.save_step"), id="matter_step.save"),
        Binding("escape", "cancel", t("mtui.key.cancel"), id="matter_step.cancel"),
    ]

    @dataclass
    class Done(ServiceDone):
        """The step was recorded (``result``: the card's new state), or why not."""

    @dataclass
    class Targets(ServiceDone):
        """转办's choices (``result``), or why they could not be read."""

    def __init__(self, number: str, stp: Step) -> None:
        super().__init__()
        self.number = number
        self.stp = stp
        self.saving = False
        self.loading = stp is Step.TRANSFER

    def compose(self) -> ComposeResult:
        with Vertical(id="ms-box", classes="modal-box"):
            yield Label(
                t("mtui.step.title", step=self.stp.value, number=self.number), classes="modal-title"
            )
            for fid in (*FIELDS[self.stp], "on"):
                yield Label(_label(self.stp, fid), classes="field-label")
                if fid == "satisfaction":
                    yield ChoiceField(
                        [(f"{n} {s.value}", s.value) for n, s in enumerate(Satisfaction, 1)],
                        title=_label(self.stp, fid),
                        id="f-satisfaction",
                    )
                elif fid == "to" and self.stp is Step.TRANSFER:
                    yield ChoiceField(title=_label(self.stp, fid), id="f-to")
                    yield Static(t("mtui.step.to_hint"), classes="field-hint", id="ms-to-hint")
                else:
                    yield LineInput("", id=f"f-{fid}", placeholder=t(f"mtui.step.hint.{fid}"))
                yield FieldError(fid)
            yield FieldError("form")
            yield Static(t("mtui.step.keys"), classes="modal-note")

    def on_mount(self) -> None:
        first = FIELDS[self.stp][0]
        self.query_one(f"#f-{first}").focus()
        self.mark_clean()
        if self.loading:
            run_service(self, transfer_targets, group="matter-step-targets", done=self.Targets)

    def holds_keys(self, key: events.Key) -> bool:
        """Type-ahead: keys wait for 转办's list and for a save in flight."""
        return self.loading or self.saving

    def on_matter_step_dialog_targets(self, message: MatterStepDialog.Targets) -> None:
        self.loading = False
        if message.error is not None:
            self.query_one("#err-to", FieldError).show(message.error_text)
            return
        targets: list[tuple[str, str]] = message.result
        self.query_one("#f-to", ChoiceField).set_options(
            [
                (f"{n} {text}" if n < 10 else text, value)
                for n, (text, value) in enumerate(targets, 1)
            ]
        )
        if not targets:
            self.query_one("#err-to", FieldError).show(t("mtui.step.no_targets"))
        self.mark_clean()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for fid in (*FIELDS[self.stp], "on"):
            widget = self.query_one(f"#f-{fid}")
            if isinstance(widget, ChoiceField):
                value = widget.value
                if fid == "satisfaction":
                    out[fid] = None if value is None else str(value)
                else:
                    out[fid] = "" if value is None else str(value)
            else:
                text = self.query_one(f"#f-{fid}", Input).value.strip()
                out[fid] = text or (None if fid in ("on", "new_due") else "")
        return out

    def action_save(self) -> None:
        if self.saving:
            return
        for note in self.query(FieldError):
            note.show("")
        self.saving = True
        number, stp, values = self.number, self.stp, self.values()
        run_service(
            self,
            lambda ctx: record_step(ctx, number, stp, **values).state,
            group="matter-step",
            done=self.Done,
        )

    def on_matter_step_dialog_done(self, message: MatterStepDialog.Done) -> None:
        self.saving = False
        if message.error is None:
            self.dismiss(message.result)
            return
        field = message.error.field or "form"
        found = self.query(f"#err-{field}")
        note = found.first(FieldError) if found else self.query_one("#err-form", FieldError)
        note.show(str(message.error))
        target = self.query(f"#f-{field}")
        if target:
            target.first().focus()
