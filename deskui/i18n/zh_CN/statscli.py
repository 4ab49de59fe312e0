"""Messages ``statscli.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "statscli.help": "本月的统计数字：按村、按干部、全镇合计",
    "statscli.month_help": "统计月份，如 2026-11",
    "statscli.as_of_help": "统计截止日期（默认：本月为今天，以前月份为月底）",
    "statscli.json_help": "以 JSON 输出",
    "statscli.village_title": "{town} {year}年{month}月 按村统计（截至 {as_of}）",
    "statscli.official_title": "{town} {year}年{month}月 按干部统计（截至 {as_of}）",
    "statscli.days_title": "服务日接待与受理",
    "statscli.date": "日期",
    "statscli.visits": "接待人次",
    "statscli.matters": "受理件数",
    "statscli.export_help": "驻村服务日工作月统计表（按村、按干部）",
}
