"""The desk's own widgets: the one-line key bar and the paged table's fast
cell painting (which must look exactly like the DataTable's own)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from deskui.tui.widgets.key_bar import KeyBar
from deskui.tui.widgets.paged_table import PagedTable


class KeyApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "count", "计数"),
        Binding("f3", "locked", "锁定的"),
        Binding("f4", "count", "同一动作", show=True),
        Binding("f5", "hidden", "不显示", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "locked" else True  # None: shown greyed out

    def action_count(self) -> None:
        self.count += 1

    def action_locked(self) -> None:
        raise AssertionError("a disabled key must not run")


def bar_text(bar: KeyBar) -> str:
    return "".join(segment.text for segment in bar.render_line(0)._segments)


async def test_key_bar_lists_shown_keys_once_an_action_with_the_palette_at_the_right() -> None:
    app = KeyApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        text = bar_text(bar)
        assert "计数" in text and "锁定的" in text
        assert "同一动作" not in text  # the same action shows once, as the Footer does
        assert "不显示" not in text
        shown, palette = bar.keys()
        assert [(b.key, enabled) for b, enabled in shown] == [("f2", True), ("f3", False)]
        assert palette is not None and palette[0].key == "ctrl+p"
        assert cell_len(text) == 80  # one line across the screen
        assert text.rstrip().endswith(palette[0].description)  # the palette at the right end


async def test_key_bar_greys_out_a_disabled_key_and_clicking_presses_a_key() -> None:
    app = KeyApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        segments = bar.render_line(0)._segments
        locked = next(s for s in segments if "锁定的" in s.text)
        counted = next(s for s in segments if "计数" in s.text)
        assert locked.style is not None and locked.style.dim
        assert counted.style is not None and not counted.style.dim
        x = bar_text(bar).index("计数")
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert app.count == 1
        await pilot.press("f2")
        assert app.count == 2


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        table = PagedTable(id="t")
        for key in ("name", "note", "phone"):
            table.add_column(key, key=key)
        yield table


HOSTILE = ["[/]", "[b]张三[/b]", "[red]", "=1+1", "王\u202e芳", "🙂笑", "a" * 60]


def styled_rows() -> list[tuple[int, tuple[str, ...], str]]:
    """The hostile values as plain rows, and one row styled as an error."""
    rows = [(i, (value, f"备注{i}", "13800000000"), "") for i, value in enumerate(HOSTILE)]
    return [*rows, (99, ("李四", "逾期", "13900000000"), "error")]


async def test_paged_table_shows_markup_looking_text_literally() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(PagedTable)
        table.reset(
            [(i, (value, f"备注{i}", "138****0000"), "") for i, value in enumerate(HOSTILE)],
            has_more=False,
        )
        await pilot.pause()
        lines = ["".join(s.text for s in table.render_line(y)._segments) for y in range(1, 8)]
        assert "[/]" in lines[0]
        assert "[b]张三[/b]" in lines[1]
        assert "[red]" in lines[2]
        assert "=1+1" in lines[3]


async def test_fast_cells_match_the_datatable_painting() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(PagedTable)
        table.reset(styled_rows(), has_more=False)
        await pilot.pause()
        base = table.rich_style
        for row in range(table.row_count):
            for column, col in enumerate(table.ordered_columns):
                width = col.get_render_width(table)
                for cursor in (False, True):
                    ours = table._render_cell(row, column, base, width, cursor=cursor)
                    table._cell_render_cache.clear()
                    theirs = DataTable._render_cell(table, row, column, base, width, cursor=cursor)
                    table._cell_render_cache.clear()
                    assert _flat(ours) == _flat(theirs), (row, column, cursor)


async def test_fast_rows_match_the_datatable_painting() -> None:
    # Each row painted at once (cursor, hover and styles worked out per row)
    # must equal the DataTable's own cell-by-cell row, wherever the cursor
    # and the mouse are.
    from textual.coordinate import Coordinate

    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(PagedTable)
        table.reset([*styled_rows(), (98, ("王芳", "", "13700000000"), "muted")], has_more=False)
        await pilot.pause()
        base = table.rich_style
        keys = [table._row_locations.get_key(i) for i in range(table.row_count)]
        for cursor_row in (0, 3, 8):
            for hover_row in (0, 1, 7):
                cursor, hover = Coordinate(cursor_row, 0), Coordinate(hover_row, 2)
                for key in keys:
                    ours = table._render_line_in_row(key, 0, base, cursor, hover)
                    table._row_render_cache.clear()
                    table._cell_render_cache.clear()
                    theirs = DataTable._render_line_in_row(table, key, 0, base, cursor, hover)
                    table._row_render_cache.clear()
                    table._cell_render_cache.clear()
                    assert ours[0] == theirs[0] == []
                    assert _flat(ours[1]) == _flat(theirs[1]), (key, cursor_row, hover_row)


async def test_plain_rows_are_measured_as_the_datatable_measures_them() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(PagedTable)
        rows = [(i, (value, f"备注{i}", "13800000000"), "") for i, value in enumerate(HOSTILE)]
        rows.append((99, ("李四" * 9, "逾期", "1" * 30), "error"))
        table.reset(rows, has_more=False)
        await pilot.pause()
        ours = [column.content_width for column in table.ordered_columns]
        for column in table.ordered_columns:
            column.content_width = 0
        keys = [table._row_locations.get_key(i) for i in range(table.row_count)]
        DataTable._update_dimensions(table, keys)
        assert [column.content_width for column in table.ordered_columns] == ours
        assert ours[0] == 60 and ours[2] == 30


def _flat(lines: list[list[Segment]]) -> list[tuple[str, Any, Any, bool, Any]]:
    """Each painted cell as (character, colour, background, bold, click meta)."""
    out = []
    for line in lines:
        for segment in line:
            style = segment.style
            assert style is not None
            for ch in segment.text:
                out.append((ch, style.color, style.bgcolor, bool(style.bold), style.meta))
    return out


class PickerApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[object] = []

    def compose(self) -> ComposeResult:
        from deskui.tui.widgets.picker import Picker

        yield Picker([("[b]甲[/b]", 1), ("乙", 2), ("丙", 3)], title="选村", prompt="（未选）")

    def on_picker_changed(self, event: Any) -> None:
        self.changes.append(event.value)


async def test_picker_chooses_with_keys_and_says_only_what_the_clerk_changed() -> None:
    from deskui.tui.widgets.picker import Picker, PickerDialog

    app = PickerApp()
    async with app.run_test(size=(60, 20)) as pilot:
        picker = app.query_one(Picker)
        assert picker.label == "（未选）" and picker.has_class("-empty")
        picker.value = 1  # from code: no message
        await pilot.pause()
        assert "[b]甲[/b]" in "".join(s.text for s in picker.render_line(0)._segments)
        assert not picker.has_class("-empty")
        picker.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert picker.value == 3 and app.changes == [3]
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("escape")  # leaves the choice as it was
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("enter")  # the same option again: no message
        await pilot.pause()
        assert picker.value == 3 and app.changes == [3]
        picker.set_options([("乙", 2)])  # the choice is gone with its option
        assert picker.value is None and picker.label == "（未选）"
        await pilot.click(Picker)
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert picker.value == 2 and app.changes == [3, 2]


async def test_key_bar_too_narrow_drops_whole_keys_and_points_to_f1() -> None:
    """At a width the keys do not fit, no key is cut in half: the ones that
    fit, then "… F1 看全部按键", then the palette at the right end."""

    class ManyKeys(KeyApp):
        BINDINGS: ClassVar[list[BindingType]] = [
            *KeyApp.BINDINGS,
            Binding("f7", "count2", "第四个键"),
        ]

        def action_count2(self) -> None:
            self.count += 2

    app = ManyKeys()
    async with app.run_test(size=(49, 5)) as pilot:  # one column short of all three
        await pilot.pause()
        bar = app.query_one(KeyBar)
        text = bar_text(bar)
        assert cell_len(text) == 49
        assert "计数" in text
        assert "锁定" not in text and "f3" not in text and "第四" not in text  # dropped whole
        assert "F1 看全部按键" in text
        assert text.rstrip().endswith(bar.keys()[1][0].description)  # type: ignore[index]
