"""Importing the office's old rolls: bad rows reported, good rows imported
in one transaction, a second run changes nothing, the roll round-trips."""

from __future__ import annotations

import json
import logging
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from fixtures.archive_data import add_officials
from fixtures.make_roll import BAD, big_roll, fixture_roll, make_id, row, write
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from deskui.domain.errors import ValidationError
from deskui.exports.households import export_roll, import_roll
from deskui.services.archive.household_view import get_household
from deskui.services.archive.roll import import_households
from deskui.services.archive.search import search_households
from deskui.store.models import AuditLog, Household, HouseholdTag, Resident, SearchKey

FIXTURE = Path(__file__).parent.parent / "fixtures" / "roll.xlsx"


@pytest.fixture
def roll_ctx(town_ctx: Any) -> Any:
    add_officials(town_ctx, "陈干事")
    return town_ctx


def test_fixture_file_is_the_script_output(tmp_path: Path) -> None:
    fresh = fixture_roll(tmp_path / "roll.xlsx")
    a = [list(r) for r in load_workbook(fresh).active.iter_rows(values_only=True)]
    b = [list(r) for r in load_workbook(FIXTURE).active.iter_rows(values_only=True)]
    assert a == b


def test_import_reports_every_bad_row_and_imports_the_rest(roll_ctx: Any, tmp_path: Path) -> None:
    path = shutil.copy(FIXTURE, tmp_path / "花名册.xlsx")
    result, rejects = import_roll(roll_ctx, Path(path))
    assert (result.rows, result.imported, len(result.rejects)) == (19, 6, 13)
    assert (result.new_households, result.new_members) == (3, 6)
    reasons = {r.values[3] or "(空)": r.reason for r in result.rejects}
    for bad_row, words in BAD:
        name = str(bad_row[3]) or "(空)"
        assert words in reasons[name], (name, reasons[name])
    # row numbers are the file's (title on line 1, headers on line 2)
    assert sorted(r.row for r in result.rejects)[:2] == [6, 7]
    assert rejects is not None and rejects.name == "花名册-错误行.xlsx"
    ws = load_workbook(rejects).active
    body = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(body) == 13 and body[0][0] == 6 and "校验" in body[0][1]

    wang = Household.get(Household.code == "TY001")
    detail = get_household(roll_ctx, wang.id)
    assert (detail.size, detail.head_name, detail.liaison, detail.income) == (
        3,
        "王建国",
        "陈干事",
        18000,
    )
    assert detail.tags == ("低保户", "留守老人")
    assert detail.members[2].working_away
    zeng = get_household(roll_ctx, Household.get(Household.code == "TY002").id)
    assert zeng.income == 56000 and zeng.tags == ("产业发展大户", "防汛防滑重点户")
    zhang = Resident.get(Resident.name == "张三")
    assert zhang.note == "=SUM(A1) 原样保存" and zhang.relation == "户主"
    assert [r.head_name for r in search_households(roll_ctx, "zgf")] == ["曾国藩"]
    assert SearchKey.select().where(SearchKey.kind == "d").count() == 5

    # (the rejects workbook, full ID numbers as typed, is written and logged again)
    writes = AuditLog.select().where(AuditLog.action != "导出")
    before = (writes.count(), Resident.select().count())
    again, _ = import_roll(roll_ctx, Path(path))
    assert (again.new_households, again.new_members, again.changed_members) == (0, 0, 0)
    assert again.changed_households == 0 and again.unchanged == 6
    assert (writes.count(), Resident.select().count()) == before


def test_dry_run_writes_nothing(roll_ctx: Any, tmp_path: Path) -> None:
    result = import_households(roll_ctx, FIXTURE, dry_run=True)
    assert result.imported == 6 and Resident.select().count() == 0


def test_missing_column_and_csv_with_control_characters(roll_ctx: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("村,姓名,电话\n桃园村,王五,139\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="与户主关系"):
        import_households(roll_ctx, bad)
    csv = tmp_path / "gbk.csv"
    lines = [
        "村,组,户编号,姓名,与户主关系,身份证号",
        "桃园村,1,C1,王\x01五,户主,",
        f"桃园村,1,C2,李四,户主,{make_id('19800101', 13)}",
    ]
    csv.write_bytes("\n".join(lines).encode("gb18030"))
    result = import_households(roll_ctx, csv)
    assert result.imported == 1 and "控制字符" in result.rejects[0].reason


def test_existing_id_in_another_household_is_refused(roll_ctx: Any, tmp_path: Path) -> None:
    import_households(roll_ctx, FIXTURE)
    other = write(
        tmp_path / "b.xlsx", [row("石门村", 1, "SM009", "王建国", "户主", make_id("19650315", 11))]
    )
    result = import_households(roll_ctx, other)
    assert result.imported == 0 and "已登记在桃园村TY001户" in result.rejects[0].reason


def test_roll_round_trips(roll_ctx: Any, tmp_path: Path) -> None:
    import_households(roll_ctx, FIXTURE)
    out = export_roll(roll_ctx, tmp_path / "roll.xlsx")
    before = AuditLog.select().count()
    result = import_households(roll_ctx, out)
    assert (result.rows, result.rejects, result.unchanged) == (6, [], 6)
    assert AuditLog.select().count() == before


def test_a_bigger_roll_with_five_percent_bad_rows(roll_ctx: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    rows, bad = big_roll(path, 600)
    seen: list[tuple[int, int]] = []
    result = import_households(roll_ctx, path, progress=lambda d, t: seen.append((d, t)))
    assert result.rows == rows and len(result.rejects) == bad and bad > 10
    assert Resident.select().count() == rows - bad
    assert seen[-1][0] == seen[-1][1] and len(seen) > 3
    again = import_households(roll_ctx, path)
    assert again.new_members == again.changed_members == 0


def test_audit_rows_one_per_record_with_masked_fields(roll_ctx: Any, tmp_path: Path) -> None:
    before = AuditLog.select().count()
    result = import_households(roll_ctx, FIXTURE)
    logged = list(AuditLog.select().where(AuditLog.id > 0).order_by(AuditLog.id))[before:]
    created = {(a.table, a.record_id) for a in logged if a.action == "新增"}
    assert len(created) == len([a for a in logged if a.action == "新增"])
    assert {rid for table, rid in created if table == "resident"} == {
        r.id for r in Resident.select()
    }
    assert len([a for a in logged if a.table == "household"]) == result.new_households
    assert len([a for a in logged if a.table == "household_tag"]) == 4
    wang = Resident.get(Resident.name == "王建国")
    entry = next(a for a in logged if (a.table, a.record_id) == ("resident", wang.id))
    changes = json.loads(entry.changes)
    assert changes["name"] == [None, "王建国"] and changes["household"] == [None, wang.household_id]
    assert changes["id_number"][1] != wang.id_number and "*" in changes["id_number"][1]
    assert changes["birth_date"] == [None, "1965-03-15"]
    assert entry.note == "导入花名册 roll.xlsx" and entry.operator_name == "system"


def test_a_changed_roll_logs_and_reindexes_only_the_changes(roll_ctx: Any, tmp_path: Path) -> None:
    first = [
        row("桃园村", 1, "TY001", "王建国", "户主", make_id("19650315", 11), "13912345678",
            tags="低保户"),
        row("桃园村", 1, "TY001", "李秀英", "配偶", make_id("19680720", 22), "13900000001"),
        row("桃园村", 2, "TY002", "曾国藩", "户主", "", "13900000002"),
    ]  # fmt: skip
    import_households(roll_ctx, write(tmp_path / "a.xlsx", first))
    mark = AuditLog.select().count()
    second = [list(r) for r in first]
    second[1][8] = "13700000009"  # a new phone for 李秀英
    second[0][11] = "留守老人"  # the household's tag changes
    second.append(row("桃园村", 2, "TY002", "曾纪泽", "子"))
    result = import_households(roll_ctx, write(tmp_path / "b.xlsx", second))
    assert (result.changed_members, result.new_members, result.unchanged) == (1, 1, 2)
    assert result.changed_households == 2
    logged = [
        (a.action, a.table, sorted(json.loads(a.changes or "{}")))
        for a in AuditLog.select().order_by(AuditLog.id)
    ][mark:]
    assert logged == [
        ("删除", "household_tag", ["tag"]),  # the same table name as the additions
        ("新增", "household_tag", ["household", "tag"]),
        ("修改", "resident", ["phone"]),
        ("新增", "resident", ["health", "household", "name", "relation"]),
        ("修改", "household", ["size"]),
    ]
    assert [r.head_name for r in search_households(roll_ctx, "0009")] == ["王建国"]
    assert search_households(roll_ctx, "0001") == []
    assert [r.head_name for r in search_households(roll_ctx, "zjz")] == ["曾国藩"]


def test_the_second_run_reads_in_batches(roll_ctx: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    rows, bad = big_roll(path, 600)
    import_households(roll_ctx, path)
    logger = logging.getLogger("peewee")
    count = _Count()
    logger.addHandler(count)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        again = import_households(roll_ctx, path)
    finally:
        logger.removeHandler(count)
        logger.setLevel(level)
    assert again.unchanged == rows - bad
    assert count.n < 40, count.n  # was about three queries a person


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.n = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.n += 1


def test_imported_search_keys_carry_the_town(town_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The archive search's index is scoped by town: imported keys must say which."""
    from deskui.services.archive.roll import import_households
    from deskui.store.models import SearchKey

    roll = tmp_path / "roll.csv"
    roll.write_text(
        "村,组,户编号,姓名,与户主关系,联系电话\n桃园村,1,T001,曾国藩,户主,13912345678\n",
        encoding="utf-8",
    )
    import_households(town_ctx, roll)
    towns = {k.town_id for k in SearchKey.select()}
    assert towns == {town_ctx.town_id}


def test_queued_log_rows_and_keys_written_in_batches_lose_nothing(
    roll_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the queue flushed every 2 members, the import writes the same
    records, audit rows (one unbroken chain) and search keys as at once."""
    from deskui.services import audit
    from deskui.services.archive import roll

    monkeypatch.setattr(roll, "FLUSH_EVERY", 2)
    monkeypatch.setattr(roll, "STATEMENT_VALUES", 50)  # a few rows a statement
    rows, bad = big_roll(tmp_path / "roll.xlsx", 60, bad_share=0)
    result = import_households(roll_ctx, tmp_path / "roll.xlsx")
    assert result.imported == rows == Resident.select().count() and bad == 0
    created = (
        AuditLog.select()
        .where((AuditLog.action == "新增") & (AuditLog.table == "resident"))
        .count()
    )
    assert created == rows
    keyed = SearchKey.select(SearchKey.resident).distinct().count()
    assert keyed == rows
    assert audit.verify_chain(roll_ctx).ok
    last = Resident.select().order_by(Resident.id.desc()).get()  # keyed in the last flush
    assert [h.id for h in search_households(roll_ctx, last.phone)] == [last.household_id]
    assert last.household_id in [h.id for h in search_households(roll_ctx, last.name)]
    _assert_keys_match_the_residents()


def test_a_rejects_workbook_holding_id_numbers_is_audited(roll_ctx: Any, tmp_path: Path) -> None:
    """The rejects workbook repeats the refused rows as typed, ID numbers in
    full: writing it is an audit row, like any full-ID export (a dry run's
    too); a workbook of rows without ID numbers is not."""
    path = Path(shutil.copy(FIXTURE, tmp_path / "花名册.xlsx"))

    def exports() -> list[str]:
        q = AuditLog.select().where(AuditLog.action == "导出").order_by(AuditLog.id)
        return [r.note for r in q]

    result, rejects = import_roll(roll_ctx, path, dry_run=True)
    assert any(r.values[5] for r in result.rejects)  # 身份证号 column, as typed
    assert exports() == [f"导出花名册导入错误行（含完整身份证号）到 {rejects}"]

    book = Workbook()
    sheet = book.active
    sheet.append(["村", "户编号", "姓名", "与户主关系", "身份证号"])
    sheet.append(["桃园村", "TY900", "", "户主", ""])  # no name, no ID number
    plain = tmp_path / "无身份证号.xlsx"
    book.save(plain)
    result, rejects = import_roll(roll_ctx, plain)
    assert rejects is not None and len(result.rejects) == 1
    assert len(exports()) == 1


def _import_peak(ctx: Any, path: Path) -> int:
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        import_households(ctx, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_rows_held(
    roll_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checked rows are not held for the write (only their packed cells
    and keys) and a written household leaves the cache: the peak grows by
    well under a kilobyte a row (it was ~4–6 KB a row). The queued audit rows
    and search keys are written every FLUSH_EVERY members: a bounded buffer,
    made small here so that only what grows with the roll is measured."""
    monkeypatch.setattr("deskui.services.archive.roll.FLUSH_EVERY", 100)
    small, large = tmp_path / "small.xlsx", tmp_path / "large.xlsx"
    n_small, _ = big_roll(small, 300, bad_share=0)
    n_large, _ = big_roll(large, 2400, bad_share=0)

    def emptied() -> None:  # the next roll creates every household again
        for model in (SearchKey, HouseholdTag, Resident, Household):
            model.delete().execute()

    import_households(roll_ctx, small)  # warm: the first import loads what every import uses
    emptied()
    base = _import_peak(roll_ctx, small)
    emptied()
    peak = _import_peak(roll_ctx, large)
    per_row = (peak - base) / (n_large - n_small)
    assert per_row < 1000, f"{per_row:.0f} bytes a row"


def test_rows_refused_after_the_first_pass_keep_their_cells(roll_ctx: Any, tmp_path: Path) -> None:
    """A checked row keeps its values, not its cells: a row refused only
    across rows (an ID number repeated in the file, a household with two
    户主) gets its cells back from the file for the rejects workbook."""
    twice = make_id("19700101", 21)
    rows = [
        row("桃园村", 1, "A1", "王一", "户主", twice, note="第一行"),
        row("桃园村", 1, "A2", "王二", "户主", twice, "13912345678"),
        row("桃园村", 2, "A3", "李一", "户主"),
        row("桃园村", 2, "A3", "李二", "户主", income=3000),
    ]
    result = import_households(roll_ctx, write(tmp_path / "r.xlsx", rows))
    assert result.imported == 1
    by_line = {r.row: r for r in result.rejects}
    assert sorted(by_line) == [4, 5, 6]  # title, headers, then the rows
    assert "在本文件第 3 行已出现" in by_line[4].reason
    assert by_line[5].reason == by_line[6].reason and "户主" in by_line[5].reason
    for line in (4, 5, 6):
        assert by_line[line].values[:5] == tuple(str(c) for c in rows[line - 3][:5])
    assert by_line[4].values[8] == "13912345678" and by_line[6].values[13] == "3000"


def test_a_checked_row_packs_and_unpacks_to_the_same_values(roll_ctx: Any) -> None:
    from deskui.services.archive import roll_rows as roll_module
    from deskui.services.archive.roll import _checker
    from deskui.services.spreadsheet import header_map

    checker = _checker(roll_ctx)
    cols = header_map(roll_module.ROLL_HEADERS, roll_module.HEADERS)
    cells = [
        row("桃园村", 3, "B7", "赵六", "户主", make_id("19800101", 31), "139 1234 5678",
            tags="低保户、脱贫户", liaison="陈干事", income="12000", economy="务工",
            address="桃园村3组", note="两行\n备注", work="外出务工"),
        row("桃园村", "", "B7", "赵小", "儿子", tags="、"),
        row("桃园村", 3, "B8", "钱七", "户主"),
    ]  # fmt: skip
    for n, raw in enumerate(cells, start=1):
        checked = checker.row(n, tuple(str(c) for c in raw), cols)
        m = checked.member
        seen = roll_module.Seen(n, checked.village_id, checked.code, m.id_number or "",
                                m.relation == "户主", m.name, roll_module._pack_row(checked))  # fmt: skip
        back = roll_module._unpack_row(seen)
        assert back.member == m
        assert (back.group_no, back.household) == (checked.group_no, checked.household)
        assert (back.village_id, back.code, back.line) == (checked.village_id, checked.code, n)


def test_records_created_ahead_are_written_before_anything_reads_or_changes_them(
    roll_ctx: Any, tmp_path: Path
) -> None:
    """Created records are inserted in batches with their ids taken ahead:
    a household without 户编号 found again later in the same roll, a member
    named twice in an existing household, and the desk's own next household
    all see the rows the roll wrote (SQLite: the ids after the largest;
    PostgreSQL: the table's sequence)."""
    from deskui.services.archive.household import create_household

    import_households(
        roll_ctx, write(tmp_path / "a.xlsx", [row("桃园村", 1, "E1", "周一", "户主")])
    )
    rows = [
        row("桃园村", 1, "E1", "周二", "妻子", note="先"),
        row("桃园村", 1, "E1", "周二", "妻子", note="后"),
        row("桃园村", 4, "", "吴大", "户主", make_id("19600101", 41)),
        row("桃园村", 4, "", "吴小", "儿子"),
        row("桃园村", 4, "", "吴大", "户主"),  # the same household again, no ID number this time
        row("桃园村", 4, "", "吴三", "女儿"),
    ]
    result = import_households(roll_ctx, write(tmp_path / "b.xlsx", rows))
    assert result.rejects == [] and result.new_households == 1
    wu = Household.get(Household.head_name == "吴大")
    members = Resident.select().where(Resident.household == wu.id)
    assert sorted(r.name for r in members) == ["吴三", "吴大", "吴小"] and wu.size == 3
    zhou = Household.get(Household.code == "E1")
    wife = Resident.select().where((Resident.household == zhou.id) & (Resident.name == "周二"))
    assert [r.note for r in wife] == ["后"]
    assert zhou.size == 2
    detail = create_household(roll_ctx, wu.village_id, {"name": "郑新"}, code="E9")
    assert detail.id > max(h.id for h in Household.select()) - 1
    assert Resident.select().count() == 6


def test_the_import_leaves_the_collector_as_it_found_it(roll_ctx: Any, tmp_path: Path) -> None:
    """The collector is paused while a roll is imported (its rows make no
    cycles) and runs again afterwards, after a refused file too; a process
    that had paused it itself (or frozen its start-up, as the desk does)
    finds it as it left it."""
    import gc

    path = write(tmp_path / "r.xlsx", [row("桃园村", 1, "F1", "冯一", "户主")])
    paused: list[bool] = []
    result = import_households(
        roll_ctx, path, progress=lambda *_: paused.append(not gc.isenabled())
    )
    assert result.imported == 1 and paused and all(paused)
    assert gc.isenabled()
    (wrong := tmp_path / "wrong.csv").write_text("无关,表头\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        import_households(roll_ctx, wrong)
    assert gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        import_households(roll_ctx, path, dry_run=True)
        assert not gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_roll_writer_makes_records_as_peewee_does() -> None:
    """The import's lean create gives each record the data, dirty fields and
    stored row that ``Model(id=…, **values)`` gives (defaults included)."""
    import datetime as dt

    from deskui.services import audit
    from deskui.services.archive.roll import _Shape
    from deskui.store.models import Household, HouseholdTag, Resident

    cases = [
        (Household, {"village": 2, "code": "A01", "group_no": 3, "head_name": "张三", "size": 2,
                     "updated_at": dt.datetime(2026, 3, 1, 9, 0), "income": 0, "liaison": 4}),
        (Resident, {"household": 7, "name": "李四", "relation": "子", "id_number": None,
                    "birth_date": dt.date(2001, 1, 2), "working_away": True, "income": None}),
        (HouseholdTag, {"household": 7, "tag": "低保户"}),
    ]  # fmt: skip
    for model, values in cases:
        lean = _Shape(model).instance(41, values)
        plain = model(id=41, **values)
        assert type(lean) is model
        assert lean.__data__ == plain.__data__ and lean._dirty == plain._dirty
        rows = [
            [f.db_value(m.__data__.get(f.name)) for f in model._meta.sorted_fields]
            for m in (lean, plain)
        ]
        assert rows[0] == rows[1]
        after = audit.snapshot(plain)  # what audit.create logs
        logged = {k: [None, v] for k, v in after.items() if v not in (None, "", False)}
        assert _Shape(model).created(lean.__data__) == logged
    home = Household(id=9)
    lean = _Shape(Resident).instance(1, {"household": home, "name": "王五", "relation": "户主"})
    assert lean.household_id == 9 == Resident(id=1, household=home).household_id


def test_no_statement_of_the_import_runs_beside_its_queued_inserts(
    roll_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roll's batched inserts run in a second thread; every other
    statement of the import must wait until the queue has run (it would
    miss queued rows, or share the connection with the other thread). The
    queue is held here until drained, so a statement issued beside it is
    caught every time: a fresh roll, then one that changes members, tags
    and a household, finds a household without 户编号 again and names a
    member twice."""
    from deskui.services import audit
    from deskui.store import bulk

    held: list[tuple[str, Any]] = []
    beside: list[str] = []

    class Held(bulk.Background):
        def submit(self, sql: str, params: Any) -> None:
            held.append((sql, params))

        def drain(self) -> None:
            while held:
                sql, params = held.pop(0)
                original(sql, params)

    original = roll_ctx.db.execute_sql

    def execute(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if held:
            beside.append(sql)
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(roll_ctx.db, "execute_sql", execute)
    monkeypatch.setattr("deskui.services.archive.roll.Background", Held)
    monkeypatch.setattr("deskui.services.archive.roll.FLUSH_EVERY", 1)  # queued each household
    # a few rows a statement: leftovers go in halves (see _batch_sizes)
    monkeypatch.setattr("deskui.services.archive.roll.STATEMENT_VALUES", 40)
    first = [
        row("桃园村", 1, "TY001", "王建国", "户主", make_id("19650315", 11), "13912345678",
            tags="低保户"),
        row("桃园村", 1, "TY001", "李秀英", "配偶", make_id("19680720", 22), "13900000001"),
        row("桃园村", 4, "", "吴大", "户主", make_id("19600101", 41)),
        row("桃园村", 4, "", "吴小", "儿子"),
    ]  # fmt: skip
    import_households(roll_ctx, write(tmp_path / "a.xlsx", first))
    changed = [list(r) for r in first]
    changed[1][8] = "13700000009"
    changed[0][11] = "留守老人"
    second = [
        row("桃园村", 5, "", "郑大", "户主", make_id("19610101", 51)),
        row("桃园村", 5, "", "郑小", "儿子"),
        row("桃园村", 5, "", "郑大", "户主"),  # found again: created by this roll
        row("桃园村", 5, "", "郑三", "女儿"),
        *changed,
        row("桃园村", 1, "TY001", "周二", "女儿", note="先"),
        row("桃园村", 1, "TY001", "周二", "女儿", note="后"),
        row("桃园村", 4, "", "吴大", "户主"),
        row("桃园村", 4, "", "吴三", "女儿"),
    ]
    result = import_households(roll_ctx, write(tmp_path / "b.xlsx", second))
    assert result.rejects == [] and not held
    assert beside == []
    for head, names in (("吴大", ["吴三", "吴大", "吴小"]), ("郑大", ["郑三", "郑大", "郑小"])):
        home = Household.get(Household.head_name == head)
        assert sorted(r.name for r in home.members) == names and home.size == 3
    assert [r.note for r in Resident.select().where(Resident.name == "周二")] == ["后"]
    assert sorted(t.tag for t in HouseholdTag.select()) == ["留守老人"]
    _assert_keys_match_the_residents()
    assert audit.verify_chain(roll_ctx).ok


def _assert_keys_match_the_residents() -> None:
    """Every resident has exactly the search keys its name, phone and ID
    number make: none missing, none left from before a change, none twice."""
    from collections import Counter

    from deskui.domain.search import resident_keys

    stored = Counter((k.resident_id, k.kind, k.key) for k in SearchKey.select())
    expected = Counter(
        (r.id, kind, key)
        for r in Resident.select()
        for kind, key in resident_keys(r.name, r.phone, r.id_number)
    )
    assert stored == expected


def _dry(ctx: Any, path: Path) -> tuple[int, list[tuple[int, str, tuple[str, ...]]]]:
    result = import_households(ctx, path, dry_run=True)
    return result.rows, [(r.row, r.reason, tuple(r.values)) for r in result.rejects]


def test_a_long_roll_checked_by_two_processes_gives_what_one_gives(
    roll_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs of rows go to a helper process (spawned here for real) and come
    back in file order: the same refusals, the same rows imported, the
    checks across rows (an ID number repeated, a household's 户主) the same."""
    from deskui.services.archive import roll, roll_rows

    path = shutil.copy(FIXTURE, tmp_path / "花名册.xlsx")
    big = tmp_path / "big.xlsx"
    big_roll(big, 300, bad_share=0.1)
    alone = [_dry(roll_ctx, Path(path)), _dry(roll_ctx, big)]
    monkeypatch.setattr(roll, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(roll_rows, "SHARE", 7)  # rows 7 at a time, every other run to the helper
    helped: list[int] = []
    finish = roll_rows.Shared.finish

    def counted(self: roll_rows.Shared) -> roll_rows.Checked:
        done = finish(self)
        helped.append(self.helped)
        return done

    monkeypatch.setattr(roll_rows.Shared, "finish", counted)
    assert [_dry(roll_ctx, Path(path)), _dry(roll_ctx, big)] == alone
    assert helped[0] >= 1 and helped[1] >= 20  # the helper checked its runs
    result = import_households(roll_ctx, big)
    assert result.imported == Resident.select().count() == alone[1][0] - len(alone[1][1])
    _assert_keys_match_the_residents()


def test_a_helper_that_fails_leaves_its_rows_to_this_process(
    roll_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper only makes the check faster: one that cannot start, or
    whose runs fail, leaves every row checked here, nothing lost."""
    from deskui.services.archive import roll, roll_rows

    big = tmp_path / "big.xlsx"
    big_roll(big, 200, bad_share=0.1)
    alone = _dry(roll_ctx, big)
    monkeypatch.setattr(roll, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(roll_rows, "SHARE", 5)

    class Failing:
        """A helper whose pipe breaks after some runs, or that answers none."""

        def __init__(self, takes: int) -> None:
            self.takes = takes

        def submit(self, index: int, lines: Any) -> bool:
            self.takes -= 1
            return self.takes >= 0

        def has(self, index: int) -> bool:
            return False

        def result(self, index: int) -> None:
            return None  # ended without it

        def close(self) -> None:
            pass

    for helper in (None, Failing(0), Failing(3), Failing(1000)):
        monkeypatch.setattr(roll_rows._Helper, "start", lambda c, cols, h=helper: h)
        assert _dry(roll_ctx, big) == alone


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=1, max_value=4000))
def test_statement_lengths_cover_the_rows_with_a_dozen_lengths(count: int, full: int) -> None:
    """Every row goes in one statement; the lengths are ``full`` and its
    halves only, so the driver keeps few prepared statements however the
    batches fall."""
    from deskui.services.archive.roll import _batch_sizes

    sizes = list(_batch_sizes(count, full))
    assert sum(sizes) == count and all(1 <= n <= full for n in sizes)
    assert set(sizes) <= {max(1, full >> k) for k in range(full.bit_length() + 1)}
    assert len(sizes) <= count // full + 2 * full.bit_length()


def test_a_silent_helper_is_stopped_and_its_runs_checked_here(
    roll_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper that takes the rows and never answers is waited for once
    (HELPER_WAIT), then stopped; every run it held is checked here."""
    import subprocess
    import sys

    from deskui.services.archive import roll, roll_rows

    big = tmp_path / "big.xlsx"
    big_roll(big, 120, bad_share=0.1)
    alone = _dry(roll_ctx, big)
    monkeypatch.setattr(roll, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(roll_rows, "SHARE", 5)
    monkeypatch.setattr(roll_rows, "HELPER_WAIT", 1.0)  # 12 runs out: 12 s if waited each
    silent: list[Any] = []

    def start(checker: Any, cols: Any) -> Any:
        # reads everything it is sent and answers nothing
        code = "import sys, time\nwhile sys.stdin.buffer.read(65536): pass\ntime.sleep(60)"
        process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        silent.append(roll_rows._Helper(process))
        return silent[-1]

    monkeypatch.setattr(roll_rows._Helper, "start", start)
    began = time.monotonic()
    assert _dry(roll_ctx, big) == alone
    assert time.monotonic() - began < 8  # waited once, not once a run
    assert silent[0].process.poll() is not None  # stopped
