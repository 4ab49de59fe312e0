"""The bad-input corpus: hostile values fed to the services.

Each value must either be stored exactly (read back equal) or be refused with
a clear Chinese ``DomainError`` — never another exception, never a
half-written record (row and audit counts unchanged on refusal).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskui.domain.errors import DomainError
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.cards import open_matter, step
from deskui.services.queue.visits import register_visit
from deskui.store.models import AuditLog, Matter, MatterEvent, Visit
from tests.hostile import HOSTILE, hostile_text, is_clear


def _counts() -> tuple[int, ...]:
    return (
        Visit.select().count(),
        Matter.select().count(),
        MatterEvent.select().count(),
        AuditLog.select().count(),
    )


def _is_clear(err: DomainError) -> bool:
    return is_clear(str(err))


@pytest.fixture
def desk(town_ctx):  # type: ignore[no-untyped-def]
    from deskui.store.models import Official, Town

    town = Town.get()
    official = Official.create(town=town, name="周干部", post="副镇长", is_leader=True)
    town_ctx.actor = town_ctx.actor.__class__(
        id=None,
        username="system",
        display_name="系统",
        role=town_ctx.actor.role,
        official_id=official.id,
    )
    return town_ctx


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(name=hostile_text, reason=hostile_text, phone=hostile_text)
def test_register_visit_stores_exactly_or_refuses(desk, name: str, reason: str, phone: str) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    try:
        ticket = register_visit(desk, village="桃园村", name=name, reason=reason, phone=phone)
    except DomainError as err:
        assert _is_clear(err), str(err)
        assert _counts() == before
        return
    row = Visit.get_by_id(ticket.id)
    assert row.name == name.strip() and row.reason == reason.strip().replace("\r\n", "\n")
    assert _counts()[0] == before[0] + 1 and _counts()[3] > before[3]


@SETTINGS
@given(
    name=hostile_text,
    content=hostile_text,
    promised=hostile_text,
    level=st.sampled_from(["村", "镇", "县", "省", ""]),
)
def test_open_matter_stores_exactly_or_refuses(
    desk, name: str, content: str, promised: str, level: str
) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    try:
        card = open_matter(
            desk,
            village="桃园村",
            name=name,
            content=content,
            level=level,
            promised_on=promised or None,
        )
    except DomainError as err:
        assert _is_clear(err), str(err)
        assert _counts() == before
        return
    again = get_matter(desk, card.number)
    assert again.applicant == name.strip()
    assert again.content == content.strip().replace("\r\n", "\n")
    assert again.due_on is not None and again.due_on >= dt.date(2026, 11, 24)


@SETTINGS
@given(
    note=hostile_text,
    satisfaction=hostile_text,
    kind=st.sampled_from(["回访", "销号", "办结", "延期", "进展", "飞升"]),
)
def test_matter_steps_refuse_cleanly(desk, note: str, satisfaction: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    card = open_matter(desk, village="桃园村", name="张三", content="申请低保", level="村")
    before = _counts()
    try:
        step(desk, card.number, kind, note=note, satisfaction=satisfaction or None, new_due=note)
    except DomainError as err:
        assert _is_clear(err), str(err)
        assert _counts() == before
        return
    assert _counts()[2] == before[2] + 1


@pytest.mark.parametrize("number", ["", "XH2026-9999", "'; DROP TABLE matter; --", "\x00", "😀"])
def test_unknown_matter_numbers(desk, number: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as err:
        get_matter(desk, number)
    assert _is_clear(err.value)


MUST_REFUSE = [
    "张三\x00",  # PostgreSQL cannot store NUL
    "王五\u202e",  # right-to-left override
    "张\u200b三",  # zero-width space: looks like 张三
    "张\ud800",  # a lone surrogate: the database cannot encode it
    "张\uffff",  # a noncharacter: every workbook holding it is unreadable
    "\x1b[31m红",
]


@pytest.mark.parametrize("value", MUST_REFUSE)
def test_unstorable_text_is_refused_on_both_backends(desk, value: str) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    for kw in ({"name": value, "reason": "咨询"}, {"name": "张三", "reason": value}):
        with pytest.raises(DomainError) as err:
            register_visit(desk, village="桃园村", **kw)
        assert _is_clear(err.value) and err.value.field in ("name", "reason"), str(err.value)
    with pytest.raises(DomainError) as err:
        open_matter(desk, village="桃园村", name="张三", content=value, level="村")
    assert _is_clear(err.value) and err.value.field == "content"
    assert _counts() == before


@pytest.mark.parametrize("text", [*HOSTILE, *MUST_REFUSE, "%", "_", "\\", "*"])
def test_search_with_hostile_text_never_crashes(desk, text: str) -> None:  # type: ignore[no-untyped-def]
    """The archive search and the intake lookup take any text (a query is not
    stored: what no key can hold is dropped) on both backends."""
    from deskui.services.archive.search import search_households
    from deskui.services.queue.intake import search_residents

    register_visit(desk, village="桃园村", name="张三", reason="咨询")
    assert isinstance(search_households(desk, text), list)
    assert isinstance(search_residents(desk, text), list)
