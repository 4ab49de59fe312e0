"""Textual's own words on the desk, in Chinese through the catalogue.

Textual describes its built-in keys in English (Screen's Tab "Focus Next",
Input's "Copy selected text", the Select list's "Dismiss menu"…) and the
command palette says "No matches found". The footer, F1 and the palette
would show them. :func:`localize` replaces each description Textual's
widgets carry by the catalogue's (``textual.*``), once, before the desk
starts; :class:`DeskPalette` says its own "no matches" in Chinese.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from deskui.i18n import t

# English description → catalogue key (every one a desk's widget carries).
WORDS = {
    "Focus Next": "textual.focus_next",
    "Focus Previous": "textual.focus_previous",
    "Copy selected text": "textual.copy",
    "Dismiss menu": "textual.dismiss_menu",
    "Show menu": "textual.show_menu",
    "Move cursor left": "textual.left",
    "Move cursor right": "textual.right",
    "Move cursor right or accept the completion suggestion": "textual.right",
    "Move cursor left a word": "textual.word_left",
    "Move cursor right a word": "textual.word_right",
    "Move cursor left and select": "textual.select_left",
    "Move cursor right and select": "textual.select_right",
    "Move cursor left a word and select": "textual.select_word_left",
    "Move cursor right a word and select": "textual.select_word_right",
    "Go to start": "textual.home",
    "Go to end": "textual.end",
    "Select to start": "textual.select_home",
    "Select to end": "textual.select_end",
    "Select all": "textual.select_all",
    "Delete character left": "textual.backspace",
    "Delete character right": "textual.delete",
    "Delete left to start of word": "textual.delete_word_left",
    "Delete right to start of word": "textual.delete_word_right",
    "Delete all to the left": "textual.delete_left_all",
    "Delete all to the right": "textual.delete_right_all",
    "Cut selected text": "textual.cut",
    "Paste text from the clipboard": "textual.paste",
    "Submit": "textual.submit",
    "Select": "textual.select",
    "Toggle": "textual.toggle",
    "Cursor up": "textual.up",
    "Cursor down": "textual.down",
    "Cursor left": "textual.cursor_left",
    "Cursor right": "textual.cursor_right",
    "Page up": "textual.page_up",
    "Page down": "textual.page_down",
    "First": "textual.first",
    "Last": "textual.last",
    "Top": "textual.first",
    "Bottom": "textual.last",
    "Page Up": "textual.page_up",
    "Page Down": "textual.page_down",
    "Page Left": "textual.page_left",
    "Page Right": "textual.page_right",
    "Scroll Up": "textual.up",
    "Scroll Down": "textual.down",
    "Scroll Left": "textual.cursor_left",
    "Scroll Right": "textual.cursor_right",
    "Scroll Home": "textual.first",
    "Scroll End": "textual.last",
    "Toggle dark mode": "textual.dark",
    "Quit": "textual.quit",
    "Quit the app": "textual.quit",
    "Maximize": "textual.maximize",
    "Minimize": "textual.minimize",
    "Close": "textual.close",
    "Hide": "textual.close",
    "Press button": "textual.press",
    "Exit the command palette": "textual.close",
    "Go to bottom": "textual.last",
    "Go to top": "textual.first",
    "Next command": "textual.down",
    "Previous command": "textual.up",
    "Next page": "textual.page_down",
    "Previous page": "textual.page_up",
    "End": "textual.last",
    "Home": "textual.first",
    "Up": "textual.up",
    "Down": "textual.down",
    "Select line end": "textual.select_end",
    "Select line start": "textual.select_home",
    "Next option": "textual.down",
    "Previous option": "textual.up",
    "Next tab": "textual.next_tab",
    "Previous tab": "textual.previous_tab",
    "Copy": "textual.copy",
    "Cut": "textual.cut",
    "Paste": "textual.paste",
    "Undo": "textual.undo",
    "Redo": "textual.redo",
    "Cursor Up": "textual.up",
    "Cursor Down": "textual.down",
    "Cursor down select": "textual.select_down",
    "Cursor up select": "textual.select_up",
    "Cursor left select": "textual.select_left",
    "Cursor right select": "textual.select_right",
    "Cursor left word select": "textual.select_word_left",
    "Cursor right word select": "textual.select_word_right",
    "Cursor line end": "textual.end",
    "Cursor line start": "textual.home",
    "Cursor line end select": "textual.select_end",
    "Cursor line start select": "textual.select_home",
    "Cursor page down": "textual.page_down",
    "Cursor page up": "textual.page_up",
    "Cursor word left": "textual.word_left",
    "Cursor word right": "textual.word_right",
    "Delete line": "textual.delete_line",
    "Delete to line end": "textual.delete_right_all",
    "Delete to line start": "textual.delete_left_all",
    "Select line": "textual.select_line",
    "Cursor to next ancestor": "textual.tree_ancestor",
    "Cursor to next sibling": "textual.tree_next",
    "Cursor to parent": "textual.tree_parent",
    "Cursor to previous sibling": "textual.tree_previous",
    "Expand or collapse all": "textual.tree_all",
}

_done = False


def _translate_own(cls: type[Any]) -> None:
    own = cls.__dict__.get("BINDINGS")
    if own and cls.__module__.startswith("textual"):
        cls.BINDINGS = [_zh(b) for b in own]


def _zh(binding: Any) -> Any:
    if isinstance(binding, tuple):
        key, action, *rest = binding
        binding = Binding(key, action, rest[0] if rest else "")
    if isinstance(binding, Binding) and binding.description in WORDS:
        return dataclasses.replace(binding, description=t(WORDS[binding.description]))
    return binding


def localize() -> None:
    """Put the catalogue's words on Textual's built-in keys (once).

    The widget classes Textual has made so far are translated here and
    their merged bindings made again; every class Textual makes later (a
    widget module imported when a dialog first needs it: TextArea, Select…)
    is translated as it is made, when Textual merges its bindings. So the
    desk need not import every widget it may show before it starts."""
    global _done
    if _done:
        return
    _done = True
    from textual.dom import DOMNode

    stack: list[type[Any]] = [DOMNode]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        _translate_own(cls)
    # Textual merges each class's bindings with its bases' when the class is
    # made: merge again every class made so far.
    stack = [DOMNode]
    while stack:
        cls = stack.pop()
        cls._merged_bindings = cls._merge_bindings()
        stack.extend(cls.__subclasses__())
    merge = DOMNode._merge_bindings.__func__  # type: ignore[attr-defined]

    def translated_merge(cls: type[Any]) -> Any:
        _translate_own(cls)
        return merge(cls)

    DOMNode._merge_bindings = classmethod(translated_merge)  # type: ignore[method-assign,assignment]


class DeskPalette(CommandPalette):
    """The command palette, saying "no matches" in Chinese."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("tui.cmd.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
