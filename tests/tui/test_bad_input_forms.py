"""The bad-input corpus typed (or pasted) into the desk's forms.

For every form and a fixed list of hostile values: the app never crashes
(no exception, no exit, the screen stack intact); a refused value is said in
Chinese next to its field and stays in the form; an accepted value is stored
exactly (read back through the services) — emoji, CJK extension B,
``=1+1``, SQL-looking text included. Control characters, direction marks
and 10,000-character pastes are refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.events import Paste
from textual.pilot import Pilot
from textual.widgets import Input, Static

from deskui.services.archive.contacts import list_contacts
from deskui.services.archive.household_view import get_household
from deskui.services.matters.card_view import get_matter
from deskui.store.models import AuditLog, Contact, Household, Matter, Resident, Visit
from deskui.tui.app import DeskApp
from deskui.tui.dialogs.contact_log import ContactLogDialog
from deskui.tui.dialogs.field_form import FieldFormDialog
from deskui.tui.dialogs.form_keys import DiscardDialog
from deskui.tui.dialogs.matter_form import MatterFormDialog
from deskui.tui.tabs.archive.household import HouseholdDialog
from deskui.tui.tabs.matters.card import MatterCardDialog
from deskui.tui.tabs.matters.pane import MattersPane
from deskui.tui.tabs.matters.step import MatterStepDialog
from deskui.tui.tabs.queue.home_visit import HomeVisitDialog
from deskui.tui.tabs.queue.intake import IntakeDialog
from deskui.tui.widgets.choice import ChoiceField
from tests.hostile import HOSTILE_DATES, HOSTILE_IDS, HOSTILE_INCOMES, is_clear
from tests.tui.pilot_helpers import SIZE, settle, sign_in

pytestmark = pytest.mark.sqlite_only

LONG = "长" * 10_000
# (value, refused?) — the same list for every free-text field.
VALUES: list[tuple[str, bool]] = [
    ("😀😀表情", False),
    ("𠀀𠀁", False),  # CJK extension B
    ("=1+1", False),
    ('=HYPERLINK("x")', False),
    ("@SUM(A1)", False),
    ("-1+2", False),
    ("'; DROP TABLE x;--", False),
    ("Ｚｓ", False),
    ("ـــ", False),
    ("王五\u202e", True),  # right-to-left override
    ("赵六\u200f", True),  # right-to-left mark
    ("\x1b[31m红", True),  # terminal escape
    ("张三\x00", True),  # NUL: PostgreSQL cannot store it
    ("张\u200b三", True),  # zero-width space: looks like 张三
    ("张\ud800", True),  # a lone surrogate: cannot be stored
    (LONG, True),  # a 10,000-character paste
]


def alive(app: DeskApp, depth: int) -> None:
    """No crash, no exit, and the expected number of screens."""
    assert app._exception is None, app._exception
    assert app.return_code is None
    assert len(app.screen_stack) == depth, [type(s).__name__ for s in app.screen_stack]


def error_of(screen: Any, field: str) -> str:
    note = screen.query_one(f"#err-{field}", Static)
    return str(note.render()) if note.has_class("-shown") else ""


async def put(app: DeskApp, pilot: Pilot[Any], widget: Input, value: str) -> None:
    """Type a value into an input: a real paste for long text, the value
    otherwise (the keyboard cannot type NUL or direction marks)."""
    widget.focus()
    await pilot.pause()
    widget.value = ""
    if len(value) > 100:
        widget.post_message(Paste(value))
    else:
        widget.value = value
    await pilot.pause()
    assert widget.value == value


async def save(app: DeskApp, pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(app, pilot)


def hide_errors(screen: Any) -> None:
    """Clear every shown message, so a message seen after Save is Save's."""
    for note in screen.query(".field-error"):
        note.update("")
        note.remove_class("-shown")


def refused_here(app: DeskApp, screen: Any, field: str, widget: Input, value: str) -> None:
    """The form is still open, the message is next to the field, the value kept."""
    assert app.screen is screen, type(app.screen).__name__
    message = error_of(screen, field)
    assert message and is_clear(message, echoed=value), (field, value[:20], message)
    assert widget.value == value  # nothing the clerk typed is lost


# ------------------------------------------------------------ the driver

Opener = Callable[[], Awaitable[Any]]


async def feed(
    app: DeskApp,
    pilot: Pilot[Any],
    *,
    open_form: Opener,
    field: str,
    cases: list[tuple[str, bool]],
    depth: int,
    count: Callable[[], int],
    stored: Callable[[str], None],
    after_accept: Opener | None = None,
    prefix: str = "f-",
) -> int:
    """Each value into ``field`` of the form ``open_form`` opens, then Save:
    a refused value keeps the form open (the next value is tried in it), an
    accepted one closes it (``after_accept`` returns to where the form opens)
    and is read back by ``stored``. Returns the number of values tried."""
    form: Any = None
    for value, refused in cases:
        if form is None or app.screen is not form:
            form = await open_form()
        widget = form.query_one(f"#{prefix}{field}", Input)
        await put(app, pilot, widget, value)
        hide_errors(form)
        before = count()
        await save(app, pilot)
        if refused:
            alive(app, depth + 1)
            refused_here(app, form, field, widget, value)
            assert count() == before, (field, value[:20])
            continue
        assert app.screen is not form, (field, value[:20], error_of(form, field))
        assert count() == before + 1, (field, value[:20])
        stored(value)
        if after_accept is not None:
            await after_accept()
        alive(app, depth)
    if form is not None and app.screen is form:
        await escape(app, pilot)
    alive(app, depth)
    return len(cases)


async def escape(app: DeskApp, pilot: Pilot[Any]) -> None:
    """Esc; a form with typed input asks first, and Y throws it away."""
    await pilot.press("escape")
    await settle(app, pilot)
    if isinstance(app.screen, DiscardDialog):
        await pilot.press("y")
        await settle(app, pilot)


# ------------------------------------------------------------------ intake


async def test_intake_form(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, IntakeDialog)
        lookup = screen.query_one("#in-lookup", Input)
        for value, _refused in [*VALUES, ("%", False), ("_", False)]:
            await put(app, pilot, lookup, value)
            await pilot.pause(0.3)  # the lookup's debounce
            await settle(app, pilot)
            alive(app, 2)
            hint = str(screen.query_one("#intake-hint", Static).render())
            assert is_clear(hint, echoed=value.strip()), (value[:20], hint)
        await pilot.press("ctrl+l", "escape")
        await settle(app, pilot)
        tried = 0
        for field, values in (
            ("name", [(v, r or len(v.strip()) > 20) for v, r in VALUES]),
            ("reason", [*VALUES, ("0000-00-00", False), ("NaN", False)]),
            ("phone", [(v, True) for v in ("=1+1", "😀", "+86 139", "-1", "\x00")]),
        ):

            async def open_form(field: str = field) -> IntakeDialog:
                await pilot.press("f6")
                await settle(app, pilot)
                screen = app.screen
                assert isinstance(screen, IntakeDialog)
                await pilot.press("ctrl+l")  # start from a clean form
                await settle(app, pilot)
                for other, text in {"name": "周八", "reason": "咨询医保"}.items():
                    if other != field:
                        screen.query_one(f"#in-{other}", Input).value = text
                return screen

            def stored(value: str, field: str = field) -> None:
                row = Visit.select().order_by(Visit.id.desc()).get()
                assert getattr(row, field) == value.strip(), (field, value)

            tried += await feed(
                app, pilot, open_form=open_form, field=field, cases=values, depth=1,
                count=lambda: Visit.select().count(), stored=stored, prefix="in-",
            )  # fmt: skip
        assert tried == 2 * len(VALUES) + 7


# ------------------------------------------------------------ matter form


async def open_matters(app: DeskApp, pilot: Pilot[Any]) -> MattersPane:
    await sign_in(app, pilot)
    await pilot.press("f4")
    await settle(app, pilot)
    return app.query_one(MattersPane)


async def test_matter_form(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_matters(app, pilot)
        created: list[str] = []
        for field, values in (
            ("name", [(v, r or len(v.strip()) > 20) for v, r in VALUES]),
            ("content", VALUES),
            ("materials", VALUES[-5:]),
            ("promised_on", [(v, True) for v in HOSTILE_DATES]),
        ):

            async def open_form(field: str = field) -> MatterFormDialog:
                await pilot.press("n")
                await settle(app, pilot)
                form = app.screen
                assert isinstance(form, MatterFormDialog)
                form.query_one("#f-village", ChoiceField).value = "桃园村"
                level = "县" if field == "promised_on" else "村"
                form.query_one("#f-level", ChoiceField).value = level
                base = {"name": "张三", "content": "申请残疾证"}
                for other, text in base.items():
                    if other != field:
                        form.query_one(f"#f-{other}", Input).value = text
                receiver = form.query_one("#f-first_receiver", ChoiceField)
                receiver.value = next(v for text, v in receiver.options if "陈干事" in text)
                return form

            def stored(value: str, field: str = field) -> None:
                card_screen = app.screen
                assert isinstance(card_screen, MatterCardDialog)
                card = get_matter(desk_ctx, card_screen.number)
                created.append(card.number)
                got = {"name": card.applicant, "content": card.content, "materials": card.materials}
                assert got[field] == value.strip(), (field, value)

            await feed(
                app, pilot, open_form=open_form, field=field, cases=values, depth=1,
                count=lambda: Matter.select().count(), stored=stored,
                after_accept=lambda: escape(app, pilot),
            )  # fmt: skip
        accepted = sum(1 for v, r in VALUES if not r)
        assert len(created) == 2 * accepted


# ------------------------------------------------------------- matter step


async def test_matter_step(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_matters(app, pilot)
        number = "XH2026-0001"  # the first row of the list
        for key, field, values in (
            ("j", "note", VALUES),  # 进展
            ("y", "new_due", [(v, True) for v in HOSTILE_DATES]),  # 延期
        ):

            async def open_form(key: str = key, field: str = field) -> MatterStepDialog:
                await pilot.press(key)
                await settle(app, pilot)
                screen = app.screen
                assert isinstance(screen, MatterStepDialog) and screen.number == number
                if field == "new_due":
                    screen.query_one("#f-note", Input).value = "等县局批复"
                return screen

            def stored(value: str) -> None:
                card = get_matter(desk_ctx, number)
                assert card.events[-1].note == value.strip() and card.progress == value.strip()

            await feed(
                app, pilot, open_form=open_form, field=field, cases=values, depth=1,
                count=lambda: len(get_matter(desk_ctx, number).events), stored=stored,
            )  # fmt: skip


# ------------------------------------------------ home visit and contact log


async def open_zeng(app: DeskApp, pilot: Pilot[Any]) -> HouseholdDialog:
    await sign_in(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)
    await pilot.press(*"zgf")
    await pilot.pause(0.3)
    await settle(app, pilot)
    await pilot.press("enter", "enter")  # to the list, open the household
    await settle(app, pilot)
    assert isinstance(app.screen, HouseholdDialog)
    return app.screen


async def test_home_visit_search_and_contact_log(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(app, pilot)
        await pilot.press("ctrl+w")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeVisitDialog)
        query = screen.query_one("#hv-query", Input)
        for value, _refused in [*VALUES, ("%", False), ("_", False), ("\\", False)]:
            await put(app, pilot, query, value)
            await pilot.pause(0.2)
            await settle(app, pilot)
            alive(app, 2)
            note = str(screen.query_one("#hv-note", Static).render())
            assert is_clear(note, echoed=value), (value[:20], note)
            assert query.value == value
        # then a visit logged with a formula-looking note
        await put(app, pilot, query, "zgf")
        await pilot.pause(0.3)
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactLogDialog)
        await put(app, pilot, app.screen.query_one("#f-note", Input), "=1+1 😀")
        await save(app, pilot)
        alive(app, 1)
        assert Contact.get().note == "=1+1 😀"


async def test_contact_log(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        household = await open_zeng(app, pilot)
        hid = household.household_id

        async def open_form() -> ContactLogDialog:
            await pilot.press("c")
            await settle(app, pilot)
            assert isinstance(app.screen, ContactLogDialog)
            return app.screen

        def stored(value: str) -> None:
            assert list_contacts(desk_ctx, hid)[0].note == value.strip()

        def count() -> int:
            return len(list_contacts(desk_ctx, hid))

        notes = [*VALUES, *((d, False) for d in HOSTILE_DATES[:2])]
        await feed(app, pilot, open_form=open_form, field="note", cases=notes, depth=2,
                   count=count, stored=stored)  # fmt: skip
        dates = [(d, True) for d in HOSTILE_DATES]
        await feed(app, pilot, open_form=open_form, field="date", cases=dates, depth=2,
                   count=count, stored=stored)  # fmt: skip


# --------------------------------------------------------- household forms


async def test_household_edit_form(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        household = await open_zeng(app, pilot)
        hid = household.household_id

        async def open_form() -> FieldFormDialog:
            await pilot.press("e")
            await settle(app, pilot)
            assert isinstance(app.screen, FieldFormDialog)
            return app.screen

        def count() -> int:
            audits = AuditLog.select().where(AuditLog.table == Household._meta.table_name)
            return int(audits.where(AuditLog.record_id == hid).count())

        for field, values in (
            ("note", VALUES),
            ("address", [(v, r or len(v) > 200) for v, r in VALUES]),
            ("income", [(v, True) for v in HOSTILE_INCOMES if v != "1e9"]),
        ):

            def stored(value: str, field: str = field) -> None:
                assert getattr(get_household(desk_ctx, hid), field) == value.strip()

            await feed(app, pilot, open_form=open_form, field=field, cases=values, depth=2,
                       count=count, stored=stored)  # fmt: skip


async def test_household_add_member_form(desk_ctx: Any) -> None:
    app = DeskApp(desk_ctx)
    async with app.run_test(size=SIZE) as pilot:
        household = await open_zeng(app, pilot)
        hid = household.household_id
        serial = iter(range(100))
        for field, values in (
            ("name", [(v, r or len(v.strip()) > 20) for v, r in VALUES]),
            ("id_number", [(v, True) for v in HOSTILE_IDS]),
        ):

            async def open_form(field: str = field) -> FieldFormDialog:
                await pilot.press("a")
                await settle(app, pilot)
                form = app.screen
                assert isinstance(form, FieldFormDialog)
                for other, text in {"name": f"曾{next(serial):02d}", "relation": "子"}.items():
                    if other != field:
                        form.query_one(f"#f-{other}", Input).value = text
                return form

            def stored(value: str) -> None:
                names = [m.name for m in get_household(desk_ctx, hid).members]
                assert value.strip() in names, (value, names)

            await feed(
                app, pilot, open_form=open_form, field=field, cases=values, depth=2,
                count=lambda: Resident.select().count(), stored=stored,
            )  # fmt: skip
