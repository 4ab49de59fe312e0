"""Messages ``auth.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "auth.denied": "当前操作员角色（{role}）无权{action}",
    "auth.field_username": "用户名",
    "auth.field_display_name": "显示名",
    "auth.bad_role": "角色“{value}”无效，可选：{roles}",
    "auth.bad_username": "用户名应为 2 到 30 个字符，只能用汉字、英文字母、数字和 _ . -",
    "auth.unknown_operator": "没有用户名为“{name}”的操作员",
    "auth.disabled_operator": "操作员“{name}”已停用",
    "auth.first_must_be_admin": "第一个操作员必须是管理员",
    "auth.duplicate_username": "用户名“{name}”已被使用",
    "auth.last_admin": "不能停用最后一个管理员：请先添加或启用另一个管理员",
    "auth.old_password_required": "修改自己的密码需要先输入原密码",
    "auth.old_password_wrong": "原密码不正确",
    "auth.note_password": "修改密码",
    "auth.bad_login": "用户名或密码不正确，或该操作员已停用",
    "auth.choose_operator": "请用 --operator 指定操作员并输入其密码（可选：{names}）",
    "auth.sign_in_required": "此操作需要先登录：请用 --operator 指定操作员",
    "auth.field_os_user": "系统账户",
    "auth.note_os_user": "系统账户 {os_user} 的命令行操作员",
    "auth.no_admin": "数据库中没有可用的管理员",
}
