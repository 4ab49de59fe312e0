"""Messages ``rejects.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "rejects.suffix": "-错误行",
    "rejects.sheet": "未导入的行",
    "rejects.title": "{name} 未导入的行及原因",
    "rejects.col_sheet": "工作表",
    "rejects.col_row": "行号",
    "rejects.col_column": "列",
    "rejects.col_value": "内容",
    "rejects.col_reason": "原因",
}
