"""Messages ``db.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "db.restoring": "数据库 {path} 正在从备份恢复，请等恢复完成后再打开",
    "db.mistyped_url": "数据库地址格式不对（{scheme}: 后面少了一个斜杠？）：应写成 postgresql://用户名:密码@服务器/数据库名；为免误建新的数据库文件，没有打开任何数据库",
    "db.busy": "数据库正忙（另一台电脑在保存），这次没有保存任何内容，请稍后再试（{kind}）",
    "db.request_failed": "数据库没能完成这次操作，没有保存任何内容，请重试；一直失败请联系管理员（{kind}）",
    "db.unc_path": "这是网络共享路径（UNC）",
    "db.mapped_drive": "{drive} 是映射的网络驱动器",
    "db.network_fs": "所在磁盘是网络文件系统（{fstype}）",
    "db.network_share": "数据库 {path} 位于网络共享上（{reason}）。SQLite 在网络共享上可能损坏数据；多台电脑共用请改用 PostgreSQL（--db postgresql://…）。",
    "db.is_directory": "{path} 是一个文件夹，不是数据库文件",
    "db.not_a_database": "{path} 不是 deskui 数据库文件（也不是 SQLite 数据库）",
    "db.read_only": "数据库文件 {path} 只读，无法保存数据",
    "db.read_only_dir": "文件夹 {path} 不可写，无法在此创建数据库",
    "db.cannot_create_dir": "无法创建文件夹 {path}",
    "db.bad_url": "数据库地址 {url} 无效：{error}",
    "db.unsupported_url": "不支持的数据库地址 {url}：请用文件路径或 postgresql://",
    "db.cannot_connect": "无法连接数据库 {url}：{error}",
    "db.cannot_open": "无法打开数据库 {path}：{error}",
    "db.newer_schema": "数据库的结构版本（{found}）比本程序（{supported}）新，请先升级 deskui",
    "db.migration_failed": "数据库升级失败（{name}）：{error}；数据未改动",
}
