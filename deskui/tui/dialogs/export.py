"""导出报表 (Ctrl+E): choose a form, the month (or, for the 接待登记簿, a
day's 受理卡 and a meeting's 督办单, the day), a village and the folder; the
workbook is written in a worker with a progress bar, and the dialog says
where the file went and offers 打开 (the system's spreadsheet program) and,
where LibreOffice is installed, 打印 (to the default printer). The folder is
the one export folder (:func:`deskui.exports.files.export_folder`),
remembered in settings.toml; every file is named form_town_period[_village].

Every workbook form is offered through :data:`FORMS`: each entry says whether
it takes a month, a day or neither and whether it can be limited to one
village, and carries two adapters to its writer in ``deskui.exports``: the
default file name and the write itself (returning the path written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from deskui.config import ConfigError, remember_export_dir
from deskui.domain.dates import parse_date, parse_month
from deskui.domain.errors import DomainError
from deskui.exports import files
from deskui.exports.files import (
    day_text,
    export_folder,
    file_name,
    month_text,
    open_command,
    print_command,
    town_of,
)
from deskui.exports.workbook import ExportError
from deskui.i18n import t
from deskui.services.audit import log_export
from deskui.tui.widgets.choice import ChoiceField
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.widgets.picker import Picker
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp


MONTH, DAY, NONE = "month", "day", ""  # what the 月份 field asks for
# forms that carry ID numbers, in full when the operator may see them: each
# export of one is audited (audit.log_export), as the CLI's are
FULL_ID_FORMS = frozenset({"households", "blocks", "cards"})


@dataclass(frozen=True)
class Form:
    key: str
    village: bool  # the form can be limited to one village
    period: str  # MONTH, DAY or NONE
    name: Callable[[Any, str, str | None], str]  # (ctx, period, village) → default file name
    write: Callable[..., Path]  # (ctx, path, period, village, progress) → the path written


def _month(text: str) -> tuple[int, int]:
    return parse_month(text, field="month", label=t("date.month_label"))


def _day(ctx: Any, text: str) -> dt.date:
    """The day the field names (a date; empty: today)."""
    if not text.strip():
        return cast("dt.date", ctx.today())
    return parse_date(text, field="month", label=t("htui.export.day_label"))


def _ledger_name(ctx: Any, month: str, village: str | None) -> str:
    from deskui.exports.ledger import default_name

    return default_name(ctx, month, village)


def _ledger_write(ctx: Any, path: Path, month: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.ledger import write_ledger

    return write_ledger(ctx, path, month, village=village, progress=progress).path


def _stats_name(ctx: Any, month: str, village: str | None) -> str:
    from deskui.exports.stats import default_name

    return default_name(ctx, month)


def _stats_write(ctx: Any, path: Path, month: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.stats import write_stats

    return write_stats(ctx, path, month, progress=progress).path


def _month_name(form: str) -> Callable[[Any, str, str | None], str]:
    """The default name of a monthly form of the whole town."""

    def name(ctx: Any, month: str, village: str | None) -> str:
        return file_name(form, town_of(ctx), month_text(*_month(month)))

    return name


def _today_name(form: str) -> Callable[[Any, str, str | None], str]:
    """The default name of a form of no period: the day it is made."""

    def name(ctx: Any, period: str, village: str | None) -> str:
        place = _village_name(ctx, village)
        return file_name(form, town_of(ctx), day_text(ctx.today()), place)

    return name


def _day_name(form: str) -> Callable[[Any, str, str | None], str]:
    def name(ctx: Any, day: str, village: str | None) -> str:
        return file_name(form, town_of(ctx), day_text(_day(ctx, day)))

    return name


def _village_name(ctx: Any, village: str | None) -> str | None:
    from deskui.services.town.towns import find_village

    return find_village(ctx, village).name if village else None


def _roster_write(ctx: Any, path: Path, month: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.roster import write_roster

    return write_roster(ctx, *_month(month), path)


def _visits_name(ctx: Any, day: str, village: str | None) -> str:
    from deskui.exports.visits import default_file_name

    return default_file_name(ctx, _day(ctx, day), village)


def _visits_write(ctx: Any, path: Path, day: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.visits import write_visits_log

    return write_visits_log(ctx, path, day=_day(ctx, day), village=village)


def _matters_write(ctx: Any, path: Path, month: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.matters_flat import write_matters_flat

    return write_matters_flat(ctx, path, _month(month))[0]


def _contacts_write(ctx: Any, path: Path, month: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.contacts import export_contacts

    return export_contacts(ctx, path, *_month(month))


def _roll_write(ctx: Any, path: Path, period: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.households import export_roll
    from deskui.services.town.towns import find_village

    if not village:
        return export_roll(ctx, path)
    row = find_village(ctx, village)
    return export_roll(ctx, path, village_id=row.id, village=row.name)


def _blocks_write(ctx: Any, path: Path, period: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.households import export_village_blocks

    return export_village_blocks(ctx, path, village)


def _cards_write(ctx: Any, path: Path, period: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.contact_cards import write_contact_cards

    return write_contact_cards(ctx, path)


def _day_cards_write(ctx: Any, path: Path, day: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.cards import write_cards

    return write_cards(ctx, path, day=_day(ctx, day), receipt=True)[0]


def _orders_write(ctx: Any, path: Path, day: str, village: str | None, progress: Any) -> Path:
    from deskui.exports.supervision import write_supervision

    return write_supervision(ctx, _day(ctx, day), path)


FORMS: dict[str, Form] = {
    "ledger": Form("ledger", True, MONTH, _ledger_name, _ledger_write),
    "stats": Form("stats", False, MONTH, _stats_name, _stats_write),
    "roster": Form("roster", False, MONTH, _month_name("roster"), _roster_write),
    "visits": Form("visits", True, DAY, _visits_name, _visits_write),
    "matters": Form("matters", False, MONTH, _month_name("matters"), _matters_write),
    "contacts": Form("contacts", False, MONTH, _month_name("contacts"), _contacts_write),
    "households": Form("households", True, NONE, _today_name("roll"), _roll_write),
    "contact_cards": Form("contact_cards", False, NONE, _today_name("contact_cards"), _cards_write),
    # the batches a clerk prints with one command (one sheet, a page each)
    "cards": Form("cards", False, DAY, _day_name("cards"), _day_cards_write),
    "supervision": Form("supervision", False, DAY, _day_name("supervision"), _orders_write),
    "blocks": Form("blocks", True, NONE, _today_name("blocks"), _blocks_write),
}
FIELDS = ("month", "village", "folder")


class ExportDialog(ModalScreen[str | None]):
    """Returns the path written, or None when closed without exporting."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "run", t("tui.export.key.run"), id="export.run"),
        Binding("escape", "close", t("tui.export.key.close"), id="export.close"),
    ]

    @dataclass
    class Exported(ServiceDone):
        """The workbook written (``result``, its path), or why not."""

    def __init__(self, month: str, folder: Path) -> None:
        super().__init__()
        self._month = month
        self._folder = folder
        self._busy = False
        self._saved: Path | None = None  # the file just written (打开 / 打印)

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = t("tui.export.title")
            yield Label(t("tui.export.form"), classes="field-label")
            yield ChoiceField(
                [
                    (f"{i} {t(f'tui.export.form.{k}')}" if i < 10 else t(f"tui.export.form.{k}"), k)
                    for i, k in enumerate(FORMS, 1)
                ],
                title=t("tui.export.form"),
                value="ledger",
                allow_blank=False,
                id="export-form",
            )
            yield Label(t("tui.export.month"), classes="field-label", id="export-month-label")
            yield LineInput(self._month, id="export-month")
            yield FieldError("month")
            yield Label(t("tui.export.village"), classes="field-label")
            yield LineInput("", placeholder=t("tui.export.all_villages"), id="export-village")
            yield FieldError("village")
            yield Label(t("tui.export.folder"), classes="field-label")
            yield LineInput(str(self._folder), id="export-folder")
            yield FieldError("folder")
            yield ProgressBar(total=1, show_eta=False, id="export-progress")
            yield Static("", id="export-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.export.run"), variant="primary", id="export-run")
                yield Button(t("tui.export.open_file"), id="export-open", classes="after-export")
                yield Button(t("tui.export.print_file"), id="export-print", classes="after-export")
                yield Button(t("tui.export.cancel"), id="export-cancel")

    def on_mount(self) -> None:
        self._show_after(None)
        self.query_one("#export-month", Input).focus()

    def _show_after(self, path: Path | None) -> None:
        """打开 (and 打印, when LibreOffice is installed) for the file just
        written; hidden before an export and after a failed one."""
        self._saved = path
        self.query_one("#export-open", Button).display = path is not None
        printable = path is not None and print_command(path) is not None
        self.query_one("#export-print", Button).display = printable

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        """Enter on the form's choice moves on to the next field."""
        event.stop()
        self.focus_next()

    def on_picker_changed(self, event: Picker.Changed) -> None:
        form = FORMS[str(event.value)]
        self.query_one("#export-village", Input).disabled = not form.village
        field = self.query_one("#export-month", Input)
        field.disabled = form.period == NONE
        label = "htui.export.day" if form.period == DAY else "tui.export.month"
        self.query_one("#export-month-label", Label).update(t(label))
        field.value = self._period_text(form.period, field.value)

    def _period_text(self, period: str, text: str) -> str:
        """The field's text carried over to what the form asks for: a month
        becomes today's date (or its first day), a date becomes its month."""
        try:
            if period == DAY:
                year, month = parse_month(text)
                today = self.desk.ctx.today()
                same = (today.year, today.month) == (year, month)
                return (today if same else dt.date(year, month, 1)).isoformat()
            if period == MONTH:
                day = parse_date(text, field="month", label=t("htui.export.day_label"))
                return f"{day.year}-{day.month:02d}"
        except DomainError:
            pass  # not the other kind: left as typed
        return text

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-run":
            self.action_run()
        elif event.button.id == "export-open" and self._saved is not None:
            self._launch(open_command(self._saved), "files.opened")
        elif event.button.id == "export-print" and self._saved is not None:
            command = print_command(self._saved)
            if command is None:
                self.query_one("#export-result", Static).update(t("files.no_soffice"))
            else:
                self._launch(command, "files.printed")
        else:
            self.action_close()

    def _launch(self, command: list[str], done_key: str) -> None:
        result = self.query_one("#export-result", Static)
        try:
            files.launch(command)  # through the module: a test records the command
        except OSError as exc:
            result.update(str(exc))
            return
        result.update(t(done_key, path=str(self._saved)))

    def action_close(self) -> None:
        if not self._busy:
            self.dismiss(None)

    def action_run(self) -> None:
        if self._busy:
            return
        for name in FIELDS:
            self.query_one(f"#err-{name}", FieldError).show("")
        self.query_one("#export-result", Static).update("")
        self._show_after(None)
        form = FORMS[str(self.query_one("#export-form", ChoiceField).value)]
        month = self.query_one("#export-month", Input).value.strip()
        village = self.query_one("#export-village", Input).value.strip() or None
        folder = Path(self.query_one("#export-folder", Input).value.strip() or ".").expanduser()
        self._busy = True
        self.query_one("#export-result", Static).update(t("tui.export.working"))
        if form.period == NONE:
            month = ""
        unit = village if form.village else None
        bar = self.query_one("#export-progress", ProgressBar)

        def progress(done: int, total: int) -> None:  # called in the worker
            self.app.call_from_thread(bar.update, total=total, progress=done)

        def export(ctx: ServiceContext) -> Path:
            saved = form.write(ctx, folder / form.name(ctx, month, unit), month, unit, progress)
            if form.key in FULL_ID_FORMS:
                log_export(ctx, t(f"tui.export.form.{form.key}"), saved)
            progress(1, 1)
            with suppress(OSError, ConfigError):  # worked; the folder is just not remembered
                remember_export_dir(folder, ctx.settings.config_dir)
            return saved

        run_service(self, export, group="export", done=self.Exported)

    def on_export_dialog_exported(self, message: ExportDialog.Exported) -> None:
        exc = message.error
        if isinstance(exc, ExportError):
            self._failed("folder", str(exc))
        elif exc is not None:
            self._failed(exc.field or "month", str(exc))
        else:
            self._done(message.result)

    def _failed(self, field: str, message: str) -> None:
        self._busy = False
        target = field if field in FIELDS else "month"
        self.query_one(f"#err-{target}", FieldError).show(message)
        self.query_one("#export-result", Static).update("")

    def _done(self, path: Path) -> None:
        self._busy = False
        self.query_one("#export-result", Static).update(t("tui.export.done", path=str(path)))
        self.desk.notify(t("tui.export.done", path=str(path)))
        self._show_after(path)
        self.query_one("#export-open", Button).focus()  # Enter opens the file


def default_folder(settings: Any) -> Path:
    """The one export folder (:func:`deskui.exports.files.export_folder`):
    the remembered folder, else the settings' export folder, else home."""
    return export_folder(settings)
