"""Masking personal data for lists, printouts and the audit log."""

from __future__ import annotations

SENSITIVE_FIELDS = frozenset({"id_number", "phone", "password_hash"})


def mask_id(number: str | None) -> str:
    """``610902196503150012`` → ``610902********0012`` (area and tail kept)."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """``13912345678`` → ``139****5678``; a landline keeps its area code."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_value(field: str, value: object) -> object:
    """The form of ``value`` fit for the audit log."""
    if field == "password_hash":
        return "******" if value else ""
    if field == "id_number":
        return mask_id(str(value)) if value else value
    if field == "phone":
        return mask_phone(str(value)) if value else value
    return value
