"""民情档案 on screen, second part: importing a roll, a new household, and
handing liaison households over."""

MESSAGES: dict[str, str] = {
    # keys
    "archive.tui2.key.import": "导入花名册",
    "archive.tui2.key.new": "新建农户",
    "archive.tui2.key.reassign": "包联户移交",
    "archive.tui2.key.run": "开始",
    "archive.tui2.key.close": "关闭",
    "archive.tui2.cmd.import_help": "从 Excel（.xlsx）或 .csv 花名册导入农户和成员，可先仅检查不写入（仅管理员）",
    "archive.tui2.cmd.new_help": "登记一户新农户和户主",
    # import
    "archive.tui2.import_title": "导入花名册",
    "archive.tui2.import_path": "花名册文件（.xlsx 或 .csv）",
    "archive.tui2.import_path_hint": "填写完整路径，例如 /home/desk/花名册.xlsx；格式见 assets/sample-roll.xlsx",
    "archive.tui2.import_dry": "仅检查（dry run），不写入数据库",
    "archive.tui2.import_keys": "Enter 或 Ctrl+S 开始 · Esc 关闭",
    "archive.tui2.import_path_empty": "请填写花名册文件的路径",
    "archive.tui2.import_working": "正在检查和导入，请稍候……",
    "archive.tui2.import_no_rejects": "没有退回的行。",
    "archive.tui2.import_warnings": "提示：{text}",
    "archive.tui2.import_notify": "花名册导入完毕：新增 {new_h} 户，退回 {bad} 行",
    # new household
    "archive.tui2.new_title": "新建农户（一户一档）",
    "archive.tui2.head_name": "户主姓名",
    "archive.tui2.village": "村",
    "archive.tui2.village_required": "请选择村",
    "archive.tui2.code_hint": "本村内唯一，例如 TY001",
    "archive.tui2.sex_hint": "填了身份证号可不填，由身份证号得出",
    "archive.tui2.birth_hint": "例如 1965-03-15；填了身份证号可不填",
    "archive.tui2.created": "已建档：{village} {code}户 户主 {head}",
    # reassign
    "archive.tui2.reassign_title": "包联户移交（干部调离时）",
    "archive.tui2.from_official": "移出干部",
    "archive.tui2.to_official": "接收干部",
    "archive.tui2.left": "（已停用）",
    "archive.tui2.reassign_count": "{name} 现包联 {n} 户，将全部移交。",
    "archive.tui2.reassign_none": "{name} 没有包联户，无需移交。",
    "archive.tui2.reassign_pick": "请选择移出和接收的干部。",
    "archive.tui2.reassign_confirm": "确认把 {from_} 的 {n} 户包联户全部移交给 {to}？"
    "再按 Ctrl+S 或按“确认移交”执行，Esc 取消。",
    "archive.tui2.reassign_button": "确认移交",
    "archive.tui2.reassign_keys": "Tab 下一项 · Ctrl+S 移交 · Esc 取消",
    "archive.tui2.reassign_done": "已把 {n} 户从 {from_} 移交给 {to}",
}
