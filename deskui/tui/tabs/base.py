"""What every tab shares: reading its rows off the UI thread, and the
page/empty-state bookkeeping.

A pane calls :meth:`DeskPane.fetch` with a function of the context; the
function runs in the desk's one worker helper (:mod:`deskui.tui.worker`)
and its result comes back as a :class:`Fetched` message. Results of an
older request (the clerk typed on) are dropped by their serial number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from deskui.tui.widgets.paged_table import PagedTable, Row
from deskui.tui.worker import ServiceDone, call_service, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

Fetch = Callable[["ServiceContext"], Any]


@dataclass
class Fetched(ServiceDone):
    """A page (or a tab's whole view) came back for request ``serial``."""

    serial: int = 0
    append: bool = False


class DeskPane(Vertical):
    """One tab's content. Subclasses fill :meth:`compose_body`, :meth:`load`
    and :meth:`rows_of`."""

    TITLE_KEY = ""  # catalogue key of the tab's title
    PAGE = 50
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="desk-pane")
        self._serial = 0
        self._loading = False
        self._cursor: Sequence[object] | None = None
        self._inline_first = False

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        yield from self.compose_body()
        yield Static("", classes="empty-note")

    def compose_body(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        # Textual runs the on_mount of every class in the MRO, this one after
        # the tab's own: a tab must not call super().on_mount(), or its first
        # page is fetched twice.
        self.load()

    def focus_main(self) -> None:
        self.table.focus()

    def holds_keys(self, key: events.Key) -> bool:
        """Type-ahead (deskui.tui.typeahead): while the list is being read
        again, a key for the list waits for the new rows (an Enter or an
        action key would act on the old ones); typing into the tab's search
        line does not wait."""
        return self._loading and not isinstance(self.screen.focused, Input)

    # ---------------------------------------------------------------- fetching

    def load(self) -> None:
        """Fetch the first page again (after a search, a filter, Ctrl+R)."""

    def first_page_inline(self) -> None:
        """Read the first page on the UI thread, while the pane is mounted,
        so the desk's first frame already holds it. For the tab the desk
        opens with, before anything is on screen: in a worker, the query
        (~10 ms on the county database) took ~0.1 s, fighting the first
        frame's painting for the interpreter lock. Every later page, search
        and refresh runs in the worker."""
        self._inline_first = True

    def fetch(self, fn: Fetch, *, append: bool = False) -> None:
        if not append:
            self._serial += 1
            self._loading = True
        if self._inline_first and not append:
            self._inline_first = False
            done = call_service(fn, self.desk.ctx, partial(Fetched, serial=self._serial))
            self.on_fetched(cast(Fetched, done))
            return
        self._run(fn, self._serial, append)

    def _run(self, fn: Fetch, serial: int, append: bool) -> None:
        run_service(self, fn, group="fetch", done=partial(Fetched, serial=serial, append=append))

    def on_fetched(self, message: Fetched) -> None:
        message.stop()
        if message.serial != self._serial:
            return
        if not message.append:
            self._loading = False
        if message.error is not None:
            self.show_empty(message.error_text)
            return
        self.shown(message.result, append=message.append)
        self.desk.rows_arrived()

    def shown(self, result: Any, *, append: bool) -> None:
        """Put a fetched result on screen (default: a page of rows)."""
        rows = list(result)
        more = len(rows) > self.PAGE
        rows = rows[: self.PAGE]
        if rows:
            self._cursor = getattr(rows[-1], "cursor", None)
        table_rows = [self.row_of(r) for r in rows]
        if append:
            self.table.extend(table_rows, has_more=more)
        else:
            self.table.reset(table_rows, has_more=more)
            self.show_empty(self.empty_text() if not rows else None)
        self.after_rows(len(rows), append=append)

    def row_of(self, item: Any) -> Row:
        """One table row for an item: every field of a row dataclass, keyed by
        its id. Panes override it to choose and format their columns."""
        values = astuple(item)
        return (getattr(item, "id", values[0]), tuple(str(v) for v in values), "")

    def empty_text(self) -> str:  # pragma: no cover - overridden
        return ""

    def after_rows(self, count: int, *, append: bool) -> None:
        """Hook: update a count line after rows arrived."""

    def more(self) -> Fetch | None:
        """The function fetching the page after ``self._cursor`` (None: no paging)."""
        return None

    def on_paged_table_need_more(self, message: PagedTable.NeedMore) -> None:
        message.stop()
        fn = self.more()
        if fn is None or self._loading or self._cursor is None:
            message.table.has_more = False
            return
        self.fetch(fn, append=True)

    @property
    def is_empty(self) -> bool:
        """True while the list is replaced by its empty-state sentence."""
        return bool(self.query_one(".empty-note", Static).display)

    def show_empty(self, text: str | None) -> None:
        """Replace the list by a sentence (``None`` shows the list again).

        Toggles ``display`` on the two widgets rather than a class on the
        pane: a class on the pane restyles every widget inside it (0.14 s
        of the desk's start-up when profiled)."""
        note = self.query_one(".empty-note", Static)
        if text is None and not note.display:
            return  # the list is showing already: nothing to lay out again
        note.update(text or "")
        note.display = text is not None
        self.table.display = text is None
