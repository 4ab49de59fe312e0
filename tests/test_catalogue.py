"""The message catalogue's files are one-to-one with the keys' prefixes:
``t("roster.x")`` lives in ``deskui/i18n/<lang>/roster.py``, nowhere else."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import deskui.i18n


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_each_catalogue_file_holds_one_prefix(lang: str) -> None:
    package = importlib.import_module(f"deskui.i18n.{lang}")
    misplaced = []
    for info in pkgutil.iter_modules(package.__path__):
        messages = importlib.import_module(f"deskui.i18n.{lang}.{info.name}").MESSAGES
        misplaced += [key for key in messages if key.split(".", 1)[0] != info.name]
    assert misplaced == []


def test_english_keys_exist_in_chinese() -> None:
    zh = deskui.i18n.catalogue("zh_CN")
    assert set(deskui.i18n.catalogue("en")) <= set(zh)
