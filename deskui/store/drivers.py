"""The PostgreSQL driver, loaded only when a desk opens a server database.

Peewee imports psycopg2 as it is itself imported (to pick a driver), which
costs a desk on a SQLite file ~10 ms of its start for a library it never
uses (libpq and its dependencies loaded, types registered). So deskui's
package installs :class:`_PeeweeWithoutDrivers` before anything imports
peewee: peewee then finds no PostgreSQL driver, and
:func:`load_postgres_driver` hands it psycopg2 the moment a ``postgresql://``
address is opened, doing what peewee's own import would have done (the
driver's module, its type extensions, JSON, UUIDs, transaction states).

Written for peewee 4.5 (pinned in uv.lock); ``tests/store/test_drivers.py``
checks both halves: no driver at start-up, a working one on a server.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

_DRIVERS = ("psycopg2", "psycopg")


class _PeeweeWithoutDrivers:
    """Imports peewee with the PostgreSQL drivers hidden from it (once): a
    finder on ``sys.meta_path`` (importlib.abc's base class would cost its
    own import, ~2 ms)."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "peewee":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            hidden = [d for d in _DRIVERS if d not in sys.modules]
            for driver in hidden:
                sys.modules[driver] = None  # type: ignore[assignment]  # import fails fast
            try:
                run(module)
            finally:
                for driver in hidden:
                    if sys.modules.get(driver, ...) is None:
                        del sys.modules[driver]

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def defer_postgres_driver() -> None:
    """Make peewee import without its PostgreSQL drivers (when it is not
    imported yet); :func:`load_postgres_driver` brings psycopg2 in later."""
    if "peewee" in sys.modules or any(isinstance(f, _PeeweeWithoutDrivers) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _PeeweeWithoutDrivers())


def load_postgres_driver() -> None:
    """Give peewee psycopg2, as its own import would have (idempotent)."""
    import peewee

    if peewee.psycopg2 is not None:  # type: ignore[attr-defined]
        return
    import psycopg2
    from psycopg2 import extensions, extras

    extras.register_uuid()
    module: Any = peewee
    module.psycopg2 = psycopg2
    module.pg_extensions = extensions
    module.Json_pg2 = extras.Json
    adapter: Any = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
