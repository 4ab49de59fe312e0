"""The real desk in a real terminal (tmux, 80×24 and 120×36): a known villager walks in
for a 残疾证 — register, call, open and save the card — typed in ONE burst
(one ``send-keys``) gives exactly the records that slow typing gives, in at
most 15 keys besides the typed text.

Skipped where tmux is not installed (CI installs it)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

TODAY = "2026-11-24"  # a Tuesday, the demo town's service day
PHONE = "13303172179"  # 王祥波 of 县河社区 in the tiny demo (seed 1)
REASON = "办理残疾证"
CATEGORY = "证照代办"
# F6 取号登记 · the phone finds him · Enter picks him · the reason · Enter
# takes the ticket · F8 calls him · 3 受理代办 opens the card, filled in from
# the visit, on 问题类别 (the first field left to fill) · 2 证照代办 · Ctrl+S
# saves.
SEQUENCE: list[tuple[str, str]] = [
    ("key", "F6"),
    ("text", PHONE),
    ("key", "Enter"),
    ("text", REASON),
    ("key", "Enter"),
    ("key", "F8"),
    ("key", "3"),
    ("key", "2"),
    ("key", "C-s"),
]
SAVED = "已记录“受理代办”"  # the queue's line once the card is saved


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DESKUI_TODAY=TODAY,
        DESKUI_DATA_DIR=str(tmp / "data"),
        DESKUI_CONFIG_DIR=str(tmp / "config"),
        TERM="xterm-256color",
    )
    env.pop("DESKUI_DB", None)
    return env


def _deskui(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "deskui", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


class Tmux:
    """A tmux server of our own (its own socket), one session running the desk."""

    def __init__(self, env: dict[str, str], db: Path, size: tuple[int, int]) -> None:
        self.socket = f"deskui-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        command = shlex.join(
            ["env", *(f"{k}={env[k]}" for k in ("DESKUI_TODAY", "DESKUI_DATA_DIR",
                                                 "DESKUI_CONFIG_DIR", "TERM")),
             sys.executable, "-m", "deskui", "--db", str(db), "--demo"]
        )  # fmt: skip
        self.run("new-session", "-d", "-s", "desk", "-x", str(size[0]), "-y", str(size[1]), command)
        self.run("set-option", "-t", "desk", "status", "off")

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=check,
            env=self.env,
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "desk", check=False)

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never showed:\n{self.screen()}")

    def running(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "-L", self.socket, "has-session", "-t", "desk"],
                capture_output=True,
                timeout=30,
            ).returncode
            == 0
        )

    def quit(self, timeout: float = 60.0) -> None:
        self.run("send-keys", "-t", "desk", "C-q", check=False)
        deadline = time.monotonic() + timeout
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not self.running(), "the desk did not close"

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


def _records(env: dict[str, str], db: Path) -> dict[str, Any]:
    """The day's visits and the card opened, as the services give them
    (the CLI's JSON), less the clock's readings."""
    sign_in = ["--db", str(db), "--operator", "admin", "--password-stdin"]
    visits = json.loads(
        _deskui(env, *sign_in, "visit", "list", "--date", TODAY, "--json", stdin="123456\n")
    )["visits"]
    clock = {"id", "arrived_at", "called_at", "finished_at", "wait_minutes", "serve_minutes"}
    out: dict[str, Any] = {
        "visits": [{k: v for k, v in x.items() if k not in clock} for x in visits]
    }
    numbers = [v["note"].split()[-1] for v in visits if v["outcome"] == "受理代办"]
    cards = []
    for number in numbers:
        card = json.loads(
            _deskui(env, *sign_in, "matter", "show", number, "--json", stdin="123456\n")
        )
        card.pop("id", None)
        for event in card.get("events", []):
            event.pop("at", None)
        cards.append(card)
    out["cards"] = cards
    return out


def _type(tmux: Tmux, *, burst: bool) -> None:
    if burst:  # the whole sequence in ONE send-keys call
        tmux.run("send-keys", "-t", "desk", *(value for _kind, value in SEQUENCE))
        return
    for kind, value in SEQUENCE:  # one key at a time, the desk given time
        if kind == "text":
            for char in value:
                tmux.run("send-keys", "-t", "desk", "-l", char)
                time.sleep(0.15)
        else:
            tmux.run("send-keys", "-t", "desk", value)
        time.sleep(1.0)


def _session(
    tmp: Path, demo: Path, name: str, size: tuple[int, int], *, burst: bool
) -> dict[str, Any]:
    env = _env(tmp)
    db = tmp / f"{name}.db"
    shutil.copyfile(demo, db)
    tmux = Tmux(env, db, size)
    try:
        tmux.wait_for("取号登记")  # the queue is up, its keys shown
        time.sleep(0.5)
        _type(tmux, burst=burst)
        tmux.wait_for(SAVED, timeout=90)
        tmux.quit()
    finally:
        tmux.close()
    return _records(env, db)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_a_burst_saves_what_slow_typing_saves(tmp_path: Path, size: tuple[int, int]) -> None:
    keys = [value for kind, value in SEQUENCE if kind == "key"]
    assert len(keys) <= 15
    demo = tmp_path / "demo.db"
    _deskui(_env(tmp_path), "demo", "--out", str(demo), "--scale", "tiny", "--seed", "1")
    slow = _session(tmp_path, demo, "slow", size, burst=False)
    fast = _session(tmp_path, demo, "fast", size, burst=True)
    # what slow typing saved is what the clerk meant (the demo's own visits
    # of the day are there too, untouched)
    ours = [v for v in slow["visits"] if v["reason"] == REASON]
    assert [(v["name"], v["phone"], v["outcome"]) for v in ours] == [("王祥波", PHONE, "受理代办")]
    [card] = slow["cards"]
    assert (card["applicant"], card["content"], card["category"]) == ("王祥波", REASON, CATEGORY)
    assert card["phone"] == PHONE and card["village"] == "县河社区"
    assert fast == slow
