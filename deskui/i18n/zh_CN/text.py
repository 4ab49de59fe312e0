"""Messages ``text.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "text.required": "请填写{label}",
    "text.control_chars": "{label}中含有不可见的控制字符，请重新输入",
    "text.unstorable_chars": "{label}中含有无法保存的字符（可能是复制时残缺的表情或特殊符号），请删除后重新输入",
    "text.bidi_marks": "{label}中含有改变文字方向的隐藏符号，请重新输入",
    "text.too_long": "{label}不能超过 {max} 个字（现在 {length} 个字）",
}
