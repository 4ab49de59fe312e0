"""Integrity checks of a database (``deskui check``)."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from deskui.domain.matter_flow import State
from deskui.i18n import t
from deskui.services.audit import verify_chain
from deskui.services.context import ServiceContext
from deskui.store.migrations import code_version, pending, schema_version
from deskui.store.models import Household, Matter, Resident, Visit


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def _sqlite_checks(ctx: ServiceContext) -> list[CheckResult]:
    rows = [r[0] for r in ctx.db.execute_sql("PRAGMA integrity_check").fetchall()]
    ok = rows == ["ok"]
    out = [
        CheckResult(
            t("check.integrity"), ok, t("check.ok") if ok else "；".join(map(str, rows[:5]))
        )
    ]
    fk = ctx.db.execute_sql("PRAGMA foreign_key_check").fetchall()
    out.append(
        CheckResult(
            t("check.foreign_keys"),
            not fk,
            t("check.ok") if not fk else t("check.broken_refs", count=len(fk)),
        )
    )
    return out


# Connections a server keeps free beyond its superuser reserve: a backup
# (pg_dump), an administrator's psql, a cron job.
SERVER_RESERVE = 5


def desks_that_fit(max_connections: int, superuser_reserved: int, pool: int) -> int:
    """How many desks with ``pool`` connections each a server holds:
    desks × pool ≤ max_connections − superuser_reserved − SERVER_RESERVE."""
    return max(0, (max_connections - superuser_reserved - SERVER_RESERVE) // pool)


def _server_connections(ctx: ServiceContext) -> CheckResult:
    """PostgreSQL: the server's connection limit, what is in use now, and how
    many desks the limit holds at this desk's pool size (one query)."""
    limit, reserved, used = ctx.db.execute_sql(
        "SELECT current_setting('max_connections')::int,"
        " current_setting('superuser_reserved_connections')::int,"
        " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
    ).fetchone()
    pool = ctx.settings.db_pool
    fit = desks_that_fit(limit, reserved, pool)
    free = limit - reserved - SERVER_RESERVE - used
    detail = t(
        "check.connections_detail", limit=limit, reserved=reserved + SERVER_RESERVE,
        used=used, pool=pool, desks=fit,
    )  # fmt: skip
    if free < pool:
        detail += t("check.connections_full", free=max(0, free))
    return CheckResult(t("check.connections"), free >= pool, detail)


def _count_ok(name: str, bad: int) -> CheckResult:
    return CheckResult(
        name, bad == 0, t("check.ok") if bad == 0 else t("check.bad_rows", count=bad)
    )


def check_integrity(ctx: ServiceContext) -> list[CheckResult]:
    """Storage-level and domain-level checks; every result says ok or why not."""
    results: list[CheckResult] = []
    if not ctx.postgres:
        results.extend(_sqlite_checks(ctx))
    else:
        results.append(_server_connections(ctx))
    version, newest = schema_version(ctx.db), code_version()
    waiting = pending(ctx.db)
    results.append(
        CheckResult(
            t("check.schema"),
            not waiting,
            t("check.schema_detail", version=version, newest=newest, pending=len(waiting)),
        )
    )
    active = (Household.archived == False) & (Resident.archived == False)  # noqa: E712
    heads = (
        Household.select(Household.id)
        .join(Resident)
        .where(active & (Resident.relation == "户主"))
        .group_by(Household.id)
        .having(fn.COUNT(Resident.id) > 1)
    )
    results.append(_count_ok(t("check.two_heads"), heads.count()))
    results.append(
        _count_ok(
            t("check.matter_due"),
            Matter.select()
            .where((Matter.state != State.REFUSED.value) & Matter.due_on.is_null())
            .count(),
        )
    )
    results.append(
        _count_ok(
            t("check.closed_without_finish"),
            Matter.select()
            .where((Matter.state == State.CLOSED.value) & Matter.finished_on.is_null())
            .count(),
        )
    )
    dupes = (
        Visit.select(Visit.village, Visit.date, Visit.ticket)
        .group_by(Visit.village, Visit.date, Visit.ticket)
        .having(fn.COUNT(Visit.id) > 1)
    )
    results.append(_count_ok(t("check.ticket_unique"), dupes.count()))
    if not waiting:  # the chain's column comes with migration 0005
        results.append(_chain_result(ctx))
    return results


def _chain_result(ctx: ServiceContext) -> CheckResult:
    """The audit log's hash chain, row by row, and its recorded newest row."""
    report = verify_chain(ctx)
    if report.first_bad is not None:
        detail = t("check.chain_broken", id=report.first_bad)
    elif not report.head_ok:
        detail = t("check.chain_tail", rows=report.rows)
    else:
        detail = t("check.chain_ok", rows=report.rows, head=report.head or "—")
    return CheckResult(t("check.chain"), report.ok, detail)
