"""The roster modals' field errors: a ``.field-error`` line is hidden until
it holds a message (desk.tcss shows it with ``-shown``)."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Static


def show_error(widget: Widget, text: str) -> None:
    """Put ``text`` in the error line and show it; '' clears and hides it."""
    if isinstance(widget, Static):
        widget.update(text)
    widget.set_class(bool(text), "-shown")
