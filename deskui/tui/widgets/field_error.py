"""The line under a field that says what is wrong with it.

Hidden while empty (``.field-error``; desk.tcss shows it with ``-shown``),
so a form without errors takes no room for them. Its id is ``err-<field>``,
the field a :class:`~deskui.domain.errors.DomainError` names, so a refusal
finds its line by the field alone.
"""

from __future__ import annotations

from textual.widgets import Static


class FieldError(Static):
    def __init__(self, field: str) -> None:
        super().__init__("", id=f"err-{field}", classes="field-error")

    def show(self, text: str) -> None:
        """Put ``text`` on the line and show it; '' empties and hides it."""
        self.update(text)
        self.set_class(bool(text), "-shown")
