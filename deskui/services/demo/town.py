"""The demo town's frame: the town, its villages, officials, village teams,
categories, and the desk's operators.

Teams follow DOMAIN.md: each village has a leader from the town leadership
(班子成员, who leads about three villages in turn), one or two town officials
as members, and helpers (村两委 of the village, some 大学生村官, a 法律顾问).
Every town official and village cadre liaises with about 80 households of
the village they serve first.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Protocol

from deskui.domain.pinyin import initials_variants
from deskui.domain.roles import Role
from deskui.i18n import t
from deskui.services.demo import names
from deskui.services.demo.bulk import BulkWriter
from deskui.services.demo.desk import DEMO_RULE, TownPlan, VillageDesk
from deskui.services.demo.people import VillagePlan
from deskui.services.town.towns import CURRENT_TOWN_KEY
from deskui.store.models import (
    Category,
    Official,
    Operator,
    Setting,
    TeamMember,
    Town,
    Village,
)

_OFFICIAL_FIELDS = (
    "id", "town", "name", "post", "unit", "phone", "is_leader", "kind", "duties", "initials",
    "archived",
)  # fmt: skip
_VILLAGE_FIELDS = (
    "id", "town", "name", "code", "group_count", "office_address", "remote", "cadence_weeks",
    "cadence_anchor", "shift", "am_hours", "pm_hours", "sort_order", "archived",
)  # fmt: skip


class ScaleLike(Protocol):
    villages: int
    households: int
    leaders: int
    members: int


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` households over ``parts`` villages, unevenly, summing exactly."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


def make_town(
    w: BulkWriter,
    rng: random.Random,
    scale: ScaleLike,
    town_name: str,
    code: str,
    index: int,
    stamp: dt.datetime,
) -> TownPlan:
    """Insert the town, its villages, officials, teams and categories."""
    pick = names.NamePicker(rng)
    town_id = w.take(Town)
    liaison = pick.full(True, 1980)
    w.insert(
        Town,
        ("id", "name", "county", "code", "service_weekday", "holiday_policy",
         "require_return_visit", "service_phone", "supervision_phone", "liaison_name",
         "liaison_phone", "created_at"),
        [(town_id, town_name, names.COUNTY, code, DEMO_RULE.weekday, DEMO_RULE.policy, True,
          names.landline(rng),
          names.landline(rng), liaison, names.mobile(rng), stamp)],
    )  # fmt: skip
    if index == 0:
        village_names = list(names.TOWN_VILLAGES[: scale.villages])
    else:
        village_names = names.village_names(rng, scale.villages)
    tiny = scale.villages < 5
    anchor = stamp.date() + dt.timedelta(days=(2 - stamp.date().isoweekday()) % 7)
    villages: list[VillageDesk] = []
    rows = []
    for i, vname in enumerate(village_names):
        vid = w.take(Village)
        remote = i % 6 == 5
        shift = "上午" if i % 7 == 3 else "上下午" if i % 11 == 4 else "全天"
        office = rng.choice(names.OFFICES)
        groups = rng.randint(3, 6) if tiny else rng.randint(4, 10)
        v_anchor = anchor + dt.timedelta(weeks=i % 2) if remote else None
        rows.append(
            (vid, town_id, vname, f"{i + 1:03d}", groups, office, remote, 2 if remote else 1,
             v_anchor, shift, "9:00-12:00", "14:00-17:30", i, False)
        )  # fmt: skip
        villages.append(
            VillageDesk(vid, vname, groups, remote, 2 if remote else 1, v_anchor, shift,
                        "9:00-12:00", "14:00-17:30", office)
        )  # fmt: skip
    w.insert(Village, _VILLAGE_FIELDS, rows)

    officials: list[tuple] = []
    plan = TownPlan(town_id, town_name, code, villages, [])

    def official(post: str, unit: str, leader: bool, kind: str, born: int) -> int:
        oid = w.take(Official)
        name = pick.full(rng.random() < 0.75, born)
        initials = " ".join(initials_variants(name))[:60]
        officials.append(
            (oid, town_id, name, post, unit, names.mobile(rng), leader, kind,
             rng.choice(names.DUTIES), initials, False)
        )  # fmt: skip
        plan.official_names[oid] = name
        return oid

    n = len(villages)
    leaders = [
        official(names.LEADER_POSTS[k % len(names.LEADER_POSTS)], "镇党委政府", True, "镇干部",
                 rng.randint(1968, 1985))
        for k in range(scale.leaders)
    ]  # fmt: skip
    members = [
        official(rng.choice(names.STAFF_POSTS), rng.choice(names.STAFF_UNITS), False, "镇干部",
                 rng.randint(1970, 1998))
        for _ in range(scale.members)
    ]  # fmt: skip
    plan.officials = leaders + members
    plan.leaders = leaders
    primary: dict[int, list[int]] = {v.id: [] for v in villages}
    teams: list[tuple] = []
    since = stamp.date() - dt.timedelta(days=365)

    def join(v: VillageDesk, oid: int, role: str) -> None:
        if all(o != oid for o, _ in v.team):
            v.team.append((oid, role))
            teams.append((w.take(TeamMember), v.id, oid, role, "", False, since, None))

    for i, v in enumerate(villages):
        join(v, leaders[i * len(leaders) // n], "组长")
    for k, oid in enumerate(members):
        v = villages[k % n]
        join(v, oid, "成员")
        primary[v.id].append(oid)
    # Nobody sits on two teams that serve on the same day and shift (the
    # roster generator refuses that); leaders alone rotate between villages.
    for v in villages:
        for _ in range(2 if rng.random() < 0.4 else 1):
            cadre = official(rng.choice(names.VILLAGE_CADRE_POSTS), v.name, False, "村两委",
                             rng.randint(1960, 1990))  # fmt: skip
            join(v, cadre, "协助")
            primary[v.id].append(cadre)
    for k, v in enumerate(villages):
        if k % 7 == 2:
            join(
                v,
                official("大学生村官", v.name, False, "大学生村官", rng.randint(1996, 2002)),
                "协助",
            )
    lawyer = official("法律顾问", "镇司法所", False, "法律顾问", rng.randint(1975, 1990))
    join(villages[0], lawyer, "协助")
    seen: set[int] = set()
    for v in villages:  # a leader liaises in the first village they lead
        if v.team[0][0] not in seen:
            seen.add(v.team[0][0])
            primary[v.id].insert(0, v.team[0][0])
    w.insert(Official, _OFFICIAL_FIELDS, officials)
    w.insert(
        TeamMember,
        ("id", "village", "official", "role", "shift", "odd_week_second_day", "since", "until"),
        teams,
    )  # fmt: skip
    first_cat = w.take(Category, len(names.CATEGORIES))
    w.insert(
        Category,
        ("id", "town", "name", "sort_order", "active"),
        [(first_cat + i, town_id, c, i, True) for i, c in enumerate(names.CATEGORIES)],
    )
    counts = _split(rng, scale.households, n)
    plan.archive_plan = [
        VillagePlan(v.id, v.name, v.groups, counts[i], tuple(primary[v.id]))
        for i, v in enumerate(villages)
    ]
    w.note_step(Town, 1, t("demo.what_town", town=town_name, villages=n, officials=len(officials)))
    return plan


def write_operators(
    w: BulkWriter,
    rng: random.Random,
    plan: TownPlan,
    password_hash: Callable[[], str],
    stamp: dt.datetime,
) -> None:
    """The demo's sign-ins (admin, clerk, official, leader) and the current town."""
    member = plan.officials[len(plan.leaders)] if len(plan.officials) > len(plan.leaders) else None
    leader = plan.leaders[0] if plan.leaders else None
    people = [
        ("admin", t("demo.op_admin"), Role.ADMIN, None),
        ("clerk", t("demo.op_clerk"), Role.CLERK, None),
        ("official", plan.official_names.get(member or 0, ""), Role.OFFICIAL, member),
        ("leader", plan.official_names.get(leader or 0, ""), Role.LEADER, leader),
    ]
    first = w.take(Operator, len(people))
    plan.clerk_operator = first + 1
    w.insert(
        Operator,
        ("id", "username", "display_name", "role", "official", "password_hash", "active",
         "created_at"),
        [(first + i, u, d, r.value, o, password_hash(), True, stamp)
         for i, (u, d, r, o) in enumerate(people)],
    )  # fmt: skip
    w.insert(Setting, ("key", "value"), [(CURRENT_TOWN_KEY, str(plan.id))])
    w.note_step(Operator, len(people), t("demo.what_operators"))
