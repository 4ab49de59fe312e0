"""One truth for the month: the ledger's rows and the month's figures count
the same matters (the figures' intake is the ledger's new rows; done, on
time, late and overdue judged by the same rules as of the same date)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from test_figures import build_month

from deskui.domain.deadlines import Timeliness
from deskui.services.figures.ledger import ledger_rows, ledger_villages
from deskui.services.figures.month import month_figures, month_period


def _ledger_counts(ctx: Any, month: str, as_of: str | None) -> dict[str, int]:
    p = month_period(ctx, month, as_of)
    rows = [r for v in ledger_villages(ctx) for r in ledger_rows(ctx, p, v.id)]
    new = [r for r in rows if not r.carried]
    standing = Counter(r.timeliness for r in new)
    return {
        "accepted": len(new),
        "done": standing[Timeliness.ON_TIME] + standing[Timeliness.LATE],
        "on_time": standing[Timeliness.ON_TIME],
        "late": standing[Timeliness.LATE],
        "overdue_open": standing[Timeliness.OVERDUE],
        "open": len(new) - standing[Timeliness.ON_TIME] - standing[Timeliness.LATE],
    }


def _figure_counts(ctx: Any, month: str, as_of: str | None) -> dict[str, int]:
    total = month_figures(ctx, month, as_of).village_total
    keys = ("accepted", "done", "on_time", "late", "overdue_open", "open")
    return {k: getattr(total, k) for k in keys}


@pytest.mark.parametrize("as_of", [None, "2026-11-15"])
def test_ledger_and_figures_agree_on_a_small_town(town_ctx: Any, as_of: str | None) -> None:
    build_month(town_ctx)
    assert _ledger_counts(town_ctx, "2026-11", as_of) == _figure_counts(town_ctx, "2026-11", as_of)


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("month", "as_of"),
    [("2026-09", None), ("2026-10", None), ("2026-10", "2026-10-20"), ("2026-11", None),
     ("2026-11", "2026-11-10")],
)  # fmt: skip
def test_ledger_and_figures_agree_on_the_town_demo(
    town_demo_ctx: Any, month: str, as_of: str | None
) -> None:
    ledger = _ledger_counts(town_demo_ctx, month, as_of)
    assert ledger["accepted"] > 0
    assert ledger == _figure_counts(town_demo_ctx, month, as_of)


@pytest.mark.sqlite_only
def test_the_demo_ledger_is_the_domain_rule(town_demo_ctx: Any) -> None:
    """Every month of the demo: the ledger's rows are exactly the matters
    ON_LEDGER selects in Python; matters finished but never crossed off are
    carried over."""
    from deskui.domain.ledger_rules import ledger_window, on_ledger
    from deskui.store.models import Matter

    ctx = town_demo_ctx
    matters = list(Matter.select().where(Matter.town == ctx.town_id))
    carried_finished = 0
    for month, as_of in (("2026-09", None), ("2026-10", "2026-10-15"), ("2026-11", None)):
        p = month_period(ctx, month, as_of)
        window = ledger_window(p.year, p.month, p.as_of)
        rows = [r for v in ledger_villages(ctx) for r in ledger_rows(ctx, p, v.id)]
        assert len(rows) == len({r.number for r in rows})
        assert {r.number for r in rows} == {m.number for m in matters if on_ledger(m, window)}
        carried_finished += sum(1 for r in rows if r.carried and r.finished_on and not r.closed_on)
    assert carried_finished > 0
