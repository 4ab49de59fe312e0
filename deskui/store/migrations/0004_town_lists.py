"""The town's own lists (issue 14): officials in post or left on a date and
whether they serve villages; a village's former names (renamed or merged);
the departments a matter can be transferred to; and a matter's own number in
the town's old ledger (原编号)."""

from peewee import *


def up(migrator, db):
    class Town(Model):
        id = AutoField()

        class Meta:
            database = db
            table_name = "town"

    class Village(Model):
        id = AutoField()

        class Meta:
            database = db
            table_name = "village"

    class VillageAlias(Model):
        village = ForeignKeyField(Village, on_delete="CASCADE")
        town = ForeignKeyField(Town, on_delete="CASCADE")
        name = CharField(max_length=40)
        since = DateField(null=True)

        class Meta:
            database = db
            table_name = "village_alias"
            indexes = ((("town", "name"), True),)

    class Department(Model):
        town = ForeignKeyField(Town, on_delete="CASCADE")
        name = CharField(max_length=40)
        phone = CharField(max_length=20, default="")
        sort_order = IntegerField(default=0)
        active = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "department"
            indexes = ((("town", "name"), True),)

    db.create_tables([VillageAlias, Department])
    migrator.migrate(
        migrator.add_column("official", "serves_villages", BooleanField(default=True)),
        migrator.add_column("official", "left_on", DateField(null=True)),
        migrator.add_column("matter", "original_number", CharField(max_length=40, default="")),
    )
    migrator.migrate(migrator.add_index("matter", ("town_id", "original_number"), False))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("matter", "matter_town_id_original_number"),
        migrator.drop_column("matter", "original_number"),
        migrator.drop_column("official", "left_on"),
        migrator.drop_column("official", "serves_villages"),
        migrator.drop_table("department"),
        migrator.drop_table("village_alias"),
    )
