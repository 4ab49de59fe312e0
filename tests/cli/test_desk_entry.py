"""How ``deskui`` with no subcommand starts the desk: the global options
alone are parsed (the command modules are not imported), and the garbage
collector is off until the desk settles its heap."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deskui.cli import _desk_args, main


def test_global_options_alone_open_the_desk() -> None:
    args = _desk_args(["--db", "x.db", "--demo", "--operator", "admin"])
    assert args is not None
    assert (args.command, args.db, args.demo, args.operator) == (None, "x.db", True, "admin")
    assert _desk_args([]) is not None


def test_anything_else_goes_to_the_full_parser() -> None:
    for words in (["check"], ["--db", "x.db", "audit"], ["-h"], ["--help"], ["--db"], ["--bogus"]):
        assert _desk_args(words) is None, words


def test_a_bad_option_is_reported_once_in_chinese() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "deskui", "--bogus"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.count("用法") == 1 and "--bogus" in result.stderr


def test_the_desk_starts_without_the_command_modules_and_with_the_collector_off() -> None:
    probe = (
        "import gc, sys\n"
        "import deskui.cli.desk as desk\n"
        "from deskui.cli import main\n"
        "def run(args, runtime):\n"
        "    loaded = sorted(m for m in sys.modules if m.startswith('deskui.cli.'))\n"
        "    print('collector', gc.isenabled(), 'loaded', ' '.join(loaded))\n"
        "    return 0\n"
        "desk.run_desk = run\n"
        "code = main(['--db', 'unused.db'])\n"
        "print('after', gc.isenabled(), code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("collector False loaded ")
    assert "deskui.cli.roster" not in lines[0] and "deskui.cli.audit" not in lines[0]
    assert lines[1] == "after True 0"


def test_a_subcommand_keeps_the_collector_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "new.db"), "check"]) == 0
    assert gc.isenabled()
    assert "检查通过" in capsys.readouterr().out


def test_demo_on_a_server_with_a_town_opens_one_connection_and_says_nothing(
    town_ctx: Any, db_target: str, db_backend: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """``deskui --db postgresql://… --demo`` on a server that has its town:
    the desk's own connection finds it; no second database opened to look,
    and no "building the demo" line (it builds nothing)."""
    if db_backend != "postgresql":
        pytest.skip("a server's --demo; a file's is checked by its path")
    import argparse

    from deskui.cli import desk
    from deskui.cli.runtime import Runtime
    from deskui.services.demo import db as demo_db
    from deskui.store import database

    made: list[str] = []
    real = database.make_database
    monkeypatch.setattr(database, "make_database", lambda t, **kw: made.append(t) or real(t, **kw))
    monkeypatch.setattr(demo_db, "make_database", lambda t, **kw: made.append(t) or real(t, **kw))
    args = argparse.Namespace(db=db_target, demo=True, operator=None, command=None)
    runtime = Runtime(args)
    ctx, own = desk._open(args, runtime)
    ctx.close()
    assert own and ctx.town_id == town_ctx.town_id
    assert len(made) == 1
    assert capsys.readouterr().err == ""
