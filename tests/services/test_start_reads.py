"""What the desk reads to show its first screen, counted in statements (each
one a round trip to a PostgreSQL server): the header and the queue tab."""

from __future__ import annotations

from typing import Any

from deskui.services.queue.view import queue_view
from deskui.services.town.auth import demo_actor
from deskui.services.town.header import header_info
from tests.statements import statements


def test_the_header_reads_in_five_statements(town_demo_ctx: Any) -> None:
    ctx = town_demo_ctx
    ctx.actor = demo_actor(ctx)
    with statements() as sent:
        info = header_info(ctx)
    assert info.town_name and info.service_villages
    # the town, its villages on duty today (in their order), the holiday
    # years, the overdue count, the readiness checklist (one statement)
    assert len(sent) == 5


def test_the_queue_tab_reads_its_village_once(town_demo_ctx: Any) -> None:
    ctx = town_demo_ctx
    ctx.actor = demo_actor(ctx)
    with statements() as sent:
        view = queue_view(ctx, None)
    assert view.day is not None and view.day.team
    village_reads = [
        s for s in sent if s.startswith('SELECT "t1"."id", "t1"."town_id", "t1"."name"')
    ]
    # desk_day's own read of the village, and the one shared by the list,
    # the figures and the poll's token
    assert len(village_reads) == 2
    assert len(sent) == 9


def test_the_desk_does_not_ask_again_whether_the_database_has_a_town(
    town_demo_ctx: Any,
) -> None:
    """Opening the database found the town already: the desk's start state
    (first run or sign-in) is then the demo administrator's one read."""
    from deskui.tui.app import DeskApp

    ctx = town_demo_ctx
    app = DeskApp(ctx, demo=True)
    with statements() as sent:
        start = app._read_start(ctx, True)
    assert not start.empty and start.actor is not None
    assert len(sent) == 1


def test_a_keystrokes_search_is_two_statements(town_demo_ctx: Any) -> None:
    """Search as you type on a server: the page, then its tags, heads'
    phones and matched members together (was four round trips)."""
    from deskui.services.archive.search import search_households

    ctx = town_demo_ctx
    ctx.actor = demo_actor(ctx)
    for text in ("zs", "张", "138"):
        with statements() as sent:
            rows = search_households(ctx, text)
        assert rows, text
        assert len(sent) == 2, text
    with statements() as sent:
        assert search_households(ctx, "")  # the plain listing: no key matches
    assert len(sent) == 2


def test_a_searchs_matched_members_are_read_through_the_towns_keys(
    town_demo_ctx: Any,
) -> None:
    """The members a key search found are asked for like the households:
    the town's range of the (town, kind, key, household) index, not the key
    range of every town (on the county, 陈 read 18,000 keys to keep a page's
    few); the page's ids are written as numbers, not 150 parameters."""
    from deskui.services.archive.search import search_households

    ctx = town_demo_ctx
    ctx.actor = demo_actor(ctx)
    with statements() as sent:
        assert search_households(ctx, "zs")
    details = sent[1]
    members = details[details.index('FROM "search_key"') :]
    assert '"town_id" = ?' in members and '"town_id" IS NULL' in members
    assert details.count("?") < 20
