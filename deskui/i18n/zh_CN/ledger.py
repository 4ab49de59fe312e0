"""Messages ``ledger.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "ledger.title": "{town}{village}驻村服务日群众诉求办理销号台账（{year}年{month}月）",
    "ledger.town_sheet": "全镇",
    "ledger.col.seq": "序号",
    "ledger.col.number": "编号",
    "ledger.col.accepted": "登记日期",
    "ledger.col.origin": "来源",
    "ledger.col.name": "姓名",
    "ledger.col.address": "村组住址",
    "ledger.col.phone": "联系电话",
    "ledger.col.content": "反映问题",
    "ledger.col.category": "问题类别",
    "ledger.col.level": "办理层级",
    "ledger.col.first": "首办责任人",
    "ledger.col.leader": "责任领导",
    "ledger.col.due": "办结时限",
    "ledger.col.progress": "办理情况",
    "ledger.col.finished": "办结日期",
    "ledger.col.overdue": "是否超期",
    "ledger.col.return_visit": "回访情况",
    "ledger.col.satisfaction": "群众满意度",
    "ledger.col.sign": "申办人签字",
    "ledger.col.closed": "销号日期",
    "ledger.col.note": "备注",
    "ledger.col.village": "村",
    "ledger.mark.overdue": "▲超期",
    "ledger.mark.due_today": "●今日到期",
    "ledger.mark.late": "超时办结",
    "ledger.original": "原编号 {number}",
    "ledger.legend": (
        "是否超期：▲超期 = 未办结且已过办结时限（该行加粗）；●今日到期 = 未办结、"
        "办结时限为统计截止日 {as_of}；超时办结 = 已办结但晚于办结时限；否 = 未超期。"
        "责任领导空缺的事项按驻村团队组长填写。"
    ),
    "ledger.no": "否",
    "ledger.carried": "上月结转",
    "ledger.transferred": "转{unit}办理",
    "ledger.visited": "{date} {who}回访",
    "ledger.subtitle": "本表含：本月受理的事项、以前月份结转未销号的事项、本月销号的事项；当场答复的不列入。统计截止：{as_of}。",
}
