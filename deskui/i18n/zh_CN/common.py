"""Messages ``common.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "common.yes": "是",
    "common.no": "否",
    "common.none": "无",
    "common.dash": "—",
    "common.shortened": "…（共 {count} 字）",
}
