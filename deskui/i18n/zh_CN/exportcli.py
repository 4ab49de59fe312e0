"""Messages ``exportcli.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "exportcli.help": "导出报表（Excel）：台账、统计表、值班表、受理卡、督办单、明白卡、民情档案等",
    "exportcli.form_metavar": "报表",
    "exportcli.out_metavar": "文件",
    "exportcli.out_help": "输出的 .xlsx 文件（默认：导出文件夹中的“报表_镇_期间[_村]”）",
    "exportcli.open_help": "导出后用系统的表格程序打开",
    "exportcli.print_help": "导出后用 LibreOffice 打印到默认打印机",
}
