"""``deskui encrypt`` and ``deskui decrypt``: the database file encrypted
with SQLCipher, or back to plain SQLite (services/town/encryption.py)."""

from __future__ import annotations

import argparse

from deskui.cli.runtime import Runtime, console, err_console
from deskui.domain.errors import ValidationError
from deskui.domain.passwords import PASSPHRASE_MIN
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    e = sub.add_parser(
        "encrypt", help=t("cipher.encrypt_help"), description=t("cipher.encrypt_help")
    )
    e.set_defaults(handler=run_encrypt)
    d = sub.add_parser(
        "decrypt", help=t("cipher.decrypt_help"), description=t("cipher.decrypt_help")
    )
    d.set_defaults(handler=run_decrypt)


def _new_passphrase(runtime: Runtime) -> str:
    """The new passphrase; typed twice when asked at the terminal."""
    first = runtime.passphrase(t("cipher.prompt_new", min=PASSPHRASE_MIN), t("cipher.new_needed"))
    if runtime.asked_passphrase:
        again = runtime.passphrase(t("cipher.prompt_again"))
        if again != first:
            raise ValidationError(t("cipher.mismatch"), field="passphrase")
    return first


def run_encrypt(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.encryption import encrypt

    passphrase = _new_passphrase(runtime)
    done = encrypt(runtime.settings, passphrase, credentials=runtime.credentials())
    console.print(t("cipher.encrypted", path=str(done.path)))
    err_console.print(t("cipher.saved_plain", path=str(done.saved), count=done.plain_backups))
    return 0


def run_decrypt(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.encryption import decrypt

    runtime.unlock()
    done = decrypt(runtime.settings, credentials=runtime.credentials())
    console.print(t("cipher.decrypted", path=str(done.path)))
    console.print(t("cipher.saved_encrypted", path=str(done.saved)))
    return 0
