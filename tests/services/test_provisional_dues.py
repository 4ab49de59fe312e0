"""Due dates counted through a year whose holidays are not set (issue 15)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from deskui.config import Clock
from deskui.domain.roles import Role
from deskui.exports.cards import Line, card_rows
from deskui.services import audit
from deskui.services.context import Actor, ServiceContext
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.cards import open_matter, step
from deskui.services.matters.lists import MatterFilter, list_matters_page
from deskui.services.town import calendar
from deskui.services.town.header import header_info
from deskui.services.town.holiday_import import import_holidays
from deskui.store.models import Official, Operator

D = dt.date


def _at(ctx: ServiceContext, day: dt.date) -> ServiceContext:
    clock = Clock(fixed_now=dt.datetime.combine(day, dt.time(9, 30)))
    settings = dataclasses.replace(ctx.settings, clock=clock)
    return dataclasses.replace(ctx, settings=settings)


@pytest.fixture
def desk(town_ctx: ServiceContext) -> SimpleNamespace:
    ctx = town_ctx

    def work() -> Actor:
        wq = audit.create(ctx, Official, town=ctx.town_id, name="王强")
        op = audit.create(
            ctx, Operator, username="wq", display_name="王强", role=Role.OFFICIAL.value,
            official=wq.id,
        )  # fmt: skip
        return Actor(op.id, "wq", "王强", Role.OFFICIAL, wq.id)

    actor = ctx.write(work)
    year_end = _at(ctx, D(2026, 12, 30))
    return SimpleNamespace(
        admin=ctx, official=ctx.as_actor(actor), year_end=year_end.as_actor(actor)
    )


def _open_year_end(desk: SimpleNamespace) -> str:
    """A 镇 matter accepted Wed 2026-12-30: 12-31, (1 Jan off), 01-04, 01-05."""
    card = open_matter(
        desk.year_end, village="桃园村", name="张三", content="低保申请", level="镇",
        accepted_on="2026-12-30",
    )  # fmt: skip
    assert card.due_on == D(2027, 1, 5) and card.due_provisional is True
    return card.number


def test_provisional_mark_in_card_list_and_page(desk: SimpleNamespace) -> None:
    plain = open_matter(desk.official, village="桃园村", name="李四", content="咨询", level="村")
    assert plain.due_provisional is False
    number = _open_year_end(desk)
    assert get_matter(desk.official, number).due_provisional is True
    rows = list_matters_page(desk.official, MatterFilter())
    assert {r.number: r.due_provisional for r in rows} == {number: True, plain.number: False}
    printed = card_rows(get_matter(desk.official, number), "", receipt=True)
    cells = [c for row in printed for c in ((row.text,) if isinstance(row, Line) else row)]
    assert sum("节假日未公布，暂按" in str(cell) for cell in cells) == 2


def test_setting_the_years_holidays_recomputes_open_matters(desk: SimpleNamespace) -> None:
    number = _open_year_end(desk)
    done = _open_year_end(desk)
    step(desk.year_end, done, "办结", note="已办好")
    admin = _at(desk.admin, D(2026, 12, 30))
    calendar.set_day(admin, D(2027, 1, 1), "休", "元旦")  # as assumed: no change
    assert get_matter(desk.official, number).events[-1].kind == "受理"
    calendar.set_day(admin, D(2027, 1, 4), "休", "元旦")
    card = get_matter(desk.official, number)
    assert card.due_on == D(2027, 1, 6) and card.due_provisional is True  # 2027 still unset
    event = card.events[-1]
    assert event.kind == "时限调整" and event.new_due == D(2027, 1, 6)
    assert "2027-01-05" in event.note and "2027-01-06" in event.note
    assert get_matter(desk.official, done).due_on == D(2027, 1, 5)  # finished: left alone
    calendar.mark_year_set(admin, 2027)
    card = get_matter(desk.official, number)
    assert card.due_on == D(2027, 1, 6) and card.due_provisional is False
    assert [e.kind for e in card.events].count("时限调整") == 1


def test_importing_the_years_holidays_recomputes(desk: SimpleNamespace, tmp_path: Path) -> None:
    number = _open_year_end(desk)
    path = tmp_path / "2027.csv"
    path.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027-01-04,休,元旦\n2027-01-05,休,元旦\n",
        encoding="utf-8",
    )
    result = import_holidays(_at(desk.admin, D(2026, 12, 30)), path)
    assert [(c.number, c.old_due, c.new_due, c.still_provisional) for c in result.recomputed] == [
        (number, D(2027, 1, 5), D(2027, 1, 7), False)
    ]
    card = get_matter(desk.official, number)
    assert card.due_on == D(2027, 1, 7) and not card.due_provisional
    assert card.events[-1].kind == "时限调整"


def test_an_extension_makes_the_date_final(desk: SimpleNamespace) -> None:
    number = _open_year_end(desk)
    card = step(desk.year_end, number, "延期", note="等材料", new_due="2027-01-15")
    assert card.due_provisional is False


def test_header_warns_the_administrator_from_november(desk: SimpleNamespace) -> None:
    info = header_info(desk.admin)
    assert info.next_year_missing == 2027 and "2027年节假日尚未录入" in info.holiday_notice
    assert header_info(desk.official).holiday_notice == ""
    assert header_info(desk.official).next_year_missing == 2027
    october = header_info(_at(desk.admin, D(2026, 10, 31)))
    assert october.next_year_missing is None and october.holiday_notice == ""
    calendar.mark_year_set(desk.admin, 2027)
    assert header_info(desk.admin).next_year_missing is None
