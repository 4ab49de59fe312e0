"""Messages ``exportlog.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "exportlog.action": "导出",
    "exportlog.note": "导出{form}（含完整身份证号）到 {path}",
}
