"""The queue tab driven by real keys: intake (lookup, pick, ditto, bad input),
call next, every outcome, the matter card, and a second desk on one file."""

from __future__ import annotations

import subprocess
import sys
import threading
import types
from typing import Any, ClassVar

import pytest
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from deskui.services.context import ServiceContext
from deskui.services.queue import visits as q
from deskui.store.models import Visit
from deskui.tui.app import DeskApp
from deskui.tui.tabs.queue.intake import IntakeDialog
from deskui.tui.tabs.queue.outcome import OutcomeDialog
from deskui.tui.tabs.queue.pane import QueuePane
from deskui.tui.widgets.paged_table import PagedTable
from tests.tui.pilot_helpers import SIZE, settle

pytestmark = pytest.mark.sqlite_only


async def open_desk(app: DeskApp, pilot: Pilot[Any]) -> QueuePane:
    await settle(app, pilot)
    await pilot.press("enter", *"1234", "enter")  # 管理员甲
    await settle(app, pilot)
    return app.query_one(QueuePane)


def messages(app: DeskApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def names(app: DeskApp) -> list[str]:
    table = app.query_one("#queue-table", PagedTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def visit(name: str) -> Visit:
    return Visit.get(Visit.name == name)


def error_text(screen: Any, field: str) -> str:
    note = screen.query_one(f"#err-{field}", Static)
    return str(note.render()) if note.has_class("-shown") else ""


async def type_lookup(app: DeskApp, pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)
    await pilot.pause(0.3)  # the lookup's debounce
    await settle(app, pilot)


async def test_the_tab_opens_on_todays_service_day(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        day = str(app.query_one("#queue-day", Static).render())
        assert day == "今天是桃园村的服务日（全天，村委会）"
        assert names(app) == ["李秀英", "王建国"]  # the waiting first, then by arrival
        assert "登记 2 · 等候 1" in str(app.query_one("#queue-figures", Static).render())
        assert str(app.query_one("#queue-serving", Static).render()) == "正在接待：无"


async def test_ctrl_g_picks_another_village_and_ctrl_o_the_official(desk_ctx: Any) -> None:
    from deskui.tui.widgets.picker import Picker, PickerDialog

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        villages = app.query_one("#queue-village", Picker)
        assert villages.label.startswith("桃园村")
        others = [text for text, _ in villages.options if not text.startswith("桃园村")]
        assert others, villages.options
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("escape")  # nothing changes
        await settle(app, pilot)
        assert villages.label.startswith("桃园村") and names(app) == ["李秀英", "王建国"]
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        target = [text for text, _ in villages.options].index(others[0])
        current = [text for text, _ in villages.options].index(villages.label)
        await pilot.press(*(["down"] * (target - current) or ["up"] * (current - target)))
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, PickerDialog)
        assert villages.label == others[0]
        assert "王建国" not in names(app)  # the other village's day
        day = str(app.query_one("#queue-day", Static).render())
        assert others[0].split("（")[0] in day
        officials = app.query_one("#queue-official", Picker)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        if officials.options:
            assert isinstance(app.screen, PickerDialog)
            await pilot.press("escape")
        else:  # a village without a team: nothing to pick from
            assert not isinstance(app.screen, PickerDialog)
        assert app.is_running and app._exception is None


async def test_intake_by_initials_pick_reason_enter(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, IntakeDialog)
        assert app.focused is screen.query_one("#in-lookup")
        await type_lookup(app, pilot, "lzq")
        await pilot.press("enter")  # the first match: 刘志强, 桃园村4组
        assert app.focused is screen.query_one("#in-reason")
        assert screen.query_one("#in-name", Input).value == "刘志强"
        assert screen.query_one("#in-group", Input).value == "4"
        await pilot.press(*"咨询医保报销", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, IntakeDialog)
        v = visit("刘志强")
        assert (v.ticket, v.group_no, v.reason, v.status) == (3, 4, "咨询医保报销", "等候")
        assert v.resident_id is not None and v.household_id is not None
        assert v.phone == "13900000003"  # the phone on file, never shown masked
        assert names(app) == ["李秀英", "刘志强", "王建国"]
        assert "桃园村 3号 刘志强 09:30 登记" in messages(app)


async def test_ditto_then_a_new_person_with_the_minimum(desk_ctx: Any) -> None:
    q.register_visit(desk_ctx, village="石门村", name="周六", group_no=3, reason="办证")
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        screen = app.screen
        assert screen.query_one("#in-village", Input).value == "石门村"
        assert screen.query_one("#in-group", Input).value == "3"
        assert app.focused is screen.query_one("#in-name")
        await pilot.press(*"钱七", "enter", "enter", "enter", "enter", *"问路", "enter")
        await settle(app, pilot)
        v = visit("钱七")
        assert (v.village.name, v.group_no, v.ticket, v.resident_id) == ("石门村", 3, 2, None)


async def test_bad_input_is_said_next_to_the_field_and_nothing_is_lost(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("enter", "ctrl+s")  # nothing typed
        await settle(app, pilot)
        assert "姓名" in error_text(screen, "name")
        assert app.focused is screen.query_one("#in-name")
        await pilot.press(*"张三", "tab", "ctrl+a")
        screen.query_one("#in-village", Input).value = "不存在村"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "不存在村" in error_text(screen, "village")
        screen.query_one("#in-village", Input).value = "桃园"
        screen.query_one("#in-phone", Input).value = "13912345"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error_text(screen, "phone")
        assert app.focused is screen.query_one("#in-phone")
        screen.query_one("#in-phone", Input).value = ""
        screen.query_one("#in-name", Input).value = "张三说他家的承包地被邻居占了想请驻村干部去看看"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "不能超过 20 个字" in error_text(screen, "name")
        assert Visit.select().count() == 2  # no ticket issued
        screen.query_one("#in-name", Input).value = "张三"
        await pilot.press("escape")  # cancel: the draft is kept
        await settle(app, pilot)
        assert not isinstance(app.screen, IntakeDialog)
        await pilot.press("f6")
        await settle(app, pilot)
        assert app.screen.query_one("#in-name", Input).value == "张三"
        assert "已恢复" in str(app.screen.query_one("#intake-draft", Static).render())
        await pilot.press("ctrl+s", "ctrl+s")  # a double press: one ticket
        await settle(app, pilot)
        assert Visit.select().where(Visit.name == "张三").count() == 1


async def test_call_next_and_each_outcome(desk_ctx: Any) -> None:
    for name in ("赵一", "钱二", "孙三", "李四", "周五"):
        q.register_visit(desk_ctx, village="桃园村", name=name, reason="事由")
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)

        await pilot.press("f8")  # 李秀英 (2号) to 刘书记, the team's leader
        await settle(app, pilot)
        assert visit("李秀英").status == "接待中"
        assert visit("李秀英").official.name == "刘书记"
        assert "正在接待：2号 李秀英（刘书记" in str(app.query_one("#queue-serving").render())
        await pilot.press("f8")  # still serving: refused, nobody else called
        await settle(app, pilot)
        assert any("正在接待" in m for m in messages(app))
        assert visit("赵一").status == "等候"

        await pilot.press("1")  # 当场答复: the answer is required
        await settle(app, pilot)
        assert isinstance(app.screen, OutcomeDialog)
        await pilot.press("enter")
        assert error_text(app.screen, "note")
        await pilot.press(*"已当场答复医保政策", "enter")
        await settle(app, pilot)
        v = visit("李秀英")
        assert (v.status, v.outcome, v.outcome_note) == ("已办", "当场答复", "已当场答复医保政策")

        await pilot.press("f8", "4")  # 调处纠纷: parties, result, note
        await settle(app, pilot)
        await pilot.press(*"赵一与邻居", "enter", "down", "enter", *"约定下周再调", "enter")
        await settle(app, pilot)
        v = visit("赵一")
        assert (v.outcome, v.dispute_parties, v.dispute_result) == (
            "调处纠纷",
            "赵一与邻居",
            "未成功",
        )

        await pilot.press("f8", "5")
        await settle(app, pilot)
        await pilot.press(*"不符合低保条件，已解释", "enter")
        await settle(app, pilot)
        assert visit("钱二").outcome == "不予受理"

        await pilot.press("f8", "2")
        await settle(app, pilot)
        await pilot.press(*"讲解了养老保险", "enter")
        await settle(app, pilot)
        assert visit("孙三").outcome == "政策咨询"

        # 离开未办 on a waiting visitor chosen in the list
        table = app.query_one("#queue-table", PagedTable)
        table.focus()
        table.move_cursor(row=names(app).index("周五"))
        await pilot.press("6")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert (visit("周五").status, visit("周五").outcome) == ("离开", "离开未办")
        figures = str(app.query_one("#queue-figures", Static).render())
        assert "当场答复 2" in figures and "调处纠纷 1" in figures and "离开未办 1" in figures


class FakeMatterForm(ModalScreen[str | None]):
    """Stands in for the matter card: records its prefill, saves at once."""

    seen: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, prefill: dict[str, Any]) -> None:
        super().__init__()
        FakeMatterForm.seen.append(prefill)

    def compose(self) -> ComposeResult:
        yield Label("受理卡")

    def on_mount(self) -> None:
        self.dismiss("XH2026-0042")


async def test_matter_key_opens_the_card_prefilled(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import deskui.tui.tabs.queue.actions as screen

    fake = types.SimpleNamespace(MatterFormDialog=FakeMatterForm)
    real = screen.importlib.import_module

    def card_is_fake(name: str) -> Any:
        return fake if name.endswith("matter_form") else real(name)

    monkeypatch.setattr(screen.importlib, "import_module", card_is_fake)
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        await pilot.press("f8", "3")
        await settle(app, pilot)
        prefill = FakeMatterForm.seen[-1]
        v = visit("李秀英")
        assert prefill["visit_id"] == v.id and prefill["name"] == "李秀英"
        assert (prefill["village"], prefill["content"]) == ("桃园村", "咨询医保")
        assert (v.outcome, v.outcome_note) == ("受理代办", "受理卡 XH2026-0042")


async def test_matter_key_without_the_card_records_the_outcome(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import deskui.tui.tabs.queue.actions as screen

    real = screen.importlib.import_module

    def missing(name: str) -> Any:
        if name.endswith("matter_form"):
            raise ImportError(name)
        return real(name)

    monkeypatch.setattr(screen.importlib, "import_module", missing)
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        await pilot.press("f8", "3")
        await settle(app, pilot)
        assert isinstance(app.screen, OutcomeDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert visit("李秀英").outcome == "受理代办"


def test_two_desks_never_share_a_ticket(desk_ctx: Any) -> None:
    """Two desks (threads, each with its own SQLite connection) register at once."""
    errors: list[BaseException] = []

    def desk(label: str) -> None:
        other = ServiceContext(desk_ctx.settings, desk_ctx.db, desk_ctx.actor, desk_ctx.town_id)
        try:
            with desk_ctx.db.connection_context():
                for i in range(15):
                    q.register_visit(other, village="石门村", name=f"{label}{i}", desk=label)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(n,)) for n in ("甲", "乙")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    tickets = [v.ticket for v in Visit.select().where(Visit.desk.in_(["甲", "乙"]))]
    assert sorted(tickets) == list(range(1, 31))


def other_desk_calls(desk_ctx: Any) -> None:
    """Another desk calls 李秀英: another process on the same file (the CLI twin)."""
    result = subprocess.run(
        [sys.executable, "-m", "deskui", "--db", str(desk_ctx.settings.db),
         "--operator", "admin", "--password-stdin", "visit", "call",
         "--village", "桃园村", "--official", "陈干事", "--desk", "2号窗口"],
        input="1234\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


async def test_another_desks_call_shows_after_a_poll(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        assert visit("李秀英").status == "等候"
        other_desk_calls(desk_ctx)
        await pilot.pause(2.0)  # one poll
        await settle(app, pilot)
        table = app.query_one("#queue-table", PagedTable)
        row = table.get_row_at(names(app).index("李秀英"))
        assert (str(row[2]), str(row[8])) == ("接待中", "陈干事")
        await pilot.press("f8")  # nobody else is waiting at this desk's village
        await settle(app, pilot)
        assert "桃园村目前没有等候的群众" in messages(app)


async def test_the_poll_rests_while_another_tab_is_up_and_catches_up_on_return(
    desk_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[int] = []
    real = QueuePane._check
    monkeypatch.setattr(
        QueuePane, "_check", lambda self, *args: (checks.append(1), real(self, *args))[1]
    )
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        checks.clear()
        other_desk_calls(desk_ctx)
        await pilot.pause(2.0)  # a poll period with the archive up
        assert checks == []
        await pilot.press("f2")
        await pilot.pause(0.3)  # well within a poll period
        await settle(app, pilot)
        assert checks
        row = app.query_one("#queue-table", PagedTable).get_row_at(names(app).index("李秀英"))
        assert (str(row[2]), str(row[8])) == ("接待中", "陈干事")


async def test_home_visit_is_logged_against_the_household(desk_ctx: Any) -> None:
    from deskui.store.models import Contact, Household
    from deskui.tui.dialogs.contact_log import ContactLogDialog
    from deskui.tui.tabs.queue.home_visit import HomeVisitDialog

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        await pilot.press("ctrl+w")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeVisitDialog)
        await pilot.press(*"zgf")
        await settle(app, pilot)
        await pilot.press("enter")  # the first match: 曾国藩's household
        await settle(app, pilot)
        assert isinstance(app.screen, ContactLogDialog)
        await pilot.press(*"了解危房改造进度", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, (HomeVisitDialog, ContactLogDialog))
        contact = Contact.get()
        assert contact.household_id == Household.get(Household.head_name == "曾国藩").id
        assert (contact.mode, contact.note) == ("登门", "了解危房改造进度")
        assert contact.date.isoformat() == "2026-11-24"
        assert "已记录入户走访" in messages(app)


async def test_the_lookup_says_when_it_lists_only_the_first_matches(desk_ctx: Any) -> None:
    from textual.widgets import OptionList

    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        await type_lookup(app, pilot, "w")  # 王 and 吴: 24 of the fixture's 120
        hint = str(screen.query_one("#intake-hint", Static).render())
        assert screen.query_one("#in-matches", OptionList).option_count == 8
        assert "只列出前 8 人，还有更多" in hint
        await pilot.press("backspace")
        await type_lookup(app, pilot, "zgf")  # 曾国藩 alone
        assert screen.query_one("#in-matches", OptionList).option_count == 1
        assert "还有更多" not in str(screen.query_one("#intake-hint", Static).render())
