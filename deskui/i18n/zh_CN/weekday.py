"""Messages ``weekday.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "weekday.0": "星期一",
    "weekday.1": "星期二",
    "weekday.2": "星期三",
    "weekday.3": "星期四",
    "weekday.4": "星期五",
    "weekday.5": "星期六",
    "weekday.6": "星期日",
}
