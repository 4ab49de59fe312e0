"""Messages ``ready.*`` (zh_CN): what a town still lacks for a ready service day."""

MESSAGES: dict[str, str] = {
    "ready.title": "开服务日前还缺",
    "ready.no_officials": "还没有干部",
    "ready.no_team": "{n} 个村还没有驻村团队",
    "ready.no_leader": "{n} 个村的驻村团队还没有组长",
    "ready.no_phone": "{n} 名干部没有联系电话",
    "ready.no_roll": "还没有户籍名册",
    "ready.no_roster": "本月还没有值班表",
    "ready.line": "开服务日前还缺：{items}（管理员按 F10 镇设置 → W 设置向导接着做）",
}
