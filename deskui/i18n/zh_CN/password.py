"""Messages ``password.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "password.required": "请输入密码",
    "password.control_chars": "密码中含有不可见的控制字符，请重新输入",
    "password.too_long": "密码不能超过 {max} 个字符",
    "password.pin_too_short": "数字密码（PIN）至少 {min} 位",
    "password.too_short": "密码至少 {min} 个字符（纯数字密码至少 {pin_min} 位）",
}
