"""``deskui encrypt`` / ``deskui decrypt``, and every command on an
encrypted database: the passphrase from ``--passphrase-stdin``,
DESKUI_PASSPHRASE or the terminal; a wrong one is one line, nothing touched."""

from __future__ import annotations

import hashlib
import io
import json
import types
from pathlib import Path

import pytest

from deskui.store import cipher
from tests.cli.conftest import flat, signed_in

pytestmark = pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed")
SECRET = "long-secret-1"


@pytest.fixture
def run(run, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    code, _, _ = run(
        "user", "add", "admin", "--name", "王管理", "--role", "管理员", "--password-stdin",
        stdin="admin123\n",
    )  # fmt: skip
    assert code == 0
    return signed_in(run, "admin", "admin123", monkeypatch)


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cipher, "_keys", {})


def _bytes(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _users(run, *extra: str, stdin: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    code, out, err = run(*extra, "user", "list", "--json", stdin=stdin)
    assert code == 0, err
    return [u["username"] for u in json.loads(out)]


def test_encrypt_then_every_command_asks_for_the_passphrase(  # type: ignore[no-untyped-def]
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run("--passphrase-stdin", "encrypt", stdin=f"{SECRET}\n")
    assert code == 0, err
    assert flat(out) == f"数据库{run.db}已加密。请记住口令：忘了口令，数据就再也打不开了"
    assert "加密前的数据库（未加密）另存为" in flat(err)
    assert cipher.is_encrypted(run.db)

    _fresh_process(monkeypatch)
    before = _bytes(run.db)
    code, out, err = run("user", "list")
    assert code == 2 and out == ""
    assert (
        flat(err)
        == f"错误：数据库{run.db}已加密，请输入数据库口令（--passphrase-stdin或环境变量DESKUI_PASSPHRASE）"
    )
    code, out, err = run("--passphrase-stdin", "user", "list", stdin="wrong-one\n")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "数据库口令不对" in err and "文件没有任何改动" in err
    assert _bytes(run.db) == before

    assert _users(run, "--passphrase-stdin", stdin=f"{SECRET}\n") == ["admin"]
    _fresh_process(monkeypatch)
    monkeypatch.setenv("DESKUI_PASSPHRASE", SECRET)
    assert _users(run) == ["admin"]


def test_passphrase_and_password_both_from_stdin(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert run("--passphrase-stdin", "encrypt", stdin=f"{SECRET}\n")[0] == 0
    _fresh_process(monkeypatch)
    code, out, err = run.raw(
        "--operator", "admin", "--passphrase-stdin", "--password-stdin", "user", "list", "--json",
        stdin=f"{SECRET}\nadmin123\n",
    )  # fmt: skip
    assert code == 0, err and json.loads(out)


def test_encrypt_asks_twice_at_a_terminal(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter([SECRET, "something-else"])
    code, _, err = run("encrypt")  # no terminal, nothing given
    assert code == 2 and "请给出新的数据库口令" in err
    code, _, err = run("--passphrase-stdin", "encrypt", stdin="short\n")
    assert code == 2 and "口令太短" in err

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = types.SimpleNamespace(stdin=Terminal(""))
    monkeypatch.setattr("deskui.cli.runtime.sys", terminal)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    before = _bytes(run.db)
    code, _, err = run("encrypt")
    assert code == 2 and "两次输入的口令不一样" in err
    assert _bytes(run.db) == before and not cipher.is_encrypted(run.db)


def test_decrypt_and_encrypted_backup_restore(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert run("--passphrase-stdin", "encrypt", stdin=f"{SECRET}\n")[0] == 0
    _fresh_process(monkeypatch)
    code, out, err = run("--passphrase-stdin", "backup", stdin=f"{SECRET}\n")
    assert code == 0, err
    backup = flat(out).removeprefix("已备份到")
    assert cipher.is_encrypted(backup)
    code, _, _ = run(
        "--passphrase-stdin", "user", "add", "lu", "--name", "甲", "--role", "录入员",
        "--password-stdin", stdin=f"{SECRET}\n1234\n",
    )  # fmt: skip
    assert code == 0
    _fresh_process(monkeypatch)
    code, out, err = run("--passphrase-stdin", "restore", backup, "--yes", stdin=f"{SECRET}\n")
    assert code == 0, err
    assert cipher.is_encrypted(run.db)
    assert _users(run, "--passphrase-stdin", stdin=f"{SECRET}\n") == ["admin"]

    _fresh_process(monkeypatch)
    code, out, err = run("--passphrase-stdin", "decrypt", stdin=f"{SECRET}\n")
    assert code == 0, err
    assert f"数据库{run.db}已解密" in flat(out)
    assert not cipher.is_encrypted(run.db)
    _fresh_process(monkeypatch)
    assert _users(run) == ["admin"]  # no passphrase any more
    # an encrypted backup onto the plain database: its passphrase is asked
    before = _bytes(run.db)
    code, _, err = run("restore", backup, "--yes")
    assert code == 2 and "请输入它的口令" in err
    code, _, err = run("--passphrase-stdin", "restore", backup, "--yes", stdin="wrong-one\n")
    assert code == 2 and "口令不对" in err
    assert _bytes(run.db) == before
