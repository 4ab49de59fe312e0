"""The desk's idle time, for the lock (:mod:`deskui.tui.dialogs.lock`)."""

from __future__ import annotations

import time
from collections.abc import Callable


class IdleWatch:
    """Idle time on a monotonic clock (seconds); ``minutes`` 0 never locks."""

    def __init__(self, minutes: int, clock: Callable[[], float] | None = None) -> None:
        self.minutes = max(0, minutes)
        self._clock = clock or time.monotonic
        self._last = self._clock()

    def touch(self) -> None:
        self._last = self._clock()

    def due(self) -> bool:
        return self.minutes > 0 and self._clock() - self._last >= self.minutes * 60
