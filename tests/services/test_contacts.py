"""Contacts with households: logged, audited, listed newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fixtures.archive_data import add_household, add_officials

from deskui.domain.errors import ValidationError
from deskui.services.archive.contacts import list_contacts, log_contact
from deskui.services.archive.household_view import get_household
from deskui.services.audit import history


@pytest.fixture
def setup(town_ctx: Any) -> tuple[int, int]:
    (official,) = add_officials(town_ctx, "陈干事")
    return add_household(town_ctx, "桃园村", "H001", "王建国"), official


def test_log_and_list(town_ctx: Any, setup: tuple[int, int]) -> None:
    home, official = setup
    log_contact(town_ctx, home, official, "2026-11-02", "电话", note="询问医保缴费")
    c = log_contact(
        town_ctx, home, official, dt.date(2026, 11, 20), "登门", "邻里纠纷", "=调解宅基地", True
    )
    assert (c.official, c.mode, c.event_kind, c.follow_up) == ("陈干事", "登门", "邻里纠纷", True)
    rows = list_contacts(town_ctx, home)
    assert [r.date.day for r in rows] == [20, 2]
    assert rows[0].note == "=调解宅基地"
    assert get_household(town_ctx, home).contacts[0].id == c.id
    assert history(town_ctx, "contact", c.id)[0].action == "新增"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("2026-11-25", "电话", "", ""), "date"),
        (("2026-02-30", "电话", "", ""), "date"),
        (("2026-11-20", "写信", "", ""), "mode"),
        (("2026-11-20", "电话", "生日", ""), "event_kind"),
        (("2026-11-20", "电话", "", "x" * 10_000), "note"),
        (("2026-11-20", "电话", "", "a\x00b"), "note"),
    ],
)
def test_bad_contacts_are_refused(
    town_ctx: Any, setup: tuple[int, int], args: Any, field: str
) -> None:
    home, official = setup
    with pytest.raises(ValidationError) as err:
        log_contact(town_ctx, home, official, *args)
    assert err.value.field == field
    assert list_contacts(town_ctx, home) == []
