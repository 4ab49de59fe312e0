"""argparse speaking Chinese: its own words (usage, options, errors) are
translated through the catalogue, so ``deskui --help`` reads in Chinese."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from deskui.i18n import t

_WORDS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "optional arguments": "argparse.options",
    "show this help message and exit": "argparse.help",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "expected one argument": "argparse.expected_one",
    "%(prog)s: error: %(message)s\n": "argparse.error",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "not allowed with argument %s": "argparse.not_allowed_with",
}


def _translate(message: str) -> str:
    key = _WORDS.get(message)
    return t(key) if key else message


argparse._ = _translate  # type: ignore[attr-defined]


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("argparse.error_line", prog=self.prog, message=message))
