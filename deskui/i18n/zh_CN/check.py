"""Messages ``check.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "check.help": "检查数据库完整性（存储结构、外键、版本与业务规则）",
    "check.integrity": "存储完整性",
    "check.foreign_keys": "外键引用",
    "check.schema": "数据库结构版本",
    "check.schema_detail": "当前 {version}，程序 {newest}，待升级 {pending} 项",
    "check.two_heads": "每户只有一个户主",
    "check.matter_due": "受理的事项都有办结时限",
    "check.closed_without_finish": "销号的事项都已办结",
    "check.ticket_unique": "排队号不重复",
    "check.ok": "正常",
    "check.broken_refs": "{count} 处引用断开",
    "check.bad_rows": "{count} 条记录有问题",
    "check.summary_ok": "全部 {count} 项检查通过",
    "check.summary_bad": "{bad} 项检查未通过（共 {count} 项）",
    "check.col_item": "检查项",
    "check.col_result": "结果",
    "check.col_detail": "说明",
    "check.pass": "通过",
    "check.fail": "未通过",
    "check.title": "数据库检查：{db}",
}
