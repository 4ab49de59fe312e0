"""Messages ``calendar.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "calendar.bad_kind": "日期类型应为“休”（放假）或“班”（调休上班）",
    "calendar.seeded": "从 chinesecalendar 载入节假日：新增 {added} 天，{years} 个年度",
    "calendar.year_unknown": "{year}年节假日未设置",
    "calendar.next_year_missing": "{year}年节假日尚未录入：国务院公布后请导入或设置（deskui holidays import / set），届时暂定的办结时限将自动重算",
    "calendar.year_marked": "标记 {year} 年节假日已设置",
    "calendar.name_label": "节日名称",
}
