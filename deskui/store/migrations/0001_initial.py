"""The first schema: every table of the domain (generated from the models by
playhouse.migrations.template, then frozen)."""

# Generated from a schema diff on 2026-11-21 22:29.
from peewee import *
import datetime


def up(migrator, db):
    class Town(Model):
        name = CharField(unique=True, max_length=40)
        county = CharField(max_length=40, default="")
        code = CharField(unique=True, max_length=8)
        service_weekday = SmallIntegerField(default=2)
        second_weekday = SmallIntegerField(null=True)
        second_week_parity = CharField(null=True, max_length=4)
        holiday_policy = CharField(max_length=4, default="取消")
        require_return_visit = BooleanField(default=True)
        service_phone = CharField(max_length=20, default="")
        supervision_phone = CharField(max_length=20, default="")
        liaison_name = CharField(max_length=20, default="")
        liaison_phone = CharField(max_length=20, default="")
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "town"

    db.create_tables([Town])

    class Official(Model):
        town = ForeignKeyField(Town, on_delete="RESTRICT")
        name = CharField(max_length=20)
        post = CharField(max_length=40, default="")
        unit = CharField(max_length=40, default="")
        phone = CharField(max_length=20, default="")
        is_leader = BooleanField(default=False)
        kind = CharField(max_length=10, default="镇干部")
        duties = TextField(default="")
        initials = CharField(max_length=60, default="")
        archived = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "official"
            indexes = ((("town", "name"), False),)

    db.create_tables([Official])

    class Operator(Model):
        username = CharField(unique=True, max_length=30)
        display_name = CharField(max_length=20)
        role = CharField(max_length=4)
        official = ForeignKeyField(Official, null=True, on_delete="SET NULL")
        password_hash = TextField(default="")
        active = BooleanField(default=True)
        created_at = DateTimeField(default=datetime.datetime.now)
        last_login = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "operator"

    db.create_tables([Operator])

    class AuditLog(Model):
        at = DateTimeField()
        operator = ForeignKeyField(Operator, null=True, on_delete="RESTRICT")
        operator_name = CharField(max_length=30, default="")
        action = CharField(max_length=10)
        table = CharField(max_length=30)
        record_id = IntegerField(null=True)
        changes = TextField(default="")
        note = TextField(default="")

        class Meta:
            database = db
            table_name = "audit_log"
            indexes = ((("table", "record_id"), False), (("operator", "at"), False))

    db.create_tables([AuditLog])

    class CalendarYear(Model):
        year = IntegerField(primary_key=True)
        source = CharField(max_length=16, default="user")
        updated_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "calendar_year"

    db.create_tables([CalendarYear])

    class Category(Model):
        town = ForeignKeyField(Town, on_delete="CASCADE")
        name = CharField(max_length=20)
        sort_order = IntegerField(default=0)
        active = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "category"
            indexes = ((("town", "name"), True),)

    db.create_tables([Category])

    class Village(Model):
        town = ForeignKeyField(Town, on_delete="RESTRICT")
        name = CharField(max_length=40)
        code = CharField(max_length=12, default="")
        group_count = SmallIntegerField(default=1)
        office_address = TextField(default="")
        remote = BooleanField(default=False)
        cadence_weeks = SmallIntegerField(default=1)
        cadence_anchor = DateField(null=True)
        shift = CharField(max_length=4, default="全天")
        am_hours = CharField(max_length=20, default="9:00-12:00")
        pm_hours = CharField(max_length=20, default="14:00-17:30")
        sort_order = IntegerField(default=0)
        archived = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "village"
            indexes = ((("town", "name"), True),)

    db.create_tables([Village])

    class Household(Model):
        village = ForeignKeyField(Village, on_delete="RESTRICT")
        group_no = SmallIntegerField(null=True)
        code = CharField(max_length=30)
        address = TextField(default="")
        head_name = CharField(max_length=40, default="")
        size = SmallIntegerField(default=0)
        economy = TextField(default="")
        income = IntegerField(null=True)
        liaison = ForeignKeyField(Official, null=True, on_delete="SET NULL")
        problems = TextField(default="")
        demands = TextField(default="")
        note = TextField(default="")
        archived = BooleanField(default=False)
        updated_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "household"
            indexes = ((("village", "code"), True), (("village", "group_no", "head_name"), False))

    db.create_tables([Household])

    class Contact(Model):
        household = ForeignKeyField(Household, on_delete="RESTRICT")
        official = ForeignKeyField(Official, on_delete="RESTRICT")
        date = DateField()
        mode = CharField(max_length=4)
        event_kind = CharField(max_length=6, default="")
        note = TextField(default="")
        follow_up = BooleanField(default=False)
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "contact"
            indexes = ((("official", "date"), False), (("household", "date"), False))

    db.create_tables([Contact])

    class DutyDay(Model):
        village = ForeignKeyField(Village, on_delete="RESTRICT")
        date = DateField()
        shift = CharField(max_length=4, default="全天")
        hours = CharField(max_length=20, default="")
        place = TextField(default="")
        status = CharField(max_length=4, default="安排")
        reason = TextField(default="")
        moved_from = DateField(null=True)
        second_day = BooleanField(default=False)
        edited = BooleanField(default=False)
        note = TextField(default="")

        class Meta:
            database = db
            table_name = "duty_day"
            indexes = ((("village", "date", "shift"), True), (("date", "village"), False))

    db.create_tables([DutyDay])

    class DutyAssignment(Model):
        duty_day = ForeignKeyField(DutyDay, on_delete="CASCADE")
        official = ForeignKeyField(Official, on_delete="RESTRICT")
        role = CharField(max_length=4)
        substitute = ForeignKeyField(Official, null=True, on_delete="RESTRICT")
        signed_in_at = DateTimeField(null=True)
        absent = BooleanField(default=False)
        absence_reason = TextField(default="")
        edited = BooleanField(default=False)
        note = TextField(default="")

        class Meta:
            database = db
            table_name = "duty_assignment"
            indexes = ((("duty_day", "official"), True), (("official", "duty_day"), False))

    db.create_tables([DutyAssignment])

    class Holiday(Model):
        date = DateField(unique=True)
        kind = CharField(max_length=4)
        name = CharField(max_length=20, default="")
        source = CharField(max_length=16, default="user")

        class Meta:
            database = db
            table_name = "holiday"

    db.create_tables([Holiday])

    class HouseholdTag(Model):
        household = ForeignKeyField(Household, on_delete="CASCADE")
        tag = CharField(max_length=20)

        class Meta:
            database = db
            table_name = "household_tag"
            indexes = ((("household", "tag"), True), (("tag", "household"), False))

    db.create_tables([HouseholdTag])

    class Resident(Model):
        household = ForeignKeyField(Household, on_delete="RESTRICT")
        name = CharField(max_length=40)
        relation = CharField(max_length=10)
        id_number = CharField(unique=True, null=True, max_length=18)
        sex = CharField(max_length=1, default="")
        birth_date = DateField(null=True)
        phone = CharField(max_length=20, default="")
        occupation = CharField(max_length=40, default="")
        working_away = BooleanField(default=False)
        health = CharField(max_length=40, default="")
        school = CharField(max_length=40, default="")
        income = IntegerField(null=True)
        note = TextField(default="")
        archived = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "resident"
            indexes = ((("household", "relation"), False),)

    db.create_tables([Resident])

    class Visit(Model):
        village = ForeignKeyField(Village, on_delete="RESTRICT")
        date = DateField()
        ticket = IntegerField()
        duty_day = ForeignKeyField(DutyDay, null=True, on_delete="SET NULL")
        service_day = BooleanField(default=True)
        name = CharField(max_length=40)
        phone = CharField(max_length=20, default="")
        group_no = SmallIntegerField(null=True)
        resident = ForeignKeyField(Resident, null=True, on_delete="SET NULL")
        household = ForeignKeyField(Household, null=True, on_delete="SET NULL")
        reason = TextField(default="")
        status = CharField(max_length=4, default="等候")
        arrived_at = DateTimeField()
        called_at = DateTimeField(null=True)
        finished_at = DateTimeField(null=True)
        official = ForeignKeyField(Official, null=True, on_delete="RESTRICT")
        desk = CharField(max_length=20, default="")
        outcome = CharField(max_length=6, default="")
        outcome_note = TextField(default="")
        dispute_parties = TextField(default="")
        dispute_result = CharField(max_length=4, default="")

        class Meta:
            database = db
            table_name = "visit"
            indexes = ((("village", "date", "ticket"), True), (("date", "status"), False))

    db.create_tables([Visit])

    class Matter(Model):
        town = ForeignKeyField(Town, on_delete="RESTRICT")
        number = CharField(unique=True, max_length=24)
        year = SmallIntegerField()
        seq = IntegerField()
        origin = CharField(max_length=8, default="服务日接待")
        visit = ForeignKeyField(Visit, null=True, on_delete="SET NULL")
        contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
        village = ForeignKeyField(Village, on_delete="RESTRICT")
        group_no = SmallIntegerField(null=True)
        resident = ForeignKeyField(Resident, null=True, on_delete="SET NULL")
        household = ForeignKeyField(Household, null=True, on_delete="SET NULL")
        applicant = CharField(max_length=40)
        id_number = CharField(max_length=18, default="")
        phone = CharField(max_length=20, default="")
        address = TextField(default="")
        content = TextField()
        materials = TextField(default="")
        category = CharField(max_length=20, default="")
        level = CharField(max_length=2)
        state = CharField(max_length=6, default="待办")
        accepted_on = DateField()
        due_on = DateField(null=True)
        promised_on = DateField(null=True)
        first_receiver = ForeignKeyField(Official, on_delete="RESTRICT")
        handler = ForeignKeyField(Official, null=True, on_delete="RESTRICT")
        handler_unit = CharField(max_length=40, default="")
        leader = ForeignKeyField(Official, null=True, on_delete="RESTRICT")
        progress = TextField(default="")
        result = TextField(default="")
        demand_met = BooleanField(null=True)
        feedback = TextField(default="")
        finished_on = DateField(null=True)
        signed = BooleanField(default=False)
        signed_on = DateField(null=True)
        return_visit_on = DateField(null=True)
        return_visitor = ForeignKeyField(Official, null=True, on_delete="RESTRICT")
        satisfaction = CharField(max_length=4, default="")
        closed_on = DateField(null=True)
        refused_reason = TextField(default="")
        extensions = SmallIntegerField(default=0)
        reopened = SmallIntegerField(default=0)
        note = TextField(default="")
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "matter"
            indexes = (
                (("town", "year", "seq"), True),
                (("state", "due_on"), False),
                (("village", "accepted_on"), False),
                (("accepted_on",), False),
            )

    db.create_tables([Matter])

    class MatterEvent(Model):
        matter = ForeignKeyField(Matter, on_delete="RESTRICT")
        kind = CharField(max_length=4)
        on = DateField()
        at = DateTimeField()
        operator = ForeignKeyField(Operator, null=True, on_delete="RESTRICT")
        official = ForeignKeyField(Official, null=True, on_delete="RESTRICT")
        to_whom = CharField(max_length=60, default="")
        new_due = DateField(null=True)
        satisfaction = CharField(max_length=4, default="")
        note = TextField(default="")

        class Meta:
            database = db
            table_name = "matter_event"
            indexes = ((("matter", "at"), False),)

    db.create_tables([MatterEvent])

    class SearchKey(Model):
        key = CharField(max_length=40)
        resident = ForeignKeyField(Resident, on_delete="CASCADE")
        household = ForeignKeyField(Household, on_delete="CASCADE")
        kind = CharField(max_length=2)

        class Meta:
            database = db
            table_name = "search_key"
            indexes = ((("key", "household"), False),)

    db.create_tables([SearchKey])

    class Setting(Model):
        key = CharField(primary_key=True, max_length=40)
        value = TextField(default="")

        class Meta:
            database = db
            table_name = "setting"

    db.create_tables([Setting])

    class SupervisionOrder(Model):
        matter = ForeignKeyField(Matter, on_delete="RESTRICT")
        number = CharField(unique=True, max_length=24)
        issued_on = DateField()
        source = CharField(max_length=6, default="服务日")
        lead_unit = CharField(max_length=40, default="")
        leader = ForeignKeyField(Official, null=True, on_delete="RESTRICT")
        responsible = ForeignKeyField(Official, null=True, on_delete="RESTRICT")
        deadline = DateField()
        requirements = TextField(default="")
        issuer = CharField(max_length=20, default="")
        signed_by = CharField(max_length=20, default="")
        signed_at = DateTimeField(null=True)
        progress = TextField(default="")
        extension_reason = TextField(default="")
        new_deadline = DateField(null=True)
        finished_on = DateField(null=True)
        review = TextField(default="")
        closed = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "supervision_order"

    db.create_tables([SupervisionOrder])

    class TeamMember(Model):
        village = ForeignKeyField(Village, on_delete="CASCADE")
        official = ForeignKeyField(Official, on_delete="RESTRICT")
        role = CharField(max_length=4)
        shift = CharField(max_length=4, default="")
        odd_week_second_day = BooleanField(default=False)
        since = DateField(null=True)
        until = DateField(null=True)

        class Meta:
            database = db
            table_name = "team_member"
            indexes = ((("village", "official"), True),)

    db.create_tables([TeamMember])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("team_member"))
    migrator.migrate(migrator.drop_table("supervision_order"))
    migrator.migrate(migrator.drop_table("setting"))
    migrator.migrate(migrator.drop_table("search_key"))
    migrator.migrate(migrator.drop_table("matter_event"))
    migrator.migrate(migrator.drop_table("matter"))
    migrator.migrate(migrator.drop_table("visit"))
    migrator.migrate(migrator.drop_table("resident"))
    migrator.migrate(migrator.drop_table("household_tag"))
    migrator.migrate(migrator.drop_table("holiday"))
    migrator.migrate(migrator.drop_table("duty_assignment"))
    migrator.migrate(migrator.drop_table("duty_day"))
    migrator.migrate(migrator.drop_table("contact"))
    migrator.migrate(migrator.drop_table("household"))
    migrator.migrate(migrator.drop_table("village"))
    migrator.migrate(migrator.drop_table("category"))
    migrator.migrate(migrator.drop_table("calendar_year"))
    migrator.migrate(migrator.drop_table("audit_log"))
    migrator.migrate(migrator.drop_table("operator"))
    migrator.migrate(migrator.drop_table("official"))
    migrator.migrate(migrator.drop_table("town"))
