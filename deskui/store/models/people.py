"""Town, villages, officials, teams and the operators who sign in."""

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

from deskui.store.models.base import BaseModel


class Town(BaseModel):
    """A town (镇 / 街道办) and its service-day settings."""

    name = CharField(max_length=40, unique=True)
    county = CharField(max_length=40, default="")
    code = CharField(max_length=8, unique=True)  # matter numbers: {code}{year}-{seq}
    service_weekday = SmallIntegerField(default=2)  # ISO weekday, 2 = Tuesday
    second_weekday = SmallIntegerField(null=True)  # e.g. 4 = Thursday 一线工作日
    second_week_parity = CharField(max_length=4, null=True)  # 单周 / 双周 / None = every week
    holiday_policy = CharField(max_length=4, default="取消")  # 取消 / 顺延
    require_return_visit = BooleanField(default=True)  # 销号 only after 回访
    sign_before_visit = BooleanField(default=True)  # 回访 only after 签字确认
    service_phone = CharField(max_length=20, default="")  # 镇便民服务电话
    supervision_phone = CharField(max_length=20, default="")  # 监督电话
    liaison_name = CharField(max_length=20, default="")  # 联络员
    liaison_phone = CharField(max_length=20, default="")
    created_at = DateTimeField(default=dt.datetime.now)


class Village(BaseModel):
    """A village (村 / 社区) with its numbered groups and service-day place."""

    town = ForeignKeyField(Town, backref="villages", on_delete="RESTRICT")
    town_id: int
    name = CharField(max_length=40)
    code = CharField(max_length=12, default="")
    group_count = SmallIntegerField(default=1)  # 村民小组 1组 … N组
    office_address = TextField(default="")  # 地点, e.g. 村委会办公楼二楼
    remote = BooleanField(default=False)  # 位置偏远
    cadence_weeks = SmallIntegerField(default=1)  # 1 weekly, 2 every two weeks
    cadence_anchor = DateField(null=True)  # a service day that fixes the 2-week phase
    shift = CharField(max_length=4, default="全天")  # 全天 / 上午 / 下午 / 上下午
    am_hours = CharField(max_length=20, default="9:00-12:00")
    pm_hours = CharField(max_length=20, default="14:00-17:30")
    sort_order = IntegerField(default=0)
    archived = BooleanField(default=False)

    class Meta:
        indexes = ((("town", "name"), True),)


class VillageAlias(BaseModel):
    """A former name of a village (renamed, or merged into it): old ledgers
    and rolls that use it still find the village."""

    village = ForeignKeyField(Village, backref="aliases", on_delete="CASCADE")
    village_id: int
    town = ForeignKeyField(Town, backref="+", on_delete="CASCADE")
    town_id: int
    name = CharField(max_length=40)
    since = DateField(null=True)

    class Meta:
        indexes = ((("town", "name"), True),)


class Department(BaseModel):
    """A department a matter can be transferred to (承办单位), per town."""

    town = ForeignKeyField(Town, backref="departments", on_delete="CASCADE")
    town_id: int
    name = CharField(max_length=40)
    phone = CharField(max_length=20, default="")
    sort_order = IntegerField(default=0)
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("town", "name"), True),)


class Official(BaseModel):
    """A town official (镇干部) or helper who can sit on a team."""

    town = ForeignKeyField(Town, backref="officials", on_delete="RESTRICT")
    town_id: int
    name = CharField(max_length=20)
    post = CharField(max_length=40, default="")  # 职务
    unit = CharField(max_length=40, default="")  # 所在单位 / 站所
    phone = CharField(max_length=20, default="")
    is_leader = BooleanField(default=False)  # 班子成员
    kind = CharField(
        max_length=10, default="镇干部"
    )  # 镇干部 / 村两委 / 大学生村官 / 法律顾问 / 志愿者
    duties = TextField(default="")  # 工作职责 for the contact card
    initials = CharField(max_length=60, default="")  # pinyin initials, every reading
    serves_villages = BooleanField(default=True)  # 包村: may sit on a village team
    left_on = DateField(null=True)  # 离岗 on that day (archived from then on)
    archived = BooleanField(default=False)  # not in post: out of every picker

    class Meta:
        indexes = ((("town", "name"), False),)


class TeamMember(BaseModel):
    """Membership of a village's fixed team (驻村团队)."""

    village = ForeignKeyField(Village, backref="team", on_delete="CASCADE")
    village_id: int
    official = ForeignKeyField(Official, backref="teams", on_delete="RESTRICT")
    official_id: int
    role = CharField(max_length=4)  # 组长 / 成员 / 协助
    shift = CharField(max_length=4, default="")  # '' = the village's shift
    odd_week_second_day = BooleanField(default=False)  # leader on odd-week 2nd weekday
    since = DateField(null=True)
    until = DateField(null=True)

    class Meta:
        indexes = ((("village", "official"), True),)


class Operator(BaseModel):
    """Who sits at the desk (录入员 / 驻村干部 / 领导 / 管理员)."""

    username = CharField(max_length=30, unique=True)
    display_name = CharField(max_length=20)
    role = CharField(max_length=4)
    official = ForeignKeyField(Official, null=True, on_delete="SET NULL", backref="operators")
    official_id: int | None
    password_hash = TextField(default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=dt.datetime.now)
    last_login = DateTimeField(null=True)
