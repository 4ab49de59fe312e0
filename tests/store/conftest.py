"""Store test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def one_village_db(ctx) -> Path:  # type: ignore[no-untyped-def]
    """A closed SQLite file holding 县河镇 and its 桃园村, for child processes."""
    from deskui.store.database import is_url

    if is_url(ctx.settings.db):
        pytest.skip("a SQLite file for child processes")
    from deskui.services import audit
    from deskui.store.models import Town, Village

    def work() -> None:
        town = audit.create(ctx, Town, name="县河镇", code="XH")
        audit.create(ctx, Village, town=town, name="桃园村", group_count=6)

    ctx.write(work)
    path = Path(ctx.settings.db)
    ctx.close()
    return path
