"""The bad-input corpus fed to the importers: household rolls (xlsx, UTF-8
and GBK csv), the flat matter ledger and holiday files.

Every good row is imported exactly (read back through the services); every
bad row is reported with its row number and a clear Chinese reason, in the
result and in the rejects workbook, whose cells are never formulas; a second
run changes nothing; a file that is not a table at all gives one clear
Chinese error and writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fixtures.archive_data import add_officials, make_id
from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook, load_workbook

from deskui.domain.errors import DomainError, ValidationError, ValidationErrors
from deskui.domain.household_rules import clean_income, clean_tags
from deskui.exports.households import import_roll
from deskui.exports.matters_flat import write_rejects as write_matter_rejects
from deskui.services import audit
from deskui.services.archive.household_view import get_household
from deskui.services.archive.roll import import_households
from deskui.services.archive.roll_rows import ROLL_HEADERS
from deskui.services.context import ServiceContext
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.flat import HEADERS as LEDGER_HEADERS
from deskui.services.matters.flat import import_rows, read_ledger
from deskui.services.town.calendar import list_year
from deskui.services.town.holiday_import import import_holidays
from deskui.store.models import (
    AuditLog,
    CalendarYear,
    Holiday,
    Household,
    Matter,
    MatterEvent,
    Official,
    Resident,
)
from tests.hostile import HOSTILE, HOSTILE_DATES, HOSTILE_IDS, HOSTILE_INCOMES, cell_text, is_clear

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# openpyxl refuses these in a cell; a csv can carry them.
XLSX_ILLEGAL = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]}
XLSX_ILLEGAL |= {chr(c) for c in range(0xD800, 0xE000)}
NONCHARACTERS = {"\ufffe", "\uffff"}
MUST_REFUSE = {"\x00", "\x1b", "\u202e", "\u200f", "\u200b"}  # control, invisible, direction


def _counts() -> tuple[int, ...]:
    return (
        Household.select().count(),
        Resident.select().count(),
        Matter.select().count(),
        MatterEvent.select().count(),
        Holiday.select().count(),
        CalendarYear.select().count(),
        AuditLog.select().count(),
    )


# ------------------------------------------------------------------- files


def write_xlsx(
    path: Path, header: list[str] | None, rows: list[list[Any]], title: str = ""
) -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    if header is not None:
        ws.append(header)
    for r in rows:
        ws.append(r)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # what Excel keeps for text typed as '=…
    wb.save(path)
    return path


def write_csv(
    path: Path, header: list[str] | None, rows: list[list[Any]], encoding: str, title: str = ""
) -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    if title:
        writer.writerow([title])
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def writer_for(kind: str) -> Callable[..., Path]:
    if kind == "xlsx":
        return write_xlsx
    encoding = {"csv-utf8": "utf-8-sig", "csv-gbk": "gbk"}[kind]

    def write(path: Path, header: list[str] | None, rows: list[list[Any]], title: str = "") -> Path:
        return write_csv(path, header, rows, encoding, title)

    return write


def fits(kind: str, value: str) -> bool:
    """Whether a value can be written to this kind of file at all."""
    if kind == "xlsx":
        return not (set(value) & XLSX_ILLEGAL)
    if set(value) & NONCHARACTERS:  # see test_rejects_workbook_with_a_noncharacter
        return False
    try:
        value.encode("gbk" if kind == "csv-gbk" else "utf-8")
    except UnicodeEncodeError:
        return False
    return True


def assert_safe_rejects(path: Path, lines: list[int]) -> list[tuple[Any, ...]]:
    """The rejects workbook: no formula cell, the row numbers listed, each
    with a clear reason; returns its body rows."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    body = [r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert sorted(r[0] for r in body) == sorted(lines)
    for r in body:
        assert is_clear(str(r[1]), echoed=_echo(r)), r[1]
    return body


def _echo(row: tuple[Any, ...]) -> str:
    """The longest value of a rejects row (the hostile one a reason may quote)."""
    values = [str(v) for v in row[2:] if v not in (None, "")]
    return max(values, key=len) if values else ""


# ------------------------------------------------------------ household rolls

COL = {h: i for i, h in enumerate(ROLL_HEADERS)}
TEXT_COLUMNS = {"姓名": 20, "职业/务工": 60, "健康状况": 60, "主要经济来源": 200, "住址": 200}


def roll_row(code: str, name: str, seq: int, **cells: Any) -> list[Any]:
    r: list[Any] = [""] * len(ROLL_HEADERS)
    base = {
        "村": "桃园村",
        "组": 1,
        "户编号": code,
        "姓名": name,
        "与户主关系": "户主",
        "身份证号": make_id("19650315", seq),
        "联系电话": "13912345678",
        "健康状况": "健康",
        "包联干部": "陈干事",
        "家庭年收入": 18000,
        "备注": "好",
    }
    base.update(cells)
    for key, value in base.items():
        r[COL[key]] = value
    return r


GOOD_ROWS = [
    roll_row("G001", "王建国", 11, 重点户类型="低保户、留守老人", 备注="=SUM(A1) 原样"),
    roll_row("G001", "李秀英", 22, 与户主关系="配偶", 家庭年收入="", 包联干部=""),
    roll_row("G002", "曾国藩", 33, 联系电话="0915-3212345", 住址="@家 -1 +2"),
]


def hostile_cases(kind: str) -> list[tuple[str, str]]:
    """(column, value) pairs: every hostile value in every column."""
    values = [*HOSTILE, "'; DROP TABLE resident; --", "=1+1", "  王  ", "第一行\r\n第二行"]
    per_column: dict[str, list[str]] = {h: list(values) for h in ROLL_HEADERS}
    per_column["身份证号"] += HOSTILE_IDS
    per_column["出生日期"] += HOSTILE_DATES
    per_column["家庭年收入"] += HOSTILE_INCOMES
    per_column["组"] += ["0", "100", "-1", "1.5", "²组"]
    return [(h, v) for h, vs in per_column.items() for v in vs if fits(kind, v)]


@pytest.fixture
def roll_ctx(town_ctx: ServiceContext) -> ServiceContext:
    add_officials(town_ctx, "陈干事")
    return town_ctx


def _expected_stored(column: str, value: str) -> Any:
    text = value.replace("\r\n", "\n").strip()
    if column == "家庭年收入":
        return clean_income(value)
    if column == "重点户类型":
        return clean_tags(value)
    return text


def _stored(ctx: ServiceContext, code: str, column: str) -> Any:
    detail = get_household(ctx, Household.get(Household.code == code).id)
    head = detail.head
    assert head is not None
    return {
        "姓名": head.name,
        "职业/务工": head.occupation,
        "健康状况": head.health,
        "备注": head.note,
        "主要经济来源": detail.economy,
        "住址": detail.address,
        "家庭年收入": detail.income,
        "重点户类型": detail.tags,
        "户编号": detail.code,
    }.get(column)


@pytest.mark.parametrize("kind", ["xlsx", "csv-utf8", "csv-gbk"])
def test_roll_with_hostile_values_in_every_column(
    roll_ctx: ServiceContext, tmp_path: Path, kind: str
) -> None:
    cases = hostile_cases(kind)
    rows = list(GOOD_ROWS)
    for n, (column, value) in enumerate(cases):
        code = f"B{n:04d}"
        cells = {column: value}
        if column == "户编号":
            code = value
        rows.append(roll_row(code, f"测试{n:04d}"[:20], 100 + n % 800, **cells))
    # each hostile row carries a distinct valid ID number unless the ID is the point
    for n, r in enumerate(rows[len(GOOD_ROWS) :]):
        if cases[n][0] != "身份证号":
            r[COL["身份证号"]] = make_id(f"19{50 + n % 40:02d}0101", 1 + n % 999)
    suffix = "xlsx" if kind == "xlsx" else "csv"
    path = writer_for(kind)(tmp_path / f"roll.{suffix}", list(ROLL_HEADERS), rows, title="花名册")
    first_line = 3  # title, header, then the rows

    result, rejects = import_roll(roll_ctx, path)

    by_line = {r.row: r for r in result.rejects}
    for n in range(len(GOOD_ROWS)):
        assert first_line + n not in by_line, by_line.get(first_line + n)
    wang = get_household(roll_ctx, Household.get(Household.code == "G001").id)
    assert [(m.name, m.relation) for m in wang.members] == [("王建国", "户主"), ("李秀英", "配偶")]
    assert wang.members[0].note == "=SUM(A1) 原样" and wang.tags == ("低保户", "留守老人")
    zeng = get_household(roll_ctx, Household.get(Household.code == "G002").id)
    assert zeng.address == "@家 -1 +2" and zeng.members[0].phone == "0915-3212345"

    refused = 0
    for n, (column, value) in enumerate(cases):
        line = first_line + len(GOOD_ROWS) + n
        reject = by_line.get(line)
        if reject is not None:
            refused += 1
            assert is_clear(reject.reason, echoed=value), (column, value, reject.reason)
            continue
        assert not (set(value) & MUST_REFUSE), (column, repr(value[:30]))
        assert len(value.strip()) <= 200 or (column == "备注" and len(value.strip()) <= 2000)
        code = value.strip() if column == "户编号" else f"B{n:04d}"
        if column == "户编号" and not code:
            continue  # a head row without a code gets a new code
        expected = _expected_stored(column, value)
        if column in (*TEXT_COLUMNS, "备注", "家庭年收入", "重点户类型", "户编号"):
            assert _stored(roll_ctx, code, column) == expected, (column, value[:30])
    assert refused >= len(MUST_REFUSE)  # at least the control and direction marks
    assert rejects is not None
    assert_safe_rejects(rejects, sorted(by_line))

    before = _counts()
    again = import_households(roll_ctx, path)
    assert (again.new_households, again.new_members, again.changed_members) == (0, 0, 0)
    assert again.changed_households == 0 and _counts() == before
    assert sorted(r.row for r in again.rejects) == sorted(by_line)


@SETTINGS
@given(text=cell_text)
def test_hypothesis_text_in_name_note_and_phone(roll_ctx: ServiceContext, text: str) -> None:
    import tempfile

    rows = [
        roll_row("H001", "王建国", 11),
        roll_row("H002", text, 22),
        roll_row("H003", "李四", 33, 备注=text),
        roll_row("H004", "赵五", 44, 联系电话=text),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(Path(tmp) / "r.xlsx", list(ROLL_HEADERS), rows)
        before = _counts()
        result = import_households(roll_ctx, path)
        lines = {r.row: r.reason for r in result.rejects}
        assert 2 not in lines
        for line, reason in lines.items():
            assert line in (3, 4, 5) and is_clear(reason, echoed=text), reason
        if 3 not in lines:
            assert Resident.get(Resident.id_number == make_id("19650315", 22)).name == text.strip()
        if 4 not in lines and text.strip():  # an empty cell keeps the note on file
            note = Resident.get(Resident.id_number == make_id("19650315", 33)).note
            assert note == text.replace("\r\n", "\n").strip()
        after = _counts()
        again = import_households(roll_ctx, path)
        assert _counts() == after and again.new_members == 0
        assert after[1] >= before[1]


# ------------------------------------------------------------- not a table

NOT_TABLES: dict[str, Callable[[Path], Path]] = {}


def _not_table(name: str) -> Callable[[Callable[[Path], Path]], Callable[[Path], Path]]:
    def add(fn: Callable[[Path], Path]) -> Callable[[Path], Path]:
        NOT_TABLES[name] = fn
        return fn

    return add


@_not_table("random-bytes.xlsx")
def _random_xlsx(tmp: Path) -> Path:
    path = tmp / "随机.xlsx"
    path.write_bytes(random.Random(8).randbytes(4096))
    return path


@_not_table("random-bytes.csv")
def _random_csv(tmp: Path) -> Path:
    path = tmp / "随机.csv"
    path.write_bytes(random.Random(9).randbytes(4096))
    return path


@_not_table("empty.xlsx")
def _empty_xlsx(tmp: Path) -> Path:
    path = tmp / "空.xlsx"
    path.write_bytes(b"")
    return path


@_not_table("empty.csv")
def _empty_csv(tmp: Path) -> Path:
    path = tmp / "空.csv"
    path.write_bytes(b"")
    return path


@_not_table("csv-named-xlsx")
def _csv_as_xlsx(tmp: Path) -> Path:
    path = tmp / "其实是csv.xlsx"
    path.write_text("村,姓名,与户主关系,编号,日期,类型\n桃园村,王五,户主,1,2027-01-01,休\n")
    return path


@_not_table("text-file.txt")
def _txt(tmp: Path) -> Path:
    path = tmp / "说明.txt"
    path.write_text("村,姓名,与户主关系\n")
    return path


@_not_table("no-header.xlsx")
def _no_header(tmp: Path) -> Path:
    rows = [["桃园村", "1", "TY1", "王五", "户主", "XH2026-0001", "2027-01-01", "休"]] * 5
    return write_xlsx(tmp / "无表头.xlsx", None, rows)


@_not_table("empty-rows.xlsx")
def _empty_rows(tmp: Path) -> Path:
    path = tmp / "空行.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for _ in range(100_000):
        ws.append([None])
    wb.save(path)
    return path


@_not_table("nul.csv")
def _nul_csv(tmp: Path) -> Path:
    path = tmp / "空字符.csv"
    path.write_bytes(b"\x00" * 64 + b"\n" + b"\x00,\x00\n")
    return path


@pytest.mark.parametrize("name", sorted(NOT_TABLES))
def test_roll_that_is_not_a_table(roll_ctx: ServiceContext, tmp_path: Path, name: str) -> None:
    path = NOT_TABLES[name](tmp_path)
    before = _counts()
    with pytest.raises(DomainError) as err:
        import_roll(roll_ctx, path)
    assert is_clear(str(err.value)), str(err.value)
    assert _counts() == before


def test_roll_header_with_duplicate_columns(roll_ctx: ServiceContext, tmp_path: Path) -> None:
    header = [*ROLL_HEADERS, "名字"]  # 姓名 twice: which is the name?
    rows = [[*roll_row("D001", "王五", 11), "李四"]]
    path = write_xlsx(tmp_path / "重复列.xlsx", header, rows)
    before = _counts()
    with pytest.raises(ValidationError) as err:
        import_households(roll_ctx, path)
    assert "姓名" in str(err.value) and is_clear(str(err.value))
    assert _counts() == before


# ------------------------------------------------------------- matter ledger


def _officials(ctx: ServiceContext) -> None:
    ctx.write(lambda: audit.create(ctx, Official, town=ctx.town_id, name="王强", unit="党政办"))


def ledger_row(number: str, **kw: Any) -> list[Any]:
    base: dict[str, Any] = dict.fromkeys(LEDGER_HEADERS, "")
    base.update({"编号": number, "登记日期": "2026-11-20", "村": "桃园村", "姓名": "周八",
                 "反映问题": "修水渠", "办理层级": "镇", "首办责任人": "王强"})  # fmt: skip
    base.update(kw)
    return [base[h] for h in LEDGER_HEADERS]


def _note(number: str) -> str:
    """The card's 备注 (the card view does not show it)."""
    return str(Matter.get(Matter.number == number).note)


LEDGER_TEXT = {"姓名": "applicant", "反映问题": "content", "备注": "note", "办理情况": "progress"}


def ledger_cases(kind: str) -> list[tuple[str, str]]:
    values = [*HOSTILE, "=1+1", "'; DROP TABLE matter; --", "第一行\r\n第二行", "²组"]
    per: dict[str, list[str]] = {h: list(values) for h in LEDGER_HEADERS}
    for h in ("登记日期", "办结时限", "办结日期", "回访日期", "销号日期"):
        per[h] += HOSTILE_DATES
    per["编号"] += ["XH2026-", "XH2026-9999999", "xh2026-0001", "XH0000-0001"]
    cases = [(h, v) for h, vs in per.items() for v in vs if fits(kind, v)]
    return cases


def test_ledger_csv_multiline_cell_keeps_its_line_break(
    town_ctx: ServiceContext, tmp_path: Path
) -> None:
    _officials(town_ctx)
    rows = [
        ledger_row("XH2026-0001", 反映问题="第一行\n第二行"),
        ledger_row("XH2026-0002", 反映问题="甲\u2028乙"),
    ]
    path = write_csv(tmp_path / "multi.csv", list(LEDGER_HEADERS), rows, "utf-8-sig")
    report = import_rows(town_ctx, read_ledger(path))
    assert report.problems == ()
    assert get_matter(town_ctx, "XH2026-0001").content == "第一行\n第二行"
    assert get_matter(town_ctx, "XH2026-0002").content == "甲\u2028乙"


def test_rejects_workbook_with_a_noncharacter(roll_ctx: ServiceContext, tmp_path: Path) -> None:
    rows = [roll_row("N001", "王五", 11), roll_row("N002", "张\uffff", 22)]
    path = write_csv(tmp_path / "nc.csv", list(ROLL_HEADERS), rows, "utf-8-sig")
    result, rejects = import_roll(roll_ctx, path)
    assert [r.row for r in result.rejects] == [3] and "无法保存" in result.rejects[0].reason
    assert rejects is not None
    assert_safe_rejects(rejects, [3])  # the workbook opens


@pytest.mark.parametrize("kind", ["xlsx", "csv-utf8", "csv-gbk"])
def test_ledger_with_hostile_values_in_every_column(
    town_ctx: ServiceContext, tmp_path: Path, kind: str
) -> None:
    _officials(town_ctx)
    cases = ledger_cases(kind)
    smile = "😀 ok" if kind != "csv-gbk" else "※ ok"
    good = [
        ledger_row("XH2026-0001", 反映问题='=HYPERLINK("x") 要修路', 备注=smile),
        ledger_row("XH2026-0002", 姓名="曾国藩", 办理层级="村", 组="2"),
    ]
    rows = list(good)
    for n, (column, value) in enumerate(cases):
        number = f"XH2026-{100 + n:04d}"
        rows.append(ledger_row(number, **{column: value}))
    suffix = "xlsx" if kind == "xlsx" else "csv"
    path = writer_for(kind)(tmp_path / f"ledger.{suffix}", list(LEDGER_HEADERS), rows, title="台账")
    first_line = 3

    report = import_rows(town_ctx, read_ledger(path))

    by_line = {p.row: p for p in report.problems}
    assert first_line not in by_line and first_line + 1 not in by_line
    one = get_matter(town_ctx, "XH2026-0001")
    assert one.content == '=HYPERLINK("x") 要修路' and _note("XH2026-0001") == smile
    assert get_matter(town_ctx, "XH2026-0002").applicant == "曾国藩"
    for n, (column, value) in enumerate(cases):
        line = first_line + len(good) + n
        problem = by_line.get(line)
        if problem is not None:
            assert is_clear(problem.reason, echoed=value[:24]), (column, value, problem.reason)
            continue
        assert not (set(value) & MUST_REFUSE), (column, repr(value[:30]))
        if column == "编号":
            continue
        card = get_matter(town_ctx, f"XH2026-{100 + n:04d}")
        if column in LEDGER_TEXT:
            expected = value.replace("\r\n", "\n").strip()
            stored = getattr(card, LEDGER_TEXT[column], None)
            if column == "备注":
                stored = _note(card.number)
            if column == "办理情况":
                stored = card.progress or card.result
            assert stored == expected, (column, value[:30], stored)
    rejects = write_matter_rejects(path, report.problems)
    assert_safe_rejects(rejects, sorted(by_line))

    before = _counts()
    again = import_rows(town_ctx, read_ledger(path))
    assert again.created == 0 and _counts() == before
    assert sorted(p.row for p in again.problems) == sorted(by_line)


_SERIAL = itertools.count(1000, 3)


@SETTINGS
@given(text=cell_text)
def test_hypothesis_text_in_ledger_name_content_and_phone(
    town_ctx: ServiceContext, text: str
) -> None:
    import tempfile

    if not Official.select().where(Official.name == "王强").exists():
        _officials(town_ctx)
    base = next(_SERIAL)
    numbers = [f"XH2026-{base + i:04d}" for i in range(3)]
    rows = [
        ledger_row(numbers[0], 姓名=text),
        ledger_row(numbers[1], 反映问题=text),
        ledger_row(numbers[2], 联系电话=text),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(Path(tmp) / "l.xlsx", list(LEDGER_HEADERS), rows)
        before = _counts()
        report = import_rows(town_ctx, read_ledger(path))
        lines = {p.row: p.reason for p in report.problems}
        for reason in lines.values():
            assert is_clear(reason, echoed=text[:24]), reason
        assert Matter.select().count() == before[2] + 3 - len(lines)
        if 2 not in lines:
            assert get_matter(town_ctx, numbers[0]).applicant == text.strip()
        if 3 not in lines:
            assert get_matter(town_ctx, numbers[1]).content == text.replace("\r\n", "\n").strip()
        after = _counts()
        again = import_rows(town_ctx, read_ledger(path))
        assert again.created == 0 and _counts() == after


@pytest.mark.parametrize("name", sorted(NOT_TABLES))
def test_ledger_that_is_not_a_table(town_ctx: ServiceContext, tmp_path: Path, name: str) -> None:
    path = NOT_TABLES[name](tmp_path)
    before = _counts()
    with pytest.raises(DomainError) as err:
        import_rows(town_ctx, read_ledger(path))
    assert is_clear(str(err.value)), str(err.value)
    assert _counts() == before


# ------------------------------------------------------------------ holidays

HOLIDAY_HEADER = ["日期", "类型", "名称"]


def holiday_cases(kind: str) -> list[tuple[int, str]]:
    values = [*HOSTILE, "=1+1", "'; DROP TABLE holiday; --", *HOSTILE_DATES]
    return [(col, v) for col in range(3) for v in values if fits(kind, v)]


@pytest.mark.parametrize("kind", ["xlsx", "csv-utf8", "csv-gbk"])
def test_holiday_file_with_hostile_values(ctx: ServiceContext, tmp_path: Path, kind: str) -> None:
    """One bad row refuses the whole file (one line a bad row); a file of
    only accepted values is stored exactly, and twice changes nothing."""
    suffix = "xlsx" if kind == "xlsx" else "csv"
    write = writer_for(kind)
    accepted: list[tuple[dt.date, str, str]] = []
    for n, (col, value) in enumerate(holiday_cases(kind)):
        day = dt.date(2027, 1, 1) + dt.timedelta(days=n)
        cells: list[Any] = [day.isoformat(), "休", "节日"]
        cells[col] = value
        path = write(
            tmp_path / f"h{n}.{suffix}", HOLIDAY_HEADER, [["2027-12-31", "休", "好"], cells]
        )
        before = _counts()
        try:
            result = import_holidays(ctx, path)
        except ValidationErrors as errs:
            assert _counts() == before
            assert len(errs.errors) == 1, str(errs)
            message = errs.errors[0].message
            assert message.startswith("第 3 行：") and is_clear(message, echoed=value), message
            continue
        except ValidationError as err:  # the file as a whole
            assert _counts() == before and is_clear(str(err), echoed=value), str(err)
            continue
        assert not (set(value) & MUST_REFUSE), (col, repr(value))
        stored = {(r.date, r.kind, r.name) for r in result.rows}
        assert (dt.date(2027, 12, 31), "休", "好") in stored
        if col == 2:
            accepted.append((day, "休", value.strip()))
            assert (day, "休", value.strip()) in stored
        again = import_holidays(ctx, path)
        assert (again.added, again.updated) == (0, 0)
    listed = {(r.date, r.kind, r.name) for r in list_year(ctx, 2027)}
    assert set(accepted) <= listed
    assert any("=" in name for _d, _k, name in accepted)  # formulas are kept as text


def test_holiday_header_with_duplicate_columns(ctx: ServiceContext, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "dup.csv",
        ["日期", "类型", "日期", "名称"],
        [["2027-01-01", "休", "x", "元旦"]],
        "utf-8-sig",
    )
    before = _counts()
    with pytest.raises(ValidationError) as err:
        import_holidays(ctx, path)
    assert "日期" in str(err.value) and is_clear(str(err.value)) and _counts() == before


@pytest.mark.parametrize("name", sorted(NOT_TABLES))
def test_holiday_file_that_is_not_a_table(ctx: ServiceContext, tmp_path: Path, name: str) -> None:
    path = NOT_TABLES[name](tmp_path)
    before = _counts()
    with pytest.raises(DomainError) as err:
        import_holidays(ctx, path)
    assert is_clear(str(err.value)), str(err.value)
    assert _counts() == before


# ------------------------------------------------- typed cells in a workbook

TYPED = [0, -1, 1.5, -0.5, 10**20, 1e-300, True, False, dt.datetime(1900, 1, 1),
         dt.datetime(2026, 11, 24, 23, 59), dt.date(2099, 12, 31), dt.time(12, 30),
         dt.timedelta(days=2)]  # fmt: skip


def test_typed_cells_in_every_column(town_ctx: ServiceContext, tmp_path: Path) -> None:
    """Numbers, booleans, dates, times and durations where text is expected:
    each row is imported or refused with a clear reason, never a crash."""
    add_officials(town_ctx, "陈干事")
    _officials(town_ctx)
    roll: list[list[Any]] = []
    ledger: list[list[Any]] = []
    for n, (column, value) in enumerate((h, v) for h in ROLL_HEADERS for v in TYPED):
        roll.append(roll_row(f"T{n:04d}", f"类型{n:04d}", 1 + n % 900, **{column: value}))
        roll[-1][COL["身份证号"]] = make_id(f"19{50 + n % 40:02d}0101", 1 + n % 999) if (
            column != "身份证号") else value  # fmt: skip
    for n, (column, value) in enumerate((h, v) for h in LEDGER_HEADERS for v in TYPED):
        ledger.append(ledger_row(f"XH2026-{100 + n:04d}", **{column: value}))
    roll_path = write_xlsx(tmp_path / "roll.xlsx", list(ROLL_HEADERS), roll)
    ledger_path = write_xlsx(tmp_path / "ledger.xlsx", list(LEDGER_HEADERS), ledger)

    result, rejects = import_roll(town_ctx, roll_path)
    for r in result.rejects:
        assert is_clear(r.reason, echoed=_echo((0, "", *r.values))), r.reason
    assert result.imported > 0 and rejects is not None
    assert_safe_rejects(rejects, [r.row for r in result.rejects])

    report = import_rows(town_ctx, read_ledger(ledger_path))
    for p in report.problems:
        assert is_clear(p.reason, echoed=_echo((0, "", *map(str, p.values)))), p.reason
    assert report.created > 0
    assert_safe_rejects(write_matter_rejects(ledger_path, report.problems),
                        [p.row for p in report.problems])  # fmt: skip

    for n, value in enumerate(TYPED):
        for col in range(3):
            cells: list[Any] = [dt.date(2027, 3, 1) + dt.timedelta(days=n), "休", "节"]
            cells[col] = value
            path = write_xlsx(tmp_path / f"h{n}{col}.xlsx", HOLIDAY_HEADER, [cells])
            try:
                import_holidays(town_ctx, path)
            except DomainError as err:
                assert is_clear(str(err)), str(err)
