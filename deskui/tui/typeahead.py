"""Type-ahead: every key the clerk types reaches, in order, the field it
was meant for, however fast the typing and however slow the PC.

Textual hands a key to whatever holds the focus *when the key is read*. A
clerk who types ahead (the reason straight after the Enter that picks the
villager, ↓ ↓ Enter before a list has opened) races the desk: the Enter's
effect (a new focus, a dialog, a search result) is still in some widget's
message queue when the next key is read, and the next key lands in the old
field, or on a screen that has no focus yet, or acts on a stale result.

:class:`TypeAhead` (mixed into the desk's App) takes each key from the
terminal and hands it on only when it can be placed:

* the screen on top is mounted and has given the focus to something (a
  screen with nothing focusable is ready once mounted);
* the desk is quiet: no widget of that screen, and not the App itself, has
  a message or a callback waiting (the previous key's effects have landed);
* nothing on the focus path (the focused widget, its containers, the
  screen) says it holds keys: a widget or screen may define
  ``holds_keys(key) -> bool`` (a search in flight holds the Enter that
  would pick from a stale list; a save in flight holds everything).

Until then the key waits, with every later key behind it, and the desk
retries every few milliseconds. Any Screen inherits this without code of
its own. Quiet and focus waits give up after :data:`SOFT_LIMIT` (a widget
that never rests must not freeze the keyboard); a declared hold after
:data:`HARD_LIMIT`.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ScreenStackError

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.timer import Timer

TICK = 0.01  # seconds between two tries to place a waiting key
SOFT_LIMIT = 2.0  # a key waits at most this long for the desk to be quiet
HARD_LIMIT = 20.0  # and at most this long for a declared hold
NEVER_HELD = frozenset({"ctrl+q"})  # quitting never waits


def _queue_busy(node: Any) -> bool:
    """Has this message pump a message queued or being handled?"""
    queue = node._message_queue
    if getattr(queue, "_unfinished_tasks", 0) or not queue.empty():
        return True
    return node._pending_message is not None or bool(node._next_callbacks)


def _app_busy(app: Any) -> bool:
    """Has the App itself work queued besides input and timers (a focus
    change asked with ``call_later``, a screen's result callback)?"""
    pending = getattr(app._message_queue, "_queue", ())
    return any(not isinstance(m, (events.InputEvent, events.Timer)) for m in pending) or bool(
        app._next_callbacks
    )


def screen_quiet(screen: Screen[Any]) -> bool:
    if getattr(screen, "_callbacks", None):
        return False
    return not any(_queue_busy(node) for node in screen.walk_children(with_self=True))


def focus_path(screen: Screen[Any]) -> list[DOMNode]:
    """The focused widget, its containers and the screen (the screen alone
    when nothing has the focus)."""
    focused = screen.focused
    if focused is None:
        return [screen]
    return list(focused.ancestors_with_self)


def declared_hold(screen: Screen[Any], key: events.Key) -> bool:
    for node in focus_path(screen):
        holds = getattr(node, "holds_keys", None)
        if holds is not None and holds(key):
            return True
    return False


class TypeAhead:
    """Mixed into the App before :class:`textual.app.App`."""

    _held: deque[events.Key | events.Paste]
    _hold_since: float
    _drain_timer: Timer | None

    def _typeahead_init(self) -> None:
        self._held = deque()
        self._hold_since = 0.0
        self._drain_timer = None

    # What the App decides before a key goes anywhere.

    def _placeable(self, event: events.Key | events.Paste) -> bool:
        """May this key be handed on now?"""
        app: Any = self
        screen = app.screen
        waited = time.monotonic() - self._hold_since if self._hold_since else 0.0
        key = event if isinstance(event, events.Key) else None
        if key is not None and declared_hold(screen, key):
            return waited >= HARD_LIMIT
        if waited >= SOFT_LIMIT:
            return True
        if not screen.is_mounted or not screen_quiet(screen) or _app_busy(app):
            return False
        return not (screen.focused is None and screen.focus_chain)

    async def _typeahead_event(self, event: events.Event) -> bool:
        """Take a key or a paste from the terminal; True when it is held
        (the App must not dispatch it now)."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if isinstance(event, events.Key) and event.key in NEVER_HELD:
            return False
        if not self._held and self._placeable(event):
            return False
        if not self._held:
            self._hold_since = time.monotonic()
        self._held.append(event)
        self._schedule_drain()
        return True

    def _schedule_drain(self) -> None:
        if self._drain_timer is None:
            app: Any = self
            self._drain_timer = app.set_timer(TICK, self._drain)

    async def _drain(self) -> None:
        self._drain_timer = None
        app: Any = self
        try:
            _ = app.screen
        except ScreenStackError:  # the desk is closing: nothing to type into
            self._held.clear()
            return
        while self._held:
            head = self._held[0]
            if not self._placeable(head):
                break
            self._held.popleft()
            self._hold_since = time.monotonic() if self._held else 0.0
            await app._dispatch_input(head)
        if self._held:
            self._schedule_drain()

    @property
    def keys_waiting(self) -> int:
        """How many typed keys wait for the desk (tests, the status line)."""
        return len(self._held)
