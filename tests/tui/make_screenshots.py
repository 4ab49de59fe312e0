"""The README's screenshots, taken from the real desk on the town demo.

    uv run python tests/tui/make_screenshots.py [--db PATH]

Builds the town-scale demo (or reuses ``--db``) with the clock fixed at
Tuesday 2026-11-24 09:30, drives the desk with real keys and saves one SVG a
tab in ``assets/``. Not collected by pytest (the name does not start with
``test_``); run it after a change to what a tab shows.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
NOW = dt.datetime(2026, 11, 24, 9, 30)
SHOTS = {  # file name: the keys that lead there from the queue tab
    "desk.svg": [],
    "archive.svg": ["f3", *"zjh"],
    "matters.svg": ["f4"],
    "roster.svg": ["f5"],
}


async def shoot(db: Path, out: Path) -> None:
    from deskui.config import Clock, load_settings
    from deskui.services.context import open_context
    from deskui.services.town.auth import demo_actor
    from deskui.tui.app import DeskApp

    ctx = open_context(replace(load_settings(str(db), demo=True), clock=Clock(fixed_now=NOW)))
    ctx.actor = demo_actor(ctx)
    for name, keys in SHOTS.items():
        app = DeskApp(ctx, demo=True)
        async with app.run_test(size=(140, 40)) as pilot:
            for _ in range(3):
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
            for key in keys:
                await pilot.press(key)
            for _ in range(3):
                await pilot.pause(0.4)
                await app.workers.wait_for_complete()
            app.save_screenshot(filename=name, path=str(out))
            print(out / name)
    ctx.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing town-scale demo database")
    parser.add_argument("--out", type=Path, default=ROOT / "assets")
    args = parser.parse_args()
    os.environ.setdefault("DESKUI_TODAY", NOW.date().isoformat())
    os.environ.setdefault("DESKUI_NOW", NOW.isoformat(timespec="minutes"))
    db = args.db
    if db is None:
        from deskui.services.demo.build import build_demo

        db = Path(tempfile.mkdtemp()) / "town.db"
        build_demo(str(db), scale="town", seed=1, today=NOW.date(), now=NOW)
    asyncio.run(shoot(db, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
