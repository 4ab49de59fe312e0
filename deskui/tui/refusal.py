"""Why a key does nothing: the words a refused key shows in the status line.

A node (a tab, a dialog) may define ``refusal(action, parameters)``; when
its ``check_action`` says no, the desk (``DeskApp.run_action``) shows what
``refusal`` returns instead of doing nothing silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskui.i18n import t

if TYPE_CHECKING:
    from deskui.domain.roles import Perm
    from deskui.services.context import Actor


def denied(actor: Actor, perm: Perm) -> str | None:
    """The refusal the service would give ``actor`` for ``perm`` (None: allowed)."""
    if actor.can(perm):
        return None
    return t("auth.denied", role=actor.role.value, action=t(f"perm.{perm.value}"))
