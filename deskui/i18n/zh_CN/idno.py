"""Messages ``idno.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "idno.required": "请填写身份证号",
    "idno.bad_chars": "身份证号只能由数字和末位的 X 组成，不能含有“{chars}”",
    "idno.x_not_last": "身份证号中的 X 只能出现在最后一位",
    "idno.old_15": "这是 15 位的旧身份证号，请填写 18 位的新号码（见第二代身份证或户口簿）",
    "idno.bad_length": "身份证号应为 18 位，现在输入了 {count} 位",
    "idno.bad_birth": "身份证号第 7–14 位的出生日期 {text} 不存在，请核对号码",
    "idno.birth_future": "身份证号中的出生日期 {date} 晚于今天，请核对号码",
    "idno.birth_too_old": "身份证号中的出生日期 {date} 早于 1900 年，请核对号码",
    "idno.bad_check": "身份证号校验位不对（末位不应是 {last}），请核对号码",
    "idno.unknown_area": "地区代码 {code} 不在行政区划表中，请核对（号码照常保存）",
}
