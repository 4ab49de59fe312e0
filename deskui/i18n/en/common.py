"""English catalogue (partial; missing keys fall back to Chinese)."""

MESSAGES: dict[str, str] = {
    "app.title": "Village Service Day Desk",
    "common.yes": "yes",
    "common.no": "no",
    "common.none": "none",
    "common.dash": "—",
}
