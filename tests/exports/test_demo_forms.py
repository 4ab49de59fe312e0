"""Every printed form on the town demo, through LibreOffice: its page count
and orientation, and a few lines where the paper puts them (pdftotext
-layout). The forms are those pictured in the README
(assets/make_form_pictures.py writes them with the same exports)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]

SCRIPT = Path(__file__).parents[2] / "assets" / "make_form_pictures.py"
L, P = "landscape", "portrait"

# form → (pages, orientation of every page) on the town demo (seed 1, 2026-11-24)
PAGES: dict[str, tuple[int, str]] = {
    "ledger": (64, L),
    "stats": (4, L),
    "roster": (2, L),  # the town's month at a glance: ≤ 3 pages for 30 villages
    "roster-list": (14, L),
    "notices": (1, P),  # one village's 公告
    "visits": (31, L),  # a 受理代办 line also names its card
    "cards": (118, P),  # one card a page: the day's 118 cards
    "contact-cards": (14, P),
    "matters": (13, L),
    "roll": (24, L),
    "blocks": (299, P),  # one household a page: the village's 299 households
    "contacts": (50, P),
}


def _pictures() -> Any:
    spec = importlib.util.spec_from_file_location("make_form_pictures", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _line(text: str, *words: str) -> str:
    """The printed line holding every one of ``words``."""
    return next(x for x in text.splitlines() if all(w in x for w in words))


def _in_order(line: str, *words: str) -> bool:
    at = [line.index(w) for w in words]
    return at == sorted(at)


def test_every_form_prints_as_paper(town_demo: Path, tmp_path: Path, print_pdf: Any) -> None:
    pictures = _pictures()
    written = pictures.export_all(town_demo, tmp_path)
    assert set(written) == set(PAGES) | {"supervision"}
    printed = {key: print_pdf(path) for key, path in written.items()}
    for key, (pages, orientation) in PAGES.items():
        got = printed[key]
        assert (got.pages, set(got.orientations)) == (pages, {orientation}), key

    # 销号台账: the town sheet's 村 column after 序号, 是否超期 marked, a legend
    ledger = printed["ledger"]
    header = _line(ledger.page(1), "序号", "编号", "登记日期")
    assert _in_order(header, "序号", "村", "编号", "登记日期", "是否超期", "备注")
    assert "▲超期" in ledger.page(1)
    assert "▲超期 = 未办结且已过办结时限" in ledger.text.replace("\n", "")

    # a day's 受理卡: one a page, counted per card; the cut line between the
    # card's signatures and the receipt
    cards = printed["cards"]
    assert cards.text.count("代办事项受理卡") == cards.pages
    assert re.search(r"第\s*1\s*张\s*共\s*118\s*张", cards.page(1))
    assert re.search(r"第\s*118\s*张\s*共\s*118\s*张", cards.page(118))
    first = cards.page(1).splitlines()
    at = {w: next(i for i, x in enumerate(first) if w in x)
          for w in ("办理层级", "申请人签字", "沿此线剪下", "代办事项受理回执", "便民服务电话")}  # fmt: skip
    assert at["申请人签字"] < at["沿此线剪下"] < at["代办事项受理回执"] < at["便民服务电话"]
    assert "级办理（" in first[at["办理层级"]]  # 办理层级 in words
    assert "最近一步：" in cards.page(1)

    # the meeting's 督办单: the list (landscape), then one order a page (portrait)
    orders = printed["supervision"]
    portrait = [i for i, o in enumerate(orders.orientations, start=1) if o == P]
    assert portrait and orders.orientations[: portrait[0] - 1] == (L,) * (portrait[0] - 1)
    listed = len(
        re.findall(r"XHDB2026-\d{4}", "".join(orders.page(i) for i in range(1, portrait[0])))
    )
    assert len(portrait) == listed == sum(orders.page(i).count("县河镇督办单") for i in portrait)

    # 一户一档: the head's 18-character ID number on one line
    assert re.search(r"身份证号\s+\d{17}[\dX]\b", printed["blocks"].page(1))

    # 明白卡: the officials' work phones in full (they are public)
    cards_text = printed["contact-cards"].page(1)
    assert re.search(r"联系电话\s+1\d{10}", cards_text) and "****" not in cards_text


def test_dates_sort_as_dates_in_libreoffice(
    town_demo: Path, tmp_path: Path, lo_convert: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deskui.cli import main

    monkeypatch.setenv("DESKUI_PASSWORD", "123456")  # the demo administrator's
    path = tmp_path / "ledger.xlsx"
    assert main(["--db", str(town_demo), "--operator", "admin", "export", "ledger", "--month", "2026-11",
                 "--village", "桃园村", "--out", str(path)]) == 0  # fmt: skip
    ws = openpyxl.load_workbook(lo_convert(path, "xlsx")).worksheets[0]
    header = [c.value for c in ws[3]]
    for title in ("登记日期", "办结时限"):
        column = header.index(title) + 1
        cells = [ws.cell(row=r, column=column) for r in range(4, ws.max_row + 1)]
        dated = [c for c in cells if c.value is not None and c.is_date]
        texts = [c for c in cells if isinstance(c.value, str) and re.match(r"\d{4}-", c.value)]
        assert dated and not texts, title
