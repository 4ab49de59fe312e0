"""Matter cards (代办事项), their loop events and supervision orders (督办单)."""

from __future__ import annotations

import datetime as dt

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

from deskui.store.models.archive import Contact, Household, Resident
from deskui.store.models.base import BaseModel
from deskui.store.models.desk import Visit
from deskui.store.models.people import Official, Operator, Town, Village


class Category(BaseModel):
    """A matter category (问题类别), editable per town."""

    town = ForeignKeyField(Town, backref="categories", on_delete="CASCADE")
    town_id: int
    name = CharField(max_length=20)
    sort_order = IntegerField(default=0)
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("town", "name"), True),)


class Matter(BaseModel):
    """A matter card (代办事项受理卡) and its current state."""

    town = ForeignKeyField(Town, backref="matters", on_delete="RESTRICT")
    town_id: int
    number = CharField(max_length=24, unique=True)
    original_number = CharField(max_length=40, default="")  # 原编号: the town's own number
    year = SmallIntegerField()
    seq = IntegerField()
    origin = CharField(max_length=8, default="服务日接待")  # 服务日接待 / 入户走访 / 电话 / 其他
    visit = ForeignKeyField(Visit, null=True, on_delete="SET NULL", backref="matters")
    visit_id: int | None
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="matters")
    contact_id: int | None
    village = ForeignKeyField(Village, backref="matters", on_delete="RESTRICT")
    village_id: int
    group_no = SmallIntegerField(null=True)
    resident = ForeignKeyField(Resident, null=True, on_delete="SET NULL", backref="matters")
    resident_id: int | None
    household = ForeignKeyField(Household, null=True, on_delete="SET NULL", backref="matters")
    household_id: int | None
    applicant = CharField(max_length=40)
    id_number = CharField(max_length=18, default="")
    phone = CharField(max_length=20, default="")
    address = TextField(default="")
    content = TextField()  # 申办事项 / 反映问题
    materials = TextField(default="")  # 所需材料 / 已收材料
    category = CharField(max_length=20, default="")
    level = CharField(max_length=2)  # 村 / 镇 / 县
    state = CharField(max_length=6, default="待办")  # 待办 / 办理中 / 已办结 / 已销号 / 不予受理
    accepted_on = DateField()
    due_on = DateField(null=True)  # 办结时限 (after extensions)
    # Counted over a year whose holidays the town has not set: recomputed when it does.
    due_provisional = BooleanField(default=False)
    promised_on = DateField(null=True)  # agreed with the applicant (县 level)
    first_receiver = ForeignKeyField(Official, on_delete="RESTRICT", backref="+")  # never changes
    first_receiver_id: int
    handler = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="+")
    handler_id: int | None
    handler_unit = CharField(max_length=40, default="")  # 承办单位 (after 转办)
    leader = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="+")
    leader_id: int | None
    progress = TextField(default="")  # latest 办理情况
    result = TextField(default="")
    demand_met = BooleanField(null=True)
    feedback = TextField(default="")
    finished_on = DateField(null=True)
    signed = BooleanField(default=False)  # 申办人签字 obtained on the paper card
    signed_on = DateField(null=True)
    return_visit_on = DateField(null=True)
    return_visitor = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="+")
    return_visitor_id: int | None
    satisfaction = CharField(max_length=4, default="")  # 满意 / 基本满意 / 不满意
    closed_on = DateField(null=True)  # 销号日期
    refused_reason = TextField(default="")  # 不予受理: the explanation given
    extensions = SmallIntegerField(default=0)
    reopened = SmallIntegerField(default=0)
    note = TextField(default="")
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = (
            (("town", "year", "seq"), True),
            (("state", "due_on"), False),
            (("village", "accepted_on"), False),
            (("accepted_on",), False),
            (("town", "original_number"), False),
        )


class MatterCounter(BaseModel):
    """The last sequence number given to a card in a town and year. The next
    card's number is one ``UPDATE`` of this row (+1): on PostgreSQL the row
    stays locked until the card is committed, so desks accepting matters at
    once take numbers in turn instead of racing for the same one; on SQLite
    the write transaction (``BEGIN IMMEDIATE``) already runs alone."""

    town = ForeignKeyField(Town, backref="+", on_delete="CASCADE")
    town_id: int
    year = IntegerField()
    last_seq = IntegerField()

    class Meta:
        indexes = ((("town", "year"), True),)


class MatterEvent(BaseModel):
    """One step of a matter's closed loop, with time, operator and note."""

    matter = ForeignKeyField(Matter, backref="events", on_delete="RESTRICT")
    matter_id: int
    kind = CharField(
        max_length=4
    )  # 受理 转办 督办 催办 进展 延期 办结 签字确认 回访 重办 销号 不予受理
    on = DateField()  # the day the step happened
    at = DateTimeField()  # when it was recorded
    operator = ForeignKeyField(Operator, null=True, on_delete="RESTRICT", backref="+")
    operator_id: int | None
    official = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="+")
    official_id: int | None
    to_whom = CharField(max_length=60, default="")  # 转办 target
    new_due = DateField(null=True)
    satisfaction = CharField(max_length=4, default="")
    note = TextField(default="")

    class Meta:
        indexes = ((("matter", "at"), False),)


class SupervisionOrder(BaseModel):
    """A supervision order (督办单) issued at the Monday joint meeting."""

    matter = ForeignKeyField(Matter, backref="orders", on_delete="RESTRICT")
    matter_id: int
    number = CharField(max_length=24, unique=True)
    issued_on = DateField()
    source = CharField(max_length=6, default="服务日")  # 服务日 / 会议
    lead_unit = CharField(max_length=40, default="")  # 牵头单位
    leader = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="+")
    leader_id: int | None
    responsible = ForeignKeyField(Official, null=True, on_delete="RESTRICT", backref="+")
    responsible_id: int | None
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
