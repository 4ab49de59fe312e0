"""Messages ``town.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "town.unknown_village": "没有名为“{name}”的村。本镇的村有：{known}…",
    "town.unknown_official": "没有名为“{name}”的干部",
    "town.no_villages": "请至少填写一个村",
    "town.bad_groups": "{village}的村民小组数应在 1 到 99 之间",
    "town.duplicate_village": "村名“{village}”重复了",
}
