"""Messages ``app.*`` (en)."""

MESSAGES: dict[str, str] = {
    "app.title": "Village Service Day Desk",
}
