"""A one-line field that keeps all of a multi-line paste.

Textual's :class:`~textual.widgets.Input` keeps only the first line of a
paste and drops the rest silently; a clerk pasting a name, a phone and a
village from a chat message would lose two of them. This field joins the
lines with spaces instead (blank lines dropped, each line trimmed) and says
so. A one-line paste is Textual's own.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from deskui.i18n import t


class LineInput(Input):
    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) < 2:
            return  # Input's own handler (next in the MRO) pastes it
        event.prevent_default()  # Input's handler would keep the first line only
        event.stop()
        joined = " ".join(lines)
        if self.selection.is_empty:
            self.insert_text_at_cursor(joined)
        else:
            self.replace(joined, *self.selection)
        self.notify(t("tui.paste.joined", n=len(lines)), severity="warning")
