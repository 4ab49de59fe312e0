"""Messages ``export.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "export.page_footer": "第 &P 页 共 &N 页",
    "export.paper_footer": "第 &P 张 共 &N 张",
    "export.paper_footer_no_total": "第 &P 张",
    "export.signatures": "填表人：                    审核人：                    填报日期：{date}",
    "export.cut": "……（超长，已截断）",
    "export.not_xlsx": "导出文件 {path} 的扩展名应为 .xlsx",
    "export.no_folder": "文件夹 {folder} 不存在，请先创建或换一个文件夹",
    "export.read_only_folder": "文件夹 {folder} 不可写，请换一个文件夹",
    "export.locked": "文件 {path} 正被占用（可能已在 Excel 或 WPS 中打开），请先关闭它再导出",
    "export.cannot_write": "无法写入 {path}：{error}",
    "export.saved": "已导出：{path}",
}
