"""Messages ``argparse.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "argparse.usage": "用法：",
    "argparse.positional": "位置参数",
    "argparse.options": "选项",
    "argparse.help": "显示帮助并退出",
    "argparse.required": "缺少必填参数：%s",
    "argparse.unrecognized": "无法识别的参数：%s",
    "argparse.invalid_choice": "无效的选项 %(value)r（可选：%(choices)s）",
    "argparse.invalid_value": "无效的值：%(value)r",
    "argparse.expected_one": "需要一个参数值",
    "argparse.error": "%(prog)s：错误：%(message)s\n",
    "argparse.error_line": "{prog}：错误：{message}\n",
    "argparse.ambiguous": "选项 %(option)s 不明确，可能是 %(matches)s",
    "argparse.not_allowed_with": "不能与参数 %s 同时使用",
}
