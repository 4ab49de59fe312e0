"""新建农户 (Ctrl+N on the archive tab): the household (村, 组, 户编号, address,
economy, income, tags, liaison) and its head (姓名, 身份证号, 电话; 性别 and
出生日期 only when there is no ID number — they are derived from a valid
one) in one :class:`FieldFormDialog`. ``create_household`` checks every
field; a refusal stays under its field and nothing typed is lost. The form
dismisses with the new household's detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deskui.domain.errors import ValidationError
from deskui.i18n import t
from deskui.services.archive.household import create_household
from deskui.tui.dialogs.field_form import FieldFormDialog, FieldSpec

if TYPE_CHECKING:
    from deskui.services.archive.household_view import HouseholdDetail
    from deskui.services.context import ServiceContext

K = "archive.tui."
K2 = "archive.tui2."
HEAD_FIELDS = ("name", "id_number", "sex", "birth_date", "phone")


def new_household_fields(
    villages: list[tuple[int, str]], officials: list[tuple[int, str]]
) -> list[FieldSpec]:
    """The form's fields; the first village is chosen already."""
    first = villages[0][0] if villages else None
    return [
        FieldSpec("village", t(K2 + "village"), first, choices=tuple((n, v) for v, n in villages)),
        FieldSpec("group_no", t("archive.field.group")),
        FieldSpec("code", t("archive.field.code"), "", t(K2 + "code_hint")),
        FieldSpec("name", t(K2 + "head_name")),
        FieldSpec("id_number", t("field.id_number"), "", t(K + "id_hint")),
        FieldSpec("phone", t("field.phone")),
        FieldSpec(
            "sex",
            t("archive.field.sex"),
            None,
            t(K2 + "sex_hint"),
            choices=(("男", "男"), ("女", "女")),
        ),
        FieldSpec("birth_date", t("archive.field.birth"), "", t(K2 + "birth_hint")),
        FieldSpec("address", t("archive.field.address")),
        FieldSpec("economy", t("archive.field.economy")),
        FieldSpec("income", t("archive.field.income"), "", t(K + "income_hint")),
        FieldSpec("tags", t("archive.field.tags"), "", t(K + "tags_hint")),
        FieldSpec(
            "liaison",
            t("archive.field.liaison"),
            None,
            choices=tuple((n, o) for o, n in officials),
        ),
    ]


def create_from_form(ctx: ServiceContext, values: dict[str, Any]) -> HouseholdDetail:
    """Split the form's values into the head's and the household's and create."""
    rest = dict(values)
    head = {key: rest.pop(key) or "" for key in HEAD_FIELDS}
    village = rest.pop("village")
    if village is None:
        raise ValidationError(t(K2 + "village_required"), field="village")
    rest["liaison_id"] = rest.pop("liaison")
    return create_household(ctx, int(village), head, **rest)


def new_household_form(
    villages: list[tuple[int, str]], officials: list[tuple[int, str]]
) -> FieldFormDialog:
    form = FieldFormDialog(
        t(K2 + "new_title"), new_household_fields(villages, officials), create_from_form
    )
    form.first_focus = "group_no" if len(villages) == 1 else "village"
    return form
