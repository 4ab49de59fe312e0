"""Messages ``files.*`` (zh_CN): the form part of every export's file name."""

MESSAGES: dict[str, str] = {
    "files.ledger": "销号台账",
    "files.stats": "工作月统计表",
    "files.roster": "值班表",
    "files.roster_list": "值班安排表",
    "files.notices": "服务日公告",
    "files.visits": "接待登记簿",
    "files.matters": "代办事项台账",
    "files.contacts": "包联户联系情况表",
    "files.roll": "农户花名册",
    "files.blocks": "一户一档",
    "files.contact_cards": "便民服务明白卡",
    "files.cards": "受理卡",
    "files.supervision": "督办单",
    "files.cannot_launch": "无法启动 {program}：{error}",
    "files.opened": "已用系统程序打开：{path}",
    "files.printed": "已发送到默认打印机：{path}",
    "files.no_soffice": "未安装 LibreOffice（soffice），无法直接打印；请打开文件后打印",
}
