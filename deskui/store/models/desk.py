"""The visitor queue (接访登记)."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from deskui.store.models.archive import Household, Resident
from deskui.store.models.base import BaseModel
from deskui.store.models.people import Official, Village
from deskui.store.models.roster import DutyDay


class Visit(BaseModel):
    """A visitor at the desk (接访登记), numbered in order of arrival."""

    village = ForeignKeyField(Village, backref="visits", on_delete="RESTRICT")
    village_id: int
    date = DateField()
    ticket = IntegerField()  # unique per village and day
    duty_day = ForeignKeyField(DutyDay, null=True, on_delete="SET NULL", backref="visits")
    duty_day_id: int | None
    service_day = BooleanField(default=True)  # False: 非服务日
    name = CharField(max_length=40)
    phone = CharField(max_length=20, default="")
    group_no = SmallIntegerField(null=True)
    resident = ForeignKeyField(Resident, null=True, on_delete="SET NULL", backref="visits")
    resident_id: int | None
    household = ForeignKeyField(Household, null=True, on_delete="SET NULL", backref="visits")
    household_id: int | None
    reason = TextField(default="")  # 事由
    status = CharField(max_length=4, default="等候")  # 等候 / 接待中 / 已办 / 离开
    arrived_at = DateTimeField()
    called_at = DateTimeField(null=True)
    finished_at = DateTimeField(null=True)
    official = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="visits")
    official_id: int | None
    desk = CharField(max_length=20, default="")
    outcome = CharField(
        max_length=6, default=""
    )  # 当场答复 / 政策咨询 / 受理代办 / 调处纠纷 / 不予受理 / 离开未办
    outcome_note = TextField(default="")
    dispute_parties = TextField(default="")
    dispute_result = CharField(max_length=4, default="")  # 成功 / 未成功 / 转交

    class Meta:
        indexes = (
            (("village", "date", "ticket"), True),
            (("date", "status"), False),
        )
