"""What the CLI prints when things go wrong is one Chinese line, never a
traceback; what people typed is printed as typed (no Rich markup), long
inputs are quoted shortened; imports exit 0 when every row went in and 2
when any was refused, with the reasons on standard error."""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

import pytest
from fixtures.make_roll import BAD, GOOD, big_roll, write

from tests.cli.conftest import flat

MARKUP = "[link=http://x]点[/link]"


@pytest.fixture
def town(run):  # type: ignore[no-untyped-def]
    """A town and two villages, no operator yet (commands act as the system)."""
    code, _, err = run("town", "setup", "县河镇", "--village", "桃园村:6", "--village", "石门村:4",
                       "--village", "李家湾村:5")  # fmt: skip
    assert code == 0, err
    code, _, err = run("official", "add", "陈干事")  # the roll's liaison
    assert code == 0, err
    return run


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/sys and /proc are Linux's")
@pytest.mark.parametrize(
    ("out", "reason"), [("/sys/x.xlsx", "没有权限"), ("/proc/x.xlsx", "不存在")]
)
def test_an_export_the_system_refuses_is_one_line(town, out: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = town("export", "visits", "--date", "2026-11-17", "--out", out)
    assert code == 2
    line = _one_line(err)
    assert line.startswith("错误：无法读写 /") and reason in line


def test_a_csv_cell_over_the_csv_limit_is_named(town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "台账.csv"
    big.write_text(
        "编号,村,姓名,反映问题\nX,桃园村,张三," + "长" * 140_000 + "\n", encoding="utf-8"
    )
    code, _, err = town("import", "matters", str(big))
    assert code == 2
    assert "超过 131072 个字" in _one_line(err)


def test_a_full_disk_during_an_import_is_one_line_and_loses_nothing(  # type: ignore[no-untyped-def]
    town, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import deskui.services.context as context

    roll = tmp_path / "花名册.xlsx"
    big_roll(roll, 300, bad_share=0)
    opened = context.open_database

    def cramped(target: str, **kw):  # type: ignore[no-untyped-def]
        db = opened(target, **kw)
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        db.execute_sql(f"PRAGMA max_page_count = {pages + 3}")  # the disk fills up
        return db

    monkeypatch.setattr(context, "open_database", cramped)
    code, _, err = town("import", "households", str(roll))
    assert code == 2
    assert "磁盘已满，这次没有保存任何内容" in _one_line(err)
    with sqlite3.connect(town.db) as con:
        assert con.execute("SELECT count(*) FROM household").fetchone()[0] == 0
    con.close()


def test_user_text_is_printed_as_typed(town, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import deskui.cli.runtime as runtime

    monkeypatch.setattr(runtime.console, "width", 250)  # the whole row on one line
    code, _, err = town("visit", "add", "--village", "桃园村", "--name", "张三", "--reason", MARKUP,
                        "--date", "2026-11-17")  # fmt: skip
    assert code == 0, err
    code, out, _ = town("visit", "list", "--date", "2026-11-17")
    assert code == 0 and "[link=http://x]点[/link]" in flat(out)
    code, _, err = town("official", "add", "[red]")
    code, out, _ = town("official", "list")
    assert "[red]" in out


def test_a_long_input_is_quoted_shortened(town) -> None:  # type: ignore[no-untyped-def]
    pasted = "甲" * 10_000
    code, _, err = town("user", "add", "admin", "--name", "管理员", "--role", pasted,
                        "--password-stdin", stdin="admin123\n")  # fmt: skip
    assert code == 2
    line = _one_line(err)
    assert "…（共 10000 字）" in line and len(line) < 200


def test_households_import_exit_codes(town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = write(tmp_path / "好.xlsx", GOOD[:3])
    code, out, err = town("import", "households", str(good))
    assert code == 0 and err == ""
    bad = write(tmp_path / "坏.xlsx", [b[0] for b in BAD[:2]])
    code, out, err = town("import", "households", str(bad))
    assert code == 2  # every row refused: not a success
    assert "第" in err and "行" in err and "错误行" in err
    assert "第" not in out.replace("共", "")  # stdout keeps the summary only
    mixed = write(tmp_path / "混.xlsx", [*GOOD[3:5], BAD[0][0]])
    code, out, err = town("import", "households", str(mixed))
    assert code == 2 and err.strip()


def test_households_import_lists_refusals_in_row_order_and_says_how_many_more(
    town, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The fixture roll: 13 refused rows, one of them (a repeated ID number)
    refused only across rows. The terminal lists the first 10 by row and
    says how many more the rejects workbook holds."""
    from fixtures.make_roll import fixture_roll

    roll = fixture_roll(tmp_path / "花名册.xlsx")
    code, out, err = town("import", "households", str(roll))
    refused = int(re.search(r"错误(\d+)行", flat(out)).group(1))  # type: ignore[union-attr]
    rows = [int(n) for n in re.findall(r"第(\d+)行：", flat(err))]
    assert code == 2 and refused > 10 and len(rows) == 10 and rows == sorted(rows)
    assert f"另有{refused - 10}行未列出" in flat(err)
