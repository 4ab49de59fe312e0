"""Messages ``common.*`` (en)."""

MESSAGES: dict[str, str] = {
    "common.yes": "yes",
    "common.no": "no",
    "common.none": "none",
    "common.dash": "—",
}
