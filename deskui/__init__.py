"""deskui: the village service day's desk.

Before anything imports peewee, hide the PostgreSQL driver from it: a desk
on a SQLite file never loads psycopg2 (see :mod:`deskui.store.drivers`)."""

from deskui.store.drivers import defer_postgres_driver

defer_postgres_driver()
