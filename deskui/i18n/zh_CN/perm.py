"""Messages ``perm.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "perm.queue": "登记接访",
    "perm.view_archive": "查看民情档案",
    "perm.edit_archive": "修改民情档案",
    "perm.see_full_id": "查看完整身份证号",
    "perm.log_contact": "记录走访联系",
    "perm.handle_matter": "办理代办事项",
    "perm.supervise": "督办",
    "perm.edit_roster": "编排值班表",
    "perm.sign_in": "值班签到",
    "perm.view_audit": "查看操作日志",
    "perm.export": "导出报表",
    "perm.import": "导入数据",
    "perm.admin": "进行系统管理",
}
