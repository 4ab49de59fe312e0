"""Messages ``ledgercli.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "ledgercli.help": "服务群众销号台账（每村一张表，另有全镇表）",
    "ledgercli.village_help": "只导出这个村",
}
