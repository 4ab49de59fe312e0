"""Child process for the start-up benchmark: start an app headless, exit as
soon as its first screen is usable, print wall time, CPU time and peak RSS
as JSON.

    python tests/benchmarks/start_app.py bare
    python tests/benchmarks/start_app.py desk DB_PATH
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import resource
import sys
import time
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

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


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``patch(module)`` right after ``name`` is imported, wherever the
    program imports it: the desk's modules load in their real order."""

    def __init__(self, name: str, patch: Callable[[ModuleType], None]) -> None:
        self.name, self.patch = name, patch

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> Any:
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.loader is not None
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            self.patch(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _timed(module: ModuleType) -> None:
    class Timed(module.DeskApp):  # type: ignore[name-defined,misc]
        def run(self, *args: Any, **kwargs: Any) -> Any:
            # headless at the bare app's size, like the baseline
            return super().run(headless=True, size=(120, 36))

        def on_mount(self) -> None:
            # Textual runs DeskApp.on_mount itself (every class in the MRO
            # gets the event): calling super() here would probe twice.
            self.set_interval(0.005, self._usable)

        def _usable(self) -> None:
            # usable: signed in, and the first tab's rows have arrived
            pane = self.active_pane()
            if self.ready and pane is not None and pane._serial and not pane._loading:
                self.exit()

    module.DeskApp = Timed


def _no_closing_backup(module: ModuleType) -> None:
    # The daily backup taken when the desk closes copies the whole county
    # file once a day: not part of starting the desk.
    module._closing_backup = lambda ctx: None


def _desk(db: str) -> None:
    # The real entry point, as ``deskui --db DB --demo`` runs it: the command
    # line, its settings and context, then the desk, every module imported
    # where the program imports it. Only the desk's class is swapped for one
    # that exits as soon as the first screen is usable.
    sys.meta_path.insert(0, _AfterImport("deskui.tui.app", _timed))
    sys.meta_path.insert(0, _AfterImport("deskui.cli.desk", _no_closing_backup))
    from deskui.cli import main

    if main(["--db", db, "--demo"]) != 0:
        raise SystemExit("the desk did not start")


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
