"""The desk's header: town, today, service day, overdue matters, calendar
warning and the operator signed in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from deskui.i18n import t
from deskui.services.town.header import HeaderInfo
from deskui.tui.format import long_date


class DeskHeader(Horizontal):
    def __init__(self, info: HeaderInfo | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._info = info  # shown once mounted (a copy of the desk's, over a dialog)

    def on_mount(self) -> None:
        if self._info is not None:
            self._paint(self._info)

    def compose(self) -> ComposeResult:
        yield Label(t("app.title"), id="hdr-town")
        yield Label("", id="hdr-today")
        # the overdue count and the calendar warning before the service day:
        # at 80 columns the line's end gives way, and they matter more
        yield Label("", id="hdr-overdue")
        yield Label("", id="hdr-calendar")
        yield Label("", id="hdr-service")
        yield Label("", id="hdr-operator")

    def show(self, info: HeaderInfo) -> None:
        self._info = info
        if self.is_mounted:  # else on_mount paints it
            self._paint(info)

    def _paint(self, info: HeaderInfo) -> None:
        town = info.town_name or t("tui.header.no_town")
        self.query_one("#hdr-town", Label).update(t("tui.header.town", town=town))
        self.query_one("#hdr-today", Label).update(long_date(info.today))
        service = self.query_one("#hdr-service", Label)
        if info.is_service_day:
            service.update(t("tui.header.service_day", n=len(info.service_villages)))
            service.tooltip = "、".join(info.service_villages)
        else:
            service.update(t("tui.header.no_service_day"))
            service.tooltip = None
        service.set_class(info.is_service_day, "-on")
        overdue = self.query_one("#hdr-overdue", Label)
        overdue.update(t("tui.header.overdue", n=info.overdue))
        overdue.set_class(info.overdue > 0, "-alert")
        cal = self.query_one("#hdr-calendar", Label)
        years = "、".join(str(y) for y in info.unknown_years)
        cal.update(t("tui.header.unknown_years", years=years) if years else "")
        cal.display = bool(years)
        self.query_one("#hdr-operator", Label).update(
            t("tui.header.operator", name=info.operator, role=info.role)
        )
