"""Write the sample workbooks a new town can import on day one (README
"第一天：从零开始"): a 干部名册 and a legacy matter ledger kept the way a
township keeps it by hand (FORMS.md §1: a merged title, the town's own
numbers 县河〔2025〕N号, dates typed several ways, footer signature lines,
one sheet a month). They fit the town the README creates: 县河镇 with
桃园村 (6 groups), 李家湾村 (4) and 石门村 (5).

    uv run python assets/make_samples.py

The .xlsx files are committed; this script says how they were made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

HERE = Path(__file__).parent
D = dt.date

OFFICIALS = [
    ("刘建华", "党委书记", "镇党委", "13991500001", "桃园村"),
    ("李志强", "镇长", "镇政府", "13991500002", "李家湾村"),
    ("陈干事", "民政干事", "民政办", "13991500003", "桃园村"),
    ("王芳", "副镇长", "镇政府", "0915-3210012", "石门村"),
    ("张伟", "干事", "党政办", "13991500005", ""),
    ("张伟", "站长", "农业服务中心", "13991500006", "李家湾村"),
]

LEDGER_HEADERS = [
    "序号", "编号", "登记日期", "来源", "姓名", "村组住址", "联系电话", "反映问题（申办事项）",
    "问题类别", "办理层级", "首办责任人", "责任领导", "办结时限", "办理情况", "办结日期",
    "是否超期", "回访情况", "群众满意度", "申办人签字", "销号日期", "备注",
]  # fmt: skip

# 编号, 登记日期, 来源, 姓名, 村组住址, 电话, 反映问题, 类别, 层级, 首办, 领导, 时限,
# 办理情况, 办结日期, 是否超期, 回访情况, 满意度, 销号日期
MARCH = [
    ("县河〔2025〕1号", D(2025, 3, 4), "来访", "王建国", "桃园村1组", "13912345678",
     "申请低保", "民政救助", "一般性事务", "陈干事", "刘建华", "1个工作日",
     "已上报民政办审核通过", D(2025, 3, 5), "否", "3月8日电话回访，群众满意", "满意", D(2025, 3, 10)),
    ("县河〔2025〕2号", "2025年3月4日", "入户走访", "曾国藩", "桃园村2组", "0915-3212345",
     "2组通组道路塌方，请求修复", "基础设施", "需镇研究办理", "刘建华", "刘建华", "3个工作日",
     "镇里安排施工队修复", "2025年3月7日", "否", "3月12日上门回访", "基本满意", "2025.3.14"),
    ("县河〔2025〕3号", "2025.3.11", "来访", "张三", "石门村3组", "13900001234",
     "代办残疾证", "证照代办", "一般性事务", "王芳", "王芳", "1个工作日",
     "材料已送县残联", "2025.3.13", "是", "3月14日电话回访，嫌办得慢", "不满意", ""),
    ("", "20250318", "电话", "李四", "李家湾村2组", "13800002222",
     "危房改造申请", "土地林权与宅基地", "需镇研究办理", "李志强", "李志强", "3个工作日",
     "已报镇政府研究", "", "", "", "", ""),
    ("县河〔2025〕5号", D(2025, 3, 25), "来访", "赵老汉", "石门村5组", "",
     "河堤加固，需县水利局立项", "基础设施", "超出镇职权", "周建军", "王芳", D(2025, 4, 30),
     "已向县水利局报送", "", "", "", "", ""),
    ("县河〔2025〕6号", D(2025, 3, 25), "来访", "孙桂兰", "李家湾村4组", "13700003333",
     "医保缴费咨询并代缴", "民政救助", "一般性事务", "李志强", "李志强", "1个工作日",
     "已代缴", D(2025, 3, 26), "否", "2025年3月28日回访 满意", "满意", D(2025, 3, 28)),
]  # fmt: skip

APRIL = [
    # carried over from March, with their progress brought up to date
    ("县河〔2025〕3号", "2025.3.11", "来访", "张三", "石门村3组", "13900001234",
     "代办残疾证", "证照代办", "一般性事务", "王芳", "王芳", "1个工作日",
     "材料已送县残联", "2025.3.13", "是", "3月14日电话回访，嫌办得慢", "不满意", ""),
    ("", "20250318", "电话", "李四", "李家湾村2组", "13800002222",
     "危房改造申请", "土地林权与宅基地", "需镇研究办理", "李志强", "李志强", "3个工作日",
     "镇政府研究同意，已拨付补助", D(2025, 4, 3), "是", "4月7日上门回访", "满意", D(2025, 4, 8)),
    ("县河〔2025〕5号", D(2025, 3, 25), "来访", "赵老汉", "石门村5组", "",
     "河堤加固，需县水利局立项", "基础设施", "超出镇职权", "周建军", "王芳", D(2025, 4, 30),
     "县水利局已立项，汛前施工", "", "", "", "", ""),
    # new in April
    ("县河〔2025〕7号", D(2025, 4, 1), "来访", "周秀英", "桃园村3组", "13600004444",
     "新生儿落户代办", "证照代办", "一般性事务", "陈干事", "刘建华", "1个工作日",
     "已办好户口", D(2025, 4, 2), "否", "4月3日电话回访", "满意", D(2025, 4, 3)),
    ("县河〔2025〕8号", "2025年4月8日", "入户走访", "吴德明", "石门村1组", "",
     "邻里宅基地界址纠纷", "矛盾纠纷", "需镇研究办理", "王芳", "王芳", "3个工作日",
     "司法所已介入调解", "", "", "", "", ""),
    ("县河〔2025〕9号", "2025/4/29", "来访", "郑大山", "李家湾村1组", "13500005555",
     "产业补贴申报", "生产发展", "一般性事务", "张伟（农业服务中心）", "李志强", "1个工作日",
     "已代为申报", "2025-04-30", "否", "", "", ""),
]  # fmt: skip

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def officials_roll(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "干部名册"
    ws.append(["县河镇干部名册（2025年）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    ws.append(["序号", "姓名", "职务", "单位/科室", "联系电话", "包联村"])
    for i, row in enumerate(OFFICIALS, start=1):
        ws.append([i, *row])
    ws.append([])
    ws.append(["填表人：张伟", None, "审核人：刘建华", None, "填报日期：2025年3月1日"])
    for col, width in zip("ABCDEF", (6, 10, 12, 14, 15, 18), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


def legacy_ledger(path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for title, month, rows in (("2025年3月", 3, MARCH), ("2025年4月", 4, APRIL)):
        ws = wb.create_sheet(title)
        ws.append([f"县河镇驻村服务日群众诉求办理销号台账（2025年{month}月）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(LEDGER_HEADERS))
        ws["A1"].font = Font(name="宋体", size=16, bold=True)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append(LEDGER_HEADERS)
        for i, r in enumerate(rows, start=1):
            (number, day, source, name, place, phone, content, category, level, first, leader,
             due, progress, done, late, visit, satisfaction, closed) = r  # fmt: skip
            ws.append([i, number, day, source, name, place, phone, content, category, level,
                       first, leader, due, progress, done, late, visit, satisfaction, None,
                       closed, None])  # fmt: skip
        for line in ws.iter_rows(min_row=2, max_row=ws.max_row):
            for cell in line:
                cell.border = BOX
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        ws.append([])
        ws.append(["填表人：陈干事", None, None, None, "审核人：刘建华", None, None, None,
                   f"填报日期：2025年{month}月30日"])  # fmt: skip
    wb.save(path)


def main() -> None:
    officials_roll(HERE / "sample-officials.xlsx")
    legacy_ledger(HERE / "sample-legacy-ledger.xlsx")
    print(HERE / "sample-officials.xlsx", HERE / "sample-legacy-ledger.xlsx")


if __name__ == "__main__":
    main()
