"""Messages ``importcli.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "importcli.help": "从 Excel 或 CSV 导入数据（民情档案花名册、代办事项台账、节假日）",
    "importcli.kind_metavar": "类别",
}
