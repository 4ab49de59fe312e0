"""Importing a town's own, hand-kept matter ledger (FORMS.md §1 and its
variants): every sheet, 原编号 kept and findable, progress brought up to
date by later sheets and files, the same file twice changes nothing,
refusals name sheet, row, column, value and reason."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from deskui.domain.errors import ValidationError
from deskui.services.figures.month import month_figures
from deskui.services.matters import cards
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.legacy_import import import_legacy_ledger, looks_legacy
from deskui.services.matters.lists import MatterFilter, list_matters_page
from deskui.services.town import official_roll
from deskui.services.town import officials as off
from deskui.store.models import AuditLog, Matter, Official

D = dt.date
ASSETS = Path(__file__).parents[2] / "assets"
SAMPLE = ASSETS / "sample-legacy-ledger.xlsx"


@pytest.fixture
def lctx(town_ctx: Any) -> Any:
    official_roll.import_officials(town_ctx, ASSETS / "sample-officials.xlsx")
    return town_ctx


def test_the_sample_ledger_imports_cleanly_both_sheets(lctx: Any, tmp_path: Path) -> None:
    assert looks_legacy(SAMPLE)
    dry = import_legacy_ledger(lctx, SAMPLE, dry_run=True).summary
    assert [(s.name, s.rows) for s in dry.sheets] == [("2025年3月", 6), ("2025年4月", 6)]
    # March: 6 new; April: 3 carried over (3号 unchanged, 4 and 5 progressed), 3 new
    assert (dry.new, dry.changed, dry.unchanged, dry.refused) == (9, 2, 1, [])
    assert Matter.select().count() == 0
    done = import_legacy_ledger(lctx, SAMPLE)
    assert done.summary.refused == [] and len(done.numbers) == 9
    assert any("周建军" in w for w in done.summary.warnings)
    zhou = Official.get(Official.name == "周建军")
    assert zhou.archived  # not on the list: created as having left
    assert "周建军" not in [r.name for r in off.list_officials(lctx)]

    one = get_matter(lctx, "县河〔2025〕1号")  # findable by the town's own number
    assert one.original_number == "县河〔2025〕1号" and one.number.startswith("XH2025-")
    assert (one.state, one.return_visit_on, one.satisfaction) == ("已销号", D(2025, 3, 8), "满意")
    assert one.feedback == "3月8日电话回访，群众满意"
    assert one.origin == "服务日接待" and one.level == "村" and one.group_no == 1
    two = get_matter(lctx, "县河〔2025〕2号")
    assert (two.accepted_on, two.due_on, two.closed_on) == (D(2025, 3, 4), D(2025, 3, 7),
                                                            D(2025, 3, 14))  # fmt: skip
    assert two.origin == "入户走访" and two.level == "镇"
    blank = Matter.get(Matter.applicant == "李四")  # no number in the ledger: a deskui one
    card = get_matter(lctx, blank.number)
    assert card.original_number == "" and card.state == "已销号"
    assert [(e.kind, e.on) for e in card.events] == [
        ("受理", D(2025, 3, 18)), ("进展", D(2025, 3, 31)), ("办结", D(2025, 4, 3)),
        ("回访", D(2025, 4, 7)), ("销号", D(2025, 4, 8)),
    ]  # fmt: skip
    assert card.due_on == D(2025, 3, 21)  # 3 working days from Tuesday 03-18
    five = get_matter(lctx, "县河〔2025〕5号")
    assert five.level == "县" and five.due_on == D(2025, 4, 30) and five.state == "办理中"
    assert five.progress == "县水利局已立项，汛前施工"
    assert five.first_receiver == "周建军"
    nine = get_matter(lctx, "县河〔2025〕9号")
    assert nine.first_receiver == "张伟" and nine.finished_on == D(2025, 4, 30)
    found = list_matters_page(lctx, MatterFilter(state="全部", number="〔2025〕8"))
    assert [r.applicant for r in found] == ["吴德明"]

    before = (AuditLog.select().count(), Matter.select().count())
    again = import_legacy_ledger(lctx, SAMPLE).summary
    assert (again.new, again.changed, again.unchanged, again.refused) == (0, 0, 12, [])
    assert (AuditLog.select().count(), Matter.select().count()) == before


def test_month_figures_equal_the_sheet_counted_by_hand(lctx: Any) -> None:
    import_legacy_ledger(lctx, SAMPLE)
    march = month_figures(lctx, "2025-03", D(2025, 3, 31)).villages
    c = [f.counts for f in march]
    total = {k: sum(getattr(x, k) for x in c) for k in (
        "accepted", "done", "on_time", "late", "open", "overdue_open", "return_visits",
        "satisfied", "fairly_satisfied", "unsatisfied")}  # fmt: skip
    # The 2025年3月 sheet by hand: 6 rows accepted; done by 03-31: 1号 (03-05, due 03-05),
    # 2号 (03-07, due 03-07), 6号 (03-26, due 03-26) on time, 3号 (03-13, due 03-12) late;
    # open: the unnumbered 李四 row (due 03-21, overdue) and 5号 (promised 04-30);
    # return visits: 1号 满意, 2号 基本满意, 3号 不满意, 6号 满意.
    assert total == {"accepted": 6, "done": 4, "on_time": 3, "late": 1, "open": 2,
                     "overdue_open": 1, "return_visits": 4, "satisfied": 2, "fairly_satisfied": 1,
                     "unsatisfied": 1}  # fmt: skip


def _ledger(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


HEAD = ["编号", "受理日期", "受理方式", "申请人", "村", "组", "电话", "申办事项", "层级",
        "首办人", "承诺时限", "办理进度", "办结时间", "回访", "满意度", "销号时间"]  # fmt: skip


def test_variants_and_refusals(lctx: Any, tmp_path: Path) -> None:
    own = cards.open_matter(lctx, village="桃园村", name="甲", content="修路", level="村",
                            first_receiver="陈干事")  # fmt: skip
    rows = [
        ["某镇销号台账"],
        HEAD,
        ["A-1", "2025年3月4日", "来电", "王五", "桃园", "2组", "", "办低保", "村",
         "陈干事", "1个工作日", "已办", "2025.3.5", "2025年3月6日回访 基本满意", "", ""],
        ["A-2", 20250311, "入户", "赵六", "李家湾村", "", "", "修渠", "镇", "李志强",
         "3个工作日内", "", "", "", "", ""],
        ["A-3", "2025-03-11", "来访", "钱七", "无此村", "1", "", "问题", "村", "陈干事",
         "", "", "", "", "", ""],
        ["A-4", "2030-01-01", "来访", "孙八", "桃园村", "1", "", "问题", "村", "陈干事",
         "", "", "", "", "", ""],
        ["A-5", "2025-03-11", "来访", "周九", "桃园村", "1", "", "问题", "村", "张伟",
         "", "", "", "", "", ""],
        [own.number, "2025-03-11", "来访", "吴十", "桃园村", "1", "", "问题", "村", "陈干事",
         "", "", "", "", "", ""],
        ["A-7", "2025-03-11", "来访", "郑一", "桃园村", "1", "123", "问题", "村", "陈干事",
         "", "", "", "", "", ""],
        ["A-8", "2025-03-11", "来访", "冯二", "桃园村", "9", "", "问题", "村", "陈干事",
         "", "", "", "", "", ""],
        [],
        ["填表人：陈干事", None, "审核人：刘建华"],
    ]  # fmt: skip
    path = _ledger(tmp_path / "l.xlsx", {"三月": rows, "说明": [["本表说明"]]})
    s = import_legacy_ledger(lctx, path).summary
    assert (s.new, s.refused and len(s.refused)) == (2, 6)
    got = {(r.sheet, r.row, r.column, r.value) for r in s.refused}
    assert got == {
        ("三月", 5, "村", "无此村"), ("三月", 6, "受理日期", "2030-01-01"),
        ("三月", 7, "首办人", "张伟"), ("三月", 8, "编号", own.number),
        ("三月", 9, "电话", "123"), ("三月", 10, "组", "9"),
    }  # fmt: skip
    ambiguous = next(r for r in s.refused if r.column == "首办人")
    assert "党政办" in ambiguous.reason and "农业服务中心" in ambiguous.reason
    assert any("说明" in w for w in s.warnings)  # a sheet without a ledger header is named
    a1 = get_matter(lctx, "A-1")
    assert (a1.village, a1.group_no, a1.origin) == ("桃园村", 2, "电话")
    assert (a1.return_visit_on, a1.satisfaction) == (D(2025, 3, 6), "基本满意")
    a2 = get_matter(lctx, "A-2")
    assert (a2.origin, a2.level, a2.due_on, a2.state) == ("入户走访", "镇", D(2025, 3, 14), "待办")


def test_a_later_file_brings_progress_up_to_date(lctx: Any, tmp_path: Path) -> None:
    march = [HEAD, ["B-1", "2025-03-04", "来访", "王五", "桃园村", "1", "", "办低保", "村",
                    "陈干事", "", "已受理", "", "", "", ""]]  # fmt: skip
    april = [HEAD, ["B-1", "2025-03-04", "来访", "王五", "桃园村", "1", "", "办低保", "村",
                    "陈干事", "", "已办好", "2025-03-06", "3月9日回访", "满意", "2025-03-10"]]  # fmt: skip
    first = import_legacy_ledger(lctx, _ledger(tmp_path / "3.xlsx", {"3月": march})).summary
    assert (first.new, first.changed) == (1, 0)
    later = import_legacy_ledger(lctx, _ledger(tmp_path / "4.xlsx", {"4月": april})).summary
    assert (later.new, later.changed) == (0, 1)
    card = get_matter(lctx, "B-1")
    assert card.state == "已销号" and card.result == "已办好"
    assert [e.kind for e in card.events] == ["受理", "进展", "办结", "回访", "销号"]
    again = import_legacy_ledger(lctx, tmp_path / "3.xlsx").summary  # an older file: no step back
    assert (again.changed, again.unchanged) == (0, 1)
    assert get_matter(lctx, "B-1").state == "已销号"


def test_a_file_without_a_ledger_is_refused(lctx: Any, tmp_path: Path) -> None:
    path = _ledger(tmp_path / "x.xlsx", {"a": [["随便"], ["1"]]})
    with pytest.raises(ValidationError, match="表头"):
        import_legacy_ledger(lctx, path)
    copy = tmp_path / "copy.xlsx"
    shutil.copy(SAMPLE, copy)
    assert looks_legacy(copy)
