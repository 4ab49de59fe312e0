"""The key bar at the bottom of the desk: the keys the focused widget and its
screen offer now, drawn as one line by one widget.

Textual's ``Footer`` builds a widget for every key and rebuilds them all
whenever the focus moves; with the desk's twenty-odd keys that cost about
0.3 s at start-up on a 2-core office PC (profiled: the per-key widgets'
style updates). This bar keeps the Footer's look and behaviour — a key
greys out when ``check_action`` disables it, clicking a key presses it, the
command palette key sits at the right end — but repaints one line instead.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from deskui.i18n import t


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def keys(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """(shown bindings with their enabled flag, the palette binding)."""
        shown: list[tuple[Binding, bool]] = []
        seen: set[str] = set()
        palette: tuple[Binding, bool] | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == self.app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled)
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)  # one entry an action, as the Footer does
                shown.append((binding, enabled))
        if not self.app.ENABLE_COMMAND_PALETTE:
            palette = None
        return shown, palette

    def _item(self, binding: Binding, enabled: bool) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        if not enabled:
            dim = self.get_component_rich_style("key-bar--disabled")
            key_style, text_style = key_style + dim, text_style + dim
        click = Style.from_meta({"@click": f"app.simulate_key({binding.key!r})"})
        item = Text.assemble(
            (f" {self.app.get_key_display(binding)} ", key_style + click),
            (f" {binding.description} " if binding.description else "", text_style + click),
        )
        item.no_wrap = True
        return item

    def render(self) -> RenderResult:
        shown, palette = self.keys()
        right = Text(" ", end="")
        if palette is not None:
            right.append_text(self._item(*palette))
        room = self.size.width - (cell_len(right.plain) if palette is not None else 0)
        line = self._fit([self._item(b, e) for b, e in shown], room)
        if palette is None:
            return line
        line.pad_right(max(room - cell_len(line.plain), 0))
        line.append_text(right)
        return line

    def _fit(self, items: list[Text], room: int) -> Text:
        """Whole keys only: when they do not all fit, the ones that do, then
        a note that F1 lists the rest (never a key cut in half)."""
        line = Text(no_wrap=True, overflow="crop", end="")
        if sum(cell_len(i.plain) for i in items) <= room:
            for item in items:
                line.append_text(item)
            return line
        more = Text(
            t("tui.keybar.more"), style=self.get_component_rich_style("key-bar--description")
        )
        budget = room - cell_len(more.plain)
        for item in items:
            width = cell_len(item.plain)
            if width > budget:
                break
            line.append_text(item)
            budget -= width
        line.append_text(more)
        line.truncate(max(room, 0), overflow="crop")
        return line
