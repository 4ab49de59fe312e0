"""Messages ``supcli.*`` (zh_CN): ``deskui supervision …``."""

MESSAGES: dict[str, str] = {
    "supcli.help": "联席会议督办：交办督办单",
    "supcli.command_metavar": "操作",
    "supcli.issue_help": "为联席会议的议题交办督办单（记入每件事项的督办步骤；不指定 --matter 时交办全部尚未交办的议题）",
    "supcli.arg_meeting": "会议日期，如 2026-11-30",
    "supcli.meeting_label": "会议日期",
    "supcli.arg_matter": "只交办这件事项（事项编号，可重复）",
    "supcli.arg_requirements": "办理要求（默认：请按时限办结，并将办理情况报党政办）",
    "supcli.issued": "{day} 联席会议交办督办单 {n} 份：",
    "supcli.line": "  {order}  事项 {matter}  {unit}  {responsible}  限 {deadline} 前办结",
    "supcli.nothing": "{day} 联席会议没有尚未交办的议题（议题 {items} 件，已交办 {ordered} 件）",
    "supcli.export_hint": "导出：deskui export supervision --date {day}",
}
