"""Messages ``app.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "app.title": "驻村服务日工作台",
}
