"""Free-text validation shared by every form and import.

A value is either kept exactly (after trimming surrounding spaces) or refused
with a clear message: control and invisible characters (tabs and newlines
are allowed in multi-line notes), bidirectional override marks, characters
that cannot be stored or exported (lone surrogates, U+FFFE/U+FFFF) and
over-long pastes are refused; ``=``-leading text, emoji and other scripts are kept and made safe
at export time.
"""

from __future__ import annotations

import re

from deskui.domain.errors import ValidationError
from deskui.i18n import t

# Control characters, and invisible characters that make two equal-looking
# names differ (zero-width space, word joiner, a stray byte-order mark); a
# one-line field also refuses the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u2060\ufeff\u2028\u2029]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Lone surrogates cannot be encoded (the database refuses them) and
# noncharacters make a workbook unreadable (XML forbids U+FFFE/U+FFFF).
_UNSTORABLE = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")

NAME_MAX = 20
SHORT_MAX = 60
NOTE_MAX = 2000


def clean_text(
    value: object,
    *,
    field: str,
    label: str,
    max_len: int = SHORT_MAX,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Trim and check one text value; raise ValidationError naming the field."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    elif isinstance(value, float) and value != value:  # NaN from a spreadsheet
        text = ""
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").strip()
    if not text:
        if required:
            raise ValidationError(t("text.required", label=label), field=field)
        return ""
    if _UNSTORABLE.search(text):
        raise ValidationError(t("text.unstorable_chars", label=label), field=field)
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL
    if pattern.search(text):
        raise ValidationError(t("text.control_chars", label=label), field=field)
    if _BIDI.search(text):
        raise ValidationError(t("text.bidi_marks", label=label), field=field)
    if len(text) > max_len:
        raise ValidationError(
            t("text.too_long", label=label, max=max_len, length=len(text)), field=field
        )
    return text


def clean_name(value: object, *, field: str = "name", label: str | None = None) -> str:
    """A person's name: required, one line, at most 20 characters."""
    return clean_text(
        value, field=field, label=label or t("field.name"), max_len=NAME_MAX, required=True
    )


def clean_note(
    value: object,
    *,
    field: str = "note",
    label: str | None = None,
    max_len: int = NOTE_MAX,
    required: bool = False,
) -> str:
    return clean_text(
        value,
        field=field,
        label=label or t("field.note"),
        max_len=max_len,
        required=required,
        multiline=True,
    )


def decode_csv(data: bytes, name: str) -> str:
    """A csv file's text: UTF-8 (with or without BOM), else GBK/GB18030 as
    Chinese Excel saves it; bytes that are neither are refused, naming the
    file (never the codec's English message)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(t("imp.bad_encoding", path=name), field="file")
