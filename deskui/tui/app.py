"""The desk: a header, four tabs and a footer. Thin on purpose: each tab
is a package in ``tui/tabs`` (its pane and its dialogs), app-wide dialogs
are in ``tui/dialogs``, shared widgets in ``tui/widgets``."""

from __future__ import annotations

import gc
import importlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static, TabbedContent, TabPane

from deskui.domain.errors import DomainError
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.context import Actor, ServiceContext, reading
from deskui.services.town import auth
from deskui.services.town.header import HeaderInfo, header_info
from deskui.services.town.towns import is_empty
from deskui.tui.commands import DeskCommands
from deskui.tui.format import key_label
from deskui.tui.idle import IdleWatch
from deskui.tui.tabs.base import DeskPane
from deskui.tui.textual_zh import DeskPalette, localize
from deskui.tui.typeahead import TypeAhead
from deskui.tui.widgets.header import DeskHeader
from deskui.tui.widgets.key_bar import KeyBar
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.tui.dialogs.help import HelpRow

# Each tab's module is imported when the tab is first shown, so start-up
# pays only for the first one (measured: the five tab modules and their
# dialogs cost ~0.1 s of a 0.5 s start on the benchmark machine).
PANES: dict[str, str] = {
    "queue": "deskui.tui.tabs.queue.pane:QueuePane",
    "archive": "deskui.tui.tabs.archive.pane:ArchivePane",
    "matters": "deskui.tui.tabs.matters.pane:MattersPane",
    "roster": "deskui.tui.tabs.roster.pane:RosterPane",
    "stats": "deskui.tui.tabs.stats.pane:StatsPane",
}
DEMO = "demo"  # what the first-run screen returns to ask for the demo database
IDLE_POLL = 5.0  # seconds between looks at the idle time


def _copies_nothing(target: Any, action: str) -> bool:
    """Ctrl+C (Textual's copy, of a screen's or a field's selection) with
    nothing selected: it would copy nothing and say nothing."""
    if action == "copy_text" and isinstance(target, Screen):
        return not target.get_selected_text()
    if action == "copy":
        # An Input or a TextArea (by what it has: TextArea's module is
        # imported only when a form first needs it).
        selected = getattr(target, "selected_text", None)
        return isinstance(selected, str) and not selected
    return False


def pane_class(tab: str) -> type[DeskPane]:
    module, _, name = PANES[tab].partition(":")
    return cast("type[DeskPane]", getattr(importlib.import_module(module), name))


# What the palette says of a desk command besides its key (the desk's own
# bindings; a tab's ``export`` is another).
PALETTE_DETAIL = {
    "refresh": "tui.cmd.refresh_help",
    "export": "tui.export.open_help",
    "town_settings": "tset.open_help",
}
TAB_KEYS = {"queue": "f2", "archive": "f3", "matters": "f4", "roster": "f5", "stats": "f7"}
ContextSource = ServiceContext | Callable[[], ServiceContext]
localize()  # Textual's own key words in Chinese, before the desk's classes merge them
STYLES = Path(__file__).parent / "styles"


_heap_settled = False  # once a process


def _settle_heap() -> None:
    """Once the first screen is up: move everything start-up made out of the
    collector's sight (``gc.freeze``), make full collections 5× rarer, and
    turn the collector back on (the command line keeps it off while the desk
    starts). No collection first: start-up leaves ~4,000 unreachable objects
    (well under 1 MiB) against a 30 ms collection on the benchmark machine."""
    global _heap_settled
    if not _heap_settled:
        _heap_settled = True
        gc.freeze()
        low, middle, _full = gc.get_threshold()
        gc.set_threshold(low, middle, 50)
    gc.enable()


class DeskApp(TypeAhead, App[str]):
    # Every stylesheet in tui/styles (desk.tcss first, then one per area).
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        STYLES / name
        for name in sorted(os.listdir(STYLES), key=lambda n: (n != "desk.tcss", n))
        if name.endswith(".tcss")
    ]
    TITLE = t("app.title")
    COMMANDS: ClassVar[set[Any]] = {DeskCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: F1 works inside every dialog, over any field
        Binding("f1", "help", t("tui.key.help"), id="desk.help", priority=True),
        *(
            Binding(key, f"show_tab('{tab}')", t(f"tui.tab.{tab}"), id=f"desk.tab.{tab}")
            for tab, key in TAB_KEYS.items()
        ),
        Binding("ctrl+r", "refresh", t("tui.key.refresh"), id="desk.refresh"),
        Binding("ctrl+e", "export", t("tui.export.open"), id="desk.export"),
        Binding("f10", "town_settings", t("tset.open"), id="desk.town_settings"),
        Binding(
            "ctrl+p",
            "command_palette",
            t("tui.key.palette"),
            id="desk.palette",
            priority=True,
            show=False,  # the Footer shows it at its right end
        ),
        Binding("ctrl+q", "quit", t("tui.key.quit"), id="desk.quit", priority=True),
    ]

    @dataclass
    class StartState(Message):
        empty: bool
        operators: list[Any]
        actor: Actor | None

    @dataclass
    class HeaderLoaded(ServiceDone):
        """The header's town, date and operator (``result``, HeaderInfo)."""

    def __init__(
        self,
        source: ContextSource,
        *,
        demo: bool | None = None,
        idle_clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self._typeahead_init()
        self._source = source
        self._idle_clock = idle_clock  # the lock's clock (tests move it by hand)
        self._idle: IdleWatch | None = None
        self._ctx: ServiceContext | None = source if isinstance(source, ServiceContext) else None
        self._demo = demo
        self.ready = False
        self._collecting = False
        self._rows_at = 0.0
        self._start: DeskApp.StartState | None = None
        self.header_info: HeaderInfo | None = None  # the header's last reading

    @property
    def ctx(self) -> ServiceContext:
        if self._ctx is None:
            self._ctx = self._source()  # type: ignore[operator]
        return self._ctx

    @property
    def demo(self) -> bool:
        return self.ctx.settings.demo if self._demo is None else self._demo

    def compose(self) -> ComposeResult:
        # With the database already open (the CLI opens it before the desk)
        # the start state is two indexed lookups: asking them here lets the
        # first frame hold the first tab with its list, instead of a
        # placeholder frame, a worker round trip and a second layout.
        start = self._start_state(self._ctx) if self._ctx is not None else None
        first = next(iter(PANES))
        signed_in = start is not None and not start.empty and start.actor is not None
        if signed_in:
            assert start is not None and start.actor is not None
            self.ctx.actor = start.actor
            self.ready = True
        yield DeskHeader(id="desk-header")
        yield Static("", id="desk-checklist")
        with TabbedContent(id="tabs", initial=first):
            for tab in PANES:
                with TabPane(f"{t(f'tui.tab.{tab}')} {TAB_KEYS[tab].upper()}", id=tab):
                    if signed_in and tab == first:
                        pane = pane_class(tab)()
                        pane.first_page_inline()
                        yield pane
                    elif not signed_in:  # signed in, a tab is built when first shown
                        yield Static(t("tui.pane.waiting"), classes="pane-placeholder")
        yield KeyBar()
        self._start = start

    # ----------------------------------------------------------- type-ahead

    async def on_event(self, event: events.Event) -> None:
        # Any key or click keeps the idle lock away (dialogs/lock.py).
        idle = getattr(self, "_idle", None)  # events may come before __init__ ends
        if idle is not None and isinstance(event, (events.Key, events.MouseDown)):
            idle.touch()
        # A key the desk cannot place yet waits (deskui.tui.typeahead).
        if await self._typeahead_event(event):
            return
        await super().on_event(event)

    async def _dispatch_input(self, event: events.Event) -> None:
        await super().on_event(event)

    # ------------------------------------------------------ refused keys

    async def run_action(
        self,
        action: Any,
        default_namespace: Any = None,
        namespaces: Any = None,
    ) -> bool:
        """A key whose action cannot act now explains itself: the node the
        action belongs to may say why (``refusal(action, parameters)``), and
        the desk shows it in the status line instead of doing nothing."""
        target, name, params = self._parse_action(
            action, self if default_namespace is None else default_namespace, namespaces
        )
        if _copies_nothing(target, name):  # Textual's Ctrl+C with nothing selected
            self.notify(t("tui.copy.nothing"), severity="warning", timeout=6)
            return True
        if not target.check_action(name, params):
            refusal = getattr(target, "refusal", None)
            why = refusal(name, params) if refusal is not None else None
            if why:
                self.notify(why, severity="warning", timeout=6)
                return True
        return await super().run_action(action, default_namespace, namespaces)

    # ------------------------------------------------------------ dialogs

    def _screen_pushed(self, screen: Screen[Any]) -> None:
        """Every dialog keeps the header on its top line (a copy of the
        desk's: the dialog lies over the desk's own) and shows its own keys
        on the bottom line (the desk's key bar under it offers the desk's
        keys); the dialog's box lies between them, at 80×24 too."""
        if not isinstance(screen, ModalScreen):
            return
        if not screen.query(DeskHeader):
            screen.mount(DeskHeader(self.header_info))
        if not screen.query(KeyBar):
            screen.mount(KeyBar())

    # ----------------------------------------------------------- start-up

    def _start_state(self, ctx: ServiceContext) -> DeskApp.StartState | None:
        try:
            return self._read_start(ctx, self.demo)
        except DomainError:
            return None  # the worker asks again and reports it

    def _read_start(self, ctx: ServiceContext, demo: bool) -> DeskApp.StartState:
        """Is the database empty (first run), who signs in by themselves
        (the demo's admin), or whom the sign-in screen offers."""
        with reading(ctx):
            empty = ctx.town_id is None and is_empty(ctx)  # a town was found on opening
            actor = auth.demo_actor(ctx) if demo and not empty else None
            operators = [] if empty or actor else auth.list_operators(ctx)
        return self.StartState(empty, operators, actor)

    # --------------------------------------------------------- idle lock

    def lock_if_idle(self) -> None:
        """Lock the desk when it has been idle long enough (dialogs/lock.py)."""
        idle = self._idle
        if idle is None or not self.ready or not self.ctx.actor.signed_in:
            return
        if self.ctx.actor.id is None or self._locked() or not idle.due():
            return
        from deskui.tui.dialogs.lock import LockScreen

        self.push_screen(LockScreen(self.ctx.actor), self._unlocked)

    def _unlocked(self, actor: Actor | None) -> None:
        """The lock opened; by another operator, the desk acts as them now."""
        if self._idle is not None:
            self._idle.touch()
        if actor is not None and actor.username != self.ctx.actor.username:
            # the last operator's dialogs close: what they show is for that
            # role, and a form saved now would bear the new operator's name
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.ctx.actor = actor
            self.refresh_bindings()
            self.action_refresh()
            # every tab already built is read again, not only the one on
            # screen: a tab built under the last operator would still show
            # what that role may see (full phones and ID numbers)
            active = self.active_pane()
            for pane in self.query(DeskPane):
                if pane is not active:
                    pane.load()

    def _locked(self) -> bool:
        """The lock screen is up (its module is imported when first shown)."""
        lock = sys.modules.get("deskui.tui.dialogs.lock")
        return lock is not None and isinstance(self.screen, lock.LockScreen)

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_pushed)
        self._idle = IdleWatch(self.ctx.settings.lock_minutes, self._idle_clock)
        self.set_interval(IDLE_POLL, self.lock_if_idle)
        # The heap settles after the first rows are painted (rows_arrived),
        # or after two seconds on a screen without rows (sign-in, first run).
        self.set_timer(2.0, _settle_heap)
        if self._start is None:
            self._probe(self.ctx, self.demo)
        elif self.ready:
            self.refresh_bindings()
            # Read here, like the first tab's page: before the first frame a
            # worker only fights the painting for the interpreter lock
            # (measured: 40 ms of CPU at start-up). Ctrl+R uses the worker.
            try:
                with reading(self.ctx):
                    info = header_info(self.ctx)
            except DomainError:
                self._load_header(self.ctx)
            else:
                self._show_header(info)
            pane = self.active_pane()
            if pane is not None:
                self.call_after_refresh(pane.focus_main)
        else:
            self.post_message(self._start)

    @work(thread=True, exclusive=True, group="start")
    def _probe(self, ctx: ServiceContext, demo: bool) -> None:
        self.post_message(self._read_start(ctx, demo))

    def on_desk_app_start_state(self, message: DeskApp.StartState) -> None:
        if message.empty:
            from deskui.tui.dialogs.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(), self._after_first_run)
        elif message.actor is not None:
            self._signed_in(message.actor)
        elif message.operators:
            from deskui.tui.dialogs.sign_in import SignInDialog

            self.push_screen(SignInDialog(message.operators), self._signed_in)
        else:
            self._signed_in(None)

    def _after_first_run(self, result: object) -> None:
        if result == DEMO:
            self.exit(DEMO)
        elif isinstance(result, Actor):
            self._signed_in(result)
            from deskui.tui.dialogs.setup.guide import SetupGuide

            # the setup guide goes on (officials … roster) over the desk
            self.push_screen(SetupGuide(auto=True), self._after_town_settings)

    def _signed_in(self, actor: Actor | None) -> None:
        if actor is not None:
            self.ctx.actor = actor
        self.ready = True
        self.refresh_bindings()
        self.action_refresh()
        self._build(self.query_one(TabbedContent).active)

    def rows_arrived(self) -> None:
        """A tab has put fetched rows on screen (the clerk is searching or
        paging). The first time, move everything the start-up made out of the
        garbage collector's sight (``gc.freeze``) and let full collections
        wait for a quiet moment: one in the middle of search-as-you-type on
        the county database paused the desk for up to 0.1 s (profiled; most
        of the garbage is Textual's painted lines). The automatic full
        collection then comes 5× less often, and the desk runs one itself
        once a second has passed without new rows."""
        self._rows_at = time.monotonic()
        if not self._collecting:
            self._collecting = True
            self.set_interval(1.0, self._collect_when_quiet)
            self.call_after_refresh(_settle_heap)  # after the rows are painted

    def _collect_when_quiet(self) -> None:
        if self._rows_at and time.monotonic() - self._rows_at > 1.0:
            self._rows_at = 0.0  # once a quiet spell
            gc.collect()

    # ---------------------------------------------------------------- tabs

    def _build(self, tab: str) -> DeskPane | None:
        if not self.ready or not tab:
            return None
        pane = self.query_one(f"TabPane#{tab}", TabPane)
        existing = pane.query(DeskPane)
        if existing:
            return existing.first()
        widget = pane_class(tab)()
        pane.query(".pane-placeholder").remove()
        mounting = pane.mount(widget)

        async def focus_once_mounted() -> None:
            # The next refresh may come before the pane's own widgets are
            # mounted (a busy PC): its table would not be there to focus.
            await mounting
            widget.focus_main()

        self.call_after_refresh(focus_once_mounted)
        return widget

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or ""
        widget = self._build(tab)
        if widget is not None and widget.is_mounted:
            widget.focus_main()

    def active_pane(self) -> DeskPane | None:
        tabs = self.query_one(TabbedContent)
        found = self.query(f"TabPane#{tabs.active} DeskPane") if tabs.active else None
        return found.first(DeskPane) if found else None

    # ------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._locked():
            return action == "quit"  # a locked desk opens nothing
        # Tabs and refresh stay hidden until someone has signed in.
        if not self.ready:
            return action not in ("show_tab", "refresh", "export", "town_settings")
        if action == "town_settings":  # administrators only: not offered to the rest
            return self.ctx.actor.can(Perm.ADMIN)
        return True

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a desk key does nothing (said in the status line)."""
        if action == "town_settings" and self.ready:
            return t("tset.denied", role=self.ctx.actor.role.value)
        return None

    def action_show_tab(self, tab: str) -> None:
        # Drop the focus first: TabbedContent shows the pane holding the focus.
        self.screen.set_focus(None)
        tabs = self.query_one(TabbedContent)
        if tabs.active != tab:
            tabs.active = tab
            return
        # Already shown (no TabActivated comes): give its list the focus
        # back, so the tab's keys work again (after a dialog, say).
        pane = self.active_pane()
        if pane is not None and pane.is_mounted:
            pane.focus_main()

    def action_refresh(self) -> None:
        self._load_header(self.ctx)
        pane = self.active_pane()
        if pane is not None:
            pane.load()

    def _load_header(self, ctx: ServiceContext) -> None:
        run_service(self, header_info, group="header", done=self.HeaderLoaded, ctx=ctx)

    def on_desk_app_header_loaded(self, message: DeskApp.HeaderLoaded) -> None:
        if message.error is None:
            self._show_header(message.result)

    def _show_header(self, info: HeaderInfo) -> None:
        self.header_info = info
        for screen in self.screen_stack:  # the desk's and each dialog's copy
            for header in screen.query(DeskHeader):
                header.show(info)
        checklist = self.query_one("#desk-checklist", Static)
        checklist.update(t("ready.line", items="；".join(info.missing)) if info.missing else "")
        checklist.display = bool(info.missing)

    def action_export(self) -> None:
        from deskui.tui.dialogs.export import ExportDialog, default_folder

        if self.ready and not isinstance(self.screen, ExportDialog):
            today = self.ctx.today()
            folder = default_folder(self.ctx.settings)
            self.push_screen(ExportDialog(f"{today.year}-{today.month:02d}", folder))

    def action_town_settings(self) -> None:
        from deskui.tui.dialogs.town_settings import TownSettingsScreen

        if not self.ready or isinstance(self.screen, TownSettingsScreen):
            return
        actor = self.ctx.actor
        if not actor.can(Perm.ADMIN):
            self.notify(t("tset.denied", role=actor.role.value), severity="warning")
            return
        self.push_screen(TownSettingsScreen(), self._after_town_settings)

    def _after_town_settings(self, _result: object) -> None:
        """The lists may have changed (a new official for the pickers, the
        checklist): read the header and the tab again, keys back on the tab."""
        self.action_refresh()
        pane = self.active_pane()
        if pane is not None and pane.is_mounted:
            pane.focus_main()

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(cast(App[object], self)):
            self.push_screen(
                DeskPalette(id="--command-palette", placeholder=t("tui.cmd.placeholder"))
            )

    def action_help(self) -> None:
        from deskui.tui.dialogs.help import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog(self.binding_rows()))

    def offered(self, node: Any) -> list[Binding]:
        """The keys ``node`` offers now: each binding with a description
        whose action its ``check_action`` does not refuse outright (False:
        the role may not; None, greyed out, is still listed). The footer, F1
        and the palette all list these, so none of them can drift."""
        out: list[Binding] = []
        for key, binding in node._bindings:
            if not binding.description or key.startswith("super+"):
                continue  # no words; or the Mac's ⌘ copy, not on the desk's keyboards
            target, name, params = self._parse_action(binding.action, node)
            if target.check_action(name, params) is False:
                continue
            out.append(binding)
        return out

    def _top_screen(self, *, palette: bool = False) -> Any:
        """The screen opened over the desk (not the help; the palette only
        when ``palette``: its commands are the keys of the screen under it)."""
        from deskui.tui.dialogs.help import HelpDialog

        skip = HelpDialog if palette else (HelpDialog, CommandPalette)
        screens = [s for s in self.screen_stack[1:] if not isinstance(s, skip)]
        return screens[-1] if screens else None

    def binding_rows(self) -> list[HelpRow]:
        """Every key that works now, as the help lists it: inside a dialog (the
        liaison list, the meeting view, a form…) the dialog's own keys first,
        then the desk's; on a tab, the desk's keys and the tab's."""
        rows: list[HelpRow] = []
        top = self._top_screen(palette=True)
        if top is not None:
            section = t("tui.help.section_screen")
            for binding in self.offered(top):
                rows.append((section, key_label(binding), binding.description))
        desk = t("tui.help.section_desk")
        for binding in self.offered(self):
            rows.append((desk, key_label(binding), binding.description))
        pane = self.active_pane() if top is None else None
        if pane is not None:
            section = t(pane.TITLE_KEY)
            for binding in self.offered(pane):
                rows.append((section, key_label(binding), binding.description))
        return rows

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """(title, help, callback) of every command the palette offers now:
        the desk's keys and those of the tab (or of the dialog open over
        it), built from the same bindings as the key bar and F1 (help and
        quit last)."""

        def command(binding: Binding, node: Any) -> tuple[str, str, Callable[[], Any]]:
            title = binding.description
            if binding.action.startswith("show_tab("):
                title = t("tui.cmd.show_tab", tab=title)
            keys = t("tui.cmd.key", key=key_label(binding))
            detail = PALETTE_DETAIL.get(binding.action) if node is self else None
            return (
                title,
                f"{t(detail)}（{keys}）" if detail else keys,
                partial(self.run_action, binding.action, node),
            )

        desk = [b for b in self.offered(self) if b.action != "command_palette"]
        last = sorted(
            (b for b in desk if b.action in ("help", "quit")), key=lambda b: b.action != "help"
        )
        out = [command(b, self) for b in desk if b not in last]
        if self.ready:
            # the dialog's keys while one is open (the tab's do not act then)
            top = self._top_screen()
            node = top if top is not None else self.active_pane()
            if node is not None:
                out += [command(b, node) for b in self.offered(node)]
        out += [command(b, self) for b in last]
        return out
