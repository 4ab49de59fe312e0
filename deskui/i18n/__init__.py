"""The message catalogue: every word the user sees comes from here.

``t("key", **values)`` looks the key up in the active language (Simplified
Chinese by default) and formats it with ``str.format``. Catalogues live in
``deskui/i18n/<lang>/`` as plain dicts split by area, so an English catalogue
sits beside the Chinese one; a key missing in English falls back to Chinese.
A key missing everywhere raises ``KeyError``: tests catch typos.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

DEFAULT_LANG = "zh_CN"
_active = DEFAULT_LANG


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its area modules."""
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
        catalogue(lang)
    except ModuleNotFoundError:
        lang = DEFAULT_LANG
    _active = lang


def language() -> str:
    return _active


def t(key: str, /, **values: object) -> str:
    text = catalogue(_active).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANG)[key]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue(DEFAULT_LANG)
