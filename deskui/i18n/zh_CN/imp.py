"""Messages ``imp.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "imp.lost_digits": "这一格是数字格式（{value}），Excel 只保留 15 位数字，后几位已经丢失（身份证号常见）：请把这一列设为“文本”后重新录入",
    "imp.uncomputed_formula": "这一格是公式（{formula}），文件里没有保存计算结果：请在 Excel 或 WPS 中打开后保存一次，或改为直接填写",
    "imp.cell_problem": "{column}：{problem}",
    "imp.unreadable_xlsx": "无法读取文件 {path}：它不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名",
    "imp.csv_cell_too_long": "无法读取文件 {path}：第 {line} 行附近有一个单元格超过 {limit} 个字，不像登记内容（是否多了一个引号？），没有导入任何内容",
    "imp.unreadable_csv": "无法读取文件 {path}：它不是有效的 CSV 表格",
    "imp.bad_encoding": "文件 {path} 的编码无法识别，请在 Excel 中另存为 .xlsx 或 UTF-8 / GBK 编码的 CSV",
    "imp.duplicate_column": "表头中“{column}”列出现了不止一次（第 {columns} 列），无法确定用哪一列，请删去多余的列",
    "imp.not_found": "无法读取文件 {path}：找不到这个文件",
    "imp.bad_type": "只能导入 .xlsx 或 .csv 文件：{path}",
}
