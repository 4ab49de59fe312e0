"""The export dialog (Ctrl+E) offers every workbook form: each is picked by
keys, written, and read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from textual.widgets import Button, Input, Label, Static

from deskui.tui.app import DeskApp
from deskui.tui.dialogs.export import FORMS, ExportDialog
from deskui.tui.widgets.choice import ChoiceField
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only

# form → (its default file name: form_town_period[_village], whether the 月份
# field is a day, the day typed in it when not today's)
EXPECTED = {
    "ledger": ("销号台账_县河镇_202611.xlsx", False, None),
    "stats": ("工作月统计表_县河镇_202611.xlsx", False, None),
    "roster": ("值班表_县河镇_202611.xlsx", False, None),
    "visits": ("接待登记簿_县河镇_20261124.xlsx", True, None),
    "matters": ("代办事项台账_县河镇_202611.xlsx", False, None),
    "contacts": ("包联户联系情况表_县河镇_202611.xlsx", False, None),
    "households": ("农户花名册_县河镇_20261124.xlsx", False, None),
    "contact_cards": ("便民服务明白卡_县河镇_20261124.xlsx", False, None),
    "cards": ("受理卡_县河镇_20261114.xlsx", True, "2026-11-14"),
    "supervision": ("督办单_县河镇_20261123.xlsx", True, "2026-11-23"),
    "blocks": ("一户一档_县河镇_20261124.xlsx", False, None),
}


async def open_dialog(app: DeskApp, pilot: Any, folder: Path) -> ExportDialog:
    await pilot.press("ctrl+e")
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    dialog.query_one("#export-folder", Input).value = str(folder)
    return dialog


async def pick(app: DeskApp, pilot: Any, dialog: ExportDialog, index: int) -> None:
    """From the month field: Shift+Tab to the form's choice, its number (the
    first nine) or Space to open the list, ↓ to it and Enter; Enter moves on."""
    assert dialog.query_one("#export-month", Input).has_focus
    if index < 9:
        await pilot.press("shift+tab", str(index + 1), "enter")
    else:
        await pilot.press("shift+tab", "space", *["down"] * index, "enter")
        await settle(app, pilot)
        await pilot.press("enter")
    await settle(app, pilot)
    fields = [dialog.query_one(f"#export-{f}", Input) for f in ("month", "village", "folder")]
    assert next(f for f in fields if not f.disabled).has_focus  # Enter moved on


def label(dialog: ExportDialog) -> str:
    return str(dialog.query_one("#export-month-label", Label).render())


async def test_every_form_is_offered_and_written(desk_ctx: Any, tmp_path: Path) -> None:
    from deskui.services.matters.supervision import issue_orders

    assert list(FORMS) == list(EXPECTED)
    issue_orders(desk_ctx, dt.date(2026, 11, 23))  # the Monday meeting's 督办单
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")  # leave the queue tab (its own keys)
        await settle(app, pilot)
        for index, (key, (name, by_day, day)) in enumerate(EXPECTED.items()):
            folder = tmp_path / key
            folder.mkdir()
            dialog = await open_dialog(app, pilot, folder)
            await pick(app, pilot, dialog, index)
            assert dialog.query_one("#export-form", ChoiceField).value == key
            month = dialog.query_one("#export-month", Input)
            if by_day:
                assert label(dialog).startswith("日期") and month.value == "2026-11-24"
            else:
                assert label(dialog).startswith("月份") and month.value == "2026-11"
            assert month.disabled == (FORMS[key].period == "")
            if day:
                month.value = day
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            files = list(folder.glob("*.xlsx"))
            assert len(files) == 1, (key, str(dialog.query_one("#err-month", Static).render()))
            assert files[0].name == name
            assert str(files[0]) in str(dialog.query_one("#export-result", Static).render())
            book = openpyxl.load_workbook(files[0])
            assert book.sheetnames and book.worksheets[0]["A1"].value  # a title, a note
            book.close()
            await pilot.press("escape")
            await settle(app, pilot)
            assert not isinstance(app.screen, ExportDialog)


async def test_visitor_log_asks_for_a_day(desk_ctx: Any, tmp_path: Path) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        dialog = await open_dialog(app, pilot, tmp_path)
        await pick(app, pilot, dialog, list(FORMS).index("visits"))
        month = dialog.query_one("#export-month", Input)
        assert not dialog.query_one("#export-village", Input).disabled
        month.value = "2026-02-30"
        dialog.query_one("#export-village", Input).value = "桃园"
        month.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert "2月没有30日" in str(dialog.query_one("#err-month", Static).render())
        assert not list(tmp_path.glob("*.xlsx"))
        month.value = ""  # empty: today
        await pilot.press("enter")
        await settle(app, pilot)
        files = list(tmp_path.glob("*.xlsx"))
        assert [f.name for f in files] == ["接待登记簿_县河镇_20261124_桃园村.xlsx"]
        book = openpyxl.load_workbook(files[0])
        assert book.sheetnames == ["桃园村"]
        # back to a monthly form: the day becomes its month
        month.value = "2026-10-13"
        month.focus()
        await pilot.press("shift+tab", "1")  # 服务群众销号台账 by its number
        await settle(app, pilot)
        assert dialog.query_one("#export-form", ChoiceField).value == "ledger"
        assert month.value == "2026-10" and label(dialog).startswith("月份")


async def test_open_and_print_after_an_export(
    desk_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deskui.exports import files

    launched: list[list[str]] = []
    monkeypatch.setattr(files, "launch", launched.append)
    monkeypatch.setattr(files, "soffice", lambda: "/usr/bin/soffice")
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        dialog = await open_dialog(app, pilot, tmp_path)
        opener = dialog.query_one("#export-open", Button)
        printer = dialog.query_one("#export-print", Button)
        assert not opener.display and not printer.display  # nothing written yet
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        path = tmp_path / "销号台账_县河镇_202611.xlsx"
        assert path.exists() and opener.display and printer.display
        assert opener.has_focus  # Enter opens the file
        await pilot.press("enter")
        await settle(app, pilot)
        assert launched == [files.open_command(path)]
        assert "已用系统程序打开" in str(dialog.query_one("#export-result", Static).render())
        await pilot.press("tab", "enter")  # 打印
        await settle(app, pilot)
        assert launched[-1] == ["/usr/bin/soffice", "--headless", "-p", str(path)]
        assert "默认打印机" in str(dialog.query_one("#export-result", Static).render())


async def test_ctrl_b_and_the_meeting_write_into_the_one_export_folder(
    desk_ctx: Any, tmp_path: Path
) -> None:
    """The queue's Ctrl+B and the meeting's 督办单 land where the export
    dialog's forms do, named like them (form_town_period)."""
    from dataclasses import replace

    folder = tmp_path / "exports"
    desk_ctx.settings = replace(
        desk_ctx.settings, export_dir=folder, config_dir=tmp_path / "config"
    )
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("ctrl+b")  # the queue tab: today's visitor register
        await settle(app, pilot)
        assert [p.name for p in folder.glob("*.xlsx")] == [
            "接待登记簿_县河镇_20261124_桃园村.xlsx"  # the queue is a village's
        ]
    from deskui.services.matters.supervision import issue_orders
    from deskui.tui.tabs.matters.meeting import MeetingDialog

    issue_orders(desk_ctx, dt.date(2026, 11, 23))
    saved = MeetingDialog._export(MeetingDialog(), desk_ctx, dt.date(2026, 11, 23))
    assert saved == folder / "督办单_县河镇_20261123.xlsx" and saved.exists()


async def test_exports_carrying_full_id_numbers_are_audited(desk_ctx: Any, tmp_path: Path) -> None:
    """The roll, 一户一档 and 受理卡 carry ID numbers (in full for the
    administrator): each export from the dialog is an audit row naming the
    form and the file, as the CLI's are; the ledger carries none."""
    from deskui.store.models import AuditLog

    def exports() -> list[str]:
        rows = AuditLog.select().where(AuditLog.action == "导出").order_by(AuditLog.id)
        return [r.note for r in rows]

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        keys = list(EXPECTED)
        for key in ("ledger", "households"):
            folder = tmp_path / key
            folder.mkdir()
            dialog = await open_dialog(app, pilot, folder)
            await pick(app, pilot, dialog, keys.index(key))
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert len(list(folder.glob("*.xlsx"))) == 1
            await pilot.press("escape")
            await settle(app, pilot)
            if key == "ledger":
                assert exports() == []
    saved = tmp_path / "households" / EXPECTED["households"][0]
    assert exports() == [f"导出民情档案花名册（含完整身份证号）到 {saved}"]
