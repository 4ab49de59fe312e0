"""Messages ``level.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "level.village": "一般性事务",
    "level.town": "需镇研究办理",
    "level.county": "超出镇职权",
    "level.bad": "办理层级“{text}”不对，应为：{known}",
}
