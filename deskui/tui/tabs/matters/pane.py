"""代办事项: matters by urgency; overdue rows in the error colour, due today
in the warning colour, with the days overdue or left.

Filters: state (F6 cycles it), village, official, category, month. Enter
opens the card with its timeline; one key a loop step (see
:data:`deskui.tui.tabs.matters.step.STEP_KEYS`), greyed out when the
highlighted card's state does not allow it; N opens a new card, M the
Monday joint meeting (联席会议).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from deskui.domain.dates import parse_month
from deskui.domain.errors import DomainError
from deskui.domain.matter_flow import State
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.matters.card_view import MatterCard, get_matter
from deskui.services.matters.lists import (
    STATE_ALL,
    STATE_OPEN,
    FormChoices,
    MatterFilter,
    MatterRow,
    count_matters,
    form_choices,
    list_matters_page,
)
from deskui.tui.dialogs.matter_form import MatterFormDialog
from deskui.tui.format import clip, group, short_date
from deskui.tui.refusal import denied
from deskui.tui.tabs.base import DeskPane, Fetch
from deskui.tui.tabs.matters.card import MatterCardDialog
from deskui.tui.tabs.matters.step import (
    STEP_BY_NAME,
    MatterStepDialog,
    step_allowed,
    step_bindings,
    step_of,
    step_perm,
    step_refusal,
)
from deskui.tui.widgets.choice import ChoiceField, numbered, unnumbered
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.widgets.paged_table import PagedTable, Row
from deskui.tui.widgets.picker import Picker
from deskui.tui.worker import ServiceDone, run_service

STATES = (STATE_OPEN, *(s.value for s in State), STATE_ALL)
# 期限 (how urgent) right after who: it is what 80 columns must show.
COLUMNS = (
    "number", "applicant", "urgency", "state", "due", "level",
    "village", "content", "accepted", "first", "handler",
)  # fmt: skip
STYLE = {"overdue": "error", "due_today": "warning", "done": "muted"}
ANY = "__any__"
FILTERS = ("village", "official", "category")


def urgency_text(row: MatterRow) -> str:
    if row.urgency == "no_due":
        return t("tui.matters.no_due")
    if row.urgency in ("overdue", "ok"):
        return t(f"urgency.{row.urgency}", days=row.days)
    return t(f"urgency.{row.urgency}")


class MattersPane(DeskPane):
    TITLE_KEY = "tui.tab.matters"
    PAGE = 100
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_card", t("mtui.key.open_card"), id="matters.open"),
        Binding("n", "new_matter", t("mtui.key.new"), id="matters.new"),
        *step_bindings("matters"),
        Binding("m", "meeting", t("mtui.key.meeting"), id="matters.meeting"),
        Binding("f6", "next_state", t("tui.key.next_state"), id="matters.state"),
        Binding(
            "ctrl+l", "clear_filters", t("tui.key.clear_search"), id="matters.clear", priority=True
        ),
    ]

    @dataclass
    class Choices(ServiceDone):
        """The filter lists (``result``, FormChoices); none on a refusal."""

    @dataclass
    class Facts(ServiceDone):
        """The highlighted finished matter's card (``result``)."""

    def __init__(self) -> None:
        super().__init__(id="matters-pane")
        self._state = STATES[0]
        self._filter = MatterFilter(state=self._state)
        self._rows: dict[str, MatterRow] = {}
        self._facts: MatterCard | None = None
        self._total = 0  # how many matters the filters let through

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-bar", id="matters-bar"):
            yield Label(t("tui.matters.state_label"), classes="bar-label")
            # Choice fields: a number or initials picks without opening a list
            # (全部村 is 1), Enter moves on; the list opens on its own screen.
            yield ChoiceField(
                numbered([(s, s) for s in STATES]),
                title=t("tui.matters.state_label"),
                value=STATES[0],
                allow_blank=False,
                id="matters-state",
            )
            for fid in FILTERS:
                blank = [(t(f"mtui.filter.{fid}_any"), ANY)]
                yield ChoiceField(
                    numbered(blank),
                    title=t(f"mtui.filter.{fid}"),
                    value=ANY,
                    allow_blank=False,
                    id=f"matters-{fid}",
                )
            yield LineInput("", placeholder=t("mtui.filter.month"), id="matters-month")
            yield Static("", id="matters-count", classes="pane-note")
        table = PagedTable(id="matters-table")
        for key in COLUMNS:
            table.add_column(t(f"tui.matters.col.{key}"), key=key)
        yield table

    def on_mount(self) -> None:
        run_service(self, form_choices, group="matters-choices", done=self.Choices)

    def on_matters_pane_choices(self, message: MattersPane.Choices) -> None:
        c: FormChoices | None = message.result
        if c is None:
            return
        lists = {
            "village": [(n, str(i)) for i, n, _g in c.villages],
            "official": [(n, str(i)) for i, n in c.officials],
            "category": [(n, n) for n in c.categories],
        }
        for fid, options in lists.items():
            label = t(f"mtui.filter.{fid}_any")
            field = self.query_one(f"#matters-{fid}", ChoiceField)
            field.set_options(numbered([(label, ANY), *options]))
            field.value = ANY

    # ---------------------------------------------------------------- fetching

    def load(self) -> None:
        flt, page = self._filter, self.PAGE + 1
        self._facts = None
        self.fetch(lambda ctx: (list_matters_page(ctx, flt, limit=page), count_matters(ctx, flt)))
        self.refresh_bindings()  # Ctrl+L greys out with no filter on

    def shown(self, result: Any, *, append: bool) -> None:
        if not append:  # the first page comes with the count
            result, self._total = result
        super().shown(result, append=append)

    def more(self) -> Fetch | None:
        flt, page, after = self._filter, self.PAGE + 1, self._cursor
        return lambda ctx: list_matters_page(ctx, flt, limit=page, after=after)

    def on_picker_changed(self, event: Picker.Changed) -> None:
        sid = event.picker.id or ""
        if not sid.startswith("matters-"):
            return
        event.stop()
        value = None if event.value in (ANY, None) else str(event.value)
        fid = sid.removeprefix("matters-")
        flt = self._filter
        if fid == "state":
            self._state = str(event.value)
            new = MatterFilter(
                self._state, flt.village_id, flt.official_id, flt.category, flt.month
            )
        elif fid == "village":
            new = MatterFilter(flt.state, _int(value), flt.official_id, flt.category, flt.month)
        elif fid == "official":
            new = MatterFilter(flt.state, flt.village_id, _int(value), flt.category, flt.month)
        else:
            new = MatterFilter(flt.state, flt.village_id, flt.official_id, value or "", flt.month)
        if new != flt:
            self._filter = new
            self.load()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "matters-month":
            return
        event.stop()
        text = event.value.strip()
        try:
            month = parse_month(text) if text else None
        except DomainError as exc:
            self._note(str(exc), error=True)
            return
        flt = self._filter
        self._filter = MatterFilter(flt.state, flt.village_id, flt.official_id, flt.category, month)
        self.load()
        self.table.focus()

    def action_next_state(self) -> None:
        nxt = STATES[(STATES.index(self._state) + 1) % len(STATES)]
        state = self.query_one("#matters-state", ChoiceField)
        state.value = nxt
        state.post_message(Picker.Changed(state, nxt))  # a value set from code posts nothing

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        """Enter on a filter moves on to the next one, and from the last
        to the month box."""
        event.stop()
        self.screen.focus_next()

    def row_of(self, item: MatterRow) -> Row:
        self._rows[str(item.id)] = item
        village = f"{item.village}{group(item.group_no)}"
        year = self.desk.ctx.today().year
        handler = "" if item.handler == item.first_receiver else item.handler
        cells = (
            item.number,
            item.applicant,
            urgency_text(item),
            item.state,
            short_date(item.due_on, year),
            item.level,
            village,
            clip(item.content, 9),
            short_date(item.accepted_on, year),
            item.first_receiver,
            handler,
        )
        return item.id, cells, STYLE.get(item.urgency, "")

    def empty_text(self) -> str:
        text = t("tui.matters.empty", state=self._state)
        filters = self.filters_named()
        if filters:
            text += t("tui.archive.no_match_filters", filters=filters)
        return text

    def filters_named(self) -> str:
        """The filters on besides the state, as the empty list names them."""
        flt, names = self._filter, []
        for fid, on in (
            ("village", flt.village_id is not None),
            ("official", flt.official_id is not None),
            ("category", bool(flt.category)),
        ):
            if on:
                name = t(f"mtui.filter.{fid}")
                label = _chosen(self.query_one(f"#matters-{fid}")).removeprefix(f"{name}：")
                names.append(t("tui.matters.filter_named", name=name, value=label))
        if flt.month is not None:
            month = f"{flt.month[0]}-{flt.month[1]:02d}"
            names.append(t("tui.matters.filter_month", month=month))
        return "、".join(names)

    def after_rows(self, count: int, *, append: bool) -> None:
        shown = self.table.row_count
        if self.table.has_more:
            self._note(t("tui.matters.count_more", total=self._total, n=shown))
        else:
            self._note(t("tui.matters.count", n=shown))
        self._highlighted_changed()

    def _nothing_to_clear(self) -> bool:
        return (
            self._filter == MatterFilter(state=STATES[0])
            and not self.query_one("#matters-month", Input).value.strip()
        )

    def action_clear_filters(self) -> None:
        """Ctrl+L: every filter back to its start (未办结, all villages …),
        the month cleared; the list read once."""
        # the filter first: a change the fields then report is no change
        self._state = STATES[0]
        self._filter = MatterFilter(state=self._state)
        for fid in ("village", "official", "category"):
            self.query_one(f"#matters-{fid}").value = ANY  # type: ignore[attr-defined]
        self.query_one("#matters-state").value = STATES[0]  # type: ignore[attr-defined]
        self.query_one("#matters-month", Input).value = ""
        self.load()
        self.table.focus()

    def _note(self, text: str, *, error: bool = False) -> None:
        note = self.query_one("#matters-count", Static)
        note.update(text)
        note.set_class(error, "-error")

    # ------------------------------------------------------- the highlighted

    def current(self) -> MatterRow | None:
        table = self.table
        if not table.row_count or self.is_empty:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(str(key))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._highlighted_changed()

    def _highlighted_changed(self) -> None:
        row = self.current()
        self._facts = None
        self.refresh_bindings()
        if row is not None and row.state == State.FINISHED.value:
            number = row.number
            run_service(
                self, lambda ctx: get_matter(ctx, number), group="matters-facts", done=self.Facts
            )

    def on_matters_pane_facts(self, message: MattersPane.Facts) -> None:
        card: MatterCard | None = message.result
        row = self.current()
        if card is not None and row is not None and row.number == card.number:
            self._facts = card
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        stp = step_of(action, parameters)
        if action == "clear_filters":
            return None if self.is_mounted and self._nothing_to_clear() else True
        if stp is None:
            if action == "new_matter":
                return self.desk.ctx.actor.can(Perm.HANDLE_MATTER)
            if action == "open_card":
                return self.current() is not None or None
            return True
        if not self.desk.ctx.actor.can(step_perm(stp)):
            return False  # the role may not: not offered at all
        row = self.current()
        if row is None:
            return None
        facts = self._facts if self._facts and self._facts.number == row.number else None
        signed = facts.signed if facts else False
        satisfaction = facts.satisfaction if facts else ""
        rule = facts.sign_before_visit if facts else True
        return step_allowed(row.state, stp, signed, satisfaction, rule) or None

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a key of the list does nothing now (said in the status line)."""
        if action == "new_matter":
            return denied(self.desk.ctx.actor, Perm.HANDLE_MATTER)
        if action == "clear_filters":
            return t("tui.nothing_to_clear")
        stp = step_of(action, parameters)
        if stp is None:
            return None
        why = denied(self.desk.ctx.actor, step_perm(stp))
        row = self.current()
        if why is None and row is None:
            return t("mtui.no_row")
        if why is None and row is not None:
            facts = self._facts if self._facts and self._facts.number == row.number else None
            why = step_refusal(
                row.state,
                stp,
                facts.signed if facts else False,
                facts.satisfaction if facts else "",
                facts.sign_before_visit if facts else True,
            )
        return why

    # ---------------------------------------------------------------- actions

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_card()

    def action_open_card(self) -> None:
        row = self.current()
        if row is not None:
            self.open_card(row.number)

    def open_card(self, number: str) -> None:
        self.app.push_screen(MatterCardDialog(number), partial(self._after_card, number))

    def _after_card(self, number: str, result: str | None) -> None:
        if result in STEP_BY_NAME:
            self.open_step(number, str(result), back_to_card=True)

    def action_step(self, name: str) -> None:
        row = self.current()
        if row is not None:
            self.open_step(row.number, name)

    def open_step(self, number: str, name: str, *, back_to_card: bool = False) -> None:
        def done(state: str | None) -> None:
            if state is None:
                if back_to_card:
                    self.open_card(number)
                return
            self.desk.action_refresh()
            self.app.notify(t("mtui.step.done", number=number, step=stp.value, state=state))
            if back_to_card:
                self.open_card(number)

        stp = STEP_BY_NAME[name]
        self.app.push_screen(MatterStepDialog(number, stp), done)

    def action_new_matter(self) -> None:
        self.app.push_screen(MatterFormDialog(), self._after_new)

    def _after_new(self, number: str | None) -> None:
        if number:
            self.desk.action_refresh()
            self.app.notify(t("mtui.form.saved", number=number))
            self.open_card(number)

    def action_meeting(self) -> None:
        from deskui.tui.tabs.matters.meeting import MeetingDialog

        self.app.push_screen(MeetingDialog(), lambda _r: self.desk.action_refresh())


def _chosen(field: Any) -> str:
    """The text of the option a filter field shows (without its number)."""
    return unnumbered(
        next((str(text) for text, value in field._options if value == field.value), "")
    )


def _int(value: str | None) -> int | None:
    return int(value) if value else None
