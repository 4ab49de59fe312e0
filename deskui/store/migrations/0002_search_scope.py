"""Search keys scoped by town: ``search_key.town_id`` (the town of the
household's village), backfilled, and the index (town_id, kind, key,
household_id) that lets a desk's search walk only its own town's keys."""

from peewee import *

BACKFILL = (
    "UPDATE search_key SET town_id = ("
    "SELECT v.town_id FROM household AS h INNER JOIN village AS v ON v.id = h.village_id"
    " WHERE h.id = search_key.household_id"
    ") WHERE town_id IS NULL"
)


def up(migrator, db):
    class Town(Model):
        id = AutoField()

        class Meta:
            database = db
            table_name = "town"

    town = ForeignKeyField(Town, field=Town.id, null=True, index=False, on_delete="CASCADE")
    migrator.migrate(migrator.add_column("search_key", "town_id", town))
    # One statement, standard SQL (a correlated subquery): the same on SQLite
    # and PostgreSQL. The index is built after the backfill, in one pass.
    db.execute_sql(BACKFILL)
    migrator.migrate(
        migrator.add_index("search_key", ("town_id", "kind", "key", "household_id"), False)
    )
