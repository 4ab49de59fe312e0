"""Messages ``towncli.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "towncli.help": "本镇：建镇（第一次使用）、查看、便民服务电话与监督电话",
    "towncli.command_metavar": "操作",
    "towncli.setup_help": "建镇：镇名和各村（第一次使用时）",
    "towncli.name_help": "镇名，如 县河镇",
    "towncli.village_help": "一个村及其村民小组数，如 桃园村:6（可多次）",
    "towncli.code_help": "镇代码（事项编号的前缀，如 XH）",
    "towncli.county_help": "所属县（区）",
    "towncli.show_help": "查看本镇信息",
    "towncli.bad_village": "“{value}”应写成 村名:组数，如 桃园村:6",
    "towncli.exists": "本数据库已经建过镇了",
    "towncli.created": "已建镇：{name}，{count} 个村",
    "towncli.none": "还没有建镇，请先运行 deskui town setup",
    "towncli.info": "{name}（代码 {code}）· 便民服务电话 {service} · 监督电话 {supervision}",
}
