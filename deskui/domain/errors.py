"""The errors the domain and the services raise. ``str(error)`` is the clear
Chinese message shown to the user next to the field (``field``), in a CLI
line (exit code 2) or in an import's rejects workbook."""

from __future__ import annotations


class DomainError(ValueError):
    """Base: a user-facing refusal. Never a crash."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    """A value is not acceptable (bad ID number, empty name, bad date …)."""


class RuleViolation(DomainError):
    """A step is not allowed now (回访 before 办结, a second call …)."""


class NotFound(DomainError):
    """A named record does not exist (matter number, village, official)."""


class PermissionDenied(DomainError):
    """The operator's role does not allow this."""


class ValidationErrors(DomainError):
    """Several fields are wrong at once (a form or an import row)."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("；".join(e.message for e in errors), code="many")
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return {e.field or "": e.message for e in self.errors}
