"""The message catalogue: every word the user sees comes from here.

``t("key", **values)`` looks the key up in the active language (Simplified
Chinese by default) and formats it with ``str.format``. Catalogues live in
``deskui/i18n/<lang>/`` as plain dicts split by area, so an English catalogue
sits beside the Chinese one; a key missing in English falls back to Chinese.
A key missing everywhere raises ``KeyError``: tests catch typos.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

DEFAULT_LANG = "zh_CN"
_active = DEFAULT_LANG


@cache
def _area(lang: str, prefix: str) -> dict[str, str]:
    """The messages of one area (``deskui/i18n/<lang>/<prefix>.py``), loaded
    when a key of that area is first asked for: a desk's start-up needs a
    handful of the ~65 areas."""
    try:
        module = importlib.import_module(f"deskui.i18n.{lang}.{prefix}")
    except ModuleNotFoundError as exc:
        if exc.name is not None and exc.name.startswith(f"deskui.i18n.{lang}"):
            return {}
        raise
    messages: dict[str, str] = module.MESSAGES
    return messages


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its area modules."""
    import pkgutil

    package = importlib.import_module(f"deskui.i18n.{lang}")
    merged: dict[str, str] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"deskui.i18n.{lang}.{info.name}")
        part: dict[str, str] = module.MESSAGES
        overlap = merged.keys() & part.keys()
        if overlap:
            raise RuntimeError(f"duplicate message keys in {lang}.{info.name}: {sorted(overlap)}")
        merged.update(part)
    return merged


def set_language(lang: str) -> None:
    global _active
    try:
        importlib.import_module(f"deskui.i18n.{lang}")  # its areas load when asked for
    except (ModuleNotFoundError, ValueError, TypeError):
        lang = DEFAULT_LANG
    _active = lang


def language() -> str:
    return _active


# What a person typed is quoted “like this” in a message; a quote longer than
# this is shown shortened (a 10,000-character paste echoed in full buries the
# message). Only quotes: lists and paths the program writes stay whole.
QUOTE_MAX = 80
QUOTE_HEAD = 30
_QUOTE = re.compile(r"“([^”]*)”")


def shorten_quotes(message: str) -> str:
    """``message`` with every long “…” quote cut to its start and length."""

    def cut(m: re.Match[str]) -> str:
        text = m.group(1)
        if len(text) <= QUOTE_MAX:
            return m.group(0)
        return "“" + text[:QUOTE_HEAD] + t("common.shortened", count=len(text)) + "”"

    return _QUOTE.sub(cut, message)


def t(key: str, /, **values: object) -> str:
    prefix = key.split(".", 1)[0]
    text = _area(_active, prefix).get(key)
    if text is None:
        text = _area(DEFAULT_LANG, prefix).get(key)
        if text is None:
            raise KeyError(key)
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in _area(DEFAULT_LANG, key.split(".", 1)[0])
