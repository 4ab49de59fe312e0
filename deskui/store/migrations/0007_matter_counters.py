"""Matter numbers from a counter row per town and year (``matter_counter``).

A card's number was the town and year's ``MAX(seq) + 1``, read inside the
transaction that inserts it. On PostgreSQL two desks accepting a matter at
once both read the same maximum; one insert then failed on the unique
(town, year, seq) index and was retried (measured: a 530 ms tail with 16
desks). Now the number is one ``UPDATE … SET last_seq = last_seq + 1`` of the
town and year's counter row, which the server keeps locked until the card
is committed: desks take numbers in turn, none fails. Each counter starts
after the numbers already given.
"""

from peewee import *


def up(migrator, db):
    class Town(Model):
        id = AutoField()

        class Meta:
            database = db
            table_name = "town"

    class MatterCounter(Model):
        town = ForeignKeyField(Town, on_delete="CASCADE")
        year = IntegerField()
        last_seq = IntegerField()

        class Meta:
            database = db
            table_name = "matter_counter"
            indexes = ((("town", "year"), True),)

    db.create_tables([MatterCounter])
    db.execute_sql(
        'INSERT INTO "matter_counter" ("town_id", "year", "last_seq") '
        'SELECT "town_id", "year", MAX("seq") FROM "matter" GROUP BY "town_id", "year"'
    )


def down(migrator, db):
    db.execute_sql('DROP TABLE "matter_counter"')
