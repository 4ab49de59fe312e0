"""The archive lookup of every form that starts from a villager: 取号登记
(F6) and a new matter card (F4 N).

The clerk types a name, pinyin initials (``zs`` for 张三), a phone or the
tail of an ID number; the matches show under the box as the typing goes
(a short debounce, then :func:`~deskui.services.queue.intake.search_residents`
in a worker). ↑↓ move through them, Enter picks the highlighted one
(:class:`ResidentLookup.Picked`); Enter with nothing found posts
:class:`ResidentLookup.Unmatched`, and the form goes on by hand.

Type-ahead: an Enter (or ↑↓) typed before the matches for the current text
have come back waits for them (``holds_keys``), so a clerk who types the
initials, Enter and the reason in one go picks the right villager and the
reason lands in its own field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from deskui.i18n import t
from deskui.services.queue.intake import ResidentHit, search_residents
from deskui.tui.format import group
from deskui.tui.widgets.line_input import LineInput
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext

DEBOUNCE = 0.15  # seconds of quiet typing before the archive is asked
SHOWN = 8  # matches listed; one more is asked for, to say when there are more


def hit_text(h: ResidentHit) -> str:
    """One match as the list shows it (a member names the household head)."""
    key = "match" if h.relation == "户主" or h.name == h.head_name else "match_member"
    return t(
        f"tui.lookup.{key}",
        name=h.name,
        village=h.village,
        group=group(h.group_no),
        phone=h.phone,
        relation=h.relation,
        head=h.head_name,
    )


class ResidentLookup(Vertical):
    DEFAULT_CSS = """
    ResidentLookup {
        height: auto;
    }
    ResidentLookup > OptionList {
        height: auto;
        max-height: 8;
        border: none;
        background: $boost;
    }
    ResidentLookup > .field-hint {
        height: auto;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", t("tui.lookup.next"), id="lookup.down", show=False),
        Binding("up", "move(-1)", t("tui.lookup.prev"), id="lookup.up", show=False),
    ]

    @dataclass
    class Found(ServiceDone):
        """The residents matching ``text`` (``result``; none on a refusal)."""

        text: str = ""

    @dataclass
    class Picked(Message):
        """Enter (or a click) on a match: the form fills in the villager."""

        lookup: ResidentLookup
        hit: ResidentHit

        @property
        def control(self) -> ResidentLookup:
            return self.lookup

    @dataclass
    class Unmatched(Message):
        """Enter with nothing found for ``text``: the form goes on by hand."""

        lookup: ResidentLookup
        text: str

        @property
        def control(self) -> ResidentLookup:
            return self.lookup

    def __init__(
        self,
        *,
        label: str,
        hint: str,
        no_match: str,
        input_id: str,
        hint_id: str,
        list_id: str,
        village_id: int | None = None,
        ctx: ServiceContext | None = None,
        id: str | None = None,
    ) -> None:
        """``hint`` shows while nothing is typed or found; ``no_match`` is a
        catalogue text with ``{text}``, shown when the archive has nothing."""
        super().__init__(id=id)
        self._label = label
        self._hint = hint
        self._no_match = no_match
        self._ids = (input_id, hint_id, list_id)
        self.village_id = village_id
        self._ctx = ctx
        self.hits: list[ResidentHit] = []
        self.found_text = ""  # the text the shown matches are for
        self._timer: Any = None

    def compose(self) -> ComposeResult:
        input_id, hint_id, list_id = self._ids
        yield Label(self._label, classes="field-label")
        yield LineInput(id=input_id)
        yield Static(self._hint, id=hint_id, classes="field-hint")
        matches = OptionList(id=list_id)
        matches.display = False
        matches.can_focus = False
        yield matches

    @property
    def input(self) -> Input:
        return self.query_one(LineInput)

    @property
    def matches(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def text(self) -> str:
        return self.input.value

    @property
    def highlighted_hit(self) -> ResidentHit | None:
        if not self.hits or not self.matches.display:
            return None
        return self.hits[self.matches.highlighted or 0]

    def holds_keys(self, key: events.Key) -> bool:
        """An Enter or ↑↓ typed before the matches for the text came back
        waits for them."""
        if key.key not in ("enter", "up", "down") or self.screen.focused is not self.input:
            return False
        return self.text != self.found_text

    # ---------------------------------------------------------------- search

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self.input:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._search)

    def _search(self) -> None:
        text, village_id = self.text, self.village_id
        run_service(
            self,
            lambda ctx: search_residents(ctx, text, village_id=village_id, limit=SHOWN + 1),
            group="resident-lookup",
            done=lambda result, error: self.Found(result, error, text=text),
            ctx=self._ctx,
        )

    def on_resident_lookup_found(self, message: ResidentLookup.Found) -> None:
        message.stop()
        if message.text != self.text:
            return  # typed on since
        self.found_text = message.text
        found = message.result or []
        self.hits = found[:SHOWN]
        matches = self.matches
        matches.clear_options()
        hint = self.query_one(f"#{self._ids[1]}", Static)
        if self.hits:
            matches.add_options([Option(hit_text(h)) for h in self.hits])
            matches.highlighted = 0
            hint.update(t("tui.lookup.more", n=SHOWN) if len(found) > SHOWN else self._hint)
        elif message.text.strip():
            hint.update(self._no_match.format(text=message.text.strip()))
        else:
            hint.update(self._hint)
        matches.display = bool(self.hits)

    def close(self) -> None:
        """Hide the matches (the villager was picked)."""
        self.matches.display = False

    # ------------------------------------------------------------------ keys

    def action_move(self, step: int) -> None:
        if self.screen.focused is self.input and self.highlighted_hit is not None:
            current = self.matches.highlighted or 0
            self.matches.highlighted = max(0, min(len(self.hits) - 1, current + step))
        elif step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self.input:
            return
        event.stop()
        event.prevent_default()
        hit = self.highlighted_hit if self.found_text == self.text else None
        if hit is not None:
            self.post_message(self.Picked(self, hit))
        else:
            self.post_message(self.Unmatched(self, self.text.strip()))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.hits):
            self.post_message(self.Picked(self, self.hits[event.option_index]))
