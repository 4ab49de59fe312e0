"""One truth for the month (issue 15).

- ``duty_day.am`` / ``duty_day.pm``: the half days a duty line holds (TRUE or
  NULL), with unique indexes (village, date, am) and (village, date, pm): one
  duty line per village, date and half day. Lines that already overlap (a
  全天 line beside a 上午 one after a village's shift changed) are folded
  first into the line with the most sign-ins, absences and substitutes: its
  people are merged, nobody's sign-in, absence or substitute is lost, and
  visits point at the kept line.
- ``duty_assignment.covers``: a substitute (顶班) now has a line of their own
  on the duty day, naming the official they cover; the sign-in that was kept
  on the absent official's line moves to it.
- ``matter.due_provisional``: a due date counted over a year whose holidays
  the town has not set, recomputed when it does.
- ``town.sign_before_visit``: 回访 only after 签字确认 (the default).
"""

from peewee import *

WHOLE, AM, PM, BOTH = "全天", "上午", "下午", "上下午"


def _halves(shift):
    known = shift in (WHOLE, AM, PM, BOTH)
    am = shift in (WHOLE, AM, BOTH) or not known
    pm = shift in (WHOLE, PM, BOTH) or not known
    return (True if am else None), (True if pm else None)


def up(migrator, db):
    class Town(Model):
        id = AutoField()

        class Meta:
            database = db
            table_name = "town"

    class Official(Model):
        id = AutoField()

        class Meta:
            database = db
            table_name = "official"

    class DutyDay(Model):
        id = AutoField()
        village = IntegerField(column_name="village_id")
        date = DateField()
        shift = CharField()
        edited = BooleanField()
        am = BooleanField(null=True)
        pm = BooleanField(null=True)

        class Meta:
            database = db
            table_name = "duty_day"

    class DutyAssignment(Model):
        id = AutoField()
        duty_day = IntegerField(column_name="duty_day_id")
        official = IntegerField(column_name="official_id")
        role = CharField()
        substitute = IntegerField(column_name="substitute_id", null=True)
        signed_in_at = DateTimeField(null=True)
        absent = BooleanField()
        absence_reason = TextField()
        edited = BooleanField()
        note = TextField()
        covers = IntegerField(column_name="covers_id", null=True)

        class Meta:
            database = db
            table_name = "duty_assignment"

    class Visit(Model):
        id = AutoField()
        duty_day = IntegerField(column_name="duty_day_id", null=True)

        class Meta:
            database = db
            table_name = "visit"

    covers = ForeignKeyField(Official, field=Official.id, null=True, on_delete="RESTRICT")
    migrator.migrate(
        migrator.add_column("duty_day", "am", BooleanField(null=True)),
        migrator.add_column("duty_day", "pm", BooleanField(null=True)),
        migrator.add_column("duty_assignment", "covers_id", covers),
        migrator.add_column("matter", "due_provisional", BooleanField(default=False)),
        migrator.add_column("town", "sign_before_visit", BooleanField(default=True)),
    )
    _fold_overlapping_days(DutyDay, DutyAssignment, Visit)
    for shift in {d.shift for d in DutyDay.select(DutyDay.shift).distinct()}:
        am, pm = _halves(shift)
        DutyDay.update(am=am, pm=pm).where(DutyDay.shift == shift).execute()
    _substitutes_on_their_own_line(DutyAssignment)
    migrator.migrate(
        migrator.add_index("duty_day", ("village_id", "date", "am"), True),
        migrator.add_index("duty_day", ("village_id", "date", "pm"), True),
    )


def _touched(a):
    return (
        (a.signed_in_at is not None) + bool(a.absent) + (a.substitute is not None) + bool(a.edited)
    )


def _fold_overlapping_days(DutyDay, DutyAssignment, Visit):
    crowded = (
        DutyDay.select(DutyDay.village, DutyDay.date)
        .group_by(DutyDay.village, DutyDay.date)
        .having(fn.COUNT(DutyDay.id) > 1)
        .tuples()
    )
    for village, date in list(crowded):
        days = list(
            DutyDay.select()
            .where((DutyDay.village == village) & (DutyDay.date == date))
            .order_by(DutyDay.id)
        )
        for group in _overlapping_groups(days):
            if len(group) > 1:
                _fold(group, DutyAssignment, Visit, DutyDay)


def _overlapping_groups(days):
    """Connected groups of lines sharing a half day."""
    groups: list = []
    for day in days:
        am, pm = _halves(day.shift)
        joined = [
            g
            for g in groups
            if any((am and _halves(d.shift)[0]) or (pm and _halves(d.shift)[1]) for d in g)
        ]
        merged = [day]
        for g in joined:
            groups.remove(g)
            merged = g + merged
        groups.append(merged)
    return groups


def _fold(group, DutyAssignment, Visit, DutyDay):
    people = {
        d.id: list(DutyAssignment.select().where(DutyAssignment.duty_day == d.id)) for d in group
    }
    keeper = max(
        group,
        key=lambda d: (sum(_touched(a) for a in people[d.id]), bool(d.edited), -d.id),
    )
    kept = {a.official: a for a in people[keeper.id]}
    for day in group:
        if day.id == keeper.id:
            continue
        for a in people[day.id]:
            mine = kept.get(a.official)
            if mine is None:
                DutyAssignment.update(duty_day=keeper.id).where(DutyAssignment.id == a.id).execute()
                kept[a.official] = a
                continue
            merged = {
                "signed_in_at": min(
                    (x for x in (mine.signed_in_at, a.signed_in_at) if x is not None), default=None
                ),
                "absent": bool(mine.absent or a.absent),
                "absence_reason": mine.absence_reason or a.absence_reason,
                "substitute": mine.substitute if mine.substitute is not None else a.substitute,
                "edited": bool(mine.edited or a.edited),
                "note": "；".join(x for x in (mine.note, a.note) if x),
            }
            DutyAssignment.update(**merged).where(DutyAssignment.id == mine.id).execute()
            for key, value in merged.items():
                setattr(mine, key, value)
            DutyAssignment.delete().where(DutyAssignment.id == a.id).execute()
        Visit.update(duty_day=keeper.id).where(Visit.duty_day == day.id).execute()
        DutyDay.update(edited=True).where(DutyDay.id == keeper.id).execute()
        DutyDay.delete().where(DutyDay.id == day.id).execute()


def _substitutes_on_their_own_line(DutyAssignment):
    """A substitute's sign-in was kept on the absent official's line: give the
    substitute a line of their own (or use theirs) and move the sign-in there."""
    covered = list(DutyAssignment.select().where(DutyAssignment.substitute.is_null(False)))
    for a in covered:
        own = (
            DutyAssignment.select()
            .where(
                (DutyAssignment.duty_day == a.duty_day) & (DutyAssignment.official == a.substitute)
            )
            .first()
        )
        if own is None:
            DutyAssignment.insert(
                duty_day=a.duty_day, official=a.substitute, role=a.role, covers=a.official,
                signed_in_at=a.signed_in_at, absent=False, absence_reason="", edited=True, note="",
            ).execute()  # fmt: skip
        else:
            changes = {"covers": own.covers if own.covers is not None else a.official}
            if own.signed_in_at is None and a.signed_in_at is not None:
                changes["signed_in_at"] = a.signed_in_at
            DutyAssignment.update(**changes).where(DutyAssignment.id == own.id).execute()
        if a.signed_in_at is not None:
            DutyAssignment.update(signed_in_at=None).where(DutyAssignment.id == a.id).execute()
