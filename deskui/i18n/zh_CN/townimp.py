"""Messages ``townimp.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "townimp.sheet": "工作表“{name}”：{rows} 行，未导入 {refused} 行",
    "townimp.dry_run": "试导入（未写入）：新增 {new}，更新 {changed}，无变化 {unchanged}，不能导入 {refused}",
    "townimp.done": "已导入：新增 {new}，更新 {changed}，无变化 {unchanged}，不能导入 {refused}",
    "townimp.warning": "注意：{text}",
    "townimp.refusal": "{sheet} 第 {row} 行「{column}」“{value}”：{reason}",
    "townimp.rejects_saved": "不能导入的行及原因已存到：{path}",
    "townimp.no_header": "文件 {path} 中没有找到表头（需要有“{needed}”列）",
    "townimp.empty_name": "没有姓名",
    "townimp.bad_yes_no": "“{value}”不是“是”或“否”（可填 是、否、√、× 或留空）",
    "townimp.repeated": "与第 {row} 行重复",
    "townimp.unknown_village": "本镇没有这个村",
    "townimp.same_name_new": "{name}与已有的同名干部单位、电话都不同，作为另一位干部新增",
}
