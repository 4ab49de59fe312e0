"""导入花名册 (Ctrl+O on the archive tab): a roll file's path, "仅检查" (a
dry run that writes nothing), then the import runs in a worker with a
progress bar and the dialog shows what it did: households and people added,
updated, unchanged, the rows refused and the rejects workbook written beside
the input. The same service calls as ``deskui import households``.

The screen dismisses with True when something may have been written (a real
run finished), so the archive reloads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, ProgressBar, Static

from deskui.exports.households import import_roll, import_summary
from deskui.i18n import t
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.archive.roll import ImportResult
    from deskui.tui.app import DeskApp

K = "archive.tui2."
WARNINGS_SHOWN = 3


def summary(result: ImportResult, rejects: Path | None) -> str:
    """The CLI's summary (the same words), and where the rejects went."""
    lines = import_summary(result, rejects)
    if rejects is None:
        lines.append(t(K + "import_no_rejects"))
    lines += [t(K + "import_warnings", text=w) for w in result.warnings[:WARNINGS_SHOWN]]
    return "\n".join(lines)


class ImportRollDialog(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "run", t(K + "key.run"), id="archive_import.run"),
        Binding("escape", "close", t(K + "key.close"), id="archive_import.close"),
    ]

    @dataclass
    class Imported(ServiceDone):
        """The import's (ImportResult, rejects workbook) (``result``), or why not."""

    def __init__(self, path: str = "") -> None:
        super().__init__(classes="archive-modal")
        self.initial_path = path
        self.busy = False
        self.wrote = False  # a real run finished: the archive reloads
        self.result: ImportResult | None = None
        self.rejects: Path | None = None

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box", classes="modal-box"):
            yield Label(t(K + "import_title"), classes="modal-title")
            yield Label(t(K + "import_path"), classes="field-label")
            yield LineInput(self.initial_path, id="f-path")
            yield Static(t(K + "import_path_hint"), classes="field-hint")
            yield FieldError("path")
            # ticked to begin with: the first run of a roll only checks it
            yield Checkbox(t(K + "import_dry"), True, id="f-dry")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static("", id="import-result")
            yield Static(t(K + "import_keys"), classes="modal-note")

    def on_mount(self) -> None:
        self.query_one("#import-progress", ProgressBar).display = False  # until a run starts
        self.query_one("#f-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run()

    def action_run(self) -> None:
        if self.busy:
            return
        text = self.query_one("#f-path", Input).value.strip()
        if not text:
            self._failed(t(K + "import_path_empty"))
            return
        self._show_error("")
        self.busy = True
        dry = self.query_one("#f-dry", Checkbox).value
        self.query_one("#import-result", Static).update(
            t(K + ("import_checking" if dry else "import_working"))
        )
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True

        def progress(done: int, total: int) -> None:  # called in the worker
            self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        # a missing file, or one that is not .xlsx/.csv, is refused by the service
        run_service(
            self,
            lambda ctx: import_roll(ctx, Path(text).expanduser(), dry_run=dry, progress=progress),
            group="archive-import",
            done=self.Imported,
        )

    def on_import_roll_dialog_imported(self, message: ImportRollDialog.Imported) -> None:
        if message.error is not None:  # an ExportError (rejects not written) too
            self._failed(message.error_text)
            return
        self._done(*message.result)

    def _show_error(self, text: str) -> None:
        self.query_one("#err-path", FieldError).show(text)

    def _failed(self, message: str) -> None:
        self.busy = False
        self._show_error(message)
        self.query_one("#import-result", Static).update("")
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#f-path", Input).focus()

    def _done(self, result: ImportResult, rejects: Path | None) -> None:
        self.busy = False
        self.result, self.rejects = result, rejects
        self.wrote = self.wrote or not result.dry_run
        self.query_one("#import-result", Static).update(summary(result, rejects))
        if not result.dry_run:
            self.app.notify(
                t(K + "import_notify", new_h=result.new_households, bad=len(result.rejects))
            )

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.wrote)
