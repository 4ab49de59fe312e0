"""Messages ``village.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "village.name_taken": "已有名为“{name}”的村",
    "village.name_archived": "“{name}”是已合并（撤销）的村名，不能再用",
    "village.name_alias": "“{name}”是{village}的曾用名，不能给别的村用",
    "village.bad_groups": "村民小组数应在 1 到 99 之间（填的是“{value}”）",
    "village.same_name": "新村名与原村名相同：{name}",
    "village.groups_in_use": "{village}还有农户或事项在第 {used} 组，不能把小组数改成 {count}",
    "village.rename_note": "村更名：{old} → {new}",
    "village.merge_self": "不能把{name}合并到它自己",
    "village.merge_note": "合并村：{old} 并入 {new}",
    # CLI
    "village.help": "本镇各村：新增、列出、更名、合并、设置组数与隔周服务",
    "village.command_metavar": "操作",
    "village.add_help": "新增一个村",
    "village.list_help": "列出各村（含曾用名）",
    "village.rename_help": "村更名（原名保留为曾用名，旧台账照样能导入）",
    "village.merge_help": "合并村 / 村改居：把一个村的全部记录并入另一个村",
    "village.set_help": "设置村民小组数、是否偏远（隔周服务）",
    "village.name_help": "村名",
    "village.new_name_help": "新村名",
    "village.into_help": "并入哪个村",
    "village.groups_help": "村民小组数",
    "village.remote_help": "位置偏远、隔周服务：是 / 否",
    "village.anchor_help": "隔周服务的起始服务日（默认下一个服务日）",
    "village.keep_groups_help": "合并后保留原组号（默认原村的组号接在目标村之后）",
    "village.added": "已新增 {name}（{groups} 个组）",
    "village.renamed": "{old} 已更名为 {new}（原名仍可查到）",
    "village.merged": (
        "{old} 已并入 {new}：农户 {households} 户（改户编号 {renumbered} 户）、接访 {visits} 人次、"
        "事项 {matters} 件、值班日 {days} 个（同日重复留在原村 {kept} 个）、团队成员 {members} 人；"
        "原第 N 组现为第 N+{offset} 组"
    ),
    "village.set_done": "{name}：{groups} 个组，{cadence}",
    "village.weekly": "每周服务",
    "village.biweekly": "隔周服务（偏远）",
    "village.nothing_to_set": "没有要设置的内容",
    "village.col_name": "村名",
    "village.col_groups": "组数",
    "village.col_cadence": "服务",
    "village.col_aliases": "曾用名",
    "village.col_households": "户数",
    "village.title": "本镇各村（{count} 个）",
}
