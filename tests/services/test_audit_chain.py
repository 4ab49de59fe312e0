"""The audit log's hash chain: every row chained to the one before it, on
SQLite and PostgreSQL, with desks writing at once; ``deskui check`` names a
row changed or removed behind the program's back."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from deskui.services import audit
from deskui.services.audit import verify_chain
from deskui.services.context import ServiceContext, reading
from deskui.services.town.maintenance import check_integrity
from deskui.store.models import AuditLog, Setting


def _logged(ctx: ServiceContext, n: int, who: str = "a") -> None:
    for i in range(n):
        ctx.write(lambda i=i: audit.log(ctx, "修改", "setting", i, {"x": [i, i + 1]}, f"{who}{i}"))


def _chain_check(ctx: ServiceContext) -> Any:
    return next(r for r in check_integrity(ctx) if r.name == "操作记录未被改动")


def test_writes_are_chained_and_checked(ctx: ServiceContext) -> None:
    _logged(ctx, 5)
    ctx.write(lambda: audit.log_many(ctx, [("新增", "t", i, None, "") for i in range(1200)]))
    report = verify_chain(ctx)
    assert report.ok and report.rows == 1205
    hashes = [r.hash for r in AuditLog.select(AuditLog.hash).order_by(AuditLog.id)]
    assert len(set(hashes)) == 1205 and all(len(h) == 64 for h in hashes)
    result = _chain_check(ctx)
    assert result.ok and "共 1205 条" in result.detail


def _ids() -> list[int]:
    return [r.id for r in AuditLog.select(AuditLog.id).order_by(AuditLog.id)]


def test_a_row_changed_behind_the_programs_back_is_named(ctx: ServiceContext) -> None:
    _logged(ctx, 6)
    target = _ids()[2]
    AuditLog.update(note="无事发生").where(AuditLog.id == target).execute()  # a database tool
    report = verify_chain(ctx)
    assert not report.ok and report.first_bad == target
    result = _chain_check(ctx)
    assert not result.ok and f"第 {target} 号记录被改动过" in result.detail


def test_a_row_removed_in_the_middle_is_found(ctx: ServiceContext) -> None:
    _logged(ctx, 6)
    ids = _ids()
    AuditLog.delete().where(AuditLog.id == ids[3]).execute()
    assert verify_chain(ctx).first_bad == ids[4]


def test_the_newest_rows_removed_are_found(ctx: ServiceContext) -> None:
    _logged(ctx, 6)
    AuditLog.delete().where(AuditLog.id == _ids()[-1]).execute()
    report = verify_chain(ctx)
    assert report.first_bad is None and not report.head_ok
    assert "最后几条可能被删除" in _chain_check(ctx).detail
    Setting.delete().where(Setting.key == audit.HEAD_KEY).execute()
    assert not verify_chain(ctx).ok  # the head itself gone: not taken as fine


def test_desks_writing_at_once_never_fork_the_chain(ctx: ServiceContext) -> None:
    threads, errors = [], []

    def desk(k: int) -> None:
        try:
            with reading(ctx):  # a connection of this thread's own
                _logged(ctx, 25, who=f"d{k}-")
        except BaseException as exc:  # reported below
            errors.append(exc)

    for k in range(4):
        threads.append(threading.Thread(target=desk, args=(k,)))
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert errors == []
    report = verify_chain(ctx)
    assert report.ok and report.rows == 100


@pytest.mark.sqlite_only
def test_deskui_check_reports_a_changed_row(ctx: ServiceContext, capsys: Any) -> None:
    import deskui.cli as cli

    _logged(ctx, 3)
    AuditLog.update(operator_name="someone").where(AuditLog.id == _ids()[1]).execute()
    db = ctx.settings.db
    ctx.close()
    assert cli.main(["--db", db, "check"]) == 1
    assert "被改动过" in "".join(capsys.readouterr().out.split())


def test_rows_logged_one_by_one_and_in_batches_store_the_same_time_text(
    ctx: ServiceContext,
) -> None:
    """A batch gives its rows' time as text itself (on SQLite, what the
    driver's own adapter writes): the stored text reads back as the time
    the chain hashed."""
    import re

    _logged(ctx, 1)
    ctx.write(lambda: audit.log_many(ctx, [("新增", "t", 1, None, "")]))
    stored = [r[0] for r in ctx.db.execute_sql("SELECT at FROM audit_log ORDER BY id")]
    shapes = {re.sub(r"\d", "9", str(value)) for value in stored}
    assert len(shapes) == 1, shapes
    assert verify_chain(ctx).ok
