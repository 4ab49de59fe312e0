"""Messages ``imp.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "imp.unreadable_xlsx": "无法读取文件 {path}：它不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名",
    "imp.unreadable_csv": "无法读取文件 {path}：它不是有效的 CSV 表格",
    "imp.bad_encoding": "文件 {path} 的编码无法识别，请在 Excel 中另存为 .xlsx 或 UTF-8 / GBK 编码的 CSV",
    "imp.duplicate_column": "表头中“{column}”列出现了不止一次（第 {columns} 列），无法确定用哪一列，请删去多余的列",
    "imp.not_found": "无法读取文件 {path}：找不到这个文件",
    "imp.bad_type": "只能导入 .xlsx 或 .csv 文件：{path}",
}
