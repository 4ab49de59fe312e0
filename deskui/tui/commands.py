"""The command palette (Ctrl+P): the same actions as the keys, in Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from deskui.tui.app import DeskApp


class DeskCommands(Provider):
    """Switch tabs, help, refresh, quit: every command the app lists in
    :meth:`DeskApp.palette_commands` that is available right now."""

    def _commands(self):  # type: ignore[no-untyped-def]
        return cast("DeskApp", self.app).palette_commands()

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
