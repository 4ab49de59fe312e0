"""The household archive (民情档案): households, residents, tags, search keys, contacts."""

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
from deskui.store.models.people import Official, Town, Village


class Household(BaseModel):
    """One household (一户一档)."""

    village = ForeignKeyField(Village, backref="households", on_delete="RESTRICT")
    village_id: int
    group_no = SmallIntegerField(null=True)
    code = CharField(max_length=30)  # 户编号, unique within the village
    address = TextField(default="")
    head_name = CharField(max_length=40, default="")  # denormalised from the head resident
    size = SmallIntegerField(default=0)  # 家庭人口 (active members), kept by the service
    economy = TextField(default="")  # 主要经济来源: 种植 / 养殖 / 务工 / 经商 …
    income = IntegerField(null=True)  # 家庭年收入, yuan
    liaison = ForeignKeyField(
        Official, backref="liaison_households", null=True, on_delete="SET NULL"
    )
    liaison_id: int | None
    problems = TextField(default="")  # 存在困难 / problems needing coordination
    demands = TextField(default="")  # 诉求建议
    note = TextField(default="")
    archived = BooleanField(default=False)
    updated_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = (
            (("village", "code"), True),
            (("village", "group_no", "head_name"), False),
        )


class HouseholdTag(BaseModel):
    """A key-household tag (五必访, 三留守, 五保户 …)."""

    household = ForeignKeyField(Household, backref="tags", on_delete="CASCADE")
    household_id: int
    tag = CharField(max_length=20)

    class Meta:
        indexes = ((("household", "tag"), True), (("tag", "household"), False))


class Resident(BaseModel):
    """A member of a household (and the head, relation 户主)."""

    household = ForeignKeyField(Household, backref="members", on_delete="RESTRICT")
    household_id: int
    name = CharField(max_length=40)
    relation = CharField(max_length=10)  # 与户主关系: 户主 / 配偶 / 子 / 女 …
    id_number = CharField(max_length=18, null=True, unique=True)
    sex = CharField(max_length=1, default="")  # 男 / 女 / '' unknown
    birth_date = DateField(null=True)
    phone = CharField(max_length=20, default="")
    occupation = CharField(max_length=40, default="")  # 职业/务工
    working_away = BooleanField(default=False)  # 外出务工
    health = CharField(max_length=40, default="")  # 健康状况 (健康 / 慢性病 / 残疾 …)
    school = CharField(max_length=40, default="")
    income = IntegerField(null=True)  # 个人年收入
    note = TextField(default="")
    archived = BooleanField(default=False)

    class Meta:
        indexes = ((("household", "relation"), False),)


class SearchKey(BaseModel):
    """Precomputed lookup keys for the archive (name, every pinyin-initials
    reading, reversed phone and ID tails), searched by indexed prefix.

    ``town`` is the town of the household's village, copied so that a desk's
    search walks only its own town's keys (index town, kind, key, household:
    covering, and a common surname costs what that town has, not the
    county). Writers set it; a row left without it is still found (the
    search also reads the town-less keys), only slower.
    """

    key = CharField(max_length=40)
    resident = ForeignKeyField(Resident, backref="search_keys", on_delete="CASCADE")
    resident_id: int
    household = ForeignKeyField(Household, on_delete="CASCADE")
    household_id: int
    kind = CharField(max_length=2)  # n name, i initials, p phone reversed, d ID reversed
    town = ForeignKeyField(Town, null=True, index=False, on_delete="CASCADE")
    town_id: int | None

    class Meta:
        indexes = (
            (("key", "household"), False),
            (("town", "kind", "key", "household"), False),
        )


class Contact(BaseModel):
    """A contact with a household (民情日记): visit, phone, WeChat, desk visit."""

    household = ForeignKeyField(Household, backref="contacts", on_delete="RESTRICT")
    household_id: int
    official = ForeignKeyField(Official, backref="contacts", on_delete="RESTRICT")
    official_id: int
    date = DateField()
    mode = CharField(max_length=4)  # 登门 / 电话 / 微信 / 来访
    event_kind = CharField(max_length=6, default="")  # 突发事件 / 邻里纠纷 / 婚丧嫁娶
    note = TextField(default="")
    follow_up = BooleanField(default=False)
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = ((("official", "date"), False), (("household", "date"), False))
