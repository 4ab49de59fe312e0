"""The demo database for ``deskui --demo``: used as it is when it exists,
built (town scale, seed 1, today) when it does not. Kept apart from the
builder in :mod:`deskui.services.demo.build`, whose import (~40 ms) every
``--demo`` start would otherwise pay."""

from __future__ import annotations

import contextlib
from pathlib import Path

from deskui.config import Settings
from deskui.domain.errors import ValidationError
from deskui.store.database import close_database, is_url, make_database


def _server_has_towns(url: str) -> bool:
    """A server database already holding a town is used as it is: one
    query, without importing the builder (~40 ms of every ``--demo`` start
    on a server). Anything else goes to the builder, which builds or refuses."""
    db = make_database(url)
    try:
        db.connect()
        if not db.table_exists("town"):
            return False
        return db.execute_sql('SELECT 1 FROM "town" LIMIT 1').fetchone() is not None
    except Exception:  # unreachable or refused: the builder reports it
        return False
    finally:
        close_database(db)


def ensure_demo_database(settings: Settings) -> None:
    """Build the town-scale demo at ``settings.db`` unless it is already
    there. Prints nothing: the caller shows progress if it likes."""
    if is_url(settings.db):
        if _server_has_towns(settings.db):
            return
    elif Path(settings.db).expanduser().exists():
        return
    from deskui.services.demo.build import build_demo

    with contextlib.suppress(ValidationError):
        build_demo(
            settings.db,
            scale="town",
            seed=1,
            today=settings.clock.today(),
            now=settings.clock.now(),
            settings=settings,
        )
