"""How dates, times and counts read on screen (words from the catalogue)."""

from __future__ import annotations

import datetime as dt

from textual.binding import Binding

from deskui.i18n import t


def weekday(iso_weekday: int) -> str:
    return t(f"tui.weekday.{iso_weekday}")


def long_date(day: dt.date) -> str:
    """``2026年11月24日 星期二``."""
    return t("tui.date.long", y=day.year, m=day.month, d=day.day, w=weekday(day.isoweekday()))


def short_date(day: dt.date | None, this_year: int | None = None) -> str:
    """``11-24`` in ``this_year``, ``2025-11-24`` otherwise; a dash when missing."""
    if day is None:
        return t("common.dash")
    if day.year == this_year:
        return f"{day.month:02d}-{day.day:02d}"
    return day.isoformat()


def clock(moment: dt.datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def group(group_no: int | None) -> str:
    return t("tui.group", n=group_no) if group_no else ""


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, ``…`` when cut."""
    line = " ".join((text or "").split())
    return line if len(line) <= width else line[: width - 1] + "…"


def key_label(binding: Binding) -> str:
    """``ctrl+r`` → ``Ctrl+R``, ``f1`` → ``F1`` (a binding's own display wins)."""
    if binding.key_display:
        return binding.key_display
    parts = binding.key.split(",")[0].split("+")
    return "+".join(_key_part(p) for p in parts)


def _key_part(part: str) -> str:
    """One part of a key: ``ctrl`` → ``Ctrl``, ``left_square_bracket`` →
    ``[`` (a printable key shows as its character, never its name)."""
    from textual.keys import key_to_character

    if len(part) > 1:
        char = key_to_character(part)
        if char is not None and char.isprintable() and char != " ":
            return char
        return part.capitalize()
    return part.upper()
