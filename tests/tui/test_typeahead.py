"""Type-ahead: whole key sequences sent in one burst (as a terminal hands
over what a fast clerk typed ahead, with the services slowed down as on a
low-spec PC) save exactly what slow typing saves."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from deskui.store.models import Household, Matter, Resident, Visit
from deskui.tui.app import DeskApp
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only

SLOW = 0.15  # seconds every slowed service call takes


def key_event(key: str) -> events.Key:
    """The event a terminal produces for ``key`` (as Pilot builds it)."""
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def burst(app: DeskApp, pilot: Pilot[Any], keys: list[str]) -> None:
    """Hand every key to the desk at once, then wait until all have landed
    and the desk is quiet."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)
    quiet = 0
    for _ in range(1000):  # at most 20 s
        await pilot.pause(0.02)
        busy = app.keys_waiting or any(not w.is_finished for w in app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 15:  # 0.3 s with nothing waiting or running
            break
    await settle(app, pilot)


async def slowly(app: DeskApp, pilot: Pilot[Any], keys: list[str]) -> None:
    """One key at a time, each once the desk has finished the last."""
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot, rounds=1)
        await pilot.pause(0.25)  # any lookup's debounce
        await settle(app, pilot, rounds=1)


def slowed(monkeypatch: pytest.MonkeyPatch, module: Any, *names: str) -> None:
    for name in names:
        fn: Callable[..., Any] = getattr(module, name)

        def slow(*args: Any, _fn: Callable[..., Any] = fn, **kwargs: Any) -> Any:
            time.sleep(SLOW)
            return _fn(*args, **kwargs)

        monkeypatch.setattr(module, name, slow)


def slow_services(monkeypatch: pytest.MonkeyPatch) -> None:
    from deskui.tui.dialogs import matter_form
    from deskui.tui.tabs.queue import intake, pane
    from deskui.tui.widgets import resident_lookup

    slowed(monkeypatch, resident_lookup, "search_residents")
    slowed(monkeypatch, intake, "register_intake")
    slowed(monkeypatch, matter_form, "form_choices", "open_matter")
    slowed(monkeypatch, pane, "queue_view")


TYPE = {"burst": burst, "slowly": slowly}


@pytest.mark.parametrize("how", ["slowly", "burst"])
async def test_intake_then_call_then_outcome(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The reason typed straight after the Enter that picks the villager
    lands in 事由 (not the search box); the outcome digit after F8 waits for
    the call; the note after it lands in the outcome dialog."""
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        slow_services(monkeypatch)
        keys = [
            "f6", *"13900000003", "enter", *"咨询残疾补贴", "enter",  # register 刘志强 (by phone)
            "f9", "2", *"讲解了残疾补贴政策", "enter",  # call, 政策咨询 with its note
        ]  # fmt: skip
        await TYPE[how](app, pilot, keys)
        v = Visit.get(Visit.name == "刘志强")
        assert (v.reason, v.status, v.outcome, v.outcome_note) == (
            "咨询残疾补贴",
            "已办",
            "政策咨询",
            "讲解了残疾补贴政策",
        )
        assert v.resident_id == Resident.get(Resident.phone == "13900000003").id


@pytest.mark.parametrize("how", ["slowly", "burst"])
async def test_register_call_and_open_the_matter_card(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """A known villager walks in for a 残疾证: register, call, open the card
    (level, category, promised date) and save it."""
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        slow_services(monkeypatch)
        keys = [
            "f6", *"13900000003", "enter", *"办残疾证", "enter",
            "f9", "3",
            *MATTER_CARD_KEYS,
        ]  # fmt: skip
        await TYPE[how](app, pilot, keys)
        m = Matter.get(Matter.applicant == "刘志强")
        assert (m.content, m.materials, m.category, m.level, m.promised_on.isoformat()) == (
            "办残疾证",
            "身份证复印件",
            CATEGORY,
            "县",
            "2026-12-01",
        )
        v = Visit.get(Visit.name == "刘志强")
        assert (v.status, v.outcome) == ("已办", "受理代办")


@pytest.mark.parametrize("how", ["slowly", "burst"])
async def test_add_a_household_member_with_id(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    from deskui.services.archive import household as hh

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press(*"zgf")
        await pilot.pause(0.4)
        await settle(app, pilot)
        await pilot.press("enter")  # to the list
        await settle(app, pilot)
        slowed(monkeypatch, hh, "add_member", "get_household")
        keys = ["enter", "a", *MEMBER_KEYS]
        await TYPE[how](app, pilot, keys)
        head = Household.get(Household.head_name == "曾国藩")
        member = Resident.get(Resident.household == head, Resident.name == "李小芳")
        assert (member.relation, member.id_number) == ("孙女", MEMBER_ID)


CATEGORY = "政策咨询"
MATTER_CARD_KEYS: list[str] = [
    # the card opens on 问题类别 (the visit gave name, phone, 村 and 事由)
    "shift+tab", *"身份证复印件", "enter",  # back to 所需材料, then on to 类别
    *"zc", "enter",  # 类别 by its pinyin initials: 政策咨询
    "3", "enter",  # 层级 县 by its number
    *"2026-12-01", "ctrl+s",  # 承诺办结日期, then save from anywhere
]  # fmt: skip
MEMBER_ID = "110101201001011237"
MEMBER_KEYS: list[str] = [*"李小芳", "enter", *"孙女", "enter", *MEMBER_ID, "ctrl+s"]


async def test_first_run_typed_in_one_burst(ctx: Any) -> None:
    """The whole setup screen typed at once (town, two villages, the first
    administrator) lands field by field, as the issue saw it not do: all of
    it went into 镇名."""
    from deskui.services.town import auth
    from deskui.services.town.towns import list_villages, town_info
    from deskui.tui.dialogs.first_run import FirstRunScreen

    def chars(text: str) -> list[str]:
        return [{" ": "space", "\n": "enter"}.get(c, c) for c in text]

    app = DeskApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FirstRunScreen)
        keys = [
            *chars("河口镇\n"),
            *chars("一村 3\n二村 4"), "tab",
            *chars("admin"), "tab", *chars("管理员"), "tab",
            *chars("123456"), "tab", *chars("123456"), "ctrl+s",
        ]  # fmt: skip
        await burst(app, pilot, keys)
        info = town_info(ctx)
        assert info is not None and info.name == "河口镇"
        assert [(v.name, v.group_count) for v in list_villages(ctx)] == [("一村", 3), ("二村", 4)]
        assert [o.username for o in auth.list_operators(ctx)] == ["admin"]


F4_CARD_KEYS: list[str] = [
    "f4", "n",  # the matters tab, a new card
    *"zgf", "enter",  # the archive lookup: 曾国藩 by initials, Enter brings him
    *"申请残疾证", "enter", "enter",  # 申办事项, 所需材料 (none)
    *"zzdb", "enter",  # 类别 证照代办 by its initials
    "2", "enter", "enter",  # 层级 镇 by its number; 承诺办结日期 (none: counted)
    *"cgs", "enter",  # 首办 陈干事 by initials
    *"lsj", "enter", *"lsj",  # 主办 and 责任领导 刘书记 by initials
    "ctrl+s",
]  # fmt: skip


@pytest.mark.parametrize("how", ["slowly", "burst"])
async def test_a_card_from_f4_typed_in_one_burst(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """F4 → lookup → pick the villager → category by initials → level by
    number → officials by initials → Ctrl+S: typed at once, the card saved
    is the one slow typing saves."""
    from deskui.store.models import Official

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        slow_services(monkeypatch)
        await TYPE[how](app, pilot, F4_CARD_KEYS)
        m = Matter.get(Matter.applicant == "曾国藩")
        head = Household.get(Household.head_name == "曾国藩")
        chen = Official.get(Official.name == "陈干事").id
        liu = Official.get(Official.name == "刘书记").id
        assert (m.content, m.category, m.level, m.origin, m.phone, m.household_id) == (
            "申请残疾证",
            "证照代办",
            "镇",
            "服务日接待",
            "13900000007",
            head.id,
        )
        assert (m.first_receiver_id, m.handler_id, m.leader_id) == (chen, liu, liu)
        assert m.due_on.isoformat() == "2026-11-27"  # 3 working days after Tuesday 11-24
