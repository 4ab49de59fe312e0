"""驻村团队 from the roster tab: a village's fixed team (三固定: leader from
the town leadership, members, helpers; each one's shift and the odd-week
second-day flag) and, on a second tab, the village's place, cadence, shift
and hours; the picker at the top moves to another village (once the edits
are saved). Ctrl+S saves what changed on both tabs through the services; a
refusal (no leader, an official on two villages at the same hour …) shows in
the modal and nothing typed is lost. Saving does not rewrite the duty days
already generated: G regenerates them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
)

from deskui.domain import roster_rules as rules
from deskui.domain.dates import parse_date
from deskui.domain.town_rules import CADENCES, EVERY_OTHER_WEEK, EVERY_WEEK, VillageSettings
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.roster import teams as roster_teams
from deskui.services.roster.teams import MemberSpec, OfficialChoice
from deskui.services.town import settings as town_settings
from deskui.tui.widgets.choice import ChoiceField, numbered
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.widgets.picker import Picker
from deskui.tui.worker import ServiceDone, run_service

VILLAGE_SHIFT = "village"  # the choice value of "the village's shift" ('')


COLUMNS = ("name", "role", "shift", "odd", "post")


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    shift: str  # '' = the village's
    odd: bool
    post: str

    def spec(self) -> MemberSpec:
        return MemberSpec(self.name, self.role, self.shift, self.odd)


@dataclass(frozen=True)
class TeamView:
    team: list[Member]
    choices: list[OfficialChoice]
    village: VillageSettings


def _team_view(ctx: ServiceContext, village: str) -> TeamView:
    rows = roster_teams.team(ctx, village)
    team = [Member(r.name, r.role, r.shift, r.odd_week_second_day, r.post) for r in rows]
    return TeamView(team, roster_teams.officials(ctx), town_settings.village_settings(ctx, village))


@dataclass
class SaveProgress:
    """How far a save got: the sentences of the parts saved, and the tab of
    the part being saved (where a refusal is shown)."""

    done: list[str] = field(default_factory=list)
    tab: str = "team"


def _save(
    ctx: ServiceContext,
    village: str,
    specs: list[MemberSpec] | None,
    values: dict[str, Any] | None,
    progress: SaveProgress,
) -> list[str]:
    """Save the team, then the village's settings (each its own write)."""
    if specs is not None:
        rows = roster_teams.set_team(ctx, village, specs)
        progress.done.append(t("rset.tui.team_saved", village=village, n=len(rows)))
    if values is not None:
        progress.tab = "village"
        fields = dict(values)
        text = fields.pop("anchor_text")
        fields["cadence_anchor"] = _anchor(text)
        town_settings.update_village_settings(ctx, village, **fields)
        progress.done.append(t("rset.tui.village_saved", village=village))
    return progress.done


class TeamDialog(ModalScreen[str]):
    """Dismisses with what was saved, or '' when closed without saving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", t("rset.tui.key.cancel"), id="roster_team.cancel"),
        Binding("ctrl+s", "save", t("rset.tui.key.save"), id="roster_team.save"),
        Binding("ctrl+n", "add", t("rset.tui.key.add"), id="roster_team.add"),
        Binding("delete", "remove", t("rset.tui.key.remove"), id="roster_team.remove"),
    ]

    @dataclass
    class Loaded(ServiceDone):
        """The village's team, the officials to pick from and its settings
        (``result``, a :class:`TeamView`), or why they cannot be read."""

    @dataclass
    class Saved(ServiceDone):
        """The save went through, or was refused after ``progress``."""

        progress: SaveProgress = field(default_factory=SaveProgress)

    def __init__(self, ctx: ServiceContext, village: str, villages: list[str]) -> None:
        super().__init__(classes="roster-modal")
        self.ctx, self.village = ctx, village
        self.villages = villages if village in villages else [village, *villages]
        self.members: list[Member] = []
        self.posts: dict[str, str] = {}
        self.loaded_village: VillageSettings | None = None
        self.team_dirty = False
        self.saved: list[str] = []

    def compose(self) -> ComposeResult:
        roles = [(r, r) for r in rules.ROLES]
        member_shifts = [(t("rset.tui.shift_village"), VILLAGE_SHIFT)] + [
            (s, s) for s in (rules.WHOLE, rules.AM, rules.PM)
        ]
        with Vertical(classes="modal-box roster-box team-box"):
            with Horizontal(classes="set-row"):
                yield Label(t("rset.tui.team_title"), classes="modal-title set-label")
                yield ChoiceField(
                    numbered([(v, v) for v in self.villages]), title=t("rset.tui.team_title"),
                    id="team-village", value=self.village, allow_blank=False,
                )  # fmt: skip
            with TabbedContent(id="team-tabs"):
                with TabPane(t("rset.tui.tab_team"), id="tab-team"):
                    yield DataTable(id="team-table", cursor_type="row", zebra_stripes=True)
                    with Horizontal(classes="team-form"):
                        yield ChoiceField(
                            title=t("rset.tui.col.name"), prompt=t("rset.tui.pick"),
                            id="team-official",
                        )  # fmt: skip
                        yield ChoiceField(
                            numbered(roles), title=t("rset.tui.col.role"), id="team-role",
                            value=rules.MEMBER, allow_blank=False,
                        )  # fmt: skip
                        yield ChoiceField(
                            numbered(member_shifts), title=t("rset.tui.col.shift"),
                            id="team-shift", value=VILLAGE_SHIFT, allow_blank=False,
                        )  # fmt: skip
                    yield Checkbox(t("rset.tui.odd_hint"), False, id="team-odd")
                    yield Static("", id="team-note", classes="pane-note")
                    yield FieldError("team")
                    yield Static(t("rset.tui.team_hint"), classes="pane-note")
                with TabPane(t("rset.tui.tab_village"), id="tab-village"):
                    yield from self._village_fields()
            yield Static(t("rset.tui.both_hint"), classes="pane-note")
            yield Static(t("rset.unchanged_note"), classes="set-note")

    def _village_fields(self) -> ComposeResult:
        def row(label: str, widget: Any) -> Horizontal:
            return Horizontal(Label(label, classes="set-label"), widget, classes="set-row")

        yield row(t("rset.label.place"), LineInput("", id="v-place"))
        cadences = [(c, c) for c in CADENCES]
        yield row(
            t("rset.label.cadence"),
            ChoiceField(
                numbered(cadences),
                title=t("rset.label.cadence"),
                id="v-cadence",
                value=EVERY_WEEK,
                allow_blank=False,
            ),
        )
        yield row(
            t("rset.label.anchor"),
            LineInput("", id="v-anchor", placeholder=t("rset.tui.anchor_hint")),
        )
        shifts = [(s, s) for s in rules.VILLAGE_SHIFTS]
        yield row(
            t("rset.label.shift"),
            ChoiceField(
                numbered(shifts),
                title=t("rset.label.shift"),
                id="v-shift",
                value=rules.WHOLE,
                allow_blank=False,
            ),
        )
        yield row(t("rset.label.am"), LineInput("", id="v-am"))
        yield row(t("rset.label.pm"), LineInput("", id="v-pm"))
        yield FieldError("village")

    # ------------------------------------------------------------- loading

    def on_mount(self) -> None:
        table = self.query_one("#team-table", DataTable)
        for key in COLUMNS:
            table.add_column(t(f"rset.tui.col.{key}"), key=key)
        self.query_one("#team-note", Static).update(t("rset.tui.loading"))
        self._load(self.ctx, self.village)

    def _load(self, ctx: ServiceContext, village: str) -> None:
        run_service(
            self,
            lambda ctx: _team_view(ctx, village),
            group="roster-team-load",
            done=self.Loaded,
            ctx=ctx,
        )

    def on_team_dialog_loaded(self, message: TeamDialog.Loaded) -> None:
        if message.error is not None:
            self.query_one("#team-tabs", TabbedContent).active = "tab-team"
            self.query_one("#err-team", FieldError).show(message.error_text)
            return
        view: TeamView = message.result
        self.members = list(view.team)
        self.team_dirty = False
        self.posts = {c.name: c.post for c in view.choices}
        options = numbered([(f"{c.name}　{c.post}".strip(), c.name) for c in view.choices])
        self.query_one("#team-official", ChoiceField).set_options(options)
        self._show_village(view.village)
        self._refresh_table()
        self.query_one("#team-note", Static).update("")
        self.query_one("#team-official", ChoiceField).focus()

    def _show_village(self, v: VillageSettings) -> None:
        self.loaded_village = v
        self.query_one("#v-place", Input).value = v.office_address
        cadence = EVERY_WEEK if v.cadence_weeks == 1 else EVERY_OTHER_WEEK
        self.query_one("#v-cadence", ChoiceField).value = cadence
        self.query_one("#v-anchor", Input).value = (
            v.cadence_anchor.isoformat() if v.cadence_anchor else ""
        )
        self.query_one("#v-shift", ChoiceField).value = v.shift
        self.query_one("#v-am", Input).value = v.am_hours
        self.query_one("#v-pm", Input).value = v.pm_hours

    def _refresh_table(self, cursor: int | None = None) -> None:
        table = self.query_one("#team-table", DataTable)
        table.clear()
        for m in self.members:
            odd = t("rset.tui.yes") if m.odd else ""
            table.add_row(m.name, m.role, m.shift or t("rset.tui.shift_village"), odd, m.post,
                          key=m.name)  # fmt: skip
        if cursor is not None and self.members:
            table.move_cursor(row=min(cursor, len(self.members) - 1), animate=False)
        if not self.members:
            self.query_one("#team-note", Static).update(t("rset.tui.team_empty"))

    # ------------------------------------------------------- editing the list

    @on(Picker.Changed, "#team-village")
    def _switch_village(self, event: Picker.Changed) -> None:
        """Another village: its team and settings, unless edits are unsaved."""
        if event.value == self.village or event.value is None:
            return
        if self.team_dirty or self._village_dirty(self._village_values()):
            self.query_one("#team-village", ChoiceField).value = self.village
            self.query_one("#err-team", FieldError).show(t("rset.tui.switch_unsaved"))
            return
        self.village = str(event.value)
        for err in self.query(FieldError):
            err.show("")
        self.query_one("#team-note", Static).update(t("rset.tui.loading"))
        self._load(self.ctx, self.village)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()  # the desk's own tabs listen for this message

    @on(DataTable.RowHighlighted, "#team-table")
    def _pick_row(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted member fills the form, to change role or shift."""
        index = event.cursor_row
        if not event.data_table.has_focus or not 0 <= index < len(self.members):
            return
        m = self.members[index]
        if m.name in self.posts:  # an archived official stays off the picker
            self.query_one("#team-official", ChoiceField).value = m.name
        self.query_one("#team-role", ChoiceField).value = m.role
        self.query_one("#team-shift", ChoiceField).value = m.shift or VILLAGE_SHIFT
        self.query_one("#team-odd", Checkbox).value = m.odd

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        """The one Enter rule: the next field; Enter on the member's last
        choice (时段) adds the member to the list, on the village's last the
        dialog saves."""
        event.stop()
        if event.choice.id == "team-shift":
            self.action_add()
        elif event.choice.id == "team-village":
            self.query_one("#team-official", ChoiceField).focus()
        else:
            self.focus_next()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "v-pm":
            self.action_save()
        else:
            self.focus_next()

    def action_add(self) -> None:
        self.query_one("#err-team", FieldError).show("")
        select = self.query_one("#team-official", ChoiceField)
        if select.value is None:
            self.query_one("#err-team", FieldError).show(t("rset.tui.pick_first"))
            select.focus()
            return
        name = str(select.value)
        role = str(self.query_one("#team-role", ChoiceField).value)
        shift = str(self.query_one("#team-shift", ChoiceField).value)
        member = Member(
            name,
            role,
            "" if shift == VILLAGE_SHIFT else shift,
            self.query_one("#team-odd", Checkbox).value,
            self.posts.get(name, ""),
        )
        names = [m.name for m in self.members]
        if name in names:
            index = names.index(name)
            self.members[index] = replace(member, post=self.members[index].post or member.post)
            note = t("rset.tui.updated", name=name, role=role)
        else:
            index = len(self.members)
            self.members.append(member)
            note = t("rset.tui.added", name=name, role=role)
        self.team_dirty = True
        self._refresh_table(index)
        self.query_one("#team-note", Static).update(f"{note}　{t('rset.tui.unsaved')}")

    def action_remove(self) -> None:
        table = self.query_one("#team-table", DataTable)
        index = table.cursor_row
        if not table.has_focus or not 0 <= index < len(self.members):
            self.query_one("#err-team", FieldError).show(t("rset.tui.pick_row"))
            return
        gone = self.members.pop(index)
        self.team_dirty = True
        self._refresh_table(index)
        self.query_one("#err-team", FieldError).show("")
        removed = t("rset.tui.removed", name=gone.name)
        self.query_one("#team-note", Static).update(f"{removed}　{t('rset.tui.unsaved')}")

    # --------------------------------------------------------------- saving

    def _village_values(self) -> dict[str, Any]:
        return {
            "office_address": self.query_one("#v-place", Input).value,
            "cadence_weeks": str(self.query_one("#v-cadence", ChoiceField).value),
            "anchor_text": self.query_one("#v-anchor", Input).value.strip(),
            "shift": str(self.query_one("#v-shift", ChoiceField).value),
            "am_hours": self.query_one("#v-am", Input).value,
            "pm_hours": self.query_one("#v-pm", Input).value,
        }

    def _village_dirty(self, values: dict[str, Any]) -> bool:
        v = self.loaded_village
        if v is None:
            return False
        anchor = v.cadence_anchor.isoformat() if v.cadence_anchor else ""
        cadence = EVERY_WEEK if v.cadence_weeks == 1 else EVERY_OTHER_WEEK
        before = (v.office_address, cadence, anchor, v.shift, v.am_hours, v.pm_hours)
        keys = ("office_address", "cadence_weeks", "anchor_text", "shift", "am_hours", "pm_hours")
        return before != tuple(values[k] for k in keys)

    def action_save(self) -> None:
        for err in self.query(FieldError):
            err.show("")
        values = self._village_values()
        specs = [m.spec() for m in self.members] if self.team_dirty else None
        village = values if self._village_dirty(values) else None
        if specs is None and village is None:
            self.dismiss("；".join(self.saved))
            return
        progress = SaveProgress()
        name = self.village
        run_service(
            self,
            lambda ctx: _save(ctx, name, specs, village, progress),
            group="roster-team-save",
            done=partial(self.Saved, progress=progress),
            ctx=self.ctx,
        )

    def on_team_dialog_saved(self, message: TeamDialog.Saved) -> None:
        progress = message.progress
        self.saved.extend(progress.done)
        if message.error is None:
            self.dismiss("；".join(self.saved))
            return
        if progress.done and progress.tab == "village":
            self.team_dirty = False  # the team went through before the village failed
        self.query_one("#team-tabs", TabbedContent).active = f"tab-{progress.tab}"
        self.query_one(f"#err-{progress.tab}", FieldError).show(message.error_text)

    def action_cancel(self) -> None:
        self.dismiss("；".join(self.saved))


def _anchor(text: str) -> dt.date | None:
    return parse_date(text, field="cadence_anchor", label=t("rset.label.anchor")) if text else None
