"""A form's choice field that takes the choice from the keys directly.

Where a Select wants Enter, ↓ ↓, Enter, a :class:`ChoiceField` takes the
item's number (``1`` … ``9``), its first character (层级: 村/镇/县) or the
pinyin initials of its text typed one after another (类别 ``zc`` →
政策咨询; a letter that matches nothing starts the initials afresh). Enter
moves on to the next field (:class:`ChoiceField.Submitted`, as an Input
posts), Space or ↓ opens the list (a :class:`PickerDialog`), Backspace
clears the choice when the field may be empty. The typed initials and the
choice they found show in the field, so nothing happens unseen; a key that
finds no item says so under the field's label (the status line).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from deskui.domain.pinyin import initials_variants
from deskui.i18n import t
from deskui.tui.widgets.picker import Options, Picker, fit

V = TypeVar("V", bound=Hashable)


def numbered(options: Iterable[tuple[str, V]]) -> list[tuple[str, V]]:
    """Options with the number that picks them (1 … 9) in front of their text."""
    return [
        (f"{i} {text}" if i < 10 else text, value) for i, (text, value) in enumerate(options, 1)
    ]


def unnumbered(text: str) -> str:
    """An option's text without the number :func:`numbered` put in front."""
    head, _, rest = text.partition(" ")
    return rest if rest and head.isdigit() and len(head) == 1 else text


def initials_of(text: str) -> list[str]:
    """Every initials reading of an item's text (its leading number and
    spaces ignored)."""
    words = text.strip().lstrip("0123456789 ").strip()
    return initials_variants(words) if words else []


class ChoiceField(Picker):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,down", "open", t("tui.picker.open"), show=False),
        Binding("enter", "submit", t("tui.choice.next"), show=False),
    ]

    @dataclass
    class Submitted(Message):
        """Enter on the field: the form moves on (or saves on its last field)."""

        choice: ChoiceField

        @property
        def control(self) -> ChoiceField:
            return self.choice

    def __init__(
        self,
        options: Options = (),
        *,
        title: str,
        value: Hashable | None = None,
        prompt: str = "—",
        allow_blank: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(options, title=title, prompt=prompt, id=id)
        self.allow_blank = allow_blank
        self.typed = ""  # the initials typed so far
        self.missed = ""  # the key that found nothing (shown until the next key)
        self._initials: dict[int, list[str]] = {}
        if value is not None:
            self.value = value

    def set_options(self, options: Options) -> None:
        self._initials = {}
        super().set_options(options)

    def _initials_at(self, index: int) -> list[str]:
        if index not in self._initials:
            self._initials[index] = initials_of(self._options[index][0])
        return self._initials[index]

    def action_submit(self) -> None:
        self.typed = ""
        self.post_message(self.Submitted(self))

    def _choose(self, index: int) -> None:
        value = self._options[index][1]
        if value != self._value:
            self.value = value
            self.post_message(self.Changed(self, value))
        else:
            self.refresh()

    def _find(self, char: str) -> int | None:
        """The item ``char`` picks: a number, a leading character, or the
        initials typed so far plus this letter."""
        options = self._options
        if char.isdigit():
            n = int(char)
            return n - 1 if 1 <= n <= len(options) else None
        if not char.isascii():
            found = [
                i
                for i, (text, _) in enumerate(options)
                if text.strip().lstrip("0123456789 ").startswith(char)
            ]
            return found[0] if found else None
        letter = char.lower()
        for typed in (self.typed + letter, letter):
            for i in range(len(options)):
                if any(v.startswith(typed) for v in self._initials_at(i)):
                    self.typed = typed
                    return i
        return None

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace":
            event.stop()
            self.typed = ""
            if self.allow_blank and self._value is not None:
                self.value = None
                self.post_message(self.Changed(self, None))
            return
        char = event.character
        if not event.is_printable or not char or char == " ":
            return
        event.stop()
        event.prevent_default()
        index = self._find(char)
        if index is None:
            self.typed = ""
            self.missed = char
            self.refresh()
            return
        self.missed = ""
        self._choose(index)

    def on_blur(self) -> None:
        self.typed = self.missed = ""
        self.refresh()

    def render(self) -> Text:
        width = self.content_size.width
        arrow = " ▼"
        note = ""
        if self.missed:
            note = " " + t("tui.choice.none", key=self.missed)
        elif self.typed:
            note = f" {self.typed}"
        room = max(width - cell_len(arrow) - cell_len(note), 0)
        body = fit(self.label, room)
        return Text(body + note + arrow, no_wrap=True, end="")
