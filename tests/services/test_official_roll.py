"""Importing a 干部名册: tolerant headers, title and footer rows skipped,
per-row refusals with column and value, dry run counts, twice changes
nothing; the sample in assets/ imports cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from deskui.domain.errors import ValidationError
from deskui.services.town import official_roll
from deskui.services.town import officials as svc
from deskui.store.models import AuditLog, Official, TeamMember

SAMPLE = Path(__file__).parents[2] / "assets" / "sample-officials.xlsx"


def test_the_sample_roll_imports_cleanly_and_twice_changes_nothing(town_ctx: Any) -> None:
    dry = official_roll.import_officials(town_ctx, SAMPLE, dry_run=True)
    assert (dry.new, dry.changed, dry.unchanged, dry.refused) == (6, 0, 0, [])
    assert Official.select().count() == 0
    done = official_roll.import_officials(town_ctx, SAMPLE)
    assert (done.new, done.refused) == (6, [])
    assert [s.name for s in done.sheets] == ["干部名册"] and done.sheets[0].rows == 6
    labels = sorted(r.label for r in svc.list_officials(town_ctx))
    assert "张伟（党政办）" in labels and "张伟（农业服务中心）" in labels
    assert TeamMember.select().count() == 5  # 张伟（党政办） serves no village
    before = AuditLog.select().count()
    again = official_roll.import_officials(town_ctx, SAMPLE)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 6)
    assert AuditLog.select().count() == before


def _book(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_refusals_name_row_column_value(town_ctx: Any, tmp_path: Path) -> None:
    svc.add_official(town_ctx, "王强", unit="财政所", phone="13800001111")
    path = _book(tmp_path / "roll.xlsx", [
        ["某镇干部花名册"],
        ["干部姓名", "职位", "所在单位", "手机", "驻村"],
        ["王强", "所长", "财政所", "13800001111", "桃园村"],
        ["李娜", "干事", "党政办", "1380000", ""],
        ["", "干事", "党政办", "", ""],
        ["赵六", "干事", "党政办", "", "无此村"],
        ["钱七", "干事", "党政办", "", "石门"],
        ["钱七", "干事", "党政办", "", ""],
        ["填表人：某某"],
    ])  # fmt: skip
    s = official_roll.import_officials(town_ctx, path, dry_run=True)
    assert (s.new, s.changed, s.unchanged) == (1, 1, 0)
    got = [(r.row, r.column, r.value) for r in s.refused]
    assert got == [
        (4, "电话", "1380000"),
        (5, "姓名", ""),
        (6, "包联村", "无此村"),
        (8, "", "钱七"),
    ]
    assert all(r.reason for r in s.refused)
    official_roll.import_officials(town_ctx, path)
    wq = Official.get(Official.name == "王强")
    assert wq.post == "所长"
    assert Official.select().where(Official.name == "钱七").count() == 1


def test_a_file_without_a_header_is_refused(town_ctx: Any, tmp_path: Path) -> None:
    path = _book(tmp_path / "x.xlsx", [["随便", "什么"], ["1", "2"]])
    with pytest.raises(ValidationError, match="表头"):
        official_roll.import_officials(town_ctx, path)


def test_the_leadership_is_marked_by_post_or_by_its_column(town_ctx: Any, tmp_path: Path) -> None:
    """The sample's 党委书记, 镇长 and 副镇长 are 班子成员 (the guide then
    offers them first as 组长); a 班子成员 column decides when present, for
    new and known officials; a cell that is neither 是 nor 否 is refused."""
    official_roll.import_officials(town_ctx, SAMPLE)
    leaders = {o.name for o in Official.select().where(Official.is_leader == True)}  # noqa: E712
    assert leaders == {"刘建华", "李志强", "王芳"}
    path = _book(tmp_path / "roll.xlsx", [
        ["姓名", "职务", "单位", "电话", "是否班子成员"],
        ["陈干事", "民政干事", "民政办", "13991500003", "是"],
        ["王芳", "副镇长", "镇政府", "0915-3210012", "否"],
        ["周八", "党委书记", "镇党委", "", ""],
        ["吴九", "干事", "党政办", "", "也许"],
    ])  # fmt: skip
    s = official_roll.import_officials(town_ctx, path)
    assert [(r.row, r.column, r.value) for r in s.refused] == [(5, "班子成员", "也许")]
    assert (s.new, s.changed) == (1, 2)
    leaders = {o.name for o in Official.select().where(Official.is_leader == True)}  # noqa: E712
    assert leaders == {"刘建华", "李志强", "陈干事"}
