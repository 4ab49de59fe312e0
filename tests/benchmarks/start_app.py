"""Child process for the start-up benchmark: start an app headless, exit as
soon as its first screen is usable, print wall time and peak RSS as JSON.

    python tests/benchmarks/start_app.py bare
    python tests/benchmarks/start_app.py desk DB_PATH
"""

from __future__ import annotations

import json
import resource
import sys
import time

from peak import peak_mib  # this folder is sys.path[0] for a script

START = time.perf_counter()


def _bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, TabbedContent, TabPane

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            with TabbedContent():
                for name in ("接访队列", "民情档案", "代办事项", "值班表"):
                    yield TabPane(name)
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=(120, 36))


def _desk(db: str) -> None:
    from deskui.config import load_settings
    from deskui.services.auth import demo_actor
    from deskui.services.context import open_context
    from deskui.tui.app import DeskApp

    ctx = open_context(load_settings(db, demo=True))
    ctx.actor = demo_actor(ctx)

    class Timed(DeskApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.set_interval(0.005, self._usable)

        def _usable(self) -> None:
            # usable: signed in, and the first tab's rows have arrived
            pane = self.active_pane()
            if self.ready and pane is not None and pane._serial and not pane._loading:
                self.exit()

    Timed(ctx, demo=True).run(headless=True, size=(120, 36))
    ctx.close()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        _bare()
    else:
        _desk(sys.argv[2])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - START,
                # CPU seconds of the process: steadier than wall time on a busy machine
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_mib": peak_mib(),
            }
        )
    )
