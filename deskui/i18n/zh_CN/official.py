"""Messages ``official.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "official.f_name": "姓名",
    "official.f_post": "职务",
    "official.f_unit": "单位/科室",
    "official.f_duties": "工作职责",
    "official.unknown_field": "干部没有这些字段：{names}",
    "official.bad_name": "姓名“{name}”里不能有括号或斜杠（括号用来注明同名干部的单位）",
    "official.bad_kind": "干部类别“{value}”不对，应为：{known}",
    "official.no_town": "还没有建镇，请先建镇",
    "official.duplicate": (
        "已有同名干部“{name}”（单位：{unit}，电话：{phone}）。同名干部须以单位或电话区分"
    ),
    "official.already_left": "{name}已于 {on} 离岗",
    "official.not_open_matter": "这些编号不是{name}未办结的事项：{numbers}",
    "official.open_matters": (
        "{name}还有 {count} 件未办结事项：{matters}。"
        "请为每件指定新的主办人（--handler 编号=干部），或保留原样（--keep-open，首办责任人不变）"
    ),
    "official.self_handler": "不能把事项交给离岗的{name}本人",
    "official.leave_note": "{name}离岗，事项改由他人主办",
    "official.leave_audit": "离岗",
    "official.import_note": "导入干部名册 {file}",
    "official.handover_event": "原主办人{old}离岗，改由{new}主办（首办责任人不变）",
    # CLI
    "official.help": "镇干部名单：新增、列出、修改、离岗、导入干部名册",
    "official.command_metavar": "操作",
    "official.add_help": "新增一名干部",
    "official.list_help": "列出干部（默认只列在岗的）",
    "official.edit_help": "修改干部信息",
    "official.leave_help": "干部离岗（不删除：名下事项、值班、签到、包联户都保留）",
    "official.import_help": "导入干部名册（姓名、职务、单位、电话、包联村）",
    "official.name_help": "干部姓名；同名时加注单位或电话，如“张伟（党政办）”",
    "official.post_help": "职务",
    "official.unit_help": "单位/科室",
    "official.phone_help": "工作电话",
    "official.no_villages_help": "不参加包村（不进驻村团队）",
    "official.serves_help": "是否包村：是 / 否",
    "official.leader_help": "班子成员：是 / 否",
    "official.kind_help": "类别：镇干部、村两委、大学生村官、法律顾问、志愿者",
    "official.new_name_help": "新姓名",
    "official.dry_run_help": "只检查、不写入：报告新增、更新、无变化、不能导入各多少",
    "official.all_help": "也列出已离岗的",
    "official.date_help": "离岗日期（默认今天）",
    "official.handler_help": "未办结事项的新主办人：编号=干部（可多次）",
    "official.keep_open_help": "未办结事项保持原样（首办责任人不变）",
    "official.bad_handler": "“{value}”应写成 编号=干部，如 XH2026-0001=李四",
    "official.bad_bool": "“{value}”应为 是 或 否",
    "official.added": "已新增干部 {label}",
    "official.edited": "已修改干部 {label}",
    "official.nothing_to_edit": "没有要修改的内容",
    "official.left": (
        "{label} 已于 {on} 离岗：改派事项 {reassigned} 件，保持原样 {kept} 件，"
        "退出驻村团队 {teams} 个，包联户 {households} 户待改派"
    ),
    "official.reassign_hint": "包联户待改派：在民情档案按 Ctrl+U 再按 R，把该干部的包联户交给他人",
    "official.col_name": "姓名",
    "official.col_post": "职务",
    "official.col_unit": "单位/科室",
    "official.col_phone": "电话",
    "official.col_serves": "包村",
    "official.col_state": "状态",
    "official.in_post": "在岗",
    "official.left_on": "{on} 离岗",
    "official.yes": "是",
    "official.no": "否",
    "official.title": "干部名单（{count} 人）",
}
