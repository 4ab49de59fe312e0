"""Peewee models for the whole domain (DOMAIN.md, FORMS.md).

Conventions:
- short codes (state, role, level …) are stored as the Chinese word the forms
  print, so a database browsed by hand reads like the ledger;
- nothing a ledger may need is deleted: rows carry ``archived`` instead;
- free text is ``TextField`` (lengths are enforced by the domain validators);
- every table a search or a list walks has the index its query plan wants
  (the hot ones are asserted by ``tests/store/test_query_plans.py``).

The models bind to ``database_proxy``; ``store.database.open_database`` binds a
real SQLite or PostgreSQL database to it.
"""

from __future__ import annotations

from deskui.store.models.archive import Contact, Household, HouseholdTag, Resident, SearchKey
from deskui.store.models.base import BaseModel, database_proxy
from deskui.store.models.desk import Visit
from deskui.store.models.matters import (
    Category,
    Matter,
    MatterCounter,
    MatterEvent,
    SupervisionOrder,
)
from deskui.store.models.people import (
    Department,
    Official,
    Operator,
    TeamMember,
    Town,
    Village,
    VillageAlias,
)
from deskui.store.models.roster import CalendarYear, DutyAssignment, DutyDay, Holiday
from deskui.store.models.trust import AuditLog, Setting

ALL_MODELS: list[type[BaseModel]] = [
    Town,
    Village,
    VillageAlias,
    Department,
    Official,
    TeamMember,
    Household,
    HouseholdTag,
    Resident,
    SearchKey,
    Contact,
    DutyDay,
    DutyAssignment,
    Holiday,
    CalendarYear,
    Visit,
    Category,
    Matter,
    MatterCounter,
    MatterEvent,
    SupervisionOrder,
    Operator,
    AuditLog,
    Setting,
]

__all__ = [m.__name__ for m in ALL_MODELS] + ["BaseModel", "database_proxy", "ALL_MODELS"]
