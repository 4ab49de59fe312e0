"""Operators' roles and what each may do. Checked in the services.

录入员 (clerk) runs the queue and intake and sees masked ID numbers;
驻村干部 (official) also handles matters, contacts and the archive;
领导 (leader) also supervises and sees every figure and the audit log;
管理员 (admin) may do everything, including operators, settings, holidays
and imports.
"""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    CLERK = "录入员"
    OFFICIAL = "驻村干部"
    LEADER = "领导"
    ADMIN = "管理员"

    @classmethod
    def parse(cls, text: str) -> Role:
        text = text.strip()
        for role in cls:
            if text in (role.value, role.name.lower()):
                return role
        raise ValueError(text)


class Perm(str, Enum):
    QUEUE = "queue"  # register visitors, call, record outcomes
    VIEW_ARCHIVE = "view_archive"
    EDIT_ARCHIVE = "edit_archive"
    SEE_FULL_ID = "see_full_id"  # unmasked ID numbers and phones
    LOG_CONTACT = "log_contact"
    HANDLE_MATTER = "handle_matter"  # open and move matter cards
    SUPERVISE = "supervise"  # 督办, Monday meeting, all figures
    EDIT_ROSTER = "edit_roster"
    SIGN_IN = "sign_in"
    VIEW_AUDIT = "view_audit"
    EXPORT = "export"
    IMPORT = "import"
    ADMIN = "admin"  # operators, town settings, holidays, backups


_CLERK = {Perm.QUEUE, Perm.VIEW_ARCHIVE, Perm.SIGN_IN, Perm.EXPORT}
_OFFICIAL = _CLERK | {
    Perm.EDIT_ARCHIVE,
    Perm.SEE_FULL_ID,
    Perm.LOG_CONTACT,
    Perm.HANDLE_MATTER,
}
_LEADER = _OFFICIAL | {Perm.SUPERVISE, Perm.EDIT_ROSTER, Perm.VIEW_AUDIT}
_ADMIN = set(Perm)

PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.OFFICIAL: frozenset(_OFFICIAL),
    Role.LEADER: frozenset(_LEADER),
    Role.ADMIN: frozenset(_ADMIN),
}


def can(role: Role, perm: Perm) -> bool:
    return perm in PERMISSIONS[role]
