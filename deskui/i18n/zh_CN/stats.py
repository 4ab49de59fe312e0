"""Messages ``stats.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "stats.month_label": "统计月份",
    "stats.as_of_label": "统计截止日期",
    "stats.future_month": "{year}年{month}月还没有到（今天是 {today}），不能统计未来的月份",
    "stats.as_of_before": "统计截止日期 {as_of} 早于 {year}年{month}月，请改为该月内或之后的日期",
    "stats.as_of_future": "统计截止日期 {as_of} 晚于今天（{today}）",
    "stats.no_town": "还没有设置镇，无法统计",
    "stats.unit": "单位",
    "stats.name": "姓名",
    "stats.total": "合计",
    "stats.by_village": "按村",
    "stats.by_official": "按干部",
    "stats.flag": "（满意率低于80%）",
    "stats.flag_short": "▲",
    "stats.flag_note": "▲ 标记的干部满意率低于80%。",
    "stats.as_of_note": "统计截止：{as_of}。",
    "stats.title": "{town}驻村服务日工作月统计表（{year}年{month}月）",
    "stats.title_village": "{town}驻村服务日工作月统计表·按村（{year}年{month}月）",
    "stats.title_official": "{town}驻村服务日工作月统计表·按干部（{year}年{month}月）",
    "stats.formula_head": "计算口径：",
}
