"""Messages ``restore.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "restore.help": "用备份文件恢复数据库（先关闭工作台）",
    "restore.file_help": "备份文件（.db）",
    "restore.yes_help": "不再询问，直接恢复",
    "restore.confirm": "将用 {file} 覆盖当前数据库 {db}（当前数据会先另存一份）。确定吗？输入 y 确认：",
    "restore.cancelled": "已取消，数据库未改动",
    "restore.done": "已从 {file} 恢复数据库 {db}",
    "restore.saved": "恢复前的数据库已另存为 {path}",
    "restore.in_use": "还有 {count} 个工作台或命令正在使用这个数据库，恢复会丢掉它们正在保存的内容：请先在所有电脑上关闭工作台，再恢复",
    "restore.busy": "另一个恢复正在进行，请等它完成",
    "restore.checks_failed": "备份文件 {path} 没有通过检查，数据库未改动：{detail}",
    "restore.audit_action": "恢复",
    "restore.audit_note": "从备份 {file} 恢复；恢复前的数据库另存为 {saved}",
}
