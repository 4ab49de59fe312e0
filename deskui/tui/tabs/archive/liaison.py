"""本月未联系的包联户: the liaison households nobody has contacted yet this
month, per official, the five must-visit kinds first (in the warning
colour), with each official's coverage on top. Enter opens the household,
C logs a contact, [ and ] step through the months, the official filter
narrows the list to one official, R hands all of one official's households
to another (an official leaves). One household's liaison is changed in its
file (Enter, then E: 包联干部)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from deskui.domain.errors import PermissionDenied
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.archive.household_view import get_household
from deskui.services.archive.liaison import coverage, liaison_officials, not_contacted
from deskui.tui.dialogs.contact_log import ContactLogDialog
from deskui.tui.format import group
from deskui.tui.refusal import denied
from deskui.tui.tabs.archive.household import HouseholdDialog
from deskui.tui.tabs.archive.liaison_reassign import ReassignDialog, Reassigned
from deskui.tui.widgets.choice import ChoiceField, numbered
from deskui.tui.widgets.header import DeskHeader
from deskui.tui.widgets.key_bar import KeyBar
from deskui.tui.widgets.picker import Picker
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.archive.liaison import NotContactedRow
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

K = "archive.tui."
COLUMNS = ("official", "village", "group", "code", "head", "phone", "tags", "last")
ALL = -1


def _month_step(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


class LiaisonScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", t(K + "key.back"), id="liaison.close"),
        Binding("c", "contact", t(K + "key.contact"), id="liaison.contact"),
        Binding("left_square_bracket", "month(-1)", t(K + "key.prev_month"), id="liaison.prev", key_display="["),
        Binding("right_square_bracket", "month(1)", t(K + "key.next_month"), id="liaison.next", key_display="]"),
        Binding("ctrl+g", "focus_official", t(K + "key.official_filter"), id="liaison.official"),
        Binding("r", "reassign", t("archive.tui2.key.reassign"), id="liaison.reassign"),
    ]  # fmt: skip

    def __init__(self, year: int | None = None, month: int | None = None) -> None:
        super().__init__(classes="liaison-screen")
        self.year, self.month = year or 0, month or 0
        self.rows: list[NotContactedRow] = []
        self.officials: list[tuple[int, str]] = []
        self.official: int | None = None
        self._loaded_officials = False

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        # a whole screen over the desk: the header stays on top
        yield DeskHeader(self.desk.header_info)
        with Horizontal(classes="pane-bar"):
            yield Label("", id="liaison-title", classes="bar-title")
            yield ChoiceField(
                numbered([(t(K + "all_officials"), ALL)]),
                title=t(K + "all_officials"),
                value=ALL,
                id="liaison-official",
                allow_blank=False,
            )
            yield Static("", id="liaison-count", classes="pane-note")
        yield Static("", id="liaison-coverage")
        table: DataTable[str] = DataTable(id="liaison-table", cursor_type="row", zebra_stripes=True)
        for key in COLUMNS:
            table.add_column(t(K + f"lcol.{key}"), key=key)
        yield table
        yield Static("", classes="empty-note", id="liaison-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.year:
            today = self.desk.ctx.today()
            self.year, self.month = today.year, today.month
        self.load()
        self.query_one("#liaison-table").focus()

    def load(self) -> None:
        year, month, official = self.year, self.month, self.official

        def fn(ctx: ServiceContext) -> Any:
            return (
                "rows",
                not_contacted(ctx, year, month, official),
                coverage(ctx, year, month),
                liaison_officials(ctx),
            )

        run_service(self, fn, group="service")

    def on_service_done(self, message: ServiceDone) -> None:
        message.stop()
        if message.error is not None:
            self.query_one("#liaison-coverage", Static).update(message.error.message)
            return
        result = message.result
        if isinstance(result, tuple) and result and result[0] == "rows":
            _, self.rows, cover, self.officials = result
            self.show(cover)
        elif isinstance(result, tuple) and result and result[0] == "open":
            self.app.push_screen(ContactLogDialog(result[1], result[2]), lambda _r: self.load())

    def show(self, cover: list[Any]) -> None:
        self.query_one("#liaison-title", Label).update(
            t(K + "liaison_title", y=self.year, m=self.month)
        )
        if not self._loaded_officials:
            self._loaded_officials = True
            choices = numbered(
                [(t(K + "all_officials"), ALL), *((name, oid) for oid, name in self.officials)]
            )
            self.query_one("#liaison-official", ChoiceField).set_options(choices)
        parts = [
            t(K + "coverage_item", name=c.official, done=c.contacted, total=c.households,
              rate=c.rate_text)
            for c in cover if self.official in (None, c.official_id)
        ]  # fmt: skip
        self.query_one("#liaison-coverage", Static).update("  ".join(parts) or t(K + "no_liaison"))
        table = self.query_one("#liaison-table", DataTable)
        table.clear()
        for r in self.rows:
            last = r.last_contact.isoformat() if r.last_contact else t(K + "never")
            cells = (
                r.official,
                r.village,
                group(r.group_no),
                r.code,
                r.head_name,
                r.phone,
                r.tags,
                last,
            )
            if r.must_visit:
                table.add_row(*(Text(str(c), style="bold") for c in cells), key=str(r.household_id))
            else:
                table.add_row(*cells, key=str(r.household_id))
        # the list is capped (services/archive/liaison.py); the true count
        # comes from the coverage figures, and a capped list says so
        total = sum(c.not_contacted for c in cover if self.official in (None, c.official_id))
        if total > len(self.rows):
            count = t(K + "pending_count_capped", n=total, shown=len(self.rows))
        else:
            count = t(K + "pending_count", n=len(self.rows))
        self.query_one("#liaison-count", Static).update(count)
        empty = self.query_one("#liaison-empty", Static)
        empty.update("" if self.rows else t(K + "all_contacted"))
        self.set_class(not self.rows, "-empty")

    # What the role may not do is not offered (the key bar, F1, Ctrl+P).
    ROLE_ACTIONS: ClassVar[dict[str, Perm]] = {
        "contact": Perm.LOG_CONTACT,
        "reassign": Perm.EDIT_ARCHIVE,
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        perm = self.ROLE_ACTIONS.get(action)
        if perm is not None and not self.desk.ctx.actor.can(perm):
            return False
        if action == "contact" and self.is_mounted and self._selected() is None:
            return None
        return True

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a key of the list does nothing now (said in the status line)."""
        perm = self.ROLE_ACTIONS.get(action)
        why = denied(self.desk.ctx.actor, perm) if perm is not None else None
        if why is None and action == "contact":
            return t(K + "no_household")
        return why

    def _selected(self) -> int | None:
        table = self.query_one("#liaison-table", DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.app.push_screen(HouseholdDialog(int(event.row_key.value)), lambda _r: self.load())

    def on_picker_changed(self, event: Picker.Changed) -> None:
        if event.picker.id == "liaison-official":
            event.stop()
            value = event.value
            self.official = None if value in (ALL, None) else cast(int, value)
            self.load()

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        """Enter on the official: on to the list (the one Enter rule)."""
        event.stop()
        self.query_one("#liaison-table").focus()

    def action_contact(self) -> None:
        hid = self._selected()
        if hid is None:
            return
        officials = self.officials

        def fn(ctx: ServiceContext) -> Any:
            return ("open", get_household(ctx, hid), officials)

        run_service(self, fn, group="service")

    def action_reassign(self) -> None:
        try:
            self.desk.ctx.require(Perm.EDIT_ARCHIVE)
        except PermissionDenied as exc:
            self.app.notify(exc.message, severity="error")
            return
        self.app.push_screen(ReassignDialog(self.official), self._reassigned)

    def _reassigned(self, done: Reassigned | None) -> None:
        if done is None:
            return
        if self.official == done.from_official:  # follow the households to their new official
            self.official = done.to_official
            self.query_one("#liaison-official", ChoiceField).value = done.to_official
        self.load()

    def action_month(self, step: int) -> None:
        self.year, self.month = _month_step(self.year, self.month, step)
        self.load()

    def action_focus_official(self) -> None:
        self.query_one("#liaison-official").focus()

    def action_close(self) -> None:
        self.dismiss(None)
