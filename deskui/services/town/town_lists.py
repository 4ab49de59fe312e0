"""The town's own short lists: the departments a matter can be transferred
to (承办单位), the matter categories (问题类别), and the phones printed on
the forms (镇便民服务电话, 监督电话, 联络员). Admin only, audited.

Nothing is deleted: a removed department or category is set inactive (old
matters keep the text they were given) and adding it again brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from deskui.domain.errors import NotFound, ValidationError
from deskui.domain.phone import normalise_phone
from deskui.domain.roles import Perm
from deskui.domain.text import clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.matters.cards import CATEGORY_MAX, ensure_categories
from deskui.services.town.towns import TownInfo, town_info
from deskui.store.models import Category, Department, Matter, Town


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    name: str
    phone: str


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    matters: int  # matters filed under it


def _town(ctx: ServiceContext) -> Town:
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    if town is None:
        raise NotFound(t("official.no_town"))
    return town


# -- departments -------------------------------------------------------------


def list_departments(ctx: ServiceContext) -> list[DepartmentRow]:
    """The active departments, in the order they were added."""
    q = (
        Department.select()
        .where((Department.town == ctx.town_id) & (Department.active == True))  # noqa: E712
        .order_by(Department.sort_order, Department.id)
    )
    return [DepartmentRow(d.id, d.name, d.phone) for d in q]


def add_department(ctx: ServiceContext, name: str, *, phone: str = "") -> DepartmentRow:
    ctx.require(Perm.ADMIN)
    town = _town(ctx)
    clean = clean_text(name, field="name", label=t("townlist.f_dept"), max_len=40, required=True)
    number = normalise_phone(phone)

    def work() -> int:
        old = Department.get_or_none((Department.town == town.id) & (Department.name == clean))
        if old is not None:
            if old.active:
                raise ValidationError(t("townlist.dept_exists", name=clean), field="name")
            audit.update(ctx, old, active=True, phone=number or old.phone)
            return int(old.id)
        last = (
            Department.select(fn.MAX(Department.sort_order))
            .where(Department.town == town.id)
            .scalar()
        )
        row = audit.create(
            ctx, Department, town=town.id, name=clean, phone=number, sort_order=(last or 0) + 1
        )
        return int(row.id)

    did = ctx.write(work)
    d = Department.get_by_id(did)
    return DepartmentRow(d.id, d.name, d.phone)


def remove_department(ctx: ServiceContext, name: str) -> None:
    """Take a department off the list (matters transferred to it keep it)."""
    ctx.require(Perm.ADMIN)
    d = Department.get_or_none(
        (Department.town == ctx.town_id) & (Department.name == name.strip()) & Department.active
    )
    if d is None:
        known = "、".join(r.name for r in list_departments(ctx)) or t("common.dash")
        raise NotFound(t("townlist.unknown_dept", name=name, known=known), field="name")
    ctx.write(lambda: audit.update(ctx, d, active=False))


# -- categories --------------------------------------------------------------


def list_categories(ctx: ServiceContext) -> list[CategoryRow]:
    """The active matter categories in order, with how many matters use each
    (the town's list is seeded from DOMAIN.md the first time)."""
    ensure_categories(ctx)
    counted = (
        Matter.select(Matter.category, fn.COUNT(Matter.id).alias("n"))
        .where(Matter.town == ctx.town_id)
        .group_by(Matter.category)
    )
    used: dict[str, int] = {m.category: int(m.n) for m in counted}  # type: ignore[attr-defined]
    q = (
        Category.select()
        .where((Category.town == ctx.town_id) & (Category.active == True))  # noqa: E712
        .order_by(Category.sort_order, Category.id)
    )
    return [CategoryRow(c.id, c.name, int(used.get(c.name, 0))) for c in q]


def add_category(ctx: ServiceContext, name: str) -> CategoryRow:
    ctx.require(Perm.ADMIN)
    town = _town(ctx)
    clean = clean_text(
        name, field="name", label=t("townlist.f_category"), max_len=CATEGORY_MAX, required=True
    )
    ensure_categories(ctx)

    def work() -> None:
        old = Category.get_or_none((Category.town == town.id) & (Category.name == clean))
        if old is not None:
            if old.active:
                raise ValidationError(t("townlist.category_exists", name=clean), field="name")
            audit.update(ctx, old, active=True)
            return
        last = Category.select(fn.MAX(Category.sort_order)).where(Category.town == town.id).scalar()
        audit.create(ctx, Category, town=town.id, name=clean, sort_order=(last or 0) + 1)

    ctx.write(work)
    return next(r for r in list_categories(ctx) if r.name == clean)


def remove_category(ctx: ServiceContext, name: str) -> None:
    """Take a category off the list offered for new matters (matters filed
    under it keep it)."""
    ctx.require(Perm.ADMIN)
    ensure_categories(ctx)
    c = Category.get_or_none(
        (Category.town == ctx.town_id) & (Category.name == name.strip()) & Category.active
    )
    if c is None:
        known = "、".join(r.name for r in list_categories(ctx))
        raise NotFound(t("townlist.unknown_category", name=name, known=known), field="name")
    ctx.write(lambda: audit.update(ctx, c, active=False))


# -- phones ------------------------------------------------------------------


def set_phones(
    ctx: ServiceContext,
    *,
    service: str | None = None,
    supervision: str | None = None,
    liaison_name: str | None = None,
    liaison_phone: str | None = None,
) -> TownInfo:
    """The phones printed on the forms: 镇便民服务电话 (contact cards),
    监督电话 (cards, roster, contact cards) and the roster's 联络员 and
    phone. ``None`` leaves a value as it is; ``""`` clears it."""
    ctx.require(Perm.ADMIN)
    town = _town(ctx)
    values: dict[str, str] = {}
    for key, value in (
        ("service_phone", service),
        ("supervision_phone", supervision),
        ("liaison_phone", liaison_phone),
    ):
        if value is not None:
            values[key] = normalise_phone(value)
    if liaison_name is not None:
        values["liaison_name"] = clean_text(
            liaison_name, field="liaison_name", label=t("townlist.f_liaison"), max_len=20
        )
    if not values:
        raise ValidationError(t("townlist.nothing_to_set"))
    ctx.write(lambda: audit.update(ctx, town, **values))
    info = town_info(ctx)
    assert info is not None
    return info
