"""Messages ``auditcli.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "auditcli.help": "查看操作日志：某条记录的全部修改，或某个操作员的操作（领导、管理员）",
    "auditcli.operator_help": "列出该操作员最近的操作",
    "auditcli.table_metavar": "表名",
    "auditcli.table_help": "记录所在的表，例如 matter、visit、household、resident",
    "auditcli.record_help": "记录编号（与 --table 一起用）",
    "auditcli.limit_help": "最多列出多少条（默认 200）",
    "auditcli.need_record": "请用 --record 指定记录编号",
    "auditcli.title_record": "操作日志：{table} #{record}",
    "auditcli.title_operator": "操作日志：{operator}",
    "auditcli.empty": "没有相关的操作记录",
    "auditcli.col.at": "时间",
    "auditcli.col.operator": "操作员",
    "auditcli.col.action": "操作",
    "auditcli.col.table": "表",
    "auditcli.col.record": "记录",
    "auditcli.col.changes": "修改内容（前 → 后）",
    "auditcli.col.note": "说明",
}
