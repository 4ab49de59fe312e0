"""The demo database for ``deskui --demo``: used as it is when it exists,
built (town scale, seed 1, today) when it does not. Kept apart from the
builder in :mod:`deskui.services.demo.build`, whose import (~40 ms) every
``--demo`` start would otherwise pay."""

from __future__ import annotations

import contextlib
from pathlib import Path

from deskui.config import Settings
from deskui.domain.errors import ValidationError
from deskui.store.database import is_url


def ensure_demo_database(settings: Settings) -> None:
    """Build the town-scale demo at ``settings.db`` unless it is already
    there. Prints nothing: the caller shows progress if it likes."""
    if not is_url(settings.db) and Path(settings.db).expanduser().exists():
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
