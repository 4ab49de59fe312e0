"""CLI test helpers: run ``deskui`` in-process on one database."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import deskui.cli as cli


def flat(text: str) -> str:
    """Output without the line breaks and padding rich adds."""
    return "".join(text.split())


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``run(*argv, stdin="")`` → (exit code, stdout, stderr) on one database
    (``run.db``); standard input is ``stdin``."""
    db = str(tmp_path / "desk.db")

    def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = cli.main(["--db", db, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    _run.db = db  # type: ignore[attr-defined]
    return _run


def signed_in(run, username: str, password: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``run`` acting as ``username``: ``--operator`` added (unless the
    command names one itself) and the password given as a script would, in
    DESKUI_PASSWORD."""

    def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        if "--operator" in argv:
            return run(*argv, stdin=stdin)  # type: ignore[no-any-return]
        with monkeypatch.context() as m:
            m.setenv("DESKUI_PASSWORD", password)
            return run("--operator", username, *argv, stdin=stdin)  # type: ignore[no-any-return]

    _run.db = run.db  # type: ignore[attr-defined]
    _run.raw = run  # type: ignore[attr-defined]  # as nobody signed in
    return _run
