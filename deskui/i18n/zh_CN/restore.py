"""Messages ``restore.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "restore.help": "用备份文件恢复数据库（先关闭工作台）",
    "restore.file_help": "备份文件（.db）",
    "restore.yes_help": "不再询问，直接恢复",
    "restore.confirm": "将用 {file} 覆盖当前数据库 {db}（当前数据会先另存一份）。确定吗？输入 y 确认：",
    "restore.cancelled": "已取消，数据库未改动",
    "restore.done": "已从 {file} 恢复数据库 {db}",
    "restore.saved": "恢复前的数据库已另存为 {path}",
}
