"""Messages ``contact.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "contact.form.sheet": "明白卡",
    "contact.form.title": "{town}便民服务明白卡",
    "contact.form.name": "姓名",
    "contact.form.post": "职务",
    "contact.form.villages": "包联村",
    "contact.form.phone": "联系电话",
    "contact.form.service": "服务日时间地点",
    "contact.form.duties": "工作职责",
    "contact.form.steps": "办事流程",
    "contact.form.promise": "服务承诺",
    "contact.form.phones": "便民/监督电话",
    "contact.form.default_duties": "政策宣传、代办服务、民情收集、矛盾调处",
    "contact.form.steps_text": "接洽→登记→办理→反馈→回访",
    "contact.form.promise_text": "一般事项1个工作日内办结，需镇研究事项3个工作日内办结，超出职权事项按约定时限办结并及时反馈",
    "contact.form.phones_text": "镇便民服务电话：{service}\n监督电话：{supervision}",
    "contact.form.empty": "本镇尚未设置驻村团队",
    "contact.export.help": "导出便民服务明白卡（每页六张）",
}
