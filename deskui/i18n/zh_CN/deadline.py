"""Messages ``deadline.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "deadline.provisional_mark": "（节假日未公布，暂按周末及元旦、五一、国庆推算）",
    "deadline.provisional_note": "时限暂定：节假日未公布，暂按周末及元旦、五一、国庆推算",
    "deadline.promised_required": "超出镇职权的事项须与群众约定承诺办结日期",
    "deadline.promised_before": "承诺办结日期 {promised} 不能早于受理日期 {accepted}",
}
