"""Build the database kept for the current schema version (run on release).

    uv run python tests/store/schemas/build.py

writes ``schema_NNNN.db`` beside this file: a tiny demo town at the schema
this program writes. ``tests/store/test_schema_upgrades.py`` opens a copy of
every file kept here and checks it upgrades to the newest schema with every
row intact. Never rebuild an old file: it stands for what users have.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

from deskui.services.demo.build import build_demo
from deskui.store.migrations import code_version

HERE = Path(__file__).parent


def main() -> int:
    target = HERE / f"schema_{code_version():04d}.db"
    if target.exists():
        print(f"{target.name} exists; old schema files are never rebuilt", file=sys.stderr)
        return 1
    build_demo(
        str(target),
        scale="tiny",
        seed=7,
        today=dt.date(2026, 11, 24),
        now=dt.datetime(2026, 11, 24, 9, 30),
    )
    con = sqlite3.connect(target)
    con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in git
    con.execute("VACUUM")
    con.close()
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
