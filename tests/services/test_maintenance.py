"""``deskui check`` on a server: its connection limit against the desks."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from deskui.services.town.maintenance import SERVER_RESERVE, check_integrity, desks_that_fit


def test_desks_that_fit_a_server() -> None:
    # desks × pool ≤ max_connections − superuser_reserved − SERVER_RESERVE
    assert SERVER_RESERVE == 5
    assert desks_that_fit(100, 3, 4) == 23
    assert desks_that_fit(100, 3, 8) == 11
    assert desks_that_fit(10, 3, 4) == 0


def test_check_reports_the_servers_connections(ctx: Any, db_backend: str) -> None:
    names = [r.name for r in check_integrity(ctx)]
    if db_backend != "postgresql":
        assert "服务器连接数" not in names  # a file has no connection limit
        return
    (result,) = [r for r in check_integrity(ctx) if r.name == "服务器连接数"]
    limit = int(ctx.db.execute_sql("SHOW max_connections").fetchone()[0])
    assert result.ok
    assert f"上限 {limit}" in result.detail and "每台工作台最多 4 个" in result.detail
    # a pool larger than what is left: refused with the way out
    ctx.settings = dataclasses.replace(ctx.settings, db_pool=limit)
    (full,) = [r for r in check_integrity(ctx) if r.name == "服务器连接数"]
    assert not full.ok and "max_connections" in full.detail


@pytest.mark.parametrize("pool", [2, 6])
def test_a_desk_keeps_at_most_its_pool(db_target: str, db_backend: str, pool: int) -> None:
    if db_backend != "postgresql":
        pytest.skip("a server's pool")
    from deskui.config import load_settings
    from deskui.services.context import open_context

    ctx = open_context(dataclasses.replace(load_settings(db_target), db_pool=pool))
    try:
        assert ctx.db._max_connections == pool
    finally:
        ctx.close()
