"""Town, villages and field labels shared by many screens."""

MESSAGES: dict[str, str] = {
    "field.town": "镇名",
    "field.village": "村",
    "field.group": "组",
    "field.official": "干部",
    "field.name": "姓名",
    "field.phone": "联系电话",
    "field.id_number": "身份证号",
    "field.note": "备注",
    "field.reason": "事由",
    "field.date": "日期",
    "town.unknown_village": "没有名为“{name}”的村。本镇的村有：{known}…",
    "town.unknown_official": "没有名为“{name}”的干部",
    "town.no_villages": "请至少填写一个村",
    "town.bad_groups": "{village}的村民小组数应在 1 到 99 之间",
    "town.duplicate_village": "村名“{village}”重复了",
}
