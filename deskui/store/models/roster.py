"""The duty roster (值班表) and the holiday calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from deskui.domain.roster_rules import halves
from deskui.store.models.base import BaseModel
from deskui.store.models.people import Official, Village


class DutyDay(BaseModel):
    """One village's service day (or half day) on the roster."""

    village = ForeignKeyField(Village, backref="duty_days", on_delete="RESTRICT")
    village_id: int
    date = DateField()
    shift = CharField(max_length=4, default="全天")  # 全天 / 上午 / 下午
    hours = CharField(max_length=20, default="")
    place = TextField(default="")
    status = CharField(max_length=4, default="安排")  # 安排 / 取消 / 顺延
    reason = TextField(default="")  # why cancelled / moved
    moved_from = DateField(null=True)
    second_day = BooleanField(default=False)  # the town's second weekday (一线工作日)
    edited = BooleanField(default=False)  # touched by hand: regeneration keeps it
    note = TextField(default="")
    # The half days the line holds (True or NULL, see roster_rules.halves): one
    # line per village, date and half day, whatever the shift is called.
    am = BooleanField(null=True)
    pm = BooleanField(null=True)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        """Keep ``am`` / ``pm`` true to the shift, whoever writes the row
        (bulk inserts set them themselves)."""
        self.am, self.pm = halves(self.shift)
        only = kwargs.get("only")
        if only is not None:
            kwargs["only"] = [*only, DutyDay.am, DutyDay.pm]
        return super().save(*args, **kwargs)

    class Meta:
        indexes = (
            (("village", "date", "shift"), True),
            (("date", "village"), False),
            (("village", "date", "am"), True),
            (("village", "date", "pm"), True),
        )


class DutyAssignment(BaseModel):
    """An official on duty on a duty day, with sign-in and substitute."""

    duty_day = ForeignKeyField(DutyDay, backref="assignments", on_delete="CASCADE")
    duty_day_id: int
    official = ForeignKeyField(Official, backref="assignments", on_delete="RESTRICT")
    official_id: int
    role = CharField(max_length=4)  # 组长 / 成员 / 协助
    substitute = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="+")
    substitute_id: int | None
    signed_in_at = DateTimeField(null=True)
    absent = BooleanField(default=False)
    absence_reason = TextField(default="")
    edited = BooleanField(default=False)
    note = TextField(default="")
    # On a substitute's own line (顶班): the official whose duty they took.
    covers = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="+")
    covers_id: int | None

    class Meta:
        indexes = ((("duty_day", "official"), True), (("official", "duty_day"), False))


class Holiday(BaseModel):
    """A day off (节假日) or a make-up working day (调休上班)."""

    date = DateField(unique=True)
    kind = CharField(max_length=4)  # 休 / 班
    name = CharField(max_length=20, default="")
    source = CharField(max_length=16, default="user")  # chinesecalendar / user / import


class CalendarYear(BaseModel):
    """A year whose holiday calendar has been set (seeded or entered)."""

    year = IntegerField(primary_key=True)
    source = CharField(max_length=16, default="user")
    updated_at = DateTimeField(default=dt.datetime.now)
