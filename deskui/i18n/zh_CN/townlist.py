"""Messages ``townlist.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "townlist.f_dept": "承办单位",
    "townlist.f_category": "问题类别",
    "townlist.f_liaison": "联络员",
    "townlist.dept_exists": "承办单位“{name}”已在名单上",
    "townlist.unknown_dept": "名单上没有承办单位“{name}”。现有：{known}",
    "townlist.category_exists": "问题类别“{name}”已在名单上",
    "townlist.unknown_category": "名单上没有问题类别“{name}”。现有：{known}",
    "townlist.nothing_to_set": "没有要设置的电话",
    # CLI
    "townlist.dept_help": "承办单位名单（事项可转办到这些单位）：新增、列出、移除",
    "townlist.category_help": "问题类别名单：新增、列出、移除",
    "townlist.command_metavar": "操作",
    "townlist.add_help": "新增",
    "townlist.list_help": "列出",
    "townlist.remove_help": "移出名单（已有事项保留原值）",
    "townlist.name_help": "名称",
    "townlist.phone_help": "联系电话",
    "townlist.phones_help": "印在表格上的电话：镇便民服务电话、监督电话、值班表联络员",
    "townlist.service_help": "镇便民服务电话",
    "townlist.supervision_help": "监督电话",
    "townlist.liaison_help": "值班表联络员姓名",
    "townlist.liaison_phone_help": "联络员电话",
    "townlist.added": "已加入名单：{name}",
    "townlist.removed": "已移出名单：{name}",
    "townlist.phones_set": (
        "便民服务电话 {service} · 监督电话 {supervision} · 联络员 {liaison} {liaison_phone}"
    ),
    "townlist.col_name": "名称",
    "townlist.col_phone": "电话",
    "townlist.col_matters": "事项数",
    "townlist.dept_title": "承办单位（{count} 个）",
    "townlist.category_title": "问题类别（{count} 个）",
}
