"""A desk process killed mid-stream (SIGKILL: no clean-up, no atexit) leaves
an intact database holding every save it acknowledged.

The child saves visits (audited) as fast as it can and prints each visit's id
to a pipe only after its transaction committed; the parent kills it after a
number of acknowledgements, then checks ``PRAGMA integrity_check`` and that
every acknowledged id, and its audit row, is there. Three rounds, each killed
at a different point, each continuing on the same file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # SQLite files: backup API, WAL, processes on one file

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from deskui.config import load_settings
from deskui.services import audit
from deskui.services.context import open_context
from deskui.store.models import Village, Visit

ctx = open_context(load_settings(sys.argv[1]))
village = Village.get(Village.name == "桃园村")
day = ctx.today()
ticket = int(sys.argv[2])
while True:
    def save():
        return audit.create(
            ctx, Visit, village=village, date=day, ticket=ticket, name=f"来访{ticket}",
            phone="13912345678", arrived_at=ctx.now(), reason="宅基地纠纷" * 40,
        ).id
    visit_id = ctx.write(save)
    sys.stdout.write(f"{visit_id}\\n")
    sys.stdout.flush()
    ticket += 1
"""

KILL_AFTER = (40, 113, 257)


@pytest.fixture
def db_file(one_village_db: Path) -> Path:
    return one_village_db


def _run_and_kill(db: Path, first_ticket: int, kill_after: int) -> list[int]:
    """Start a writer, SIGKILL it after ``kill_after`` acks; every ack read."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(first_ticket)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    acked: list[int] = []
    try:
        while len(acked) < kill_after:
            line = child.stdout.readline()
            if not line:
                raise AssertionError(
                    f"writer ended early: {child.stderr.read() if child.stderr else ''}"
                )
            acked.append(int(line))
        os.kill(child.pid, signal.SIGKILL)
        rest = child.stdout.read()  # acks written before the kill landed
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(10)
    acked.extend(int(line) for line in rest.splitlines(keepends=True) if line.endswith("\n"))
    assert child.returncode == -signal.SIGKILL
    return acked


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_stream_keeps_every_acknowledged_save(db_file: Path) -> None:
    all_acked: list[int] = []
    ticket = 1
    for kill_after in KILL_AFTER:
        acked = _run_and_kill(db_file, ticket, kill_after)
        assert len(acked) >= kill_after
        all_acked.extend(acked)
        with sqlite3.connect(str(db_file), timeout=15) as con:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            visits = {r[0] for r in con.execute("SELECT id FROM visit")}
            logged = {
                r[0]
                for r in con.execute(
                    "SELECT record_id FROM audit_log WHERE \"table\"='visit' AND action='新增'"
                )
            }
            last = con.execute("SELECT max(ticket) FROM visit").fetchone()[0]
        con.close()
        missing = set(all_acked) - visits
        assert not missing, f"acknowledged but lost: {sorted(missing)[:10]}"
        assert visits == logged  # every save and its audit row, together or not at all
        ticket = last + 1
    assert len(set(all_acked)) == len(all_acked)
