"""PostgreSQL: the archive's search keys compare by code point (``COLLATE
"C"``), so the prefix search's range ``key >= 'zs' AND key < 'zs\\uffff'``
walks the (town, kind, key, household) index the same way whatever locale
the server's database was created with.

Under a language collation (``zh_CN.UTF-8``, ``en_US.UTF-8``, an ICU one)
the range still uses the index, but compares by the language's rules: a
glibc locale may sort U+FFFF anywhere (the range can come out empty), and
every comparison goes through ``strcoll``. With ``"C"`` the comparison is a
``memcmp`` and the range holds exactly the keys that start with the typed
text, as on SQLite (whose ``BINARY`` collation is the same order). Measured
against a ``text_pattern_ops`` index (which would need the search rewritten
as ``LIKE 'zs%'``): see the README's performance notes.

Changing the column's collation rebuilds the two indexes that hold it. On
SQLite there is nothing to do.
"""

from peewee import *


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql('ALTER TABLE "search_key" ALTER COLUMN "key" TYPE VARCHAR(40) COLLATE "C"')


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql('ALTER TABLE "search_key" ALTER COLUMN "key" TYPE VARCHAR(40)')
