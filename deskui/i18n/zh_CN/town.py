"""Messages ``town.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "town.unknown_village": "没有名为“{name}”的村。本镇的村有：{known}…",
    "town.unknown_official": "没有名为“{name}”的干部",
    "town.official_left": "，已离岗",
    "town.official_has_left": "{name}已离岗，不能再安排",
    "town.ambiguous_official": (
        "有不止一位干部叫“{name}”：{candidates}。请注明单位、职务或电话，如“{example}”"
    ),
    "town.no_villages": "请至少填写一个村",
    "town.bad_groups": "{village}的村民小组数应在 1 到 99 之间",
    "town.duplicate_village": "村名“{village}”重复了",
}
