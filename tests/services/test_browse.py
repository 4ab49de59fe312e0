"""The read-only lists behind the desk's header and tabs."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import FrozenInstanceError
from typing import Any

import pytest
from peewee import IntegrityError, OperationalError

from deskui.domain.errors import DomainError
from deskui.domain.roles import Role
from deskui.domain.search import resident_keys
from deskui.services import audit
from deskui.services.archive import search
from deskui.services.context import Actor, reading
from deskui.services.matters.lists import MatterFilter, count_matters, list_matters_page
from deskui.services.matters.overdue import overdue_count
from deskui.services.queue.rows import list_day
from deskui.services.town.header import header_info
from deskui.store.models import (
    DutyAssignment,
    DutyDay,
    Household,
    HouseholdTag,
    Matter,
    Official,
    Resident,
    SearchKey,
    Town,
    Village,
    Visit,
)

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 9, 30)
CLERK = Actor(id=None, username="clerk", display_name="小王", role=Role.CLERK)

# (village, group, code, head, phone, id number, tags)
HOUSEHOLDS = [
    ("桃园村", 1, "TY-1-001", "张三", "13912345678", "610902196503150012", ["低保户"]),
    ("桃园村", 1, "TY-1-002", "曾国藩", "13800001111", "", ["产业发展大户", "留守老人"]),
    ("桃园村", 3, "TY-3-001", "张小花", "13700002222", "", []),
    ("李家湾村", 2, "LJ-2-001", "李四", "13600003333", "", ["防汛防滑重点户"]),
    ("石门村", 1, "SM-1-001", "王五", "", "", []),
]


def _add_household(ctx: Any, villages: dict[str, int], liaison: int, spec: tuple) -> int:  # type: ignore[type-arg]
    vname, group_no, code, head, phone, id_number, tags = spec
    h = audit.create(
        ctx,
        Household,
        village=villages[vname],
        group_no=group_no,
        code=code,
        head_name=head,
        size=1,
        liaison=liaison if vname == "桃园村" else None,
    )
    r = audit.create(
        ctx,
        Resident,
        household=h,
        name=head,
        relation="户主",
        phone=phone,
        id_number=id_number or None,
    )
    town = Village.get_by_id(villages[vname]).town_id
    for kind, key in resident_keys(head, phone, id_number):
        SearchKey.create(key=key, kind=kind, resident=r, household=h, town=town)
    for tag in tags:
        audit.create(ctx, HouseholdTag, household=h, tag=tag)
    return int(h.id)


def _matter(ctx: Any, town: int, village: int, seq: int, official: int, **kw: Any) -> None:
    values = {
        "town": town,
        "number": f"XH2026-{seq:04d}",
        "year": 2026,
        "seq": seq,
        "village": village,
        "applicant": f"申请人{seq}",
        "content": "修路" * 20,
        "level": "镇",
        "accepted_on": TODAY - dt.timedelta(days=10),
        "first_receiver": official,
        **kw,
    }
    audit.create(ctx, Matter, **values)


@pytest.fixture
def sample(town_ctx: Any) -> Any:
    ctx = town_ctx
    villages = {v.name: v.id for v in Village.select()}

    def work() -> None:
        town = ctx.town_id
        lead = audit.create(ctx, Official, town=town, name="刘书记", is_leader=True).id
        member = audit.create(ctx, Official, town=town, name="陈干事").id
        sub = audit.create(ctx, Official, town=town, name="赵顶班").id
        for spec in HOUSEHOLDS:
            _add_household(ctx, villages, member, spec)
        ty, lj, sm = villages["桃园村"], villages["李家湾村"], villages["石门村"]
        _matter(ctx, town, ty, 1, member, due_on=TODAY - dt.timedelta(days=2))
        _matter(ctx, town, ty, 2, member, due_on=TODAY - dt.timedelta(days=5), handler=lead)
        _matter(ctx, town, lj, 3, member, due_on=TODAY)
        _matter(ctx, town, lj, 4, member, due_on=TODAY + dt.timedelta(days=3), state="办理中")
        _matter(ctx, town, sm, 5, member, due_on=TODAY - dt.timedelta(days=9), state="已办结",
                finished_on=TODAY - dt.timedelta(days=8))  # fmt: skip
        _matter(ctx, town, sm, 6, member, due_on=None, state="不予受理", level="村")
        for ticket, (name, status, minutes) in enumerate(
            [("张三", "已办", 50), ("李四", "接待中", 30), ("王五", "等候", 12)], start=1
        ):
            arrived = NOW - dt.timedelta(minutes=minutes)
            audit.create(
                ctx,
                Visit,
                village=ty,
                date=TODAY,
                ticket=ticket,
                name=name,
                reason="咨询低保",
                status=status,
                arrived_at=arrived,
                called_at=arrived + dt.timedelta(minutes=10) if status != "等候" else None,
                official=member if status != "等候" else None,
            )
        audit.create(
            ctx, Visit, village=ty, date=TODAY - dt.timedelta(days=7), ticket=1,
            name="昨日", arrived_at=NOW - dt.timedelta(days=7),
        )  # fmt: skip
        d1 = audit.create(ctx, DutyDay, village=ty, date=TODAY, place="村委会")
        audit.create(ctx, DutyDay, village=lj, date=TODAY, status="取消", reason="会议")
        audit.create(ctx, DutyDay, village=sm, date=dt.date(2026, 11, 17), shift="上午")
        audit.create(ctx, DutyDay, village=ty, date=dt.date(2026, 12, 1))
        audit.create(ctx, DutyAssignment, duty_day=d1, official=lead, role="组长",
                     signed_in_at=NOW)  # fmt: skip
        audit.create(ctx, DutyAssignment, duty_day=d1, official=member, role="成员",
                     absent=True, substitute=sub)  # fmt: skip

    ctx.write(work)
    return ctx


def test_header_info(sample: Any) -> None:
    info = header_info(sample)
    assert info.town_name == "县河镇"
    assert info.today == TODAY
    assert info.service_villages == ("桃园村",)  # 李家湾村's day is cancelled
    assert info.is_service_day
    assert info.overdue == 2  # open and past due; the 已办结 one does not count
    assert info.unknown_years == (2027,)  # chinesecalendar 1.11 knows up to 2026
    assert (info.operator, info.role) == ("系统", "管理员")
    with pytest.raises(FrozenInstanceError):
        info.overdue = 0  # type: ignore[misc]


def test_header_without_service_day(sample: Any) -> None:
    sample.write(lambda: DutyDay.update(status="取消").execute())
    info = header_info(sample)
    assert not info.is_service_day and info.service_villages == ()


def _heads(rows: list[search.HouseholdRow]) -> list[str]:
    return [r.head_name for r in rows]


def test_empty_search_lists_by_village_group_code(sample: Any) -> None:
    rows = search.search_households(sample, "")
    assert _heads(rows) == ["张三", "曾国藩", "张小花", "李四", "王五"]
    first = rows[1]
    assert (first.village, first.group_no, first.code) == ("桃园村", 1, "TY-1-002")
    assert first.tags == "产业发展大户、留守老人"
    assert first.liaison == "陈干事"
    assert rows[3].liaison == ""


@pytest.mark.parametrize(
    ("text", "heads"),
    [
        ("张", ["张三", "张小花"]),
        ("张三", ["张三"]),
        ("zs", ["张三"]),
        ("zx", ["张小花"]),
        ("zgf", ["曾国藩"]),  # the surname reading of 曾
        ("cgf", ["曾国藩"]),  # and its common reading
        ("5678", ["张三"]),  # phone tail
        ("0012", ["张三"]),  # ID tail
        ("3", ["张小花"]),  # group 3
        ("1", ["张三", "曾国藩", "王五"]),  # group 1 of every village
        ("赵", []),
    ],
)
def test_search_by_key(sample: Any, text: str, heads: list[str]) -> None:
    assert sorted(_heads(search.search_households(sample, text))) == sorted(heads)


def test_search_names_the_member_found(sample: Any) -> None:
    def work() -> None:
        h = Household.get(Household.head_name == "李四")
        r = audit.create(sample, Resident, household=h, name="张丽", relation="配偶")
        for kind, key in resident_keys("张丽", "", None):
            SearchKey.create(key=key, kind=kind, resident=r, household=h)

    sample.write(work)
    rows = {r.head_name: r.matched for r in search.search_households(sample, "张")}
    assert rows == {"张三": "", "张小花": "", "李四": "张丽"}
    assert all(r.matched == "" for r in search.search_households(sample, ""))


def test_search_filters(sample: Any) -> None:
    villages = {v.name: v.id for v in Village.select()}
    rows = search.search_households(sample, "", village_id=villages["李家湾村"])
    assert _heads(rows) == ["李四"]
    assert _heads(search.search_households(sample, "", tag="低保户")) == ["张三"]
    liaison = Official.get(Official.name == "陈干事").id
    assert sorted(_heads(search.search_households(sample, "", liaison_id=liaison))) == [
        "张三",
        "张小花",
        "曾国藩",
    ]
    assert _heads(search.search_households(sample, "张", tag="低保户")) == ["张三"]


@pytest.mark.parametrize("text", ["", "z"])
def test_keyset_pages_walk_everything_once(sample: Any, text: str) -> None:
    whole = search.search_households(sample, text, limit=100)
    seen: list[int] = []
    after = None
    while True:
        page = search.search_households(sample, text, limit=2, after=after)
        if not page:
            break
        assert len(page) <= 2
        seen.extend(r.id for r in page)
        after = page[-1].cursor
    assert seen == [r.id for r in whole]
    assert len(seen) == (5 if text == "" else 3)


def test_search_keeps_to_the_desks_town(sample: Any) -> None:
    """Another town's households never show, however their keys match."""

    def work() -> None:
        other = audit.create(sample, Town, name="石泉镇", code="SQ")
        village = audit.create(sample, Village, town=other, name="河口村")
        _add_household(sample, {"河口村": village.id}, 0, ("河口村", 1, "HK-1-001", "张大山",
                       "13912340000", "", []))  # fmt: skip

    sample.write(work)
    assert sorted(_heads(search.search_households(sample, "张"))) == ["张三", "张小花"]
    assert _heads(search.search_households(sample, "zds")) == []
    assert _heads(search.search_households(sample, "0000")) == []


def test_keys_without_a_town_are_still_found(sample: Any) -> None:
    """A writer that does not set SearchKey.town yet loses nothing: the
    town-less keys are searched too, pages included."""
    whole = search.search_households(sample, "z", limit=100)
    zhang = Household.get(Household.head_name == "张三").id
    sample.write(lambda: SearchKey.update(town=None).where(SearchKey.household == zhang).execute())
    assert search.search_households(sample, "z", limit=100) == whole
    assert _heads(search.search_households(sample, "张三")) == ["张三"]
    seen: list[int] = []
    after = None
    while page := search.search_households(sample, "z", limit=1, after=after):
        seen.extend(r.id for r in page)
        after = page[-1].cursor
    assert seen == [r.id for r in whole] and len(seen) == 3


def test_key_search_pages_a_common_prefix(sample: Any) -> None:
    """More matches than a page: pages in id order, each household once,
    the members found named on every page."""

    def work() -> None:
        villages = {v.name: v.id for v in Village.select()}
        for n in range(7):
            hid = _add_household(sample, villages, 0, ("石门村", 2, f"SM-2-{n:03d}", f"张{n}",
                                 "", "", []))  # fmt: skip
            r = audit.create(sample, Resident, household=hid, name=f"张{n}子", relation="子")
            for kind, key in resident_keys(r.name, "", None):
                SearchKey.create(key=key, kind=kind, resident=r, household=hid,
                                 town=sample.town_id)  # fmt: skip

    sample.write(work)
    whole = search.search_households(sample, "张", limit=100)
    assert len(whole) == 9 and [r.id for r in whole] == sorted(r.id for r in whole)
    seen: list[search.HouseholdRow] = []
    after = None
    while page := search.search_households(sample, "张", limit=4, after=after):
        assert len(page) <= 4
        seen.extend(page)
        after = page[-1].cursor
    assert seen == whole
    assert {r.head_name: r.matched for r in seen}["张3"] == "张3子"


def test_phone_masked_for_clerk(sample: Any) -> None:
    full = search.search_households(sample, "张三")[0]
    assert full.phone == "13912345678"
    masked = search.search_households(sample.as_actor(CLERK), "张三")[0]
    assert masked.phone == "139****5678"


def test_archived_households_are_hidden(sample: Any) -> None:
    sample.write(lambda: audit.archive(sample, Household.get(Household.head_name == "王五")))
    assert "王五" not in _heads(search.search_households(sample, ""))


def test_visits_of_day(sample: Any) -> None:
    rows = list_day(sample, TODAY)
    assert [(r.ticket, r.name, r.status) for r in rows] == [
        (3, "王五", "等候"),
        (2, "李四", "接待中"),
        (1, "张三", "已办"),
    ]  # the waiting first, then those being served, then the finished
    assert rows[0].official == "" and rows[2].official == "陈干事"
    assert rows[2].village == "桃园村"
    assert [r.name for r in list_day(sample, TODAY - dt.timedelta(days=7))] == ["昨日"]
    lj = Village.get(Village.name == "李家湾村").id
    assert list_day(sample, TODAY, village=lj) == []


def test_matters_sorted_by_urgency(sample: Any) -> None:
    rows = list_matters_page(sample, MatterFilter())
    assert [(r.number[-1], r.urgency, r.days) for r in rows] == [
        ("2", "overdue", 5),
        ("1", "overdue", 2),
        ("3", "due_today", 0),
        ("4", "ok", 3),
    ]
    assert rows[0].handler == "刘书记" and rows[1].handler == ""
    assert rows[0].first_receiver == "陈干事"
    assert len(rows[0].content) <= 24 and rows[0].content.endswith("…")
    assert overdue_count(sample) == 2


def test_matters_by_state_and_pages(sample: Any) -> None:
    assert [r.number[-1] for r in list_matters_page(sample, MatterFilter(state="已办结"))] == ["5"]
    every = list_matters_page(sample, MatterFilter(state="全部"))
    assert [r.number[-1] for r in every] == ["5", "2", "1", "3", "4", "6"]  # no date last
    assert every[0].urgency == "done" and every[-1].urgency == "done"
    seen: list[str] = []
    after = None
    while page := list_matters_page(sample, MatterFilter(state="全部"), limit=4, after=after):
        seen.extend(r.number for r in page)
        after = page[-1].cursor
    assert seen == [r.number for r in every]
    sm = Village.get(Village.name == "石门村").id
    assert list_matters_page(sample, MatterFilter(village_id=sm)) == []


def test_matters_count_is_what_the_filter_lets_through(sample: Any) -> None:
    """The tab's 共 N 件 while it shows a page: the same filter, counted."""
    for flt in (MatterFilter(), MatterFilter(state="全部"), MatterFilter(state="已办结")):
        assert count_matters(sample, flt) == len(list_matters_page(sample, flt))
    sm = Village.get(Village.name == "石门村").id
    assert count_matters(sample, MatterFilter(village_id=sm)) == 0


def test_clerk_may_browse(sample: Any) -> None:
    clerk = sample.as_actor(CLERK)
    assert len(list_matters_page(clerk, MatterFilter())) == 4
    assert len(list_day(clerk, TODAY)) == 3


def test_reading_gives_a_worker_thread_its_own_connection(sample: Any) -> None:
    import threading

    seen: dict[str, Any] = {}

    def worker() -> None:
        seen["closed_before"] = sample.db.is_closed()
        with reading(sample):
            seen["conn"] = sample.db.connection()
            seen["rows"] = len(search.search_households(sample, ""))
        seen["closed_after"] = sample.db.is_closed()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen["closed_before"] and seen["closed_after"]
    assert seen["rows"] == 5
    assert seen["conn"] is not sample.db.connection()
    with reading(sample):  # the main thread's open connection is left alone
        pass
    assert not sample.db.is_closed()


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (OperationalError("database is locked"), "数据库正忙"),
        (IntegrityError("duplicate key (id_number)=(110101199003074514)"), "没有保存任何内容"),
        (sqlite3.DatabaseError("disk I/O error 13800138000"), "请重试"),
    ],
)
def test_a_database_failure_reads_as_one_chinese_line_without_the_values(
    ctx: Any, raised: Exception, expected: str
) -> None:
    with pytest.raises(DomainError) as caught, reading(ctx):
        raise raised
    message = str(caught.value)
    assert expected in message
    assert "110101199003074514" not in message and "13800138000" not in message
