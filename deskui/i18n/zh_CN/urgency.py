"""Messages ``urgency.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "urgency.overdue": "超期 {days} 天",
    "urgency.due_today": "今日到期",
    "urgency.ok": "剩 {days} 天",
    "urgency.done": "已办结",
}
