"""Messages ``date.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "date.required": "请填写{label}",
    "date.garbage": "{label}“{text}”不是日期，请按 2026-11-24 的格式填写",
    "date.bad_year": "{label}“{text}”的年份不对，应在 {low}–{high} 年之间",
    "date.bad_month": "{label}“{text}”的月份不对，应为 1–12 月",
    "date.bad_day": "{label}“{text}”不存在：{year}年{month}月没有{day}日",
    "date.month_label": "月份",
    "date.month_garbage": "{label}“{text}”不是月份，请按 2026-11 的格式填写",
}
