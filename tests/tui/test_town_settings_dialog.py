"""The administrator's town settings (F10): officials, villages, lists, phones."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable, Static

from deskui.services.town import officials, town_lists, villages
from deskui.services.town.towns import town_info
from deskui.store.models import Matter
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.field_form import FieldFormDialog
from deskui.tui.dialogs.town_settings import TownSettingsScreen
from tests.tui.pilot_helpers import SIZE, settle, sign_in, sign_in_as_clerk

pytestmark = pytest.mark.sqlite_only


def keys(text: str) -> list[str]:
    return [{" ": "space"}.get(ch, ch) for ch in text]


def error_of(screen: Any, field: str) -> str:
    return str(screen.query_one(f"#err-{field}", Static).render())


async def open_settings(app: DeskApp, pilot: Any) -> TownSettingsScreen:
    await pilot.press("f10")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, TownSettingsScreen)
    return screen


async def test_add_edit_and_leave_an_official(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        screen = await open_settings(app, pilot)
        table = screen.query_one("#tset-table-officials", DataTable)
        before = table.row_count
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FieldFormDialog)
        await pilot.press(*keys("赵敏"), "tab", *keys("司法所长"), "tab", *keys("司法所"), "tab")
        await pilot.press(*keys("12345"), "ctrl+s")  # a bad phone: refused, kept
        await settle(app, pilot)
        assert app.screen is form
        assert error_of(form, "phone") != ""
        assert str(form.query_one("#f-name").value) == "赵敏"  # type: ignore[attr-defined]
        await pilot.press(*["backspace"] * 5, *keys("13991500007"), "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert table.row_count == before + 1
        row = next(o for o in officials.list_officials(desk_ctx) if o.name == "赵敏")
        assert (row.post, row.unit, row.phone) == ("司法所长", "司法所", "13991500007")

        # 陈干事 first received open matters: leaving lists them, keeping them works
        names = [o.name for o in screen.lists.officials]  # type: ignore[union-attr]
        table.focus()
        table.move_cursor(row=names.index("陈干事"))
        await pilot.press("l")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FieldFormDialog)
        listed = [str(w.render()) for w in form.query(".field-hint")]
        open_now = officials.open_matters_of(desk_ctx, "陈干事")
        assert open_now and all(any(m.number in h for h in listed) for m in open_now)
        await pilot.press("ctrl+s")  # neither handlers nor keep: refused, listed
        await settle(app, pilot)
        assert app.screen is form
        assert "XH2026-" in error_of(form, "form")
        form.query_one("#f-handlers").value = f"{open_now[0].number}=没这人"  # type: ignore[attr-defined]
        form.query_one("#f-keep_open").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "没这人" in error_of(form, "handlers")
        form.query_one("#f-handlers").value = f"{open_now[0].number}=刘书记"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert Matter.get(Matter.number == open_now[0].number).handler.name == "刘书记"
        chen = next(
            o for o in officials.list_officials(desk_ctx, include_left=True) if o.name == "陈干事"
        )
        assert not chen.in_post
        assert "陈干事" not in [o.name for o in officials.list_officials(desk_ctx)]


async def test_villages_lists_and_phones(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        screen = await open_settings(app, pilot)
        tabs = screen.query_one("#tset-tabs")
        await pilot.press("right")  # 干部 → 村
        await settle(app, pilot)
        assert tabs.active == "tset-villages"  # type: ignore[attr-defined]
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press(*keys("白鹤村"), "tab", "backspace", *keys("5"), "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert ("白鹤村", 5) in [(v.name, v.group_count) for v in villages.list_villages(desk_ctx)]

        # rename to a taken name: refused under the name, nothing changed
        table = screen.query_one("#tset-table-villages", DataTable)
        table.focus()
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        taken = villages.list_villages(desk_ctx)[0].name
        form.query_one("#f-name").value = taken  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert taken in error_of(form, "name")
        form.query_one("#f-name").value = "白鹤社区"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "白鹤社区" in [v.name for v in villages.list_villages(desk_ctx)]

        # merge: refused until confirmed
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("m")
        await settle(app, pilot)
        form = app.screen
        form.query_one("#f-into").value = taken  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error_of(form, "confirm") == "请先勾选确认"
        form.query_one("#f-confirm").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "白鹤社区" not in [v.name for v in villages.list_villages(desk_ctx)]

        tabs.active = "tset-categories"  # type: ignore[attr-defined]
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press(*keys("道路交通"), "ctrl+s")
        await settle(app, pilot)
        assert "道路交通" in [c.name for c in town_lists.list_categories(desk_ctx)]

        tabs.active = "tset-phones"  # type: ignore[attr-defined]
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        form.query_one("#f-service").value = "0915-3210000"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert town_info(desk_ctx).service_phone == "0915-3210000"
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, TownSettingsScreen)


async def test_a_clerk_is_told_why(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as_clerk(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        assert not isinstance(app.screen, TownSettingsScreen)
        assert any("管理员" in str(n.message) for n in app._notifications)


async def test_import_an_officials_roll(desk_ctx: Any, tmp_path: Any) -> None:
    import shutil
    from pathlib import Path

    source = tmp_path / "干部名册.xlsx"
    shutil.copyfile(Path(__file__).parents[2] / "assets" / "sample-officials.xlsx", source)
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        screen = await open_settings(app, pilot)
        before = len(officials.list_officials(desk_ctx))
        await pilot.press("i")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FieldFormDialog)
        await pilot.press(*keys(str(tmp_path / "没有.xlsx")), "ctrl+s")
        await settle(app, pilot)
        assert "找不到文件" in error_of(form, "path")
        form.query_one("#f-path").value = str(source)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")  # the dry run (ticked)
        await settle(app, pilot)
        assert app.screen is screen
        note = str(screen.query_one("#tset-note", Static).render())
        assert note.startswith("试导入")
        assert len(officials.list_officials(desk_ctx)) == before
        await pilot.press("i")
        await settle(app, pilot)
        form = app.screen
        form.query_one("#f-path").value = str(source)  # type: ignore[attr-defined]
        form.query_one("#f-dry_run").value = False  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert str(screen.query_one("#tset-note", Static).render()).startswith("已导入")
        added = len(officials.list_officials(desk_ctx)) - before
        assert added > 0
        table = screen.query_one("#tset-table-officials", DataTable)
        assert table.row_count == len(officials.list_officials(desk_ctx, include_left=True))


def test_parse_handlers() -> None:
    from deskui.domain.errors import ValidationError
    from deskui.tui.dialogs.town_settings import parse_handlers

    assert parse_handlers("XH2026-0003=刘建华；XH2026-0007 ＝ 王芳\n") == {
        "XH2026-0003": "刘建华",
        "XH2026-0007": "王芳",
    }
    assert parse_handlers("  ") == {}
    with pytest.raises(ValidationError, match="编号=干部"):
        parse_handlers("XH2026-0003 刘建华")


async def test_add_and_disable_an_operator(desk_ctx: Any) -> None:
    from deskui.services.town import auth

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        screen = await open_settings(app, pilot)
        await pilot.press("left")  # 干部 → 操作员 (the last section)
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FieldFormDialog)
        await pilot.press(*keys("chen"), "tab", *keys("陈干事"), "tab")
        form.query_one("#f-official").value = "陈干事"  # type: ignore[attr-defined]
        form.query_one("#f-password").value = "5555"  # type: ignore[attr-defined]
        form.query_one("#f-confirm").value = "5556"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error_of(form, "confirm") == "两次输入的密码不一致"
        form.query_one("#f-confirm").value = "5555"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        chen = next(o for o in auth.list_operators(desk_ctx) if o.username == "chen")
        assert (chen.role.value, chen.official_name) == ("驻村干部", "陈干事")
        table = screen.query_one("#tset-table-operators", DataTable)
        table.focus()
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("x")
        await settle(app, pilot)
        app.screen.query_one("#f-confirm").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "chen" not in [o.username for o in auth.list_operators(desk_ctx)]


async def test_edit_an_officials_kind_and_duties(desk_ctx: Any) -> None:
    """Every field of an official is on the form: 职务类别 and 职责 too."""
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        screen = await open_settings(app, pilot)
        table = screen.query_one("#tset-table-officials", DataTable)
        names = [o.name for o in screen.lists.officials]  # type: ignore[union-attr]
        table.focus()
        table.move_cursor(row=names.index("陈干事"))
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FieldFormDialog)
        assert form.query_one("#f-kind").value == "镇干部"  # type: ignore[attr-defined]
        form.query_one("#f-kind").value = "大学生村官"  # type: ignore[attr-defined]
        form.query_one("#f-serves_villages").value = False  # type: ignore[attr-defined]
        form.query_one("#f-duties").focus()
        await pilot.press(*keys("负责低保 救助"), "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        row = officials.get_official(desk_ctx, "陈干事")
        assert (row.kind, row.duties, row.serves_villages) == ("大学生村官", "负责低保 救助", False)
        shown = [str(c) for c in table.get_row_at(names.index("陈干事"))]
        assert "大学生村官" in shown
