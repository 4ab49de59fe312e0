"""Messages ``field.*`` (zh_CN)."""

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
}
