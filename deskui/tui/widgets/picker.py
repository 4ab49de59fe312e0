"""A one-line choice for the desk's first screen: one widget where Textual's
``Select`` mounts six (its current value, arrow, overlay and option list),
which cost ~50 ms of the desk's start-up on the benchmark machine.

The picker shows the chosen option in a box like a Select's. Enter, Space,
Down or a click opens the options in a small dialog (↑↓, Enter picks, Esc
leaves the choice as it was); a new choice posts :class:`Picker.Changed`.
Setting ``value`` or the options from code posts nothing.

Why the options open on a screen of their own and not as an overlay (as a
Select's do): Textual's compositor cuts every line at the edges of every
visible widget, those hidden under an overlay included, and a wide
character a cut falls in becomes two spaces (Rich's ``split_cells``). Over
a form, the edge of a label underneath cut 包联户联系情况表 to 包联户联系情  表.
On its own screen nothing lies under the list. See tests/tui/test_wide_glyphs.py.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from deskui.i18n import t

Options = Sequence[tuple[str, Hashable]]
MORE = "⋯"  # text cut short; not "…", whose width is ambiguous (2 cells in a CJK terminal)


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells, cut between two characters with
    :data:`MORE` when longer. Rich's ``set_cell_size`` would cut a wide
    character in half and put a space for it: a choice of odd width showed
    基础设施 as 基础设 with nothing to say that a character was missing."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if width <= 0:
        return ""
    kept = ""
    for char in text:
        if cell_len(kept + char) > width - 1:
            break
        kept += char
    return set_cell_size(kept + MORE, width)  # pads the cell a wide character left


class Picker(Widget, can_focus=True):
    DEFAULT_CSS = """
    Picker {
        width: 24;
        height: 3;
        padding: 0 1;
        border: tall $border-blurred;
        background: $surface;
        color: $foreground;
    }
    Picker:focus {
        border: tall $border;
        background-tint: $foreground 5%;
    }
    Picker.-empty {
        color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,down", "open", t("tui.picker.open"), show=False)
    ]

    @dataclass
    class Changed(Message):
        """The clerk chose another option."""

        picker: Picker
        value: Hashable

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(
        self, options: Options = (), *, title: str, prompt: str = "", id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="-empty")
        self._options: list[tuple[str, Hashable]] = list(options)
        self._value: Hashable | None = None
        self.title = title
        self.prompt = prompt

    @property
    def options(self) -> list[tuple[str, Hashable]]:
        return list(self._options)

    def set_options(self, options: Options) -> None:
        """New options; the choice stays if it is still among them."""
        self._options = list(options)
        if self._value not in {value for _, value in self._options}:
            self._value = None
        self._changed()

    @property
    def value(self) -> Hashable | None:
        return self._value

    @value.setter
    def value(self, value: Hashable | None) -> None:
        self._value = value
        self._changed()

    def _changed(self) -> None:
        self.set_class(self._value is None, "-empty")
        self.refresh()

    @property
    def label(self) -> str:
        """The chosen option's text, or the prompt when none is chosen."""
        return next((text for text, value in self._options if value == self._value), self.prompt)

    def render(self) -> Text:
        width = self.content_size.width
        arrow = " ▼"
        body = fit(self.label, max(width - cell_len(arrow), 0))
        return Text(body + arrow, no_wrap=True, end="")  # literal: never markup

    def action_open(self) -> None:
        if self._options:
            screen = PickerDialog(self.title, self._options, self._value)
            self.app.push_screen(screen, self._picked)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()

    def _picked(self, index: int | None) -> None:
        if index is None:
            return
        value = self._options[index][1]
        if value != self._value:
            self.value = value
            self.post_message(self.Changed(self, value))


class PickerDialog(ModalScreen[int | None]):
    """The picker's options; dismisses with the chosen index, or None."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    PickerDialog {
        align: center middle;
        background: $background 60%;
    }
    PickerDialog > Vertical {
        width: auto;
        min-width: 30;
        max-width: 60;
        height: auto;
        padding: 0 1;
        border: thick $primary;
        background: $surface;
    }
    PickerDialog OptionList {
        height: auto;
        max-height: 16;
        border: none;
    }
    PickerDialog .picker-help {
        color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", t("tui.key.close"), id="picker.cancel")
    ]

    def __init__(self, title: str, options: Options, value: Hashable | None) -> None:
        super().__init__()
        self._title = title
        self._options = list(options)
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, markup=False)
            yield OptionList(
                *(
                    Option(Text(text, end=""), id=str(i))
                    for i, (text, _) in enumerate(self._options)
                )
            )
            yield Static(t("tui.picker.help"), classes="picker-help")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        values = [value for _, value in self._options]
        if self._value in values:
            choices.highlighted = values.index(self._value)
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)
