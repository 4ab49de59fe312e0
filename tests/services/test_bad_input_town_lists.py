"""The bad-input corpus on the town's own lists and their importers: every
hostile value is stored exactly or refused with a clear Chinese message,
never another exception, never half-written; a rejects workbook always
opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from deskui.domain.errors import DomainError
from deskui.exports.import_rejects import write_refusals
from deskui.services.matters.legacy_import import import_legacy_ledger
from deskui.services.town import official_roll, officials, town_lists, villages
from deskui.store.models import AuditLog, Department, Matter, Official, Village, VillageAlias
from tests.hostile import HOSTILE, is_clear
from tests.services.test_bad_input_importers import fits, write_xlsx


def _counts() -> tuple[int, ...]:
    return tuple(
        m.select().count() for m in (Official, Village, VillageAlias, Department, Matter, AuditLog)
    )


def _try(action: Callable[[], Any], value: str) -> bool:
    """True when stored; a refusal must be clear and write nothing."""
    before = _counts()
    try:
        action()
    except DomainError as exc:
        assert is_clear(str(exc), echoed=value[:24]), (repr(value[:30]), str(exc))
        assert _counts() == before, repr(value[:30])
        return False
    return True


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_in_the_lists(town_ctx: Any, value: str) -> None:
    if _try(lambda: officials.add_official(town_ctx, value, unit="甲"), value):
        assert Official.get(Official.unit == "甲").name == value.strip()
    _try(lambda: officials.add_official(town_ctx, "王五", unit=value, phone=value), value)
    _try(lambda: officials.find_official(town_ctx, value), value)
    if _try(lambda: villages.add_village(town_ctx, value, 2), value):
        assert Village.select().where(Village.name == value.strip()).exists()
    _try(lambda: villages.rename_village(town_ctx, "桃园村", value), value)
    _try(lambda: villages.merge_villages(town_ctx, value, "石门村"), value)
    _try(lambda: town_lists.add_department(town_ctx, value), value)
    _try(lambda: town_lists.add_category(town_ctx, value), value)
    _try(lambda: town_lists.set_phones(town_ctx, supervision=value), value)


def _cases() -> list[str]:
    return [v for v in HOSTILE if fits("xlsx", v)] + ["=1+1", "2030-01-01", "0个工作日"]


def test_officials_roll_with_hostile_values_in_every_column(town_ctx: Any, tmp_path: Path) -> None:
    header = ["姓名", "职务", "单位", "电话", "包联村"]
    rows = []
    for n, value in enumerate(_cases()):
        for col in range(5):
            cells: list[Any] = [f"干部{n}{col}", "干事", f"科{n}{col}", "", ""]
            cells[col] = value
            rows.append(cells)
    path = write_xlsx(tmp_path / "roll.xlsx", header, rows, title="名册")
    s = official_roll.import_officials(town_ctx, path)
    for r in s.refused:
        assert is_clear(r.reason, echoed=r.value[:24]), (r.column, r.value[:30], r.reason)
    assert s.new + len(s.refused) + s.changed + s.unchanged == len(rows)
    load_workbook(write_refusals(path, s)).close()
    before = _counts()
    again = official_roll.import_officials(town_ctx, path)
    assert again.new == 0 and again.changed == 0 and _counts() == before


def test_legacy_ledger_with_hostile_values_in_every_column(town_ctx: Any, tmp_path: Path) -> None:
    officials.add_official(town_ctx, "陈干事")
    header = ["编号", "登记日期", "来源", "姓名", "村组住址", "联系电话", "反映问题", "问题类别",
              "办理层级", "首办责任人", "办结时限", "办理情况", "办结日期", "回访情况",
              "群众满意度", "销号日期", "备注"]  # fmt: skip
    base = ["", "2025-03-04", "来访", "王五", "桃园村1组", "", "修路", "", "一般性事务",
            "陈干事", "1个工作日", "", "", "", "", "", ""]  # fmt: skip
    rows = []
    for n, value in enumerate(_cases()):
        for col in range(len(header)):
            cells = list(base)
            cells[0] = f"T-{n}-{col}"
            cells[col] = value
            rows.append(cells)
    path = write_xlsx(tmp_path / "ledger.xlsx", header, rows, title="台账")
    result = import_legacy_ledger(town_ctx, path)
    s = result.summary
    for r in s.refused:
        assert is_clear(r.reason, echoed=r.value[:24]), (r.column, r.value[:30], r.reason)
    assert s.sheets[0].rows == len(rows) - sum(
        1 for r in rows if not str(r[3]).strip() and not str(r[6]).strip()
    )
    load_workbook(write_refusals(path, s)).close()
    before = _counts()
    again = import_legacy_ledger(town_ctx, path).summary
    assert again.new == 0 and again.changed == 0 and _counts() == before


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_in_the_setup_steps(town_ctx: Any, value: str) -> None:
    """The first-run guide's pasted lists and its team step: stored or
    refused clearly, a refused list writes none of its lines."""
    from deskui.services.town import setup
    from deskui.store.models import TeamMember

    _try(lambda: setup.add_villages(town_ctx, f"新华村 3\n{value} 2"), value)
    _try(lambda: setup.add_villages(town_ctx, value), value)
    _try(lambda: setup.add_officials(town_ctx, f"甲乙 干事 党政办 13991500001\n{value}"), value)
    _try(lambda: setup.add_officials(town_ctx, f"丙丁 {value} 司法所"), value)
    officials.add_official(town_ctx, "刘建华", phone="13991500009")
    teams_before = TeamMember.select().count()
    for kwargs in ({"leader": value}, {"leader": "刘建华", "members": value},
                   {"leader": "刘建华", "place": value}, {"leader": "刘建华", "am_hours": value}):  # fmt: skip
        before = TeamMember.select().count()
        try:
            setup.set_up_village(town_ctx, "石门村", **kwargs)
        except DomainError as exc:
            assert is_clear(str(exc), echoed=value[:24]), (repr(value[:30]), str(exc))
            assert TeamMember.select().count() == before
    # a value with a line break is a list of names (officials added above): any
    # team stored has its one 组长
    leaders = TeamMember.select().where(TeamMember.role == "组长").count()
    assert leaders == (0 if TeamMember.select().count() == teams_before else 1)
