"""Messages ``cli.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "cli.description": "deskui —— 驻村服务日工作台：接访队列、民情档案、代办事项、值班表与月度台账。\n不带子命令时打开全屏工作台。",
    "cli.epilog": "示例：\n  deskui --demo              在演示数据库上打开工作台\n  deskui demo --out town.db  生成演示数据库\n  deskui --db town.db check  检查数据库完整性\n环境变量：DESKUI_DB（数据库路径或 postgresql:// 地址）、DESKUI_TODAY（固定“今天”，YYYY-MM-DD）、DESKUI_PASSWORD（--operator 的密码，供脚本使用）",
    "cli.db_metavar": "路径或地址",
    "cli.db_help": "数据库文件路径或 postgresql:// 地址（默认：用户数据目录下的 deskui.db，或环境变量 DESKUI_DB）",
    "cli.demo_help": "使用演示数据库（首次使用时自动生成）",
    "cli.operator_metavar": "用户名",
    "cli.operator_help": "以该操作员身份执行，需输入其密码或 PIN（管理员把本系统账户对应到该操作员时不需要）",
    "cli.password_stdin_help": "从标准输入的第一行读取 --operator 的密码（其余各行留给子命令）",
    "cli.prompt_sign_in": "操作员 {name} 的密码：",
    "cli.password_needed": "需要操作员 {name} 的密码：请在终端中运行以输入，或用 --password-stdin 或环境变量 DESKUI_PASSWORD 提供",
    "cli.command_metavar": "子命令",
    "cli.commands_title": "子命令",
    "cli.error_prefix": "错误：",
    "cli.json_help": "以 JSON 格式输出",
    "cli.date_help": "日期 YYYY-MM-DD（默认今天）",
}
