"""The setup guide: from a new town to a ready Tuesday, step by step.

The steps of :mod:`deskui.services.town.setup` in a list, each with what it
has or lacks. Enter opens a step's form; once it is saved the guide reads the
town again and opens the next step still to do (each village without a team
in turn), so a new town goes through them in order. S skips a step, Esc
leaves the guide; it comes back from F10 (W) and the desk's checklist says
what is still missing. Every write is a service call in a worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from deskui.domain.dates import parse_date
from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.phone import normalise_phone
from deskui.domain.roles import Role
from deskui.domain.roster_rules import LEADER
from deskui.domain.town_rules import VillageSettings
from deskui.i18n import t
from deskui.services.roster.duty import generate
from deskui.services.roster.teams import TeamRow, team
from deskui.services.town import setup, town_lists
from deskui.services.town.officials import OfficialRow, list_officials
from deskui.services.town.settings import village_settings
from deskui.services.town.towns import TownInfo, town_info
from deskui.services.town.villages import VillageInfo, list_villages
from deskui.tui.dialogs.field_form import FieldSpec
from deskui.tui.dialogs.setup.step_form import StepForm
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext

REPEATED = ("teams",)
NOTE = "_note"  # carried into a form opened again: shown above its fields  # a step done once a village: opened again while any is left


@dataclass(frozen=True)
class GuideData:
    steps: list[setup.StepState]
    town: TownInfo | None
    villages: list[VillageInfo]
    officials: list[OfficialRow]  # in post
    without_team: list[str]  # villages without a team, in order
    settings: dict[str, VillageSettings]  # each village's place and hours
    teams: dict[str, list[TeamRow]]  # each village's team as it is
    without_account: list[OfficialRow]
    today: dt.date


def read_guide(ctx: ServiceContext) -> GuideData:
    villages = list_villages(ctx)
    no_team = set(setup.villages_without_team(ctx))
    return GuideData(
        setup.setup_steps(ctx),
        town_info(ctx),
        villages,
        list_officials(ctx),
        [v.name for v in villages if v.name in no_team],
        {v.name: village_settings(ctx, v.name) for v in villages},
        {v.name: team(ctx, v.name) for v in villages},
        setup.officials_without_account(ctx),
        ctx.today(),
    )


@dataclass(frozen=True)
class RollDone:
    dry_run: bool
    text: str  # the importer's summary


def import_roll(ctx: ServiceContext, values: dict[str, Any]) -> RollDone:
    """The household roll (the archive's importer, its rejects workbook):
    the summary the archive tab shows."""
    from deskui.exports.households import import_roll as run_import
    from deskui.exports.households import import_summary

    text = str(values.get("path") or "").strip().strip('"')
    if not text:
        raise ValidationError(t("setup.roll_missing"), field="path")
    source = Path(text).expanduser()
    if not source.is_file():
        raise ValidationError(t("setup.roll_not_found", path=text), field="path")
    result, rejects = run_import(ctx, source, dry_run=bool(values.get("dry_run")))
    return RollDone(result.dry_run, "\n".join(import_summary(result, rejects)))


class SetupGuide(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_step", t("setup.key.open"), id="setup.open"),
        Binding("s", "skip", t("setup.key.skip"), id="setup.skip"),
        Binding("i", "import_officials", t("setup.key.import"), id="setup.import"),
        Binding("escape", "close", t("setup.key.close"), id="setup.close"),
    ]

    @dataclass
    class Loaded(ServiceDone):
        """The steps and what the forms offer (``result``, GuideData)."""

    def __init__(self, *, auto: bool = False) -> None:
        super().__init__(classes="archive-modal")
        self.data: GuideData | None = None
        self.auto = auto  # open the first step still to do once read
        self.after: str | None = None  # the step just saved: go on from it
        self.last_note = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="setup-box"):
            yield Label(t("setup.title"), classes="modal-title")
            yield Static(t("setup.intro"), classes="modal-note")
            yield DataTable(id="setup-steps", cursor_type="row", zebra_stripes=True)
            yield Static("", id="setup-note", classes="modal-note")
            yield Static(t("setup.keys"), classes="modal-note")

    def on_mount(self) -> None:
        table = self.query_one("#setup-steps", DataTable)
        for col in ("step", "state", "detail"):
            table.add_column(t(f"setup.col.{col}"), key=col)
        # every step in sight, a horizontal scrollbar too (a narrow terminal)
        table.styles.height = len(setup.STEPS) + 2
        box = self.query_one("#setup-box")
        box.styles.width = 104  # the details column in full
        box.styles.max_width = "98%"
        table.focus()
        self.note(t("setup.loading"))
        self.load()

    def load(self) -> None:
        run_service(self, read_guide, group="setup-load", done=self.Loaded)

    def note(self, text: str) -> None:
        self.last_note = text
        line = self.query_one("#setup-note", Static)
        line.update(text)
        line.display = bool(text)  # no blank lines on a 24-line terminal

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#setup-steps", DataTable)

    def on_setup_guide_loaded(self, message: SetupGuide.Loaded) -> None:
        message.stop()
        if message.error is not None:
            self.note(message.error_text)
            return
        data: GuideData = message.result
        first_read = self.data is None
        self.data = data
        table = self.table
        row = table.cursor_row
        if first_read:  # the first step still to do
            row = next((i for i, s in enumerate(data.steps) if not s.done), 0)
        table.clear()
        for s in data.steps:
            state = (
                "done" if s.done else "optional" if s.key in setup.OPTIONAL else "todo"
            )  # fmt: skip
            table.add_row(t(f"setup.step.{s.key}"), t(f"setup.state.{state}"), s.detail)
        table.move_cursor(row=max(row, 0))
        if self.last_note == t("setup.loading"):
            self.note("")
        after, self.after = self.after, None
        if self.auto:
            self.auto = False
            self._go(self._next_todo(-1))
        elif after is not None:
            again = after in REPEATED and not self._state(after).done
            self._go(after if again else self._next_todo(setup.STEPS.index(after)))

    def _state(self, key: str) -> setup.StepState:
        assert self.data is not None
        return next(s for s in self.data.steps if s.key == key)

    def _next_todo(self, after: int) -> str | None:
        assert self.data is not None
        for s in self.data.steps[after + 1 :]:
            if not s.done:
                return s.key
        return None

    def _go(self, key: str | None) -> None:
        if key is None:
            if self.data is not None and all(
                s.done or s.key in setup.OPTIONAL for s in self.data.steps
            ):
                self.note(t("setup.all_done"))
            return
        self.table.move_cursor(row=setup.STEPS.index(key))
        self.open(key)

    # ----------------------------------------------------------- the keys

    def _current(self) -> str | None:
        if self.data is None or not self.table.row_count:
            return None
        return setup.STEPS[self.table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_step()

    def action_open_step(self) -> None:
        key = self._current()
        if key is not None:
            self.open(key)

    def action_skip(self) -> None:
        key = self._current()
        if key is None or self.data is None:
            return
        self.note(t("setup.skipped", step=t(f"setup.step.{key}")))
        following = self._next_todo(setup.STEPS.index(key))
        if following is not None:
            self._go(following)

    def action_import_officials(self, carry: dict[str, Any] | None = None) -> None:
        """The 干部名册 (the F10 importer): a dry run first, then the form
        again with the path kept and the dry run unticked."""
        from deskui.tui.dialogs.town_settings import import_roll as import_officials
        from deskui.tui.dialogs.town_settings import roll_note

        carry = carry or {}
        fields = [
            FieldSpec(
                "path", t("tset.f.roll_path"), carry.get("path", ""), hint=t("tset.roll_hint")
            ),
            FieldSpec("dry_run", t("tset.f.dry_run"), not carry, check=True),
        ]
        self.table.move_cursor(row=setup.STEPS.index("officials"))
        self._form(
            "officials",
            t("tset.import_roll"),
            fields,
            import_officials,
            roll_note,
            again=lambda summary: bool(summary.dry_run),
            reopen=self.action_import_officials,
            note=carry.get(NOTE, ""),
        )

    def action_close(self) -> None:
        self.dismiss(None)

    # ---------------------------------------------------------- the steps

    def _form(
        self,
        key: str,
        title: str,
        fields: list[FieldSpec],
        submit: Any,
        done: Callable[[Any], str],
        *,
        lines: tuple[str, ...] = (),
        note: str = "",
        again: Callable[[Any], bool] = lambda _result: False,
        reopen: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        """Open a step's form; once saved, say what it did and go on (or
        open the same form again when ``again(result)``: a dry run)."""

        def after(result: object) -> None:
            if result is None:  # back to the list
                self.table.focus()
                return
            self.note(done(result))
            refresh = getattr(self.app, "action_refresh", None)
            if refresh is not None:
                refresh()  # the desk's header and checklist behind the guide
            self.after = None if again(result) else key
            if again(result):
                self.auto = False
                carry = {**fields_now, NOTE: done(result)}  # the dry run's summary on top
                if reopen is not None:
                    self.call_after_refresh(lambda: reopen(carry))
                else:
                    self.call_after_refresh(lambda: self.open(key, carry=carry))
            self.load()

        fields_now: dict[str, Any] = {}

        def submit_and_keep(ctx: ServiceContext, values: dict[str, Any]) -> Any:
            fields_now.clear()
            fields_now.update(values)
            return submit(ctx, values)

        number = t("setup.step_of", n=setup.STEPS.index(key) + 1, total=len(setup.STEPS))
        form = StepForm(f"{number}{title}", fields, submit_and_keep, lines=lines, note=note)
        self.app.push_screen(form, after)

    def open(self, key: str, carry: dict[str, Any] | None = None) -> None:
        data = self.data
        if data is None:
            return
        getattr(self, f"_step_{key}")(data, carry or {})

    def _step_town(self, data: GuideData, carry: dict[str, Any]) -> None:
        town = data.town
        fields = [
            FieldSpec("service", t("setup.f.service_phone"), town.service_phone if town else ""),
            FieldSpec(
                "supervision",
                t("setup.f.supervision_phone"),
                town.supervision_phone if town else "",
            ),
        ]

        def save(ctx: ServiceContext, v: dict[str, Any]) -> Any:
            for name in ("service", "supervision"):  # the refusal under its field
                try:
                    normalise_phone(v[name])
                except DomainError as exc:
                    exc.field = name
                    raise
            return town_lists.set_phones(ctx, service=v["service"], supervision=v["supervision"])

        self._form("town", t("setup.form.town"), fields, save, lambda _r: t("setup.phones_note"))

    def _step_villages(self, data: GuideData, carry: dict[str, Any]) -> None:
        have = "、".join(v.name for v in data.villages) or "—"
        self._form(
            "villages",
            t("setup.form.villages"),
            [FieldSpec("villages", t("setup.f.villages"))],
            lambda ctx, v: setup.add_villages(ctx, v["villages"]),
            lambda added: t("setup.villages_note", n=len(added)),
            lines=("villages",),
            note=t("setup.villages_have", names=have),
        )

    def _step_officials(self, data: GuideData, carry: dict[str, Any]) -> None:
        have = "、".join(o.label for o in data.officials) or "—"
        self._form(
            "officials",
            t("setup.form.officials"),
            [FieldSpec("officials", t("setup.f.officials"), hint=t("setup.officials_import_hint"))],
            lambda ctx, v: setup.add_officials(ctx, v["officials"]),
            lambda added: t("setup.officials_note", n=len(added)),
            lines=("officials",),
            note=t("setup.officials_have", names=have),
        )

    def _step_teams(self, data: GuideData, carry: dict[str, Any]) -> None:
        if not data.villages:
            self.note(t("setup.no_villages"))
            return
        # the next village without a team; all have one: the first, to change
        village = data.without_team[0] if data.without_team else data.villages[0].name
        settings = data.settings[village]
        now = data.teams.get(village, [])
        labels = {o.id: o.label for o in data.officials}  # two 张伟 told apart
        leader = next((labels.get(r.official_id, "") for r in now if r.role == LEADER), "")
        members = "、".join(labels.get(r.official_id, r.name) for r in now if r.role != LEADER)
        serving = [o for o in data.officials if o.serves_villages]
        if not serving:
            self.note(t("setup.teams_need_officials"))
            return
        leaders = sorted(serving, key=lambda o: not o.is_leader)
        fields = [
            FieldSpec(
                "leader",
                t("setup.f.leader"),
                leader or None,
                choices=tuple((o.label, o.label) for o in leaders),
            ),
            FieldSpec(
                "members",
                t("setup.f.members"),
                members,
                hint=t("setup.members_hint", names="、".join(o.label for o in serving) or "—"),
            ),
            FieldSpec("place", t("setup.f.place"), settings.office_address or f"{village}村委会"),
            FieldSpec("am_hours", t("setup.f.am_hours"), settings.am_hours),
            FieldSpec("pm_hours", t("setup.f.pm_hours"), settings.pm_hours),
        ]

        def save(ctx: ServiceContext, v: dict[str, Any]) -> setup.VillageSetup:
            return setup.set_up_village(
                ctx,
                village,
                leader=v["leader"] or "",
                members=v["members"],
                place=v["place"],
                am_hours=v["am_hours"],
                pm_hours=v["pm_hours"],
            )

        self._form(
            "teams",
            t("setup.form.team", village=village, left=len(data.without_team)),
            fields,
            save,
            lambda r: t("setup.team_note", village=r.village, n=len(r.team)),
        )

    def _step_operators(self, data: GuideData, carry: dict[str, Any]) -> None:
        people = tuple((o.label, o.id) for o in data.without_account)
        if not people:
            self.note(t("setup.nothing_to_do", detail=self._state("operators").detail))
            return
        roles = tuple((r.value, r.value) for r in Role)
        fields = [
            FieldSpec("official", t("setup.f.official"), choices=people),
            FieldSpec("username", t("setup.f.username")),
            FieldSpec("role", t("setup.f.role"), Role.OFFICIAL.value, choices=roles),
            FieldSpec("password", t("setup.f.password"), secret=True),
            FieldSpec("confirm", t("setup.f.confirm"), secret=True),
        ]

        def save(ctx: ServiceContext, v: dict[str, Any]) -> Any:
            return setup.add_desk_account(
                ctx,
                v["official"] or "",
                v["username"],
                v["password"],
                v["confirm"],
                v["role"] or Role.OFFICIAL.value,
            )

        self._form(
            "operators",
            t("setup.form.operator", left=len(people)),
            fields,
            save,
            lambda r: t("setup.operator_note", name=r.display_name, username=r.username),
        )

    def _step_roll(self, data: GuideData, carry: dict[str, Any]) -> None:
        fields = [
            FieldSpec(
                "path", t("setup.f.roll_path"), carry.get("path", ""), hint=t("setup.roll_hint")
            ),
            FieldSpec("dry_run", t("setup.f.dry_run"), not carry, check=True),
        ]
        self._form(
            "roll",
            t("setup.form.roll"),
            fields,
            import_roll,
            lambda done: done.text,
            again=lambda done: done.dry_run,
            note=carry.get(NOTE, ""),
        )

    def _step_roster(self, data: GuideData, carry: dict[str, Any]) -> None:
        start, end = setup.month_range(data.today)
        fields = [
            FieldSpec("start", t("setup.f.start"), start.isoformat()),
            FieldSpec("end", t("setup.f.end"), end.isoformat()),
            FieldSpec("force", t("setup.f.force"), False, check=True),
        ]

        def save(ctx: ServiceContext, v: dict[str, Any]) -> Any:
            first = parse_date(v["start"], field="start", label=t("setup.f.start"))
            last = parse_date(v["end"], field="end", label=t("setup.f.end"))
            return generate(ctx, first, last, force=bool(v["force"]))

        self._form(
            "roster",
            t("setup.form.roster"),
            fields,
            save,
            lambda r: t("setup.roster_note", created=r.created, start=r.start, end=r.end),
        )
