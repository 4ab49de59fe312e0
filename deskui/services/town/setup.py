"""First-run setup, step by step, until the town is ready for a Tuesday.

The steps, in the order a new town fills them: the town (its phones), the
villages (a pasted list), the officials (typed lines, or a 干部名册 imported
by :mod:`deskui.services.town.official_roll`), each village's team, place
and hours, the operator accounts of the officials who use the desk, the
household roll (:mod:`deskui.services.archive.roll`) and the month's roster
(:func:`deskui.services.roster.duty.generate`). :func:`setup_steps` says
which are done and what is still missing; any step can be skipped and taken
up later. Each write here is all-or-nothing: a refused line names its line
number and nothing of the list is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from deskui.domain import roster_rules as rules
from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.phone import normalise_phone
from deskui.domain.roles import Perm, Role
from deskui.domain.town_rules import check_village, is_leadership_post
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.services.roster.teams import MemberSpec, TeamRow, set_team, team
from deskui.services.town import auth
from deskui.services.town.officials import OfficialRow, add_official, get_official
from deskui.services.town.readiness import Gaps, gaps
from deskui.services.town.settings import update_village_settings, village_settings
from deskui.services.town.towns import find_official, town_info
from deskui.services.town.villages import VillageInfo, add_village

STEPS = ("town", "villages", "officials", "teams", "operators", "roll", "roster")
OPTIONAL = frozenset({"operators"})  # a town may run with the administrator alone

_SPLIT = re.compile(r"[\s,，、;；|]+")


@dataclass(frozen=True)
class StepState:
    key: str  # one of STEPS
    done: bool
    detail: str  # what the step has, or what it still lacks


def setup_steps(ctx: ServiceContext) -> list[StepState]:
    """Each step of the first-run setup: done or not, and why."""
    g = gaps(ctx, exact=True)
    town = town_info(ctx)
    out = [
        StepState(
            "town",
            town is not None and bool(town.service_phone),
            t("setup.town_done", name=town.name, phone=town.service_phone or "—")
            if town is not None
            else t("setup.no_town"),
        )
    ]
    out.append(
        StepState(
            "villages",
            g.villages > 0,
            t("setup.villages_done", n=g.villages) if g.villages else t("setup.no_villages"),
        )
    )
    out.append(StepState("officials", g.officials > 0 and not g.no_phone, _officials_detail(g)))
    lacking = [t("ready.no_team", n=g.no_team)] if g.no_team else []
    lacking += [t("ready.no_leader", n=g.no_leader)] if g.no_leader else []
    out.append(
        StepState(
            "teams",
            g.villages > 0 and not lacking,
            "；".join(lacking) or t("setup.teams_done"),
        )
    )
    out.append(
        StepState(
            "operators",
            g.desk_officials > 0,
            t("setup.operators_done", n=g.desk_officials)
            if g.desk_officials
            else t("setup.no_operators"),
        )
    )
    out.append(
        StepState(
            "roll",
            g.households > 0,
            t("setup.roll_done", n=g.households) if g.households else t("ready.no_roll"),
        )
    )
    out.append(
        StepState(
            "roster",
            g.month_days > 0,
            t("setup.roster_done", n=g.month_days) if g.month_days else t("ready.no_roster"),
        )
    )
    return out


def _officials_detail(g: Gaps) -> str:
    if not g.officials:
        return t("ready.no_officials")
    if g.no_phone:
        return t("setup.officials_some", n=g.officials, missing=t("ready.no_phone", n=g.no_phone))
    return t("setup.officials_done", n=g.officials)


def _line_error(number: int, exc: DomainError, field: str) -> ValidationError:
    return ValidationError(t("setup.bad_line", line=number, reason=exc.message), field=field)


# ------------------------------------------------------------------ villages


def parse_village_lines(text: str, *, field: str = "villages") -> list[tuple[str, int]]:
    """``桃园村 6`` a line → (name, group count); a clear message for each
    bad line (a name taken twice is refused when the villages are added)."""
    out: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.replace("\u3000", " ").split()
        if not parts:
            continue
        if len(parts) < 2 or not parts[-1].isdigit():
            raise ValidationError(
                t("setup.bad_village_line", line=number, text=line.strip()), field=field
            )
        out.append(("".join(parts[:-1]), int(parts[-1])))
    if not out:
        raise ValidationError(t("town.no_villages"), field=field)
    return out


def add_villages(ctx: ServiceContext, text: str) -> list[VillageInfo]:
    """Add every village of a pasted list (``村名 组数`` a line), all or none."""
    ctx.require(Perm.ADMIN)
    wanted = parse_village_lines(text)

    def work() -> list[VillageInfo]:
        added = []
        for number, (name, groups) in enumerate(wanted, start=1):
            try:
                added.append(add_village(ctx, name, groups))
            except DomainError as exc:
                raise _line_error(number, exc, "villages") from exc
        return added

    return ctx.write(work)


# ----------------------------------------------------------------- officials


@dataclass(frozen=True)
class OfficialLine:
    line: int
    name: str
    post: str
    unit: str
    phone: str


def _is_phone(token: str) -> bool:
    """A token of digits (and dashes) is a phone, a bad one too: no 职务 or
    单位 is a number, and a short phone must be refused, not kept as 单位."""
    return token.replace("-", "").isdigit()


def parse_official_lines(text: str) -> list[OfficialLine]:
    """One official a line: ``姓名 职务 单位 电话`` (spaces, commas or 、
    between them; the phone anywhere after the name, 职务 and 单位 in that
    order and both optional)."""
    out: list[OfficialLine] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p for p in _SPLIT.split(line.replace("\u3000", " ")) if p]
        if not parts:
            continue
        name, rest = parts[0], parts[1:]
        phones = [p for p in rest if _is_phone(p)]
        words = [p for p in rest if not _is_phone(p)]
        if len(phones) > 1 or len(words) > 2 or _is_phone(name):
            raise ValidationError(
                t("setup.bad_official_line", line=number, text=line.strip()), field="officials"
            )
        out.append(
            OfficialLine(
                number,
                name,
                words[0] if words else "",
                words[1] if len(words) > 1 else "",
                phones[0] if phones else "",
            )
        )
    if not out:
        raise ValidationError(t("setup.no_official_lines"), field="officials")
    return out


def add_officials(ctx: ServiceContext, text: str) -> list[OfficialRow]:
    """Add every official typed (see :func:`parse_official_lines`), all or
    none: a refused line (a bad phone, a second 张伟 of the same 单位 and
    phone) names its line and nothing is written."""
    ctx.require(Perm.ADMIN)
    lines = parse_official_lines(text)
    for row in lines:  # every phone checked before anything is written
        try:
            normalise_phone(row.phone)
        except DomainError as exc:
            raise _line_error(row.line, exc, "officials") from exc

    def work() -> list[int]:
        ids = []
        for row in lines:
            try:
                added = add_official(
                    ctx,
                    row.name,
                    post=row.post,
                    unit=row.unit,
                    phone=row.phone,
                    is_leader=is_leadership_post(row.post),
                )
            except DomainError as exc:
                raise _line_error(row.line, exc, "officials") from exc
            ids.append(added.id)
        return ids

    return [get_official(ctx, oid) for oid in ctx.write(work)]


# ------------------------------------------------------------ a village's team


def split_names(text: str) -> list[str]:
    """``陈干事、王芳`` (or spaces, commas) → the names, in order."""
    return [p for p in _SPLIT.split(text.replace("\u3000", " ")) if p]


@dataclass(frozen=True)
class VillageSetup:
    village: str
    team: list[TeamRow]
    place: str
    am_hours: str
    pm_hours: str


def set_up_village(
    ctx: ServiceContext,
    village: str,
    *,
    leader: str,
    members: str = "",
    place: str = "",
    am_hours: str = "",
    pm_hours: str = "",
) -> VillageSetup:
    """A village's team (one 组长, members named in ``members``) with its
    place and hours, in one transaction: a refusal writes neither."""
    ctx.require(Perm.ADMIN)
    if not str(leader or "").strip():
        raise ValidationError(t("setup.pick_leader"), field="leader")
    current = village_settings(ctx, village)
    checked = check_village(
        place,
        current.cadence_weeks,
        current.cadence_anchor,
        current.shift,
        am_hours or current.am_hours,
        pm_hours or current.pm_hours,
    )
    head = find_official(ctx, leader, in_post=True)
    names = [(n, find_official(ctx, n, in_post=True)) for n in split_names(members)]
    # a member already on the team keeps their role (协助) and shift
    kept = {r.official_id: r for r in team(ctx, village) if r.role != rules.LEADER}
    specs = [MemberSpec(leader, rules.LEADER)]
    for n, oid in names:
        if oid == head:
            continue  # the leader named among the members too
        r = kept.get(oid)
        specs.append(
            MemberSpec(n, r.role, r.shift, r.odd_week_second_day)
            if r
            else MemberSpec(n, rules.MEMBER)
        )

    def work() -> list[TeamRow]:
        rows = set_team(ctx, village, specs)
        update_village_settings(
            ctx,
            village,
            office_address=checked.office_address,
            am_hours=checked.am_hours,
            pm_hours=checked.pm_hours,
        )
        return rows

    saved = ctx.write(work)
    return VillageSetup(village, saved, checked.office_address, checked.am_hours, checked.pm_hours)


def villages_without_team(ctx: ServiceContext) -> list[str]:
    """The villages (in their order) with no team member in post."""
    from deskui.services.town import readiness

    return readiness.villages_without_team(ctx)


# -------------------------------------------------------------- desk accounts


def add_desk_account(
    ctx: ServiceContext,
    official: str | int,
    username: str,
    password: str,
    confirm: str,
    role: Role | str = Role.OFFICIAL,
) -> auth.OperatorRow:
    """An operator account for an official who uses the desk (their name is
    the one shown at sign-in)."""
    ctx.require(Perm.ADMIN)
    if official in (None, ""):
        raise ValidationError(t("setup.pick_official"), field="official")
    row = get_official(ctx, official)
    if not row.in_post:
        raise ValidationError(t("setup.official_left", name=row.label), field="official")
    if password != confirm:
        raise ValidationError(t("setup.password_mismatch"), field="confirm")
    return auth.add_operator(ctx, username, row.name, role, password, official=row.label)


def officials_without_account(ctx: ServiceContext) -> list[OfficialRow]:
    """Officials in post with no operator account yet (the step's picker)."""
    from deskui.services.town import readiness
    from deskui.services.town.officials import list_officials

    free = set(readiness.officials_without_account(ctx))
    return [o for o in list_officials(ctx) if o.id in free]


def month_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The month of ``today``: its first and last day (the roster step's
    default range)."""
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)
