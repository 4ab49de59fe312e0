"""Schema migrations: numbered scripts in this folder, run at start-up.

The runner is peewee's own (``playhouse.migrations.Runner``): each script
defines ``up(migrator, db)`` with frozen model copies, and the applied names
are kept in the ``schema_migration`` table. The schema version is the number
of the newest applied script. A database whose history names a script this
program does not have is newer than the program: it is refused, not touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from peewee import Database

from deskui.domain.errors import DomainError
from deskui.i18n import t

MIGRATIONS_DIR = Path(__file__).parent
HISTORY_TABLE = "schema_migration"

if TYPE_CHECKING:
    from playhouse.migrations import Migration, Runner


class SchemaError(DomainError):
    """The schema cannot be brought up to date; one clear Chinese line."""


def _runner(db: Database) -> Runner:
    from playhouse.migrations import Runner

    return Runner(db, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def known_migrations() -> list[Migration]:
    from playhouse.migrations import Migration

    return Migration.load_directory(str(MIGRATIONS_DIR))


def code_version() -> int:
    """The schema version this program writes."""
    return max((m.idx for m in known_migrations()), default=0)


def schema_version(db: Database) -> int:
    """The newest migration applied to ``db`` (0 for an empty database)."""
    applied = _runner(db).applied()
    return max((int(name.split("_", 1)[0]) for name in applied), default=0)


def pending(db: Database) -> list[str]:
    return [m.name for m in _runner(db).status() if m.path is not None and not m.applied]


def _up_to_date(db: Database) -> bool:
    """True when the history names exactly this program's scripts: one query,
    without loading the runner and the scripts (start-up pays for nothing)."""
    scripts = {p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py")}
    if not db.table_exists(HISTORY_TABLE):
        return not scripts
    applied = {row[0] for row in db.execute_sql(f'SELECT name FROM "{HISTORY_TABLE}"')}
    return applied == scripts


def migrate_database(db: Database) -> list[str]:
    """Apply every pending migration, each in its own transaction."""
    if _up_to_date(db):
        return []
    runner = _runner(db)
    unknown = [m.name for m in runner.status() if m.path is None]
    if unknown:
        raise SchemaError(t("db.newer_schema", found=schema_version(db), supported=code_version()))
    try:
        return runner.up()
    except Exception as exc:  # a failed script rolls back
        # Two desks starting at once on a fresh database both try to migrate;
        # the loser's script rolls back. If nothing is pending now, the other
        # desk did the work and all is well.
        if not pending(db):
            return []
        raise SchemaError(t("db.migration_failed", name=type(exc).__name__, error=exc)) from exc
