"""The demo household archive: households, residents, tags and search keys
of one town, generated in memory and written in bulk.

Families are plausible (a head, a spouse, children, sometimes parents, a
daughter-in-law and grandchildren), ages drive schooling, work and health,
ID numbers are valid (area code of the county or its old code, the birth
date, an odd sequence for men, the check character), and key-household tags
follow the shares of :data:`demo_names.TAG_SHARES`, given to households
they fit (独居老人 live alone, 留守儿童 have a parent working away …).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache

from deskui.domain.idnumber import age_on, check_char
from deskui.domain.search import resident_keys
from deskui.services.demo import names
from deskui.services.demo.bulk import BulkWriter
from deskui.store.models import Household, HouseholdTag, Resident, SearchKey

SIZE_WEIGHTS = ((1, 14), (2, 25), (3, 22), (4, 20), (5, 11), (6, 6), (7, 2))
LIAISON_LOAD = 80  # households per liaison official (包联户)

_RESIDENT_FIELDS = (
    "id", "household", "name", "relation", "id_number", "sex", "birth_date", "phone",
    "occupation", "working_away", "health", "school", "income", "note", "archived",
)  # fmt: skip
_HOUSEHOLD_FIELDS = (
    "id", "village", "group_no", "code", "address", "head_name", "size", "economy",
    "income", "liaison", "problems", "demands", "note", "archived", "updated_at",
)  # fmt: skip


@dataclass(slots=True)
class Person:
    id: int
    name: str
    relation: str
    male: bool
    birth: dt.date
    age: int
    id_number: str
    phone: str = ""
    occupation: str = ""
    working_away: bool = False
    health: str = "健康"
    school: str = ""
    income: int | None = None


@dataclass(slots=True)
class Home:
    id: int
    village: int
    village_name: str
    group_no: int
    code: str
    address: str
    members: list[Person] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    liaison: int | None = None
    economy: str = ""
    income: int = 0

    def adults(self) -> list[Person]:
        return [p for p in self.members if p.age >= 18] or self.members


@dataclass(frozen=True)
class VillagePlan:
    id: int
    name: str
    groups: int
    households: int
    liaisons: tuple[int, ...]  # officials whose 包联户 are in this village


@lru_cache(maxsize=65536)
def _name_keys(name: str) -> tuple[tuple[str, str], ...]:
    """Name and initials keys of one name (computed once per distinct name)."""
    return tuple(resident_keys(name, "", None))


class ArchiveMaker:
    """Generates one town's households after another (ids stay unique
    across towns: ``used_ids`` is shared by the whole build)."""

    def __init__(self, rng: random.Random, today: dt.date, town_name: str, used_ids: set[str]):
        self.rng = rng
        self.today = today
        self.town_name = town_name
        self.used_ids = used_ids
        self.pick = names.NamePicker(rng)
        self._sizes = [s for s, _ in SIZE_WEIGHTS]
        self._size_w = [w for _, w in SIZE_WEIGHTS]

    # -- one person -------------------------------------------------------
    def _id_number(self, male: bool, birth: dt.date) -> str:
        rng = self.rng
        while True:
            seq = rng.randrange(500) * 2 + (1 if male else 0)
            first17 = f"{names.area_code(rng, birth)}{birth:%Y%m%d}{seq:03d}"
            if first17 not in self.used_ids:
                self.used_ids.add(first17)
                return first17 + check_char(first17)

    def person(self, pid: int, relation: str, male: bool, age: int, surname: str) -> Person:
        rng = self.rng
        birth = self.today - dt.timedelta(days=int(age * 365.25) + rng.randrange(1, 365))
        age = age_on(birth, self.today)
        p = Person(
            id=pid,
            name=self.pick.full(male, birth.year, surname),
            relation=relation,
            male=male,
            birth=birth,
            age=age,
            id_number=self._id_number(male, birth),
        )
        if age >= 18 and rng.random() < (0.8 if age < 65 else 0.4):
            p.phone = names.mobile(rng)
        if 6 <= age <= 18 or (age <= 22 and rng.random() < 0.3):
            p.occupation = "学生"
            p.school = (
                f"{self.town_name}中心小学"
                if age <= 11
                else f"{self.town_name}初级中学"
                if age <= 14
                else rng.choice(names.SCHOOLS)
            )
        elif 18 <= age < 60:
            roll = rng.random()
            if roll < 0.35:
                p.occupation, p.working_away = "外出务工", True
                p.income = rng.randrange(30, 70) * 1000
            elif roll < 0.8:
                p.occupation, p.income = "务农", rng.randrange(4, 16) * 1000
            elif roll < 0.92:
                p.occupation, p.income = "本地务工", rng.randrange(20, 45) * 1000
            else:
                p.occupation, p.income = "个体经营", rng.randrange(25, 90) * 1000
        elif age >= 60:
            p.occupation = "务农" if age < 75 and rng.random() < 0.6 else "无"
            if rng.random() < 0.3:
                p.health = rng.choice(names.CHRONIC)
        return p

    # -- one household ----------------------------------------------------
    def _family(self, size: int) -> list[tuple[str, bool, int]]:
        """(relation, male, age) of each member, the head first."""
        rng = self.rng
        head_age = int(rng.triangular(30, 92, 72) if size == 1 else rng.triangular(26, 85, 50))
        male = rng.random() < (0.55 if size == 1 else 0.82)
        out = [("户主", male, head_age)]
        if size > 1 and rng.random() < 0.88:
            out.append(("配偶", not male, max(20, min(95, head_age + rng.randint(-5, 5)))))
        if len(out) < size and head_age < 50 and rng.random() < 0.35:
            father = rng.random() < 0.4
            out.append(("父亲" if father else "母亲", father, head_age + rng.randint(23, 32)))
        while len(out) < size:
            child_age = max(0, head_age - rng.randint(22, 36))
            son = rng.random() < 0.52
            out.append(("子" if son else "女", son, child_age))
            if son and child_age >= 24 and len(out) < size and rng.random() < 0.6:
                out.append(("儿媳", False, max(20, child_age + rng.randint(-3, 2))))
                while len(out) < size and rng.random() < 0.85:
                    grandson = rng.random() < 0.52
                    out.append(
                        (
                            "孙子" if grandson else "孙女",
                            grandson,
                            max(0, child_age - rng.randint(22, 32)),
                        )
                    )
        return out

    def household(self, w: BulkWriter, hid: int, village: VillagePlan, index: int) -> Home:
        rng = self.rng
        group = rng.randint(1, village.groups)
        home = Home(
            id=hid,
            village=village.id,
            village_name=village.name,
            group_no=group,
            code=f"{group:02d}{index:04d}",
            address=f"{self.town_name}{village.name}{group}组{rng.randint(1, 120)}号",
        )
        family = self._family(rng.choices(self._sizes, weights=self._size_w)[0])
        head_surname = self.pick.surname()
        head_male = family[0][1]
        spouse_surname = self.pick.surname()
        line = head_surname if head_male or len(family) == 1 else spouse_surname
        first = w.take(Resident, len(family))
        for offset, (relation, male, age) in enumerate(family):
            if relation == "户主":
                surname = head_surname
            elif relation == "配偶":
                surname = spouse_surname
            elif relation in ("子", "女", "孙子", "孙女"):
                surname = line
            elif relation == "父亲":
                surname = head_surname
            else:
                surname = self.pick.surname()
            home.members.append(self.person(first + offset, relation, male, age, surname))
        home.economy = names.pick(rng, names.ECONOMY)
        earned = sum(p.income or 0 for p in home.members)
        home.income = earned + rng.randrange(2, 13) * 1000
        return home


def _assign_tags(rng: random.Random, homes: list[Home]) -> None:
    """Key-household tags in the shares of TAG_SHARES, to households they fit."""

    def old(h: Home, age: int) -> bool:
        return any(p.age >= age for p in h.members)

    def away(h: Home) -> bool:
        return any(p.working_away for p in h.members)

    fits = {
        "五保户": lambda h: len(h.members) == 1 and h.members[0].age >= 60,
        "独居老人": lambda h: len(h.members) == 1 and h.members[0].age >= 65,
        "留守老人": lambda h: old(h, 60) and (len(h.members) <= 2 or away(h)),
        "留守儿童": lambda h: any(p.age < 16 for p in h.members) and away(h),
        "低保户": lambda h: h.income < 40000,
    }
    for tag, share in names.TAG_SHARES:
        test = fits.get(tag)
        eligible = [h for h in homes if test is None or test(h)]
        for h in rng.sample(eligible, min(len(eligible), max(1, round(share * len(homes))))):
            h.tags.append(tag)
            if tag == "残疾人":
                rng.choice(h.members).health = rng.choice(names.DISABILITIES)


def _assign_liaisons(rng: random.Random, village: VillagePlan, homes: list[Home]) -> None:
    order = homes[:]
    rng.shuffle(order)
    for n, official in enumerate(village.liaisons):
        for h in order[n * LIAISON_LOAD : (n + 1) * LIAISON_LOAD]:
            h.liaison = official


def write_archive(
    w: BulkWriter,
    maker: ArchiveMaker,
    villages: list[VillagePlan],
    stamp: dt.datetime,
    town_id: int,
) -> list[Home]:
    """Generate and insert one town's archive; returns the households."""
    rng = maker.rng
    homes: list[Home] = []
    for village in villages:
        first = w.take(Household, village.households)
        mine = [maker.household(w, first + i, village, i + 1) for i in range(village.households)]
        _assign_liaisons(rng, village, mine)
        homes.extend(mine)
    _assign_tags(rng, homes)

    def household_rows():  # type: ignore[no-untyped-def]
        for h in homes:
            head = h.members[0]
            problems = "；".join(names.TAG_PROBLEMS[tag] for tag in h.tags)
            yield (
                h.id, h.village, h.group_no, h.code, h.address, head.name, len(h.members),
                h.economy, h.income, h.liaison, problems, "", "", False, stamp,
            )  # fmt: skip

    def resident_rows():  # type: ignore[no-untyped-def]
        for h in homes:
            for p in h.members:
                yield (
                    p.id, h.id, p.name, p.relation, p.id_number, "男" if p.male else "女",
                    p.birth, p.phone, p.occupation, p.working_away, p.health, p.school,
                    p.income, "", False,
                )  # fmt: skip

    def tag_rows():  # type: ignore[no-untyped-def]
        first = w.take(HouseholdTag, sum(len(h.tags) for h in homes))
        n = 0
        for h in homes:
            for tag in h.tags:
                yield (first + n, h.id, tag)
                n += 1

    w.insert(Household, _HOUSEHOLD_FIELDS, household_rows())
    w.insert(Resident, _RESIDENT_FIELDS, resident_rows())
    keys = [
        (key, p.id, h.id, kind, town_id)
        for h in homes
        for p in h.members
        for kind, key in _name_keys(p.name) + tuple(resident_keys("", p.phone, p.id_number))
    ]
    first_key = w.take(SearchKey, len(keys))
    w.insert(
        SearchKey,
        ("id", "key", "resident", "household", "kind", "town"),
        ((first_key + i, *row) for i, row in enumerate(keys)),
    )
    w.insert(HouseholdTag, ("id", "household", "tag"), tag_rows())
    return homes
