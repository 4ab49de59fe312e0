"""The flat matter ledger round trip on the town demo: every matter it writes
(reopened, extended, transferred, refused …) reads back without a problem;
imported into the same database it changes nothing, and imported as new
matters it exports again cell for cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from peewee import fn

from deskui.exports.matters_flat import write_matters_flat
from deskui.services.matters.cards import open_matter, refuse_matter, step
from deskui.services.matters.flat import flat_rows, import_rows, read_ledger
from deskui.store.models import AuditLog, Matter, MatterEvent

pytestmark = pytest.mark.sqlite_only


def _service_made(ctx: Any) -> None:
    """Cards taken through the loop by the services, beside the demo's own."""
    first = Matter.select().where(Matter.state != "不予受理").order_by(Matter.id).first()
    village, receiver = first.village.name, first.first_receiver.name
    kw: dict[str, Any] = {"village": village, "name": "回环测试", "content": "往返测试",
                          "first_receiver": receiver}  # fmt: skip
    redo = open_matter(ctx, level="村", accepted_on="2026-11-16", **kw).number
    step(ctx, redo, "办结", note="已办", on="2026-11-17")
    step(ctx, redo, "签字确认", on="2026-11-17")
    step(ctx, redo, "回访", satisfaction="不满意", on="2026-11-18")
    step(ctx, redo, "重办", note="群众不满意，重办", on="2026-11-19", new_due="2026-11-27")
    extended = open_matter(ctx, level="镇", accepted_on="2026-11-17", **kw).number
    step(ctx, extended, "延期", note="等材料", new_due="2026-12-04")
    moved = open_matter(ctx, level="县", promised_on="2026-12-10", **kw).number
    step(ctx, moved, "转办", to="县民政局", note="转县局办理")
    refuse_matter(ctx, village=village, name="回环测试", content="要求补贴",
                  explanation="不符合政策", first_receiver=receiver)  # fmt: skip


def _state(ctx: Any) -> tuple[int, int, int]:
    return (Matter.select().count(), MatterEvent.select().count(), AuditLog.select().count())


def test_every_exported_matter_imports_back(town_demo_ctx: Any, tmp_path: Path) -> None:
    ctx = town_demo_ctx
    _service_made(ctx)
    assert Matter.select().where(Matter.reopened > 0).count() > 20
    assert Matter.select().where(Matter.extensions > 0).count() > 0
    assert Matter.select().where(Matter.handler_unit != "").count() > 0
    assert Matter.select().where(Matter.state == "不予受理").count() > 0
    path, count = write_matters_flat(ctx, tmp_path / "flat.xlsx")
    rows = read_ledger(path)
    assert len(rows) == count == Matter.select().where(Matter.town == ctx.town_id).count()
    # into the same database: nothing refused, nothing written
    before = _state(ctx)
    report = import_rows(ctx, rows)
    assert report.problems == () and (report.created, report.existing) == (0, count)
    assert _state(ctx) == before


def test_imported_as_new_matters_they_export_the_same(town_demo_ctx: Any, tmp_path: Path) -> None:
    ctx = town_demo_ctx
    _service_made(ctx)
    november = (2026, 11)  # the service-made cards and a month of the demo's
    exported = list(flat_rows(ctx, november))
    path, _ = write_matters_flat(ctx, tmp_path / "flat.xlsx", november)
    rows = read_ledger(path)
    numbers = [r[0] for r in exported]
    for kind in (Matter.reopened > 0, Matter.extensions > 0, Matter.handler_unit != "",
                 Matter.state == "不予受理"):  # fmt: skip
        assert Matter.select().where(kind & Matter.number.in_(numbers)).count() > 0
    # move the originals out of the way (other numbers), then import the file
    shift = int(Matter.select(fn.MAX(Matter.seq)).scalar()) + 1
    Matter.update(number="OLD" + Matter.number, seq=Matter.seq + shift).execute()
    report = import_rows(ctx, rows)
    assert report.problems == () and report.created == len(rows)
    again = [r for r in flat_rows(ctx, november) if not str(r[0]).startswith("OLD")]
    assert again == exported


def test_a_new_card_counts_on_after_the_imported_numbers(
    town_demo_ctx: Any, tmp_path: Path
) -> None:
    """An old ledger imported with higher numbers than the town has given:
    the desk's next card follows the highest, it never meets one later."""
    ctx = town_demo_ctx
    _service_made(ctx)
    path, _ = write_matters_flat(ctx, tmp_path / "flat.xlsx", (2026, 11))
    line, row = read_ledger(path)[0]
    prefix = str(row["编号"]).split("-")[0]
    top = int(
        Matter.select(fn.MAX(Matter.seq))
        .where((Matter.town == ctx.town_id) & (Matter.year == 2026))
        .scalar()
    )
    row = {**row, "编号": f"{prefix}-{top + 40:04d}"}
    report = import_rows(ctx, [(line, row)])
    assert report.problems == () and report.created == 1
    kw = {"village": row["村"], "name": "赵六", "content": "咨询", "phone": "13912345678",
          "first_receiver": row["首办责任人"]}  # fmt: skip
    assert open_matter(ctx, level="村", **kw).number == f"{prefix}-{top + 41:04d}"
