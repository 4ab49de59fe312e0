"""The model base class and the proxy every model binds to."""

from __future__ import annotations

from typing import Any

from peewee import DatabaseProxy, Model

database_proxy = DatabaseProxy()


class BaseModel(Model):
    # The implicit primary key: an int on a row, a Field on the class.
    id: Any

    class Meta:
        database = database_proxy
        legacy_table_names = False
