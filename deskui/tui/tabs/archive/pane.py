"""民情档案: search households by name, pinyin initials, phone or ID tail,
or ``3组``; the list searches as you type (debounced) and pages on scroll.
Filters by key-household tag and by liaison official; Enter opens the
household's file; Ctrl+U shows this month's not-yet-contacted households;
Ctrl+N registers a new household, Ctrl+O imports a roll (admin only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, Static

from deskui.domain.errors import PermissionDenied
from deskui.domain.household_rules import KNOWN_TAGS
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.archive.household_view import HouseholdDetail
from deskui.services.archive.liaison import liaison_officials
from deskui.services.archive.search import HouseholdRow, search_households
from deskui.services.town.towns import list_villages
from deskui.tui.format import clip, group
from deskui.tui.refusal import denied
from deskui.tui.tabs.archive.household import HouseholdDialog
from deskui.tui.tabs.archive.household_new import new_household_form
from deskui.tui.tabs.archive.import_roll import ImportRollDialog
from deskui.tui.tabs.base import DeskPane, Fetch
from deskui.tui.widgets.choice import ChoiceField, numbered, unnumbered
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.widgets.paged_table import PagedTable, Row
from deskui.tui.widgets.picker import Picker
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext

DEBOUNCE = 0.15
K2 = "archive.tui2."
COLUMNS = ("village", "group", "code", "head", "matched", "size", "phone", "liaison", "tags")


def _new_choices(ctx: ServiceContext) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The villages and officials the new-household form offers."""
    return [(v.id, v.name) for v in list_villages(ctx)], liaison_officials(ctx)


class ArchivePane(DeskPane):
    TITLE_KEY = "tui.tab.archive"
    # priority: run before the keys typed right after them reach the input
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "focus_search", t("tui.key.search"), id="archive.search", priority=True),
        Binding(
            "ctrl+l", "clear_search", t("tui.key.clear_search"), id="archive.clear", priority=True
        ),
        Binding(
            "ctrl+t", "focus_tag", t("archive.tui.key.tag_filter"), id="archive.tag", priority=True
        ),
        Binding(
            "ctrl+g",
            "focus_official",
            t("archive.tui.key.official_filter"),
            id="archive.official",
            priority=True,
        ),
        Binding(
            "ctrl+u",
            "not_contacted",
            t("archive.tui.key.not_contacted"),
            id="archive.liaison",
            priority=True,
        ),
        Binding("ctrl+n", "new_household", t(K2 + "key.new"), id="archive.new", priority=True),
        Binding("ctrl+o", "import_roll", t(K2 + "key.import"), id="archive.import", priority=True),
    ]

    @dataclass
    class Officials(ServiceDone):
        """The officials the liaison filter offers (``result``)."""

    @dataclass
    class NewChoices(ServiceDone):
        """The new-household form's villages and officials (``result``)."""

    def __init__(self) -> None:
        super().__init__(id="archive-pane")
        self._timer: Timer | None = None
        self._text = ""
        self._tag: str | None = None
        self._official: int | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-bar archive-filters"):
            yield Label(t("archive.tui.tag_label"), classes="bar-label")
            yield ChoiceField(
                numbered((tag, tag) for tag in KNOWN_TAGS),
                title=t("archive.tui.tag_label"),
                id="archive-tag",
                prompt=t("archive.tui.any_tag"),
            )
            yield Label(t("archive.tui.official_label"), classes="bar-label")
            yield ChoiceField(
                title=t("archive.tui.official_label"),
                id="archive-official",
                prompt=t("archive.tui.any_official"),
            )
        yield LineInput(placeholder=t("tui.archive.placeholder"), id="archive-search")
        yield Static("", id="archive-count", classes="pane-note")
        table = PagedTable(id="archive-table")
        for key in COLUMNS:
            table.add_column(t(f"tui.archive.col.{key}"), key=key)
        yield table

    def focus_main(self) -> None:
        self.query_one("#archive-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "archive-search":
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._search_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "archive-search":
            self._search_now()
            self.table.focus()

    def _search_now(self) -> None:
        self._timer = None
        self.load()

    def on_mount(self) -> None:
        run_service(self, liaison_officials, group="archive-officials", done=self.Officials)

    def on_archive_pane_officials(self, message: ArchivePane.Officials) -> None:
        message.stop()
        officials: list[tuple[int, str]] = message.result or []
        self.query_one("#archive-official", ChoiceField).set_options(
            numbered((name, oid) for oid, name in officials)
        )

    def on_picker_changed(self, event: Picker.Changed) -> None:
        value = event.value
        if event.picker.id == "archive-tag":
            self._tag = value if isinstance(value, str) else None
        elif event.picker.id == "archive-official":
            self._official = value if isinstance(value, int) else None
        else:
            return
        event.stop()
        self.load()

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        """Enter on a filter: on to the search box (the one Enter rule)."""
        event.stop()
        self.query_one("#archive-search", Input).focus()

    def _query(self, after: Any = None) -> Fetch:
        text, tag, official, page = self._text, self._tag, self._official, self.PAGE + 1
        return lambda ctx: search_households(
            ctx, text, tag=tag, liaison_id=official, limit=page, after=after
        )

    def load(self) -> None:
        self._text = self.query_one("#archive-search", Input).value
        self.fetch(self._query())
        self.refresh_bindings()  # Ctrl+L greys out with nothing to clear

    def more(self) -> Fetch | None:
        return self._query(self._cursor)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.open_household(int(event.row_key.value))

    def open_household(self, household_id: int) -> None:
        self.app.push_screen(HouseholdDialog(household_id), lambda _r: self.load())

    # What the role may not do is not offered (the key bar, F1, Ctrl+P).
    ROLE_ACTIONS: ClassVar[dict[str, Perm]] = {
        "new_household": Perm.EDIT_ARCHIVE,
        "import_roll": Perm.IMPORT,
    }

    def _nothing_to_clear(self) -> bool:
        search = self.query_one("#archive-search", Input).value
        return not search and self._tag is None and self._official is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        perm = self.ROLE_ACTIONS.get(action)
        if perm is not None:
            return self.desk.ctx.actor.can(perm)
        if action == "clear_search" and self.is_mounted and self._nothing_to_clear():
            return None
        return True

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a key of the archive does nothing now (said in the status line)."""
        perm = self.ROLE_ACTIONS.get(action)
        if perm is not None:
            return denied(self.desk.ctx.actor, perm)
        if action == "clear_search":
            return t("tui.nothing_to_clear")
        return None

    def _allowed(self, perm: Perm) -> bool:
        """The operator may do this; else the service's refusal as a notice."""
        try:
            self.desk.ctx.require(perm)
        except PermissionDenied as exc:
            self.app.notify(exc.message, severity="error")
            return False
        return True

    def action_import_roll(self) -> None:
        if self._allowed(Perm.IMPORT):
            self.app.push_screen(ImportRollDialog(), self._after_import)

    def _after_import(self, wrote: bool | None) -> None:
        """The list is read again; after a real import the header too (its
        "还没有户籍名册" and the other counts)."""
        if wrote:
            self.desk.action_refresh()  # the header and this tab
        else:
            self.load()

    def action_new_household(self) -> None:
        if self._allowed(Perm.EDIT_ARCHIVE):
            run_service(self, _new_choices, group="archive-new", done=self.NewChoices)

    def on_archive_pane_new_choices(self, message: ArchivePane.NewChoices) -> None:
        message.stop()
        if message.error is not None:
            self.notify(message.error_text, severity="error")
            return
        villages, officials = message.result
        self.app.push_screen(new_household_form(villages, officials), self._created)

    def _created(self, detail: HouseholdDetail | None) -> None:
        if detail is None:
            return
        self.app.notify(
            t(K2 + "created", village=detail.village, code=detail.code, head=detail.head_name)
        )
        self.open_household(detail.id)

    def action_focus_tag(self) -> None:
        self.query_one("#archive-tag").focus()

    def action_focus_official(self) -> None:
        self.query_one("#archive-official").focus()

    def action_not_contacted(self) -> None:
        from deskui.tui.tabs.archive.liaison import LiaisonScreen

        self.app.push_screen(LiaisonScreen(), lambda _r: self.load())

    def row_of(self, item: HouseholdRow) -> Row:
        cells = (
            item.village,
            group(item.group_no),
            item.code,
            item.head_name,
            clip(item.matched, 8),
            item.size,
            item.phone,
            item.liaison,
            clip(item.tags, 16),
        )
        return item.id, cells, ""

    def filters_named(self) -> str:
        """The filters on, named as the bar shows them ('' when none)."""
        names = []
        if self._tag:
            names.append(t("tui.archive.filter_tag", tag=self._tag))
        if self._official is not None:
            label = self.query_one("#archive-official", ChoiceField).label
            names.append(t("tui.archive.filter_official", name=unnumbered(label)))
        return "、".join(names)

    def empty_text(self) -> str:
        filters = self.filters_named()
        if self._text.strip() or filters:
            typed = self._text.strip()
            text = (
                t("tui.archive.no_match", text=typed) if typed else t("tui.archive.none_filtered")
            )
            if filters:
                text += t("tui.archive.no_match_filters", filters=filters)
            return text
        return t("tui.archive.empty")

    def after_rows(self, count: int, *, append: bool) -> None:
        shown = self.table.row_count
        key = "tui.archive.count_more" if self.table.has_more else "tui.archive.count"
        # one line of a fixed box: no layout needed
        self.query_one("#archive-count", Static).update(t(key, n=shown), layout=False)

    def action_focus_search(self) -> None:
        self.query_one("#archive-search", Input).focus()

    def action_clear_search(self) -> None:
        """Ctrl+L: the search text and every filter, cleared together (a
        filter left on hides a household and invites a duplicate)."""
        self._tag = self._official = None
        for field in self.query("#archive-tag, #archive-official").results(ChoiceField):
            field.value = None  # set from code: posts no Changed
        search = self.query_one("#archive-search", Input)
        search.value = ""
        search.focus()
        self._search_now()
