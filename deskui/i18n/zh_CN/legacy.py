"""Messages ``legacy.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "legacy.required": "缺少{header}",
    "legacy.future": "登记日期晚于今天（{today}）",
    "legacy.unknown_village": "认不出是哪个村（应以本镇的村名开头，如“桃园村1组”）",
    "legacy.bad_group": "组号“{text}”不对",
    "legacy.bad_group_no": "第 {group} 组不存在（该村共 {count} 个组）",
    "legacy.promised_required": "超出镇职权的事项须写明办结时限（承诺日期）",
    "legacy.before_accepted": "{header}早于登记日期",
    "legacy.bad_satisfaction": "群众满意度应为 满意、基本满意 或 不满意",
    "legacy.visit_undated": "{sheet} 第 {row} 行的回访情况没有写日期，按 {day} 记",
    "legacy.date_range": "日期应在登记日期（{accepted}）和今天（{today}）之间",
    "legacy.needs_finished": "有回访或销号却没有办结日期",
    "legacy.explanation_required": "不予受理的事项须在办理情况中写明解释",
    "legacy.no_header_sheet": "工作表“{sheet}”中没有找到台账表头，未读取",
    "legacy.no_header": "文件 {path} 中没有找到台账表头（需要“姓名”“反映问题”等列）",
    "legacy.official_created": "台账中的“{name}”不在干部名单上，已作为已离岗干部加入",
    "legacy.unknown_official": "干部名单上没有“{name}”（写法也不像一个姓名，无法作为已离岗干部加入）",
    "legacy.official_note": "导入旧台账 {file}：不在名单上的干部，记为已离岗",
    "legacy.repeated": "同一工作表中与第 {row} 行编号重复",
    "legacy.number_is_deskui": (
        "编号与本系统的事项编号 {number} 相同：本系统导出的台账请用 deskui import matters 导入"
    ),
    "legacy.other_applicant": "原编号 {number} 已用于{name}的事项，与本行申请人不符",
    "legacy.imported": "自旧台账导入",
    "legacy.matter_note": "导入旧台账 {file}（原编号 {original}）",
    "legacy.update_note": "按旧台账 {file} 更新进度",
    "legacy.created_numbers": "新事项编号：{pairs}",
    "legacy.flag_help": "按乡镇自有台账格式导入（销号台账：原编号、村组住址、回访情况等；不加时自动识别）",
}
