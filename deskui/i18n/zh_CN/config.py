"""Messages ``config.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "config.bad_date": "{name} 的日期“{value}”无效，应为 YYYY-MM-DD，例如 2026-11-24",
    "config.bad_datetime": "{name} 的时间“{value}”无效，应为 YYYY-MM-DD HH:MM",
    "config.bad_file": "设置文件 {path} 无法读取：{error}",
    "config.unknown_key": "设置文件 {path} 中有未知的设置项“{key}”",
    "config.bad_type": "设置文件 {path} 中“{key}”的类型不对，应为 {type}",
    "config.bad_pool": "设置文件 {path} 中 db_pool = {value} 不对：每台工作台连接服务器的连接数应在 {low} 到 {high} 之间",
    "config.export_dir_saved": "导出文件夹已记住：{folder}",
}
